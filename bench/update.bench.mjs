// dp update --check on a generated product against dp validate of it (goal: within 2x), and, to
// see what a real update costs, dp update --dry-run from a newer version of an organisation's
// pack and dp sync with nothing to change, interleaved run by run.
// Usage: node bench/run.mjs update (after npm run build).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { DP, NODE, race, report, scratch, section } from './lib.mjs';

const RUNS = Number(process.env.DP_BENCH_RUNS ?? 15);

function pack(dir, version) {
  mkdirSync(join(dir, 'files'), { recursive: true });
  writeFileSync(
    join(dir, 'files', 'runbook.md.hbs'),
    `# Runbook of {{product.id}}\n\n1. Check the input.\n2. Run the transformation.\n${version === '1.1.0' ? '3. Run dp test.\n' : ''}`,
  );
  writeFileSync(
    join(dir, 'dp-template.yaml'),
    `id: plays\nversion: ${version}\ndescription: Plays.\narchetype: source-aligned\nextends: source-aligned\nfiles:\n  - path: docs/runbook.md\n    template: files/runbook.md.hbs\n`,
  );
}

export async function run() {
  const { dir, cleanup } = scratch('update');
  try {
    pack(join(dir, 'pack'), '1.0.0');
    const init = spawnSync(
      NODE,
      [
        DP,
        'init',
        'plays',
        '--template',
        './pack',
        '--name',
        'play-events',
        '--domain',
        'player',
        '--owner',
        'ana@example.com',
        '--output',
        'events:table',
        '--output',
        'feed:stream',
        '--input',
        'db:cdc',
        '--yes',
      ],
      { cwd: dir, env: { ...process.env, CI: 'true' } },
    );
    if (init.status !== 0) throw new Error(`dp init failed: ${init.stderr}`);
    const product = join(dir, 'plays');
    const built = spawnSync(
      NODE,
      [DP, 'init', 'builtin', '--name', 'play-events', '--domain', 'player', '--owner', 'ana@example.com', '--archetype', 'source-aligned', '--yes'],
      { cwd: dir, env: { ...process.env, CI: 'true' } },
    );
    if (built.status !== 0) throw new Error(`dp init failed: ${built.stderr}`);
    pack(join(dir, 'pack'), '1.1.0');

    section(`dp update (median of ${RUNS} interleaved runs)`);
    const times = race(
      {
        validate: [NODE, [DP, 'validate', product], { expectCode: 0, cwd: dir }],
        check: [NODE, [DP, 'update', product, '--check', '--template', './pack'], { expectCode: 1, cwd: dir }],
        checkBuiltin: [NODE, [DP, 'update', join(dir, 'builtin'), '--check'], { expectCode: 0, cwd: dir }],
        dryRun: [NODE, [DP, 'update', product, '--dry-run', '--template', './pack'], { expectCode: 0, cwd: dir }],
        sync: [NODE, [DP, 'sync', join(dir, 'builtin')], { expectCode: 0, cwd: dir }],
      },
      RUNS,
    );
    report('dp update --check (a newer pack) vs dp validate of the product', times.check, times.validate, 2);
    report('dp update --check (built-in pack, up to date) vs dp validate', times.checkBuiltin, times.validate, 2);
    report('dp update --dry-run (a newer pack: render, merge, diff) vs dp validate', times.dryRun, times.validate);
    report('dp sync (nothing to change) vs dp validate', times.sync, times.validate);
    return times;
  } finally {
    cleanup();
  }
}
