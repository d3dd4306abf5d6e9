/** render(pack, answers) -> Map<path, content>: pure, complete, structured files as data, and locked-down templates. */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DpError } from '../../src/errors.js';
import { resolvePack } from '../../src/scaffold/pack-list.js';
import { render } from '../../src/scaffold/render.js';
import type { Answers, Pack } from '../../src/scaffold/types.js';

const OPTIONS = { dpVersion: '0.1.0', date: '2025-01-31' };
const cwd = process.cwd();

function answers(extra: Answers = {}): Answers {
  return {
    name: 'play-events',
    title: 'Play Events',
    domain: 'player',
    owner: 'ana@example.com',
    team: 'player-team',
    description: 'Every play of a track.',
    outputs: [{ name: 'events', kind: 'table' }],
    inputs: [{ name: 'player-db', kind: 'cdc' }],
    version: '0.1.0',
    status: 'draft',
    warehouse: 'snowflake',
    retentionDays: 365,
    supportChannel: '#play-events',
    supportUrl: 'https://chat.example.com/channels/play-events',
    supportTool: 'slack',
    platformUrl: 'https://data.example.com',
    ...extra,
  };
}

/** A pack in memory: the base pack's files replaced by the given ones. */
function packWith(files: Pack['files'], sources: Record<string, string> = {}): Pack {
  const base = resolvePack(cwd, 'source-aligned');
  return { ...base, origin: 'local', files, sources: new Map(Object.entries(sources).map(([k, text]) => [k, { text, display: k }])) };
}

describe('render', () => {
  it('is pure and deterministic: the same inputs give the same files', () => {
    const pack = resolvePack(cwd, 'source-aligned');
    const a = render(pack, answers(), OPTIONS);
    const b = render(pack, answers(), OPTIONS);
    expect([...a]).toEqual([...b]);
  });

  it('gives every part of a product', () => {
    const files = [...render(resolvePack(cwd, 'source-aligned'), answers(), OPTIONS).keys()];
    expect(files).toEqual(
      expect.arrayContaining([
        'dataproduct.odps.yaml',
        'contracts/events.odcs.yaml',
        '.dp/answers.yaml',
        'README.md',
        '.gitignore',
        '.github/workflows/dp-validate.yaml',
        'ports/input/player-db/binding.yaml',
        'ports/input/player-db/README.md',
        'ports/output/events/README.md',
        'ports/output/events/transform.sql',
        'ports/output/events/example-queries.sql',
        'ports/discovery/README.md',
        'ports/discovery/CHANGELOG.md',
        'ports/observation/slos.yaml',
        'ports/observation/quality-checks.yaml',
        'ports/observation/emitter.py',
        'ports/control/policies.yaml',
      ]),
    );
  });

  it.each([
    ['table', ['transform.sql', 'example-queries.sql']],
    ['files', ['write_parquet.py', 'example-queries.sql']],
    ['stream', ['asyncapi.yaml', 'producer.py', 'example_consumer.py']],
    ['api', ['openapi.yaml', 'handler.py', 'example-requests.http']],
  ])('an output port of kind %s gets its implementation stub and examples', (kind, expected) => {
    const files = render(resolvePack(cwd, 'consumer-aligned'), answers({ outputs: [{ name: 'out', kind }] }), OPTIONS);
    const own = [...files.keys()].filter((f) => f.startsWith('ports/output/out/')).map((f) => f.slice('ports/output/out/'.length));
    expect(own.sort()).toEqual(['README.md', ...expected].sort());
  });

  it('writes the descriptor and contracts as data, with the editor schema line first', () => {
    const files = render(resolvePack(cwd, 'aggregate'), answers({ inputs: [{ name: 'plays', kind: 'product', ref: 'play-events.events@2.1.0' }] }), OPTIONS);
    const descriptor = files.get('dataproduct.odps.yaml')!;
    expect(descriptor.split('\n')[0]).toBe('# yaml-language-server: $schema=https://dp-cli.dev/schemas/odps-v1.0.0.schema.json');
    const d = parse(descriptor);
    expect(d).toMatchObject({ apiVersion: 'v1.0.0', kind: 'DataProduct', id: 'play-events', domain: 'player', status: 'draft' });
    expect(d.inputPorts[0]).toMatchObject({ name: 'plays', contractId: 'play-events.events', version: '2.1.0' });
    expect(d.customProperties).toContainEqual(expect.objectContaining({ property: 'dpTemplate', value: 'aggregate@1.2.0' }));
    const contract = files.get('contracts/events.odcs.yaml')!;
    expect(contract.split('\n')[0]).toBe('# yaml-language-server: $schema=https://dp-cli.dev/schemas/odcs-v3.1.0.schema.json');
    expect(parse(contract)).toMatchObject({ apiVersion: 'v3.1.0', kind: 'DataContract', id: 'play-events.events', version: d.outputPorts[0].version });
  });

  it('answers cannot break the YAML: special characters stay values', () => {
    const title = 'Plays: "all" # of them\n- injected: true';
    const d = parse(render(resolvePack(cwd, 'source-aligned'), answers({ title }), OPTIONS).get('dataproduct.odps.yaml')!);
    expect(d.name).toBe(title);
    expect(d.injected).toBeUndefined();
  });

  it('classifies personal fields and keeps restricted data within the retention limit', () => {
    const contract = parse(render(resolvePack(cwd, 'source-aligned'), answers({ retentionDays: 730 }), OPTIONS).get('contracts/events.odcs.yaml')!);
    const email = contract.schema[0].properties.find((f: { name: string }) => f.name === 'customer_email');
    expect(email.classification).toBe('restricted');
    expect(contract.slaProperties).toContainEqual(expect.objectContaining({ property: 'retention', value: 730, unit: 'd' }));
    for (const field of contract.schema[0].properties) expect(field.classification).toBeTruthy();
  });
});

