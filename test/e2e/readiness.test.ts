/**
 * Readiness through the built bin: the placeholders dp generated (example URLs, TODO values,
 * stubs) are an info on a draft and an error at each on a released product; and input ports
 * whose contract no product publishes, with a catalog configured.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dp, tempDir, validateJson } from './init-support.js';

let root: string;
let cleanup: () => void;
const read = (rel: string) => readFileSync(join(root, rel), 'utf8');
const edit = (rel: string, change: (t: string) => string) => writeFileSync(join(root, rel), change(read(rel)));

const validate = (dir: string, args: string[] = []) => validateJson(dir, root, args);

function init(dir: string, extra: string[]): void {
  const r = dp(['init', dir, '--domain', 'player', '--owner', 'ana@example.com', '--yes', ...extra], root);
  expect(r.code).toBe(0);
}

/** Replaces every placeholder dp generated in the product (the team's part of the work). */
function fillIn(dir: string): void {
  for (const file of ['dataproduct.odps.yaml', 'contracts/feed.odcs.yaml']) {
    edit(`${dir}/${file}`, (t) =>
      t
        .replace(/https:\/\/chat\.example\.com\/channels\/[a-z-]+/g, 'https://chat.acme.io/c/plays')
        .replace(/https:\/\/data\.example\.com/g, 'https://data.acme.io'),
    );
  }
  edit(`${dir}/ports/input/player-db/binding.yaml`, (t) => t.replace('host: TODO', 'host: plays.db.acme.io').replace('name: TODO', 'name: plays'));
  edit(`${dir}/ports/output/feed/producer.py`, (t) => t.replace(/ {4}raise NotImplementedError\(.*\)\n/, '    yield from read_changes()\n'));
}

beforeEach(() => ({ dir: root, cleanup } = tempDir('dp-readiness-')));
afterEach(() => cleanup());

describe('placeholders', () => {
  it('are listed as one info on a draft, and are errors at their places once the product is active', () => {
    init('plays', ['--name', 'play-events', '--archetype', 'source-aligned', '--output', 'feed:stream', '--input', 'player-db:cdc:public.plays']);
    const draft = validate('plays');
    expect(draft.code).toBe(0);
    expect(draft.findings).toEqual([expect.objectContaining({ ruleId: 'placeholders-draft', severity: 'info', file: 'plays/dataproduct.odps.yaml' })]);
    expect(draft.findings[0].message).toMatch(/^7 placeholders to fill in before the product is released/);

    edit('plays/dataproduct.odps.yaml', (t) => t.replace('status: draft', 'status: active'));
    const active = validate('plays');
    expect(active.code).toBe(1);
    const errors = active.findings.filter((f) => f.ruleId === 'placeholders');
    expect(errors.map((f) => `${f.file}:${f.line}`).sort()).toEqual(
      [
        `plays/dataproduct.odps.yaml:${lineOf('plays/dataproduct.odps.yaml', 'url: https://chat.example.com')}`,
        `plays/dataproduct.odps.yaml:${lineOf('plays/dataproduct.odps.yaml', 'url: https://data.example.com/catalog')}`,
        `plays/dataproduct.odps.yaml:${lineOf('plays/dataproduct.odps.yaml', 'url: https://data.example.com/observability')}`,
        `plays/contracts/feed.odcs.yaml:${lineOf('plays/contracts/feed.odcs.yaml', 'url: https://chat.example.com')}`,
        `plays/ports/input/player-db/binding.yaml:${lineOf('plays/ports/input/player-db/binding.yaml', 'host: TODO')}`,
        `plays/ports/input/player-db/binding.yaml:${lineOf('plays/ports/input/player-db/binding.yaml', 'name: TODO')}`,
        `plays/ports/output/feed/producer.py:${lineOf('plays/ports/output/feed/producer.py', 'raise NotImplementedError')}`,
      ].sort(),
    );
    expect(errors.find((f) => f.file.endsWith('binding.yaml'))!.message).toBe(
      '`binding.database.host` in ports/input/player-db/binding.yaml is still `TODO`, and the product is released with status active (dp convention)',
    );

    const refused = dp(['publish', 'plays', '--catalog', join(root, 'catalog.db')], root);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('placeholders');

    fillIn('plays');
    expect(validate('plays').findings.filter((f) => f.ruleId.startsWith('placeholders'))).toEqual([]);
  });

  it('count a version of 1.0.0 or more as released, whatever the status', () => {
    init('plays', [
      '--name',
      'play-events',
      '--archetype',
      'source-aligned',
      '--set',
      'version=1.0.0',
      '--set',
      'platformUrl=https://data.acme.io',
      '--set',
      'supportUrl=https://chat.acme.io/c/plays',
    ]);
    const r = validate('plays');
    expect(r.code).toBe(1);
    expect(r.findings.filter((f) => f.ruleId === 'placeholders').map((f) => f.message)).toEqual([
      '`binding.database.host` in ports/input/source-db/binding.yaml is still `TODO`, and the product is released at version 1.0.0 (dp convention)',
      '`binding.database.name` in ports/input/source-db/binding.yaml is still `TODO`, and the product is released at version 1.0.0 (dp convention)',
    ]);
  });
});

