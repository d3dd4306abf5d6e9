/** Answers: one definition of the questions drives flags, --set, files, prompts, defaults and validation. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { checkAnswers } from '../../src/scaffold/answers-check.js';
import { gatherAnswers, type GivenAnswers } from '../../src/scaffold/answers-input.js';
import { resolveAnswers } from '../../src/scaffold/answers-resolve.js';
import { resolvePack } from '../../src/scaffold/pack-list.js';
import { parsePortList, parsePortSpec } from '../../src/scaffold/port-spec.js';
import type { Prompter } from '../../src/scaffold/prompts.js';
import { flagFor, listQuestions } from '../../src/scaffold/questions.js';

const dir = mkdtempSync(join(tmpdir(), 'dp-scaffold-answers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pack = resolvePack(dir, 'source-aligned');
const questions = listQuestions(pack);
const FLAGS = { name: 'play-events', domain: 'player', owner: 'ana@example.com' };

async function complete(
  options: Record<string, unknown>,
  mode: { interactive?: boolean; yes?: boolean; prompter?: Prompter } = {},
): Promise<{ answers: Record<string, unknown>; given: GivenAnswers }> {
  const given = gatherAnswers(dir, options, questions);
  const answers = await resolveAnswers(pack, questions, given, {
    interactive: Boolean(mode.interactive),
    yes: Boolean(mode.yes),
    prompter: async () => mode.prompter!,
  });
  return { answers, given };
}

describe('port specs', () => {
  it.each([
    ['events:table', { name: 'events', kind: 'table' }],
    ['plays:product:play-events.events@1.0.0', { name: 'plays', kind: 'product', ref: 'play-events.events@1.0.0' }],
    ['landing:files:s3://bucket/path/', { name: 'landing', kind: 'files', ref: 's3://bucket/path/' }],
    ['db:cdc:', { name: 'db', kind: 'cdc' }],
    ['oops', { name: 'oops', kind: '' }],
  ])('%s', (text, expected) => expect(parsePortSpec(text)).toEqual(expected));

  it('lists are comma-separated', () =>
    expect(parsePortList('a:table, b:files')).toEqual([
      { name: 'a', kind: 'table' },
      { name: 'b', kind: 'files' },
    ]));
});

describe('gathering answers', () => {
  it('an answers file, then --set, then flags: the later wins', () => {
    writeFileSync(join(dir, 'a.yaml'), 'name: from-file\ndomain: file-domain\noutputs: [ "x:files" ]\n');
    const given = gatherAnswers(dir, { answers: 'a.yaml', set: ['name=from-set', 'retentionDays=30'], name: 'from-flag', output: ['y:api'] }, questions);
    expect(given.values).toMatchObject({ name: 'from-flag', domain: 'file-domain', retentionDays: 30, outputs: [{ name: 'y', kind: 'api' }] });
    expect(given.sources.get('domain')).toEqual({ kind: 'file', file: 'a.yaml' });
    expect(given.sources.get('retentionDays')).toEqual({ kind: 'set' });
    expect(given.sources.get('name')).toEqual({ kind: 'flag', flag: '--name' });
  });

  it('reads a record written by dp init (template and answers)', () => {
    writeFileSync(join(dir, 'record.yaml'), 'template: { id: aggregate, version: 1.0.0 }\nanswers:\n  name: p\n');
    const given = gatherAnswers(dir, { answers: 'record.yaml' }, questions);
    expect(given.recordedTemplate).toBe('aggregate');
    expect(given.values.name).toBe('p');
  });

  it('refuses unknown keys, even prototype ones', () => {
    writeFileSync(join(dir, 'proto.yaml'), 'name: p\n__proto__:\n  polluted: true\n');
    let error: unknown;
    try {
      gatherAnswers(dir, { answers: 'proto.yaml' }, questions);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ message: 'answers file: unknown answer `__proto__`', location: { file: 'proto.yaml', line: 2, column: 1 } });
    expect(() => gatherAnswers(dir, { set: ['constructor=x'] }, questions)).toThrow(/unknown answer `constructor`/);
    expect(() => gatherAnswers(dir, { set: ['novalue'] }, questions)).toThrow(/expected key=value/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('completing answers', () => {
  it('without a terminal, lists every missing required answer with its flag', async () => {
    await expect(complete({})).rejects.toMatchObject({
      type: 'usage',
      message: expect.stringMatching(
        /missing answers: name \(--name <name>\), domain \(--domain <domain>\), owner \(--owner <owner>\), outputs \(--output <name:kind>\), inputs \(--input <name:kind\[:ref\]>\)/,
      ),
    });
  });

  it('--yes takes the defaults, derived ones from earlier answers', async () => {
    const { answers } = await complete(FLAGS, { yes: true });
    expect(answers).toMatchObject({
      title: 'Play Events',
      team: 'player-team',
      outputs: [{ name: 'events', kind: 'table' }],
      inputs: [{ name: 'source-db', kind: 'cdc' }],
      retentionDays: 365,
      warehouse: 'snowflake',
      supportChannel: '#play-events',
    });
  });

  it('interactive: asks only what is not answered, offers defaults, and validates each answer', async () => {
    const asked: string[] = [];
    const validations: Array<string | true> = [];
    const prompter: Prompter = {
      askText: async (message, options) => {
        asked.push(message);
        if (message.startsWith('Business domain')) validations.push(options!.validate!('Not A Slug'));
        if (message.startsWith('Business domain')) return 'player';
        if (message.startsWith('Product owner')) return 'ana@example.com';
        return options?.default ?? '';
      },
      askSelect: async (message, choices, fallback) => {
        asked.push(message);
        return fallback ?? choices[0].value;
      },
      askConfirm: async () => true,
    };
    const { answers, given } = await complete({ name: 'play-events', output: ['events:stream'] }, { interactive: true, prompter });
    expect(asked.some((m) => m.startsWith('Product id'))).toBe(false);
    expect(asked.some((m) => m.startsWith('Output ports'))).toBe(false);
    expect(asked.some((m) => m.startsWith('Input ports'))).toBe(true);
    expect(asked.some((m) => m.startsWith('First version'))).toBe(false); // not a prompted question
    expect(validations[0]).toMatch(/must be a lowercase slug/);
    expect(answers).toMatchObject({ domain: 'player', owner: 'ana@example.com', title: 'Play Events', outputs: [{ name: 'events', kind: 'stream' }] });
    expect(given.sources.get('domain')).toEqual({ kind: 'prompt' });
  });

  it('a list that may be empty takes `none` at the prompt', async () => {
    const prompter: Prompter = {
      askText: async (message, options) => (message.startsWith('Input ports') ? 'none' : (options?.default ?? '')),
      askSelect: async (_m, choices, fallback) => fallback ?? choices[0].value,
      askConfirm: async () => true,
    };
    const { answers } = await complete({ ...FLAGS, output: ['events:table'] }, { interactive: true, prompter });
    expect(answers.inputs).toEqual([]);
  });

  it('Ctrl-C at a prompt is an interruption (exit 130)', async () => {
    vi.resetModules();
    vi.doMock('@inquirer/prompts', () => ({
      input: async () => {
        throw Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
      },
      select: async () => 'x',
      confirm: async () => true,
    }));
    const { createPrompter } = await import('../../src/scaffold/prompts.js');
    const prompter = await createPrompter({ stderr: process.stderr } as never);
    await expect(prompter.askText('Product id')).rejects.toMatchObject({ type: 'interrupted', exitCode: 130 });
    vi.doUnmock('@inquirer/prompts');
  });
});

describe('checking answers', () => {
  async function problem(options: Record<string, unknown>): Promise<string> {
    const { answers, given } = await complete({ ...FLAGS, ...options }, { yes: true });
    return checkAnswers(pack, answers, given).then(
      () => 'ok',
      (e: Error) => e.message,
    );
  }

  it('accepts the defaults', async () => expect(await problem({})).toBe('ok'));
  it.each([
    [{ output: ['events:tabel'] }, '--output: answer `outputs[0].kind` must be one of table, files, stream, api'],
    [{ output: ['Events:table'] }, '--output: answer `outputs[0].name` must be a lowercase slug'],
    [{ output: ['a:table', 'a:files'] }, 'repeats the port name `a`'],
    [{ input: ['up:product'] }, "reads another product, so it needs that product's output contract id: up:product:<contract-id>[@version]"],
    [{ input: ['up:product:x..y'] }, 'is not a safe contract id'],
    [{ owner: 'not an owner' }, '--owner: answer `owner` must be an e-mail address'],
    [{ set: ['retentionDays=0'] }, '--set retentionDays: answer `retentionDays` must be >= 1'],
    [{ set: ['warehouse=oracle'] }, 'must be one of snowflake, bigquery, databricks, postgres'],
    [{ set: ['supportUrl=javascript:alert(1)'] }, 'must be an absolute URL'],
  ])('%j', async (options, message) => expect(await problem(options)).toContain(message));

  it('a bad answer in a file points at its line and column', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'name: play-events\ndomain: player\nowner: ana@example.com\nretentionDays: 1000\n');
    const { answers, given } = await complete({ answers: 'bad.yaml' }, { yes: true });
    await expect(checkAnswers(pack, answers, given)).rejects.toMatchObject({ location: { file: 'bad.yaml', line: 4, column: 16 } });
  });

  it('flags are named with their allowed values', () => {
    expect(questions.filter((q) => q.required).map(flagFor)).toEqual([
      '--name <name>',
      '--domain <domain>',
      '--owner <owner>',
      '--output <name:kind>',
      '--input <name:kind[:ref]>',
    ]);
    expect(flagFor(questions.find((q) => q.key === 'warehouse')!)).toBe('--set warehouse=<snowflake|bigquery|databricks|postgres>');
  });
});
