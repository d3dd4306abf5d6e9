/**
 * dp init --force over an existing product keeps what the team changed, and a dp init killed
 * (SIGKILL) at any step of its moves leaves nothing the next run does not clean or restore.
 * The kill comes from a test-only preload (test/support/kill-at-rename.mjs, through
 * NODE_OPTIONS=--import), just before the n-th rename of the run, for every n.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverTarget } from '../../src/scaffold/recover.js';
import { BASE_ARGS, dp, tempDir, tree } from './init-support.js';

const HOOK = pathToFileURL(new URL('../support/kill-at-rename.mjs', import.meta.url).pathname).href;
const ARGS = [...BASE_ARGS, '--archetype', 'source-aligned', '--yes'];
/** Re-applying with another answer changes several generated files. */
const AGAIN = [...ARGS, '--force', '--set', 'retentionDays=90'];
const EDITED = 'ports/output/events/transform.sql';

let root: string;
let cleanup: () => void;
let original: string;
beforeAll(() => {
  ({ dir: root, cleanup } = tempDir('dp-init-recovery-'));
  // The product as the team left it: generated, then a hand-written transformation and README.
  original = join(root, 'original');
  mkdirSync(original);
  expect(dp(['init', ...ARGS], original).code).toBe(0);
  writeFileSync(join(original, 'play-events', EDITED), 'select 1 as the_team_s_own_work;\n');
  writeFileSync(join(original, 'play-events/README.md'), '# Our notes\n');
});
afterAll(() => cleanup());

/** Every file under a directory with its content. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(tree(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

function copyOf(name: string): string {
  const dir = join(root, name);
  cpSync(original, dir, { recursive: true });
  return dir;
}

const withoutBackups = (s: Record<string, string>) => Object.fromEntries(Object.entries(s).filter(([f]) => !f.includes('.dp/backup/')));
const backups = (product: string) => tree(product).filter((f) => f.startsWith('.dp/backup/'));

describe('dp init --force keeps what the team changed', () => {
  it('keeps the previous content of each changed file in .dp/backup/<time>/ and says where', () => {
    const cwd = copyOf('keep');
    const r = dp(['init', ...AGAIN], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\s+overwrite \(your changes kept\)\s+ports\/output\/events\/transform\.sql$/m);
    expect(r.stdout).toMatch(/^\s+overwrite\s+dataproduct\.odps\.yaml$/m);
    expect(r.stdout).toMatch(/Kept the previous content of 2 files you changed in play-events\/\.dp\/backup\/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\/ /);
    const product = join(cwd, 'play-events');
    const kept = backups(product);
    // Only the files the team changed; generated files it did not touch are simply replaced.
    expect(kept.map((f) => f.replace(/^\.dp\/backup\/[^/]+\//, '')).sort()).toEqual(['README.md', EDITED]);
    expect(
      readFileSync(
        join(
          product,
          kept.find((f) => f.endsWith(EDITED))!,
        ),
        'utf8',
      ),
    ).toBe('select 1 as the_team_s_own_work;\n');
    expect(readFileSync(join(product, EDITED), 'utf8')).not.toContain('the_team_s_own_work');
    expect(tree(product).filter((f) => f.includes('dp-init'))).toEqual([]);
    const json = JSON.parse(dp(['init', ...AGAIN, '--set', 'retentionDays=30', '--json'], cwd).stdout);
    expect(json.backup ?? null).toBeNull();
    expect(readFileSync(join(product, '.gitignore'), 'utf8')).toContain('.dp/backup/');
  });

  it('the answers record no longer advertises --force', () => {
    const text = readFileSync(join(original, 'play-events/.dp/answers.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# Written by dp init: the template and the answers this product was generated from.');
    expect(text).not.toContain('--force');
  });
});

describe('a dp init killed at any step', () => {
  const hooked = (n: number) => ({ NODE_OPTIONS: `--import ${HOOK}`, DP_TEST_KILL_AT_RENAME: String(n) });

  it('--force: the next run restores the product as it was, or completes; never a half-updated product', { timeout: 240_000 }, () => {
    const before = snapshot(join(original, 'play-events'));
    const reference = copyOf('reference');
    expect(dp(['init', ...AGAIN], reference).code).toBe(0);
    const after = withoutBackups(snapshot(join(reference, 'play-events')));
    let killed = 0;
    for (let n = 1; n < 60; n += 1) {
      const cwd = copyOf(`kill-${n}`);
      const product = join(cwd, 'play-events');
      const r = dp(['init', ...AGAIN], cwd, hooked(n));
      if (r.code === 0) break; // past the last rename: the run completed
      expect(r.code, r.stderr).toBe(-1); // SIGKILL
      killed += 1;
      // What the next run finds: restored exactly as the team left it...
      const restoredCopy = join(root, `restored-${n}`);
      cpSync(cwd, restoredCopy, { recursive: true });
      const { notes } = recoverTarget(join(restoredCopy, 'play-events'), false);
      expect(notes.length, `kill at rename ${n}`).toBe(1);
      expect(snapshot(join(restoredCopy, 'play-events')), `kill at rename ${n}`).toEqual(before);
      // ...and the next dp init completes the change, keeping the team's files once (every third step: each run costs).
      if (n % 3 !== 1) continue;
      const next = dp(['init', ...AGAIN], cwd);
      expect(next.code, next.stderr).toBe(0);
      expect(next.stderr).toMatch(/^note: (removed \.dp-init-\d+-[0-9a-f]{8}|an interrupted dp init --force had moved some files: put \d+ back)/m);
      expect(withoutBackups(snapshot(product)), `kill at rename ${n}`).toEqual(after);
      expect(
        backups(product)
          .map((f) => f.replace(/^\.dp\/backup\/[^/]+\//, ''))
          .sort(),
      ).toEqual(['README.md', EDITED]);
      expect(readdirSync(product).filter((f) => f.startsWith('.dp-init'))).toEqual([]);
    }
    expect(killed).toBeGreaterThan(10);
  });

  it('a new product: the staging directory left beside it is removed by the next run', () => {
    const cwd = join(root, 'new');
    mkdirSync(cwd);
    expect(dp(['init', ...ARGS], cwd, hooked(1)).code).toBe(-1);
    expect(readdirSync(cwd)).toEqual([expect.stringMatching(/^\.play-events\.dp-init-\d+-[0-9a-f]{8}$/)]);
    const dry = dp(['init', ...ARGS, '--dry-run'], cwd);
    expect(dry.stderr).toMatch(/note: \.play-events\.dp-init-\d+-[0-9a-f]{8}: left by an interrupted dp init; a run without --dry-run removes it/);
    expect(readdirSync(cwd)).toHaveLength(1);
    const r = dp(['init', ...ARGS], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: removed \.play-events\.dp-init-\d+-[0-9a-f]{8}, left by an interrupted dp init/);
    expect(readdirSync(cwd)).toEqual(['play-events']);
  });

  it('refuses while another dp init is at work on the same directory, not once it is gone', () => {
    const cwd = copyOf('busy');
    const busy = join(cwd, 'play-events', `.dp-init-${process.pid}-0123abcd`);
    mkdirSync(busy);
    const r = dp(['init', ...AGAIN], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`another dp init (process ${process.pid}) is writing play-events`);
    // Untouched for long: no dp init is at work there, whatever process has that id now.
    const old = new Date(Date.now() - 3600_000);
    utimesSync(busy, old, old);
    expect(dp(['init', ...AGAIN], cwd).code).toBe(0);
    expect(existsSync(busy)).toBe(false);
  });
});
