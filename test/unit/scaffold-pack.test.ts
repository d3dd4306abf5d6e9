/** Template packs: the built-in ones, local ones, broken ones, and the precompiled templates. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELPERS } from '../../src/scaffold/helpers.js';
import { interpolation } from '../../src/scaffold/interpolate.js';
import { BUILTIN_DIR, listPacks, resolvePack } from '../../src/scaffold/pack-list.js';
import { checkManifest, loadManifestValidator, readManifest } from '../../src/scaffold/pack-manifest.js';
import { PRECOMPILED_FILE, precompiledModule } from '../../src/scaffold/precompile.js';

const dir = mkdtempSync(join(tmpdir(), 'dp-scaffold-pack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => loadManifestValidator());

function pack(name: string, manifest: string, files: Record<string, string> = {}): string {
  const at = join(dir, name);
  mkdirSync(at, { recursive: true });
  writeFileSync(join(at, 'dp-template.yaml'), manifest);
  for (const [p, text] of Object.entries(files)) writeFileSync(join(at, p), text);
  return `./${name}`;
}

function errorOf(fn: () => unknown): { message: string; location?: { file: string; line?: number; column?: number } } {
  try {
    fn();
  } catch (e) {
    return e as { message: string };
  }
  throw new Error('expected an error');
}

describe('built-in packs', () => {
  it('every built-in manifest passes the manifest schema (dp skips that check at run time for its own packs)', async () => {
    const validate = await loadManifestValidator();
    for (const id of ['base', 'source-aligned', 'aggregate', 'consumer-aligned']) {
      expect(() => checkManifest(readManifest(dir, join(BUILTIN_DIR, id), 'builtin').file, validate)).not.toThrow();
    }
  });

  it('lists the three archetypes, not the abstract base', () => {
    expect(listPacks(dir).map((p) => [p.id, p.archetype, p.origin])).toEqual([
      ['aggregate', 'aggregate', 'builtin'],
      ['consumer-aligned', 'consumer-aligned', 'builtin'],
      ['source-aligned', 'source-aligned', 'builtin'],
    ]);
    expect(() => resolvePack(dir, 'base')).toThrow(/unknown template pack `base`/);
    expect(() => resolvePack(dir, 'source-alinged')).toThrow(/unknown template pack/);
  });

  it('an archetype extends the base: its files, its own transform, its defaults and dataset', () => {
    const p = resolvePack(dir, 'aggregate');
    expect(p.files.some((f) => f.generator === 'descriptor')).toBe(true);
    const transforms = p.files.filter((f) => f.path === 'ports/output/{{port.name}}/transform.sql');
    expect(transforms).toHaveLength(1);
    expect(transforms[0].template).toMatch(/templates[/\\]aggregate[/\\]files[/\\]transform\.sql\.hbs$/);
    expect(p.defaults.inputs).toEqual([{ name: 'upstream-events', kind: 'product', ref: 'upstream-product.events@1.0.0' }]);
    expect(p.dataset?.fields.every((f) => f.classification)).toBe(true);
  });
});

describe('local packs', () => {
  it('a broken manifest is reported at file:line:column', () => {
    pack('bad-version', 'id: bad\nversion: one\ndescription: x\nfiles: []\n');
    expect(errorOf(() => resolvePack(dir, './bad-version'))).toMatchObject({
      message: expect.stringContaining('`version` must be a semantic version'),
      location: { file: 'bad-version/dp-template.yaml', line: 2, column: 10 },
    });
    pack('unknown-key', 'id: bad\nversion: 1.0.0\ndescription: x\nfiles: []\nfilez: []\n');
    expect(errorOf(() => resolvePack(dir, './unknown-key'))).toMatchObject({
      message: expect.stringContaining('unknown key `filez`'),
      location: { line: 5, column: 1 },
    });
    pack('two-sources', 'id: bad\nversion: 1.0.0\ndescription: x\nfiles:\n  - path: a\n    copy: a\n    template: a\n');
    expect(errorOf(() => resolvePack(dir, './two-sources')).location).toMatchObject({ line: 5 });
    pack('yaml', 'id: [\n');
    expect(errorOf(() => resolvePack(dir, './yaml')).location).toMatchObject({ file: 'yaml/dp-template.yaml', line: expect.any(Number) });
    expect(() => resolvePack(dir, './missing')).toThrow(/does not exist/);
    mkdirSync(join(dir, 'not-a-pack'));
    expect(() => resolvePack(dir, './not-a-pack')).toThrow(/is not a template pack: it has no dp-template\.yaml/);
  });

  it('refuses traversal in manifest paths, sources outside the pack, unknown conditions and base packs that do not exist', () => {
    pack('escape', 'id: esc\nversion: 1.0.0\ndescription: x\nextends: base\nfiles:\n  - path: ../../x\n    copy: a\n', { a: 'a' });
    expect(errorOf(() => resolvePack(dir, './escape'))).toMatchObject({
      message: expect.stringContaining('must be a relative path inside the product'),
      location: { line: 6 },
    });
    pack('abs', 'id: abs\nversion: 1.0.0\ndescription: x\nextends: base\nfiles:\n  - path: /etc/x\n    copy: a\n', { a: 'a' });
    expect(() => resolvePack(dir, './abs')).toThrow(/relative path/);
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    pack('link-out', 'id: link\nversion: 1.0.0\ndescription: x\nextends: base\nfiles:\n  - path: x\n    copy: leak.txt\n');
    symlinkSync(join(dir, 'secret.txt'), join(dir, 'link-out', 'leak.txt'));
    expect(errorOf(() => resolvePack(dir, './link-out'))).toMatchObject({
      message: expect.stringContaining('leak.txt leads outside the pack'),
      location: { line: 7 },
    });
    pack('source-up', 'id: up\nversion: 1.0.0\ndescription: x\nextends: base\nfiles:\n  - path: x\n    copy: ../secret.txt\n');
    expect(() => resolvePack(dir, './source-up')).toThrow(/relative path/);
    pack('no-condition', 'id: nc\nversion: 1.0.0\ndescription: x\nextends: base\nfiles:\n  - path: x\n    copy: a\n    when: tabel\n', { a: 'a' });
    expect(errorOf(() => resolvePack(dir, './no-condition'))).toMatchObject({
      message: expect.stringContaining('no condition named `tabel`'),
      location: { line: 8 },
    });
    pack('no-base', 'id: nb\nversion: 1.0.0\ndescription: x\nextends: nothing\nfiles: []\n');
    expect(() => resolvePack(dir, './no-base')).toThrow(/extends `nothing`, which is not a built-in pack/);
  });

  it('a pack with its own questions is checked with a schema compiled at run time', async () => {
    pack(
      'own',
      'id: own\nversion: 1.0.0\ndescription: x\nquestions:\n  type: object\n  required: [name]\n  properties:\n    name: { type: string, pattern: "^[a-z]+$", description: "lowercase letters" }\nfiles:\n  - path: hello.txt\n    template: hello.hbs\n',
      {
        'hello.hbs': 'Hello {{answers.name}}\n',
      },
    );
    const p = resolvePack(dir, './own');
    expect(p.origin).toBe('local');
    const { checkAnswers } = await import('../../src/scaffold/answers-check.js');
    const given = { values: {}, sources: new Map([['name', { kind: 'flag' as const, flag: '--name' }]]) };
    await expect(checkAnswers(p, { name: 'Bad' }, given)).rejects.toThrow('--name: answer `name` must be lowercase letters');
    await expect(checkAnswers(p, { name: 'good' }, given)).resolves.toBeUndefined();
  });
});

describe('precompiled templates', () => {
  it('are built from the built-in templates of the tree (npm run build writes dist/precompiled-templates.cjs)', () => {
    expect(readFileSync(PRECOMPILED_FILE, 'utf8')).toBe(precompiledModule());
  });

  it.each(['plain text', 'ports/output/{{port.name}}/x.sql', '{{titleCase name}} and {{ product.id }}', '{{snake port.name}}-{{upper name}}'])(
    'the fast path renders %s exactly as Handlebars does',
    (source) => {
      const scope = { name: 'play-events', port: { name: 'daily-sessions' }, product: { id: 'p' } };
      const hb = Handlebars.create();
      for (const [n, fn] of Object.entries(HELPERS)) hb.registerHelper(n, (...args: unknown[]) => fn(...args.slice(0, -1)));
      expect(interpolation(source, HELPERS, 'x')!(scope)).toBe(hb.compile(source, { strict: true, noEscape: true })(scope));
    },
  );

  it('the fast path leaves anything else to Handlebars', () => {
    for (const source of ['{{#if a}}x{{/if}}', '{{{a}}}', '\\{{a}}', '{{a "b"}}', '{{nohelper a}}', '{{this}}', '{{~a}}'])
      expect(interpolation(source, HELPERS, 'x')).toBeUndefined();
  });
});
