/**
 * Template packs with their own questions run through the built bin (the bundle compiles
 * their JSON Schema at run time), and answers files name packs by id only.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/paths.js';
import { BASE_ARGS, dp, findings, tempDir } from './init-support.js';

let root: string;
let cleanup: () => void;
let pack: string;
beforeAll(() => {
  ({ dir: root, cleanup } = tempDir('dp-init-questions-'));
  // dp's standard questions plus one of the pack's own, written inline (not as the $ref).
  const questions = JSON.parse(readFileSync(fromRoot('schemas', 'dp-answers.schema.json'), 'utf8'));
  delete questions.$id;
  delete questions.$schema;
  questions.properties.costCentre = { type: 'string', title: 'Cost centre', pattern: '^cc-[0-9]+$', description: 'cc- and digits' };
  questions.required.push('costCentre');
  pack = join(root, 'packs/costed');
  mkdirSync(join(pack, 'files'), { recursive: true });
  writeFileSync(
    join(pack, 'dp-template.yaml'),
    `id: costed\nversion: 2.0.0\ndescription: With a cost centre.\narchetype: source-aligned\nextends: source-aligned\nquestions: ${JSON.stringify(questions)}\nfiles:\n  - path: docs/cost.md\n    template: files/cost.md.hbs\n`,
  );
  writeFileSync(join(pack, 'files/cost.md.hbs'), 'Cost centre of {{product.id}}: {{answers.costCentre}}\n');
});
afterAll(() => cleanup());

describe('a pack with its own questions, through the built bin', () => {
  it('generates a valid product using its own answer', () => {
    const r = dp(['init', ...BASE_ARGS, '--template', pack, '--set', 'costCentre=cc-42', '--yes'], root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(join(root, 'play-events/docs/cost.md'), 'utf8')).toBe('Cost centre of play-events: cc-42\n');
    expect(findings('play-events', root)).toEqual([]);
    expect(readFileSync(join(root, 'play-events/.dp/answers.yaml'), 'utf8')).toMatch(/costCentre: cc-42/);
  });

  it('checks its answers with its schema and says what is wrong', () => {
    const bad = dp(['init', 'bad', ...BASE_ARGS, '--template', pack, '--set', 'costCentre=42', '--yes', '--dry-run'], root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--set costCentre: answer `costCentre`/);
    const missing = dp(['init', 'missing', ...BASE_ARGS, '--template', pack, '--dry-run'], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('costCentre');
  });

  it('re-applies from its answers record with --template', () => {
    const r = dp(['init', 'play-events', '--template', pack, '--answers', 'play-events/.dp/answers.yaml', '--dry-run', '--force'], root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 to create, 0 to overwrite/);
  });
});

describe('the template recorded in an answers file', () => {
  it('is a pack id; a path is refused at its line, pointing at --template', () => {
    const answers = join(root, 'path-answers.yaml');
    writeFileSync(answers, `template:\n  id: ${pack}\n  version: 2.0.0\nanswers:\n  name: other\n  domain: player\n  owner: ana@example.com\n`);
    const r = dp(['init', '--answers', answers, '--yes', '--dry-run'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('path-answers.yaml:2:7: answers file: `template.id` must be the id of a template pack');
    expect(r.stderr).toContain(`hint: to use the pack in a directory, give it with --template ${pack}`);
    expect(r.stderr).not.toMatch(/validator is not loaded|internal error/);
  });
});
