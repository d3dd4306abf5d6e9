/**
 * dp update through the built bin: a product generated from an organisation's pack, edited by
 * the team in every kind of file dp generates (descriptor and contract, other YAML, a derived
 * file, Markdown, SQL, a copied file, a template of the pack), then a newer version of the pack
 * that changes some of the same files: every edit of both sides is in the result, the one line
 * both changed is a conflict marked as git marks it (exit 1), and nothing is lost.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import { dp, tempDir, tree } from './init-support.js';

const SOURCE_SQL = fileURLToPath(new URL('../../templates/source-aligned/files/transform.sql.hbs', import.meta.url));
const GITIGNORE = fileURLToPath(new URL('../../templates/base/files/gitignore', import.meta.url));

const FIELDS_V1 = `dataset:
  grain: one row per play
  fields:
    - { name: play_id, type: string, key: true, description: Identifier of the play., classification: internal }
    - { name: track_id, type: string, required: true, description: The track played., classification: internal }
    - { name: played_at, type: timestamp, required: true, partitioned: true, description: When the play started (UTC)., classification: internal }
`;
const FIELD_V2 = '    - { name: device_type, type: string, description: Kind of device the play happened on., classification: internal }\n';

function writePack(dir: string, version: '1.0.0' | '1.1.0'): void {
  const v2 = version === '1.1.0';
  const manifest = `id: plays
version: ${version}
description: Plays of the player domain.
archetype: source-aligned
extends: source-aligned
${v2 ? 'changelog:\n  - version: 1.1.0\n    changes: [A device type field, a step in the runbook, build outputs ignored]\n' : ''}${FIELDS_V1}${v2 ? FIELD_V2 : ''}files:
  - path: docs/runbook.md
    template: files/runbook.md.hbs
  - path: .gitignore
    copy: files/gitignore
  - path: ports/output/{{port.name}}/transform.sql
    template: files/transform.sql.hbs
    each: outputs
    when: table
`;
  rmSync(join(dir, 'files'), { recursive: true, force: true });
  mkdirSync(join(dir, 'files'), { recursive: true });
  writeFileSync(join(dir, 'dp-template.yaml'), manifest);
  cpSync(GITIGNORE, join(dir, 'files/gitignore'));
  const sql = readFileSync(SOURCE_SQL, 'utf8');
  writeFileSync(
    join(dir, 'files/transform.sql.hbs'),
    v2 ? sql.replace('-- Grain: {{product.grain}}.', '-- Grain: {{product.grain}}; rebuilt in full every run.') : sql,
  );
  if (v2) writeFileSync(join(dir, 'files/gitignore'), `${readFileSync(GITIGNORE, 'utf8')}dist/\n`);
  writeFileSync(
    join(dir, 'files/runbook.md.hbs'),
    `# Runbook of {{product.id}}\n\n1. Check the input.\n2. Run the transformation.\n3. Publish.\n${v2 ? '4. Run dp test and the emitter.\n' : ''}\nOwner: {{product.owner}}.\n`,
  );
}

function edit(path: string, change: (text: string) => string): void {
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the edit of ${path} changed nothing`);
  writeFileSync(path, after);
}

let root: string;
let cleanup: () => void;
let product: string;
const read = (rel: string) => readFileSync(join(product, rel), 'utf8');

beforeEach(() => {
  ({ dir: root, cleanup } = tempDir('dp-update-'));
  writePack(join(root, 'pack'), '1.0.0');
  const r = dp(
    [
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
      'player-db:cdc:public.plays',
      '--yes',
    ],
    root,
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  product = join(root, 'plays');
});
afterEach(() => cleanup());

/** The team's edits, one or more in every kind of file dp generated. */
function teamEdits(): void {
  edit(join(product, 'dataproduct.odps.yaml'), (t) =>
    t.replace(/ {2}purpose: .*\n/, '  # agreed with the analysts\n  purpose: Every play of a track, cleaned.\n'),
  );
  edit(join(product, 'contracts/events.odcs.yaml'), (t) =>
    t.replace('  - property: retention\n    value: 365', '  - property: retention\n    value: 30 # legal asked for 30 days'),
  );
  edit(join(product, 'ports/input/player-db/binding.yaml'), (t) => t.replace('host: TODO', 'host: plays-db.internal'));
  edit(join(product, 'ports/output/feed/asyncapi.yaml'), (t) => t.replace(/^info:\n/m, 'info:\n  x-team-notes: keyed by play_id\n'));
  edit(join(product, 'README.md'), (t) => `${t}\n## Team notes\n\nThe source is replicated at 02:00.\n`);
  edit(join(product, 'ports/output/events/transform.sql'), (t) => t.replace('with changes as (\n', 'with changes as ( -- one copy per event\n'));
  edit(join(product, '.gitignore'), (t) => `${t}*.tmp\n`);
  edit(join(product, 'docs/runbook.md'), (t) => t.replace('1. Check the input.', '1. Check the input (the CDC lag dashboard).'));
  edit(join(product, 'ports/discovery/README.md'), (t) => `${t}\n## Known issues\n\nPlays before 2021 lack a device.\n`);
}

