/** Facts, derived files, placeholders and dp's records: pure logic behind dp sync, dp update and the readiness and drift rules. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { factsOf } from '../../src/descriptor/derived/facts.js';
import { controlPolicies, observationSlos } from '../../src/descriptor/derived/files.js';
import { fromPointer, readRecord, recordData, toPointer } from '../../src/descriptor/derived/record.js';
import { baseData, readBaseData } from '../../src/descriptor/derived/base.js';
import { slaMeaning } from '../../src/descriptor/derived/sla-words.js';
import { resolvePack } from '../../src/scaffold/pack-list.js';
import { placeholdersInData, placeholdersInText } from '../../src/scaffold/placeholders.js';
import { renderProduct } from '../../src/scaffold/render.js';
import { describe as describeDrift, differences } from '../../src/validate/derived/drift.js';

const OPTIONS = { dpVersion: '0.1.0', date: '2025-01-31' };
const cwd = process.cwd();
const answers = (archetype: string, kind: string) => ({
  name: 'play-events',
  domain: 'player',
  owner: 'ana@example.com',
  outputs: [{ name: 'out', kind }],
  warehouse: 'snowflake',
  inputs: archetype === 'source-aligned' ? [{ name: 'db', kind: 'cdc' }] : [{ name: 'up', kind: 'product', ref: 'up.events@1.0.0' }],
});

describe('derived files', () => {
  it.each(['source-aligned', 'aggregate', 'consumer-aligned'].flatMap((a) => ['table', 'files', 'stream', 'api'].map((k) => [a, k])))(
    '%s with a %s port: the facts read back from the generated documents give the same derived files (dp sync after dp init changes nothing)',
    (archetype, kind) => {
      const pack = resolvePack(cwd, archetype);
      const first = renderProduct(pack, answers(archetype, kind), OPTIONS);
      const contracts = [...first.files].filter(([p]) => p.startsWith('contracts/')).map(([file, text]) => ({ file, value: parse(text) }));
      const facts = factsOf(parse(first.files.get('dataproduct.odps.yaml')!), contracts);
      expect(facts).toEqual(first.facts);
      const again = renderProduct(pack, answers(archetype, kind), OPTIONS, { derivedOnly: true, facts });
      expect([...again.files.keys()].sort()).toEqual([...first.derived.keys()].sort());
      for (const [path, text] of again.files) expect(text).toBe(first.files.get(path));
    },
  );

  it('follow the contract: retention, classification and erasure subjects', () => {
    const first = renderProduct(resolvePack(cwd, 'source-aligned'), answers('source-aligned', 'table'), OPTIONS);
    const contract = parse(first.files.get('contracts/out.odcs.yaml')!);
    contract.slaProperties[0] = { property: 'retention', value: 2, unit: 'y' };
    contract.schema[0].properties.push({ name: 'phone', logicalType: 'string', classification: 'confidential' });
    const facts = factsOf(parse(first.files.get('dataproduct.odps.yaml')!), [{ file: 'contracts/out.odcs.yaml', value: contract }]);
    const policies = controlPolicies(facts) as {
      retention: Array<{ days: number }>;
      classification: Array<{ fields: Record<string, string> }>;
      erasure: { subjects: Array<{ fields: string[] }> };
    };
    expect(policies.retention[0].days).toBe(730);
    expect(policies.classification[0].fields.phone).toBe('confidential');
    expect(policies.erasure.subjects[0].fields).toEqual(['customer_email', 'phone']);
    expect((observationSlos(facts) as { slos: Array<{ meaning: string }> }).slos[0].meaning).toBe('kept 2 years');
  });

  it('say SLA promises in words from the value and unit', () => {
    expect(slaMeaning('retention', 30, 'd')).toBe('kept 30 days');
    expect(slaMeaning('retention', 'forever', undefined)).toBe('kept forever');
    expect(slaMeaning('frequency', 1, 'd')).toBe('refreshed every day');
    expect(slaMeaning('frequency', 6, 'h')).toBe('refreshed every 6 hours');
    expect(slaMeaning('latency', 5, 'min')).toBe('at most 5 minutes behind the source');
  });

  it('differences match list items by identity and are said in words', () => {
    const actual = {
      retention: [
        { port: 'a', days: 365 },
        { port: 'b', days: 10 },
      ],
      classification: [{ port: 'a', fields: { x: 'internal' } }],
    };
    const expected = {
      retention: [
        { port: 'b', days: 10 },
        { port: 'a', days: 30 },
      ],
      classification: [{ port: 'a', fields: { x: 'internal', y: 'restricted' } }],
    };
    const found = differences(actual, expected);
    expect(found.map(describeDrift)).toEqual(['says retention 365 d for port `a`, the contract 30 d', 'does not list field `y` for port `a`']);
    expect(found[0].path).toEqual(['retention', 0, 'days']);
  });

  it('name a check the documents no longer give by its id, with its port beside it', () => {
    const check = (field: string) => ({ id: `e.${field}.nullValues`, port: 'e', element: `e.${field}`, metric: 'nullValues' });
    const found = differences({ checks: [check('a'), check('gone')] }, { checks: [check('a')] });
    expect(found.map(describeDrift)).toEqual(['lists `e.gone.nullValues` for port `e`, which the descriptor and contracts do not give']);
  });
});

describe('placeholders', () => {
  it('are TODO values and URLs on example domains in YAML, NotImplementedError and dp:placeholder lines in code', () => {
    const data = {
      a: 'TODO',
      b: {
        url: 'https://chat.example.com/x',
        mail: 'ana@example.com',
        real: 'https://data.acme.io',
        sub: ['http://api.test.example:8080/v1', 'TODO-workspace.cloud.databricks.com'],
      },
    };
    expect(placeholdersInData('f.yaml', data).map((p) => [toPointer(p.path!), p.what])).toEqual([
      ['/a', 'todo'],
      ['/b/url', 'example-url'],
      ['/b/sub/0', 'example-url'],
      ['/b/sub/1', 'todo'],
    ]);
    const code = 'def f():\n    raise NotImplementedError("write it")\n# raise NotImplementedError in a comment\nx = 1  # dp:placeholder\n';
    expect(placeholdersInText('f.py', code).map((p) => p.line)).toEqual(['raise NotImplementedError("write it")', 'x = 1  # dp:placeholder']);
  });

  it('survive the record as written and read back, paths as JSON pointers', () => {
    const record = {
      template: { id: 'x', version: '1.0.0' },
      files: new Map([['a', 'sha256:1']]),
      derived: new Map([['p.yaml', 'control-policies']]),
      placeholders: [{ file: 'b.yaml', path: ['a/b', 0, '~x'], value: 'TODO', what: 'todo' as const }],
      derivedFrom: 'sha256:2',
    };
    expect(readRecord(JSON.parse(JSON.stringify(recordData(record))))).toEqual(record);
    expect(fromPointer(toPointer(['a/b', 0, '~x', '12']))).toEqual(['a/b', 0, '~x', 12]);
  });
});

describe('the base store', () => {
  it('keeps each file and the facts compressed, and refuses more than it may inflate', () => {
    const files = new Map([
      ['a.md', 'x'.repeat(10_000)],
      ['b.yaml', 'key: value\n'],
    ]);
    const facts = factsOf({ id: 'p', outputPorts: [] }, []);
    const data = baseData(files, facts);
    expect(JSON.stringify(data).length).toBeLessThan(1000);
    expect(readBaseData(JSON.parse(JSON.stringify(data)))).toEqual({ files, facts });
    // 17 MB of one letter compress to a few kilobytes: reading it back is refused, not inflated.
    const bomb = baseData([['x', 'y'.repeat(17 * 1024 * 1024)]], facts);
    expect(JSON.stringify(bomb).length).toBeLessThan(100_000);
    expect(() => readBaseData(bomb)).toThrow();
  });
});
