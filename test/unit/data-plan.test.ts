import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compileContract } from '../../src/data/compile/index.js';
import { durationMs, sinceInstant } from '../../src/data/durations.js';
import { chooseServer } from '../../src/data/server-choice.js';
import { passes, thresholdOf } from '../../src/data/verdict.js';
import { sourceFromText } from '../../src/descriptor/source.js';
import { CHECK_CATEGORIES } from '../../src/data/types.js';
import { validContract } from '../support/product.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const options = { now: NOW, personalPatterns: [/e_?mail/i] };

function compile(mutate: (c: Record<string, any>) => void = () => undefined, extra: Partial<typeof options & { since: number }> = {}) {
  const contract = validContract();
  for (const sla of contract.slaProperties) if (sla.property !== 'frequency') sla.element = 'play_events.played_at';
  mutate(contract);
  const file = sourceFromText('/x/contracts/c.odcs.yaml', 'contracts/c.odcs.yaml', stringify(contract));
  return { plan: compileContract(file, { ...options, ...extra }, CHECK_CATEGORIES), text: file.text.split('\n') };
}

describe('thresholds', () => {
  it('reads every operator; between includes its bounds and not-between fails on them', () => {
    expect(thresholdOf({ mustBeBetween: [5, 1] })).toEqual({ operator: 'mustBeBetween', value: [1, 5] });
    expect(passes(1, { operator: 'mustBeBetween', value: [1, 5] })).toBe(true);
    expect(passes(5, { operator: 'mustBeBetween', value: [1, 5] })).toBe(true);
    expect(passes(5.01, { operator: 'mustBeBetween', value: [1, 5] })).toBe(false);
    expect(passes(1, { operator: 'mustNotBeBetween', value: [1, 5] })).toBe(false);
    expect(passes(0, { operator: 'mustNotBeBetween', value: [1, 5] })).toBe(true);
    expect(passes(3, { operator: 'mustNotBe', value: 2 })).toBe(true);
    expect(passes(2, { operator: 'mustBeGreaterOrEqualTo', value: 2 })).toBe(true);
    expect(passes(2, { operator: 'mustBeGreaterThan', value: 2 })).toBe(false);
    expect(thresholdOf({ mustBe: true })).toEqual({ operator: 'mustBe', value: 1 });
  });

  it('says why a rule has no usable threshold', () => {
    expect(thresholdOf({})).toMatch(/no operator/);
    expect(thresholdOf({ mustBe: 0, mustBeLessThan: 3 })).toMatch(/2 operators/);
    expect(thresholdOf({ mustBeBetween: [1] })).toMatch(/two numbers/);
    expect(thresholdOf({ mustBeLessThan: 'ten' })).toMatch(/must be a number/);
  });
});