describe('templates are locked down', () => {
  it('template syntax inside answers is printed, not evaluated', () => {
    const pack = packWith([{ path: 'x.md', template: 't' }], { t: '{{#if answers.title}}{{answers.title}}{{/if}}' });
    expect(render(pack, answers({ title: '{{constructor.constructor "return process"}}' }), OPTIONS).get('x.md')).toBe(
      '{{constructor.constructor "return process"}}',
    );
  });

  it.each([
    ['{{constructor}}', /prototype property/],
    ['{{#each product}}{{constructor.name}}{{/each}}', /prototype property/],
    ['{{lookup product "__proto__"}}', /prototype property/],
    ['{{#with answers}}{{__proto__.polluted}}{{/with}}', /prototype property/],
    ['{{> partial}}', /partials are not supported/],
    ['{{log "hello"}}', /invalid template/],
    ['{{missing.value}}', /not defined/],
  ])('refuses %s', (source, message) => {
    const pack = packWith([{ path: 'x.md', template: 't' }], { t: source });
    expect(() => render(pack, answers(), OPTIONS)).toThrow(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a file path that renders outside the product', () => {
    const pack = packWith([{ path: 'docs/{{answers.title}}/x.md', template: 't' }], { t: 'x' });
    expect(() => render(pack, answers({ title: '../..' }), OPTIONS)).toThrow(/renders to "docs\/..\/..\/x.md", which leaves the product directory/);
    const absolute = packWith([{ path: '{{answers.title}}', copy: 't' }], { t: 'x' });
    expect(() => render(absolute, answers({ title: '/etc/passwd' }), OPTIONS)).toThrow(/is absolute/);
    const git = packWith([{ path: '.git/hooks/post-checkout', copy: 't' }], { t: 'x' });
    expect(() => render(git, answers(), OPTIONS)).toThrow(/inside \.git/);
  });

  it('refuses two files rendering to the same path', () => {
    const pack = packWith(
      [
        { path: 'a.md', copy: 't' },
        { path: 'a.md', copy: 't' },
      ],
      { t: 'x' },
    );
    expect(() => render(pack, answers(), OPTIONS)).toThrow(/two files render to the same path a\.md/);
  });

  it('applies conditions, named or inline, per port', () => {
    const pack = packWith(
      [
        { path: 'ports/{{port.name}}.sql', copy: 't', each: 'outputs', when: { 'port.kind': ['table', 'files'] } },
        { path: 'has-inputs.md', copy: 't', when: { 'product.inputs': true } },
        { path: 'no-inputs.md', copy: 't', when: { 'product.inputs': false } },
      ],
      { t: 'x' },
    );
    const files = render(
      pack,
      answers({
        outputs: [
          { name: 'a', kind: 'table' },
          { name: 'b', kind: 'stream' },
          { name: 'c', kind: 'files' },
        ],
      }),
      OPTIONS,
    );
    expect([...files.keys()]).toEqual(['ports/a.sql', 'ports/c.sql', 'has-inputs.md']);
  });

  it('reports errors of a broken local template as configuration errors, a built-in one as internal', () => {
    const local = packWith([{ path: 'x.md', template: 't' }], { t: '{{#if}}' });
    const error = (() => {
      try {
        render(local, answers(), OPTIONS);
      } catch (e) {
        return e as DpError;
      }
    })();
    expect(error).toBeInstanceOf(DpError);
    expect(error!.type).toBe('config');
    expect(error!.location).toMatchObject({ file: 't', line: 1 });
  });
});
