// dp init: `dp init --yes` with every answer on the command line, against
// `node -e 0` (goal: within 3x), interleaved run by run. Also shown: the same
// with --dry-run (no self-check, no writes) and `dp validate` of the result,
// to see where the time goes.
// Usage: node bench/init.bench.mjs (or npm run bench, which calls run()).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DP, NODE, race, report, scratch, section } from './lib.mjs';

const RUNS = Number(process.env.DP_BENCH_RUNS ?? 15);
const ANSWERS = [
  '--name',
  'play-events',
  '--domain',
  'player',
  '--owner',
  'ana@example.com',
  '--archetype',
  'source-aligned',
  '--output',
  'events:table',
  '--input',
  'player-db:cdc',
  '--yes',
];

export async function run() {
  const { dir, cleanup } = scratch('init');
  let n = 0;
  try {
    section(`dp init start-up (median of ${RUNS} interleaved runs)`);
    const times = race(
      {
        node: [NODE, ['-e', '0']],
        // A getter, so that every run writes a new product (race reads the entry each round).
        get init() {
          n += 1;
          return [NODE, [DP, 'init', join(dir, `product-${n}`), ...ANSWERS], { expectCode: 0, cwd: dir, env: { CI: 'true' } }];
        },
        dryRun: [NODE, [DP, 'init', join(dir, 'dry'), ...ANSWERS, '--dry-run'], { expectCode: 0, cwd: dir, env: { CI: 'true' } }],
        get validate() {
          return [NODE, [DP, 'validate', join(dir, 'product-1')], { expectCode: 0, cwd: dir }];
        },
      },
      RUNS,
    );
    report('dp init --yes (answers as flags) vs node -e 0', times.init, times.node, 3);
    report('dp init --yes --dry-run vs node -e 0', times.dryRun, times.node);
    report('dp validate of the generated product vs node -e 0', times.validate, times.node);
    return times;
  } finally {
    cleanup();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