describe('compiling a contract into what to measure', () => {
  it('turns schema constraints, library metrics and SLAs into checks pointing at their contract lines', () => {
    const { plan, text } = compile();
    const object = plan.objects[0];
    expect(object.name).toBe('play_events');
    const names = object.checks.map((c) => `${c.category}:${c.field ?? ''}:${c.check}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'schema:event_id:required',
        'schema:event_id:unique',
        'schema:event_id:primaryKey',
        'schema:duration_ms:minimum',
        'quality::rowCount',
        'quality:event_id:nullValues',
        'sla:played_at:latency',
        'sla:played_at:retention',
      ]),
    );
    const required = object.checks.find((c) => c.check === 'required' && c.field === 'event_id')!;
    expect(text[required.location.line - 1]).toMatch(/required: true/);
    const latency = object.checks.find((c) => c.check === 'latency')!;
    expect(latency.threshold).toEqual({ operator: 'mustBeLessOrEqualTo', value: 4 * 3600 });
    expect(latency.location.file).toBe('contracts/c.odcs.yaml');
    expect(object.sinceField).toBe('played_at');
    // Frequency is measured after the data, from the history of published runs.
    expect(plan.skipped).toEqual([]);
    expect(plan.history).toEqual([expect.objectContaining({ check: 'frequency', category: 'sla', seconds: 86_400, expected: 'refreshed at least every 1 d' })]);
    expect(object.fields.find((f) => f.name === 'listener_email')!.sensitive).toBe(true);
  });

  it('reads the open metrics as documented: missing counts NULL, invalid accepts listed or matching, duplicates over a tuple', () => {
    const { plan } = compile((c) => {
      c.schema[0].quality.push({ metric: 'duplicateValues', mustBe: 0, arguments: { properties: ['event_id', 'played_at'] } });
      c.schema[0].properties[1].quality = [
        { metric: 'missingValues', mustBe: 0, arguments: { missingValues: ['', 'N/A'] } },
        { metric: 'invalidValues', mustBe: 0, arguments: { validValues: ['none'], pattern: '@' } },
      ];
    });
    const checks = plan.objects[0].checks;
    expect(checks.find((c) => c.check === 'missingValues')!.measure).toEqual({
      kind: 'count',
      field: 'listener_email',
      predicate: { kind: 'in', values: ['', 'N/A'], orNull: true },
      percent: false,
    });
    expect(checks.find((c) => c.check === 'invalidValues')!.measure).toMatchObject({ predicate: { kind: 'notMatching', pattern: '@', orIn: ['none'] } });
    expect(checks.find((c) => c.check === 'duplicateValues')!.measure).toEqual({ kind: 'duplicates', fields: ['event_id', 'played_at'], percent: false });
  });

  it('lists what it cannot test with the reason, and errors on rules that cannot be measured', () => {
    const { plan } = compile((c) => {
      c.schema[0].quality.push(
        { type: 'text', description: 'Plays are real.' },
        { type: 'custom', engine: 'soda', implementation: 'x' },
        { metric: 'duplicateValues', mustBe: 0, arguments: { properties: ['nope'] } },
        { metric: 'rowCount', mustBe: 1, unit: 'percent' },
      );
      c.slaProperties.push(
        { property: 'availability', value: 99.9, unit: 'percent' },
        { property: 'latency', value: 1, unit: 'h', element: 'play_events.nope' },
      );
    });
    const skipped = [...plan.objects[0].skipped, ...plan.skipped].map((s) => `${s.status ?? 'skipped'} ${s.check}: ${s.reason}`);
    expect(skipped).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^skipped text: .*prose/),
        expect.stringMatching(/^skipped custom: .*\(soda\)/),
        expect.stringMatching(/^error duplicateValues: .*`nope`/),
        expect.stringMatching(/^error rowCount: .*percent/),
        expect.stringMatching(/^skipped availability: .*service/),
        expect.stringMatching(/^error latency: .*no property `nope`/),
      ]),
    );
  });

  it('does not test retention with --since, and keeps only the categories asked for', () => {
    const { plan } = compile(() => undefined, { since: NOW - 3600_000 });
    expect(plan.objects[0].skipped.find((s) => s.check === 'retention')!.reason).toMatch(/--since/);
    const contract = validContract();
    contract.slaProperties[1].element = 'play_events.played_at';
    const file = sourceFromText('/x/c.odcs.yaml', 'c.odcs.yaml', stringify(contract));
    const slaOnly = compileContract(file, options, ['sla']);
    expect(new Set(slaOnly.objects[0].checks.map((c) => c.category))).toEqual(new Set(['sla']));
  });
});

describe('choosing a server', () => {
  const servers = (list: Array<Record<string, string>>) => ({ servers: list });
  it('takes the named one, the only one, or the development one; else says how to choose', () => {
    expect(chooseServer(servers([{ server: 'a', type: 'local' }]), undefined)).toMatchObject({ reason: 'the only server' });
    expect(
      chooseServer(
        servers([
          { server: 'p', type: 'snowflake', environment: 'prod' },
          { server: 'd', type: 'local', environment: 'dev' },
        ]),
        undefined,
      ),
    ).toMatchObject({ server: { server: 'd' }, reason: 'environment dev' });
    expect(
      chooseServer(
        servers([
          { server: 'p', type: 'x' },
          { server: 'q', type: 'y' },
        ]),
        undefined,
      ),
    ).toMatchObject({ error: expect.stringMatching(/2 servers \(p, q\)/), hint: expect.stringMatching(/--server/) });
    expect(chooseServer(servers([{ server: 'p', type: 'x' }]), 'z')).toMatchObject({ error: 'no server `z` in the contract' });
    expect(chooseServer({}, undefined)).toMatchObject({ error: expect.stringMatching(/names no server/) });
  });
});

describe('durations of --since and --timeout', () => {
  it('reads durations and instants', () => {
    expect(durationMs('90s')).toBe(90_000);
    expect(durationMs('24h')).toBe(86_400_000);
    expect(durationMs('PT15M')).toBe(900_000);
    expect(durationMs('soon')).toBeUndefined();
    expect(sinceInstant('7d', NOW)).toBe(NOW - 7 * 86_400_000);
    expect(sinceInstant('2026-05-01T00:00:00Z', NOW)).toBe(Date.parse('2026-05-01T00:00:00Z'));
    expect(sinceInstant('2026-05-01 12:00', NOW)).toBe(Date.parse('2026-05-01T12:00:00Z'));
    expect(sinceInstant('yesterday', NOW)).toBeUndefined();
  });
});

describe('the documentation of the meanings', () => {
  it('docs/test.md holds the same table as dp test --explain', async () => {
    const { readFileSync } = await import('node:fs');
    const { MEANINGS } = await import('../../src/data/explain.js');
    const doc = readFileSync(new URL('../../docs/test.md', import.meta.url), 'utf8');
    for (const m of MEANINGS) expect(doc).toContain(`| ${m.check} | ${m.meaning.replace(/\|/g, '\\|')} | ${m.why.replace(/\|/g, '\\|')} |`);
  });
});
