// Shared helpers of the benchmarks: timing whole commands, interleaved so that
// machine noise hits both sides of a ratio alike, and a scratch directory.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DP = join(ROOT, 'bin', 'dp.js');
export const NODE = process.execPath;

// Modules one by one: the TypeScript output of the build (dist/ is a bundle), or an unbundled dist/.
const MODULES = existsSync(join(ROOT, 'build', 'tsc', 'cli.js')) ? join(ROOT, 'build', 'tsc') : join(ROOT, 'dist');

/** Imports one module of the built dp (`catalog/open.js`), for benchmarks that call it in process. */
export const importBuilt = (path) => import(pathToFileURL(join(MODULES, path)).href);

/** Runs a command once; returns wall milliseconds and the exit code. */
export function timeOnce(cmd, args, options = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    cwd: options.cwd,
    maxBuffer: 64 << 20,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  if (options.expectCode !== undefined && r.status !== options.expectCode) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 500)}`);
  }
  return ms;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/**
 * Times several commands, interleaved round by round (after one warm-up round),
 * and returns the median of each. `commands` maps a label to [cmd, args, options].
 */
export function race(commands, runs) {
  const labels = Object.keys(commands);
  const samples = Object.fromEntries(labels.map((l) => [l, []]));
  for (let round = -1; round < runs; round += 1) {
    for (const label of labels) {
      const [cmd, args, options] = commands[label];
      const ms = timeOnce(cmd, args, options);
      if (round >= 0) samples[label].push(ms);
    }
  }
  return Object.fromEntries(labels.map((l) => [l, median(samples[l])]));
}

/** CPU milliseconds of a PostgreSQL cluster so far: the postmaster and every backend and worker it has reaped. */
export function serverCpu(pidFile) {
  if (!pidFile) return () => 0;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return () => {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 10;
  };
}

/** One run: wall and CPU milliseconds (the process's, plus the server's), and peak memory of the process. */
export function measure([cmd, args, options = {}], server = () => 0) {
  const cpu0 = server();
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', cmd, ...args], {
    encoding: 'utf8',
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    maxBuffer: 64 << 20,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  spawnSync('sleep', ['0.2']); // backends exit after their client: let the postmaster reap them
  const [user, system, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: (user + system) * 1000 + (server() - cpu0), mb: kb / 1024 };
}

/** The commands interleaved round by round after a warm-up round; medians. */
export function raceMeasured(commands, runs, server = () => 0) {
  const samples = Object.fromEntries(Object.keys(commands).map((l) => [l, []]));
  for (let round = -1; round < runs; round += 1) {
    for (const [label, command] of Object.entries(commands)) {
      const m = measure(command, server);
      if (round >= 0) samples[label].push(m);
    }
  }
  const med = (label, key) => median(samples[label].map((m) => m[key]));
  return Object.fromEntries(Object.keys(commands).map((l) => [l, { wall: med(l, 'wall'), cpu: med(l, 'cpu'), mb: med(l, 'mb') }]));
}

const rows = [];

/** Prints one figure with its ratio and goal, and keeps it for the summary. */
export function report(name, value, baseline, goal, unit = 'ms') {
  const ratio = baseline ? value / baseline : undefined;
  const ok = goal === undefined || ratio === undefined ? undefined : ratio <= goal;
  rows.push({ name, value, baseline, ratio, goal, ok });
  const ratioText = ratio === undefined ? '' : `  ratio ${ratio.toFixed(2)}x${goal === undefined ? '' : ` (goal <= ${goal}x: ${ok ? 'met' : 'NOT met'})`}`;
  console.log(`  ${name.padEnd(58)} ${value.toFixed(1).padStart(9)} ${unit}${baseline ? ` vs ${baseline.toFixed(1)} ${unit}` : ''}${ratioText}`);
}

/** A figure printed by its benchmark in its own shape, counted in the summary (`ok`: its goal is met). */
export function record(name, value, ok) {
  rows.push({ name, value, ok });
}

export function summary() {
  return rows;
}

export function scratch(name) {
  mkdirSync(join(tmpdir(), 'dp-bench'), { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'dp-bench', `${name}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function section(title) {
  console.log(`\n## ${title}`);
}

/**
 * Starts `dp catalog serve --port 0 ...args`; resolves with its URL, its pid and `stop()` once it
 * listens, and with `keepLog`, `stderr()`: everything it wrote there.
 */
export function startDpServer(args, bin = DP, keepLog = false) {
  const child = spawn(NODE, [bin, 'catalog', 'serve', '--port', '0', ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: 'true' } });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8');
    let listening = false;
    child.stderr.on('data', (c) => {
      if (listening && !keepLog) return;
      err += c;
      const m = err.match(/listening on (http:\/\/\S+)/);
      if (m && !listening) {
        listening = true;
        resolve({
          url: m[1],
          pid: child.pid,
          stderr: () => err,
          stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}
