// Speed of `dp init --yes` with every answer on the command line, against a
// bare `node -e 0` on the same machine (the goal: within 3x). Each command runs
// a few times after a warm-up; the median wall time is reported.
// Usage: node bench/init.bench.mjs   (or through bench/run.mjs, which calls run())
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BIN = process.env.DP_BIN ?? fileURLToPath(new URL('../bin/dp.js', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const GOAL = 3;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function time(args, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

function measure(label, makeArgs, cwd) {
  makeArgs(-1); // warm-up: file system cache, compiled code cache
  const times = Array.from({ length: RUNS }, (_, i) => time(makeArgs(i), cwd));
  return { label, median: median(times), min: Math.min(...times) };
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'dp-init-bench-'));
  try {
    const node = measure('node -e 0', () => ['-e', '0'], dir);
    const init = measure(
      'dp init --yes',
      (i) => [BIN, 'init', `product-${i + 1}`, '--name', 'play-events', '--domain', 'player', '--owner', 'ana@example.com', '--archetype', 'source-aligned', '--output', 'events:table', '--input', 'player-db:cdc', '--yes'],
      dir,
    );
    const ratio = init.median / node.median;
    console.log(`node -e 0       median ${node.median.toFixed(0)} ms (min ${node.min.toFixed(0)} ms)`);
    console.log(`dp init --yes   median ${init.median.toFixed(0)} ms (min ${init.min.toFixed(0)} ms)`);
    console.log(`ratio           ${ratio.toFixed(2)}x (goal: within ${GOAL}x) ${ratio <= GOAL ? 'ok' : 'OVER'}`);
    return { node: node.median, init: init.median, ratio, ok: ratio <= GOAL };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