describe('dp update', () => {
  it('--check says whether a newer version exists: exit 1 and JSON with what changed', () => {
    const same = dp(['update', 'plays', '--check', '--template', './pack'], root);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout)).toMatchObject({ product: 'plays', newer: false, template: { id: 'plays', recorded: '1.0.0', available: '1.0.0' } });
    writePack(join(root, 'pack'), '1.1.0');
    const newer = dp(['update', 'plays', '--check', '--template', './pack'], root);
    expect(newer.code).toBe(1);
    expect(JSON.parse(newer.stdout)).toEqual({
      product: 'plays',
      template: { id: 'plays', recorded: '1.0.0', available: '1.1.0', origin: 'local' },
      newer: true,
      changes: [{ version: '1.1.0', changes: ['A device type field', 'a step in the runbook', 'build outputs ignored'] }],
    });
  });

  it('merges both sides in every kind of file, marks the one line both changed, and loses nothing', () => {
    teamEdits();
    writePack(join(root, 'pack'), '1.1.0');
    const before = new Map(tree(product).map((f) => [f, read(f)]));

    const dry = dp(['update', 'plays', '--template', './pack', '--dry-run'], root);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('Plan to update plays/ from plays@1.0.0 to plays@1.1.0 (dry run: nothing written)');
    expect(dry.stdout).toContain('diff --git a/contracts/events.odcs.yaml b/contracts/events.odcs.yaml');
    expect(new Map(tree(product).map((f) => [f, read(f)]))).toEqual(before);

    const r = dp(['update', 'plays', '--template', './pack'], root);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/CONFLICT +\.gitignore/);
    expect(r.stdout).toContain('1 file has conflicts');
    void 0;

    // The team's edits, each still there.
    expect(read('dataproduct.odps.yaml')).toContain('  # agreed with the analysts\n  purpose: Every play of a track, cleaned.\n');
    expect(read('contracts/events.odcs.yaml')).toContain('value: 30 # legal asked for 30 days');
    expect(read('ports/input/player-db/binding.yaml')).toContain('host: plays-db.internal');
    expect(read('ports/output/feed/asyncapi.yaml')).toContain('x-team-notes: keyed by play_id');
    expect(read('README.md')).toContain('The source is replicated at 02:00.');
    expect(read('ports/output/events/transform.sql')).toContain('with changes as ( -- one copy per event');
    expect(read('docs/runbook.md')).toContain('1. Check the input (the CDC lag dashboard).');
    expect(read('ports/discovery/README.md')).toContain('Plays before 2021 lack a device.');
    // The new version's changes, each applied.
    const contract = parse(read('contracts/events.odcs.yaml'));
    expect(contract.schema[0].properties.map((p: { name: string }) => p.name)).toEqual(['play_id', 'track_id', 'played_at', 'device_type']);
    expect(read('ports/output/events/transform.sql')).toContain('-- Grain: one row per play; rebuilt in full every run.');
    expect(read('docs/runbook.md')).toContain('4. Run dp test and the emitter.');
    expect(parse(read('.dp/answers.yaml')).template).toEqual({ id: 'plays', version: '1.1.0' });
    // Derived files follow the merged documents: the team's retention and the template's new field.
    const policies = parse(read('ports/control/policies.yaml'));
    expect(policies.retention).toContainEqual(expect.objectContaining({ port: 'events', days: 30 }));
    expect(Object.keys(policies.classification[0].fields)).toContain('device_type');
    expect(read('ports/discovery/README.md')).toContain('kept 30 days');
    // The one line both changed: marked, with both sides and the base.
    expect(read('.gitignore')).toMatch(/<<<<<<< yours\n\*\.tmp\n\|\|\|\|\|\|\| plays@1\.0\.0 \(as generated\)\n=======\ndist\/\n>>>>>>> plays@1\.1\.0\n/);
    // The previous content of every file the team had changed and dp rewrote is kept.
    const backups = readdirSync(join(product, '.dp/backup'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(product, '.dp/backup', backups[0], 'contracts/events.odcs.yaml'), 'utf8')).toBe(before.get('contracts/events.odcs.yaml'));

    // Until the markers are gone, another merge is refused.
    const again = dp(['update', 'plays', '--template', './pack'], root);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('.gitignore still holds conflict markers');
    writeFileSync(
      join(product, '.gitignore'),
      read('.gitignore').replace(/<<<<<<< yours\n(\*\.tmp\n)\|\|\|\|\|\|\| .*\n=======\n(dist\/\n)>>>>>>> .*\n/, '$1$2'),
    );
    expect(dp(['update', 'plays', '--template', './pack'], root)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('plays/ is up to date with plays@1.1.0'),
    });
    const validate = dp(['validate', 'plays', '--json'], root);
    expect(JSON.parse(validate.stdout).summary).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('merges YAML as data: a value both changed differently is marked where it is, the rest of the file merged', () => {
    edit(join(product, 'contracts/events.odcs.yaml'), (t) => t.replace('  - property: retention\n    value: 365', '  - property: retention\n    value: 30'));
    writePack(join(root, 'pack'), '1.1.0');
    const r = dp(['update', 'plays', '--template', './pack', '--set', 'retentionDays=90', '--json'], root);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.conflicted).toEqual(['contracts/events.odcs.yaml']);
    expect(report.files).toContainEqual({
      path: 'contracts/events.odcs.yaml',
      action: 'conflict',
      conflicts: ['slaProperties[0].value: yours 30, new 90, before 365'],
    });
    const text = read('contracts/events.odcs.yaml');
    expect(text).toContain('<<<<<<< yours\n    value: 30\n||||||| plays@1.0.0 (as generated)\n    value: 365\n=======\n    value: 90\n>>>>>>> plays@1.1.0\n');
    expect(text).toContain('- name: device_type');
    expect(parse(read('.dp/answers.yaml')).answers.retentionDays).toBe(90);
  });

  it('takes the new version of files the team did not change, and leaves the team alone without a newer version', () => {
    const unchanged = dp(['update', 'plays', '--template', './pack'], root);
    expect(unchanged).toMatchObject({ code: 0, stdout: expect.stringContaining('is up to date with plays@1.0.0') });
    writePack(join(root, 'pack'), '1.1.0');
    const r = dp(['update', 'plays', '--template', './pack', '--json'], root);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.conflicted).toEqual([]);
    expect(report.backup).toBeUndefined();
    expect(report.files.map((f: { action: string }) => f.action)).not.toContain('merge');
    expect(read('.gitignore')).toContain('dist/');
    expect(JSON.parse(dp(['validate', 'plays', '--json'], root).stdout).summary).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('merges two ways a product generated before dp kept its base: unchanged files updated, changed ones marked where they differ', () => {
    edit(join(product, 'docs/runbook.md'), (t) => t.replace('3. Publish.', '3. Publish (dp publish).'));
    rmSync(join(product, '.dp/base.yaml'));
    writePack(join(root, 'pack'), '1.1.0');
    const r = dp(['update', 'plays', '--template', './pack'], root);
    expect(r.code).toBe(1);
    expect(read('.gitignore')).toContain('dist/');
    expect(read('docs/runbook.md')).toMatch(
      /<<<<<<< yours\n3\. Publish \(dp publish\)\.\n=======\n3\. Publish\.\n4\. Run dp test and the emitter\.\n>>>>>>> plays@1\.1\.0\n/,
    );
    expect(existsSync(join(product, '.dp/base.yaml'))).toBe(true);
  });

  it('refuses a product that dp did not generate, and a pack that is older than the product', () => {
    const plain = dp(['update', 'pack'], root);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('has no .dp/answers.yaml');
    edit(join(root, 'pack/dp-template.yaml'), (t) => t.replace('version: 1.0.0', 'version: 0.9.0'));
    const older = dp(['update', 'plays', '--template', './pack'], root);
    expect(older.code).toBe(2);
    expect(older.stderr).toContain('newer than the plays@0.9.0 available here');
  });
});
