/**
 * dp init is never destructive and never writes outside its target: non-empty
 * directories, --force, --dry-run, missing or bad answers, traversal attempts
 * through answers, packs and symbolic links, broken packs. All through the built bin.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_ARGS, dp, tempDir, tree } from './init-support.js';

let root: string;
let cleanup: () => void;
beforeAll(() => ({ dir: root, cleanup } = tempDir('dp-init-safety-')));
afterAll(() => cleanup());

const FULL = [...BASE_ARGS, '--archetype', 'source-aligned', '--yes'];

function fresh(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function localPack(dir: string, manifest: string, files: Record<string, string> = {}): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'dp-template.yaml'), manifest);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('the target directory', () => {
  it('a non-empty directory is refused without --force, and left as it was', () => {
    const cwd = fresh('non-empty');
    mkdirSync(join(cwd, 'play-events'));
    writeFileSync(join(cwd, 'play-events', 'notes.txt'), 'mine');
    const r = dp(['init', ...FULL], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/play-events is not empty/);
    expect(r.stderr).toMatch(/--force/);
    expect(tree(cwd)).toEqual(['play-events/notes.txt']);
  });

  it('--force reports every overwrite, deletes nothing, and keeps unchanged files', () => {
    const cwd = fresh('force');
    expect(dp(['init', ...FULL], cwd).code).toBe(0);
    writeFileSync(join(cwd, 'play-events/README.md'), 'my own readme');
    writeFileSync(join(cwd, 'play-events/ports/output/events/extra.sql'), 'select 1;');
    const r = dp(['init', ...FULL, '--force'], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\s+overwrite \(your changes kept\)\s+README\.md$/m);
    expect(r.stdout).toMatch(/0 created, 1 overwritten, \d+ unchanged/);
    expect(readFileSync(join(cwd, 'play-events/ports/output/events/extra.sql'), 'utf8')).toBe('select 1;');
    expect(readFileSync(join(cwd, 'play-events/README.md'), 'utf8')).toMatch(/^# Play Events/);
    expect(tree(cwd).filter((f) => f.includes('dp-init'))).toEqual([]);
  });

  it('--dry-run prints the plan and writes nothing; with --json it is data', () => {
    const cwd = fresh('dry-run');
    const text = dp(['init', ...FULL, '--dry-run'], cwd);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/dry run: nothing written/);
    expect(text.stdout).toMatch(/^\s+create\s+dataproduct\.odps\.yaml$/m);
    const json = dp(['init', ...FULL, '--dry-run', '--json'], cwd);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ dryRun: true, target: 'play-events', template: { id: 'source-aligned' } });
    expect(report.files).toContainEqual({ path: 'contracts/events.odcs.yaml', action: 'create', bytes: expect.any(Number) });
    expect(tree(cwd)).toEqual([]);
  });

  it('a symbolic link in the target that leads outside is refused, and nothing is written through it', () => {
    const cwd = fresh('symlink');
    const outside = fresh('symlink-outside');
    mkdirSync(join(cwd, 'play-events'));
    symlinkSync(outside, join(cwd, 'play-events', 'ports'));
    const r = dp(['init', ...FULL, '--force'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/symbolic link/);
    expect(tree(outside)).toEqual([]);
    expect(tree(join(cwd, 'play-events'))).toEqual(['ports']);
  });
});

describe('answers', () => {
  it('missing answers fail at once (no stdin read) with exit 2 and the flags to give', () => {
    const cwd = fresh('missing');
    const r = dp(['init'], cwd);
    expect(r.code).toBe(2);
    for (const flag of ['--archetype', '--name', '--domain', '--owner', '--output', '--input']) expect(r.stderr).toContain(flag);
    const yes = dp(['init', '--yes', '--json'], cwd);
    expect(yes.code).toBe(2);
    expect(JSON.parse(yes.stdout).error.details.missing.map((m: { answer: string }) => m.answer)).toEqual(['name', 'domain', 'owner']);
    expect(tree(cwd)).toEqual([]);
  });

  it('an unsafe name is refused with what is allowed, and nothing is written anywhere', () => {
    const cwd = fresh('traversal/inner');
    const r = dp(['init', '--name', '../x', '--domain', 'player', '--owner', 'ana@example.com', '--archetype', 'aggregate', '--yes'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--name: answer `name` must be a lowercase slug/);
    expect(tree(join(root, 'traversal'))).toEqual([]);
  });

  it('a bad value in an answers file is reported at its file:line:column', () => {
    const cwd = fresh('answers-file');
    writeFileSync(
      join(cwd, 'answers.yaml'),
      'name: play-events\ndomain: player\nowner: ana@example.com\noutputs:\n  - name: events\n    kind: tabel\ninputs: []\n',
    );
    const r = dp(['init', '--answers', 'answers.yaml', '--archetype', 'source-aligned'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/answers\.yaml:6:11: answer `outputs\[0\]\.kind` must be one of table, files, stream, api/);
    writeFileSync(join(cwd, 'typo.yaml'), 'name: play-events\ndomian: player\n');
    const typo = dp(['init', '--answers', 'typo.yaml', '--archetype', 'source-aligned'], cwd);
    expect(typo.stderr).toMatch(/typo\.yaml:2:1: answers file: unknown answer `domian`/);
    expect(typo.stderr).toMatch(/did you mean `domain`/);
  });

  it('--set takes typed values and refuses unknown keys', () => {
    const cwd = fresh('set');
    const bad = dp(['init', ...FULL, '--set', 'retentionDays=9000'], cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--set retentionDays: answer `retentionDays` must be <= 730/);
    const unknown = dp(['init', ...FULL, '--set', 'warehose=bigquery'], cwd);
    expect(unknown.stderr).toMatch(/did you mean `warehouse`/);
    expect(dp(['init', ...FULL, '--set', 'warehouse=databricks', '--set', 'retentionDays=30'], cwd).code).toBe(0);
    expect(readFileSync(join(cwd, 'play-events/contracts/events.odcs.yaml'), 'utf8')).toMatch(/type: databricks/);
  });

  it('template syntax in an answer is text, never evaluated', () => {
    const cwd = fresh('answer-injection');
    const r = dp(['init', ...FULL, '--title', '{{constructor.constructor}} __proto__', '--description', '{{#each this}}x{{/each}}'], cwd);
    expect(r.code).toBe(0);
    const readme = readFileSync(join(cwd, 'play-events/README.md'), 'utf8');
    expect(readme).toContain('# {{constructor.constructor}} __proto__');
    expect(readme).toContain('{{#each this}}x{{/each}}');
  });
});

describe('template packs', () => {
  it('--list-templates lists the built-in packs, also as JSON', () => {
    const r = dp(['init', '--list-templates'], root);
    expect(r.code).toBe(0);
    for (const id of ['source-aligned', 'aggregate', 'consumer-aligned']) expect(r.stdout).toContain(id);
    expect(r.stdout).not.toMatch(/^base\b/m);
    const json = JSON.parse(dp(['init', '--list-templates', '--json'], root).stdout);
    expect(json.templates.map((t: { id: string }) => t.id)).toEqual(['aggregate', 'consumer-aligned', 'source-aligned']);
  });

  it('a local pack extending a built-in one adds its files', () => {
    const pack = localPack(
      join(root, 'packs/with-runbook'),
      'id: with-runbook\nversion: 0.1.0\ndescription: Adds a runbook.\narchetype: source-aligned\nextends: source-aligned\nfiles:\n  - path: docs/runbook.md\n    template: runbook.md.hbs\n',
      {
        'runbook.md.hbs': '# Runbook of {{product.id}}\n{{#each product.outputs}}- {{name}}\n{{/each}}',
      },
    );
    const cwd = fresh('local-pack');
    const r = dp(['init', ...BASE_ARGS, '--template', pack, '--yes'], cwd);
    expect(r.code).toBe(0);
    expect(readFileSync(join(cwd, 'play-events/docs/runbook.md'), 'utf8')).toBe('# Runbook of play-events\n- events\n');
  });

  it("the organisation's packs (templates: in dp.config.yaml) are listed and usable by id", () => {
    const org = fresh('org');
    writeFileSync(join(org, 'dp.config.yaml'), 'templates: packs\n');
    localPack(
      join(org, 'packs/team-default'),
      'id: team-default\nversion: 2.0.0\ndescription: Our default.\narchetype: source-aligned\nextends: source-aligned\ndefaults:\n  warehouse: bigquery\nfiles: []\n',
    );
    const list = JSON.parse(dp(['init', '--list-templates', '--json'], org).stdout);
    expect(list.templates).toContainEqual(expect.objectContaining({ id: 'team-default', version: '2.0.0', origin: 'organisation' }));
    const r = dp(['init', ...BASE_ARGS, '--template', 'team-default', '--yes'], org);
    expect(r.code).toBe(0);
    expect(readFileSync(join(org, 'play-events/contracts/events.odcs.yaml'), 'utf8')).toMatch(/type: bigquery/);
    expect(readFileSync(join(org, 'play-events/.dp/answers.yaml'), 'utf8')).toMatch(/id: team-default\n\s+version: 2\.0\.0/);
  });

  it('a pack whose file path leaves the product is refused at its manifest line', () => {
    const pack = localPack(
      join(root, 'packs/evil'),
      'id: evil\nversion: 0.1.0\ndescription: Escapes.\nextends: base\nfiles:\n  - path: ../../evil.txt\n    copy: evil.txt\n',
      { 'evil.txt': 'pwned' },
    );
    const cwd = fresh('evil-pack');
    const r = dp(['init', ...BASE_ARGS, '--yes', '--template', pack], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dp-template\.yaml:6:\d+: invalid template manifest: `files\[0\]\.path` must be a relative path/);
    expect(existsSync(join(root, 'evil.txt'))).toBe(false);
    expect(tree(cwd)).toEqual([]);
  });

  it('a path that only leaves the product once rendered is refused too', () => {
    const pack = localPack(
      join(root, 'packs/sneaky'),
      'id: sneaky\nversion: 0.1.0\ndescription: Escapes late.\nextends: base\nfiles:\n  - path: docs/{{answers.title}}.md\n    copy: x.md\n',
      { 'x.md': 'x' },
    );
    const cwd = fresh('sneaky-pack');
    const r = dp(['init', ...BASE_ARGS, '--template', pack, '--title', '../../../sneaky', '--yes'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/renders to "docs\/..\/..\/..\/sneaky.md", which leaves the product directory/);
    expect(existsSync(join(root, 'sneaky.md'))).toBe(false);
    expect(tree(cwd)).toEqual([]);
  });

  it('a pack template reaching for prototypes is refused at its line', () => {
    const pack = localPack(
      join(root, 'packs/proto'),
      'id: proto\nversion: 0.1.0\ndescription: Hostile.\nextends: base\nfiles:\n  - path: x.txt\n    template: x.hbs\n',
      {
        'x.hbs': 'fine\n{{#with product}}{{lookup this "constructor"}}{{/with}}\n',
      },
    );
    const cwd = fresh('proto-pack');
    const r = dp(['init', ...BASE_ARGS, '--template', pack, '--yes'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/x\.hbs:2:\d+: template refused: the string "constructor" names a prototype property/);
    expect(tree(cwd)).toEqual([]);
  });

  it('a broken manifest is reported at its file:line:column', () => {
    const pack = localPack(join(root, 'packs/broken'), 'id: broken\nversion: one\ndescription: Broken.\nfiles: []\n');
    const r = dp(['init', ...BASE_ARGS, '--template', pack, '--yes'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\/dp-template\.yaml:2:10: invalid template manifest: `version` must be/);
    const yaml = localPack(join(root, 'packs/bad-yaml'), 'id: bad\nfiles: [\n');
    expect(dp(['init', ...BASE_ARGS, '--template', yaml, '--yes'], root).stderr).toMatch(/bad-yaml\/dp-template\.yaml:\d+:\d+: invalid template manifest/);
  });

  it('a pack that generates an invalid product is refused before anything is written', () => {
    const pack = localPack(
      join(root, 'packs/leaky'),
      [
        'id: leaky',
        'version: 0.1.0',
        'description: Public e-mails.',
        'extends: base',
        'dataset:',
        '  fields:',
        '    - { name: id, type: string, key: true, description: Id., classification: internal }',
        '    - { name: email, type: string, description: E-mail., classification: public }',
        'files: []',
        '',
      ].join('\n'),
    );
    const cwd = fresh('leaky-pack');
    // The organisation makes personal data an error (dp's default warns): the generated product is checked under that policy.
    writeFileSync(join(cwd, 'dp.config.yaml'), 'policies:\n  rules:\n    personal-data-classification: error\n');
    const r = dp(['init', ...BASE_ARGS, '--template', pack, '--yes'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not pass dp validate, so nothing was written/);
    expect(r.stderr).toMatch(/personal-data-classification/);
    expect(tree(cwd)).toEqual(['dp.config.yaml']);
  });

  it('a pack that generates no data product is refused', () => {
    const pack = localPack(
      join(root, 'packs/docs-only'),
      'id: docs-only\nversion: 0.1.0\ndescription: Only docs.\nquestions:\n  $ref: https://dp-cli.dev/schemas/dp-answers.schema.json\nfiles:\n  - path: README.md\n    copy: README.md\n',
      { 'README.md': '# docs\n' },
    );
    const cwd = fresh('docs-only-pack');
    const r = dp(['init', ...BASE_ARGS, '--output', 'x:table', '--input', 'y:cdc', '--yes', '--template', pack], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/generated no data product/);
    expect(tree(cwd)).toEqual([]);
  });
});

describe('--git', () => {
  it('initialises a repository with a first commit', () => {
    const cwd = fresh('git');
    const env = {
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 't@example.com',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: cwd,
    };
    const r = dp(['init', ...FULL, '--git'], cwd, env);
    expect(r.code).toBe(0);
    if (/git is not installed/.test(r.stderr)) return;
    expect(r.stdout).toMatch(/git repository with a first commit/);
    expect(existsSync(join(cwd, 'play-events/.git/HEAD'))).toBe(true);
  });

  it('is skipped with a note when git is not installed; the product is still written', () => {
    const cwd = fresh('no-git');
    const noGit = fresh('no-git-bin'); // a PATH with no git on it
    const r = dp(['init', ...FULL, '--git'], cwd, { PATH: noGit });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: git is not installed: skipped --git/);
    expect(existsSync(join(cwd, 'play-events/dataproduct.odps.yaml'))).toBe(true);
    expect(existsSync(join(cwd, 'play-events/.git'))).toBe(false);
  });
});