function lineOf(rel: string, text: string): number {
  return (
    read(rel)
      .split('\n')
      .findIndex((l) => l.includes(text)) + 1
  );
}

describe('input ports and the catalog', () => {
  it('dp validate warns, and dp publish refuses, an input reading a contract no product publishes', () => {
    init('producer', ['--name', 'play-events', '--archetype', 'source-aligned']);
    init('consumer', ['--name', 'sessions', '--archetype', 'aggregate', '--input', 'plays:product:play-events.events', '--input', 'typo:product:nope.nothing']);
    const catalog = join(root, 'catalog.db');
    const warned = validate('consumer', ['--catalog', catalog]);
    expect(warned.code).toBe(0);
    const inputs = warned.findings.filter((f) => f.ruleId === 'input-contract-published');
    expect(inputs.map((f) => [f.severity, f.line, f.message])).toEqual([
      [
        'warning',
        lineOf('consumer/dataproduct.odps.yaml', 'contractId: play-events.events'),
        `input port \`plays\` reads \`play-events.events\`, which no product in the catalog ${catalog} publishes (dp convention)`,
      ],
      [
        'warning',
        lineOf('consumer/dataproduct.odps.yaml', 'contractId: nope.nothing'),
        `input port \`typo\` reads \`nope.nothing\`, which no product in the catalog ${catalog} publishes (dp convention)`,
      ],
    ]);
    // Without a catalog configured nothing is said; with the producer in the same run, it counts.
    expect(validate('consumer').findings.filter((f) => f.ruleId === 'input-contract-published')).toEqual([]);
    expect(
      validate('.', ['--catalog', catalog])
        .findings.filter((f) => f.ruleId === 'input-contract-published')
        .map((f) => f.message),
    ).toEqual([expect.stringContaining('nope.nothing')]);

    const refused = dp(['publish', 'consumer', '--catalog', catalog], root);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      'input ports `plays` (reads `play-events.events`), `typo` (reads `nope.nothing`): no product in the catalog publishes those contracts',
    );
    expect(dp(['publish', 'producer', '--catalog', catalog], root).code).toBe(0);
    expect(
      validate('consumer', ['--catalog', catalog])
        .findings.filter((f) => f.ruleId === 'input-contract-published')
        .map((f) => f.message),
    ).toEqual([expect.stringContaining('nope.nothing')]);
    edit('consumer/dataproduct.odps.yaml', (t) => t.replace(/ {2}- name: typo\n(?: {4}.*\n)+/, ''));
    const published = dp(['publish', 'consumer', '--catalog', catalog], root);
    expect(published.code).toBe(0);
  });
});
