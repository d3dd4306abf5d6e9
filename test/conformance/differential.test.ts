import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Finding } from '../../src/core/finding.js';
import { checkSchema } from '../../src/validate/schema-check.js';
import { mutate, seeded, TARGETED, type Json, type Mutation } from './mutations.js';
import { basesFor, loadAllValidators, ODCS_V30, officialExamples, officialValidator, removeScratch, sourceFromText, type SchemaName } from './support.js';

/** Longer campaigns: DP_DIFF_SEED=<n> picks other mutations. */
const SEED = Number(process.env.DP_DIFF_SEED ?? 20250501);
/** Mutations per base: the two ODPS examples get more, the ODCS ones are many already. */
const PER_BASE: Record<'odps' | 'odcs', number> = { odps: 150, odcs: 45 };
/** Extra ODCS mutations of server types, logical types and quality rules (skipped where a base has none). */
const TARGETED_PER_BASE = 30;
/** The older ODCS versions have more bases (examples written for them, and real files): fewer mutations each. */
const PER_V30_BASE = 15;
const TARGETED_PER_V30_BASE = 12;
/** Bigger than a mutation test needs; still checked as a whole by examples.test.ts. */
const SKIP = /postgresql-adventureworks-contract/;

interface Outcome {
  schema: SchemaName;
  label: string;
  /** Whether the unmutated base is valid under the official schema: only then is one mutation one problem. */
  cleanBase: boolean;
  official: boolean;
  ours: boolean;
  findings: Finding[];
}

function judge(schema: SchemaName, base: string, mutation: Mutation, cleanBase: boolean): Outcome {
  const text = stringify(mutation.value);
  const file = sourceFromText(text, `${base} / ${mutation.label}`);
  const official = officialValidator(schema)(file.value);
  const findings = checkSchema(file, schema);
  return { schema, label: `${schema} ${base}: ${mutation.label}`, cleanBase, official, ours: findings.length === 0, findings };
}

const outcomes: Outcome[] = [];

function judgeAll(schema: SchemaName, name: string, base: Json, mutations: Mutation[]): void {
  const unchanged = judge(schema, name, { label: 'unchanged', value: base }, false);
  unchanged.cleanBase = unchanged.official;
  outcomes.push(unchanged);
  for (const mutation of mutations) outcomes.push(judge(schema, name, mutation, unchanged.official));
}

beforeAll(async () => {
  await loadAllValidators();
  const random = seeded(SEED);
  for (const example of officialExamples()) {
    if (SKIP.test(example.name)) continue;
    const base = parse(readFileSync(example.path, 'utf8')) as Json;
    const mutations = mutate(base, PER_BASE[example.kind], random);
    if (example.kind === 'odcs') mutations.push(...mutate(base, TARGETED_PER_BASE, random, TARGETED));
    judgeAll(example.schema, example.name, base, mutations);
  }
  for (const schema of ODCS_V30) {
    for (const base of basesFor(schema.replace('odcs-', ''))) {
      if (SKIP.test(base.name)) continue;
      judgeAll(schema, base.name, base.value, [...mutate(base.value, PER_V30_BASE, random), ...mutate(base.value, TARGETED_PER_V30_BASE, random, TARGETED)]);
    }
  }
});
afterAll(removeScratch);

describe('dp schemas agree with the official ones on mutated documents', () => {
  it('generates hundreds of cases, both valid and invalid, for every schema', () => {
    expect(outcomes.length).toBeGreaterThan(3000);
    for (const schema of ['odps-v1.0.0', 'odcs-v3.0.0', 'odcs-v3.0.1', 'odcs-v3.0.2', 'odcs-v3.1.0'] as const) {
      const mine = outcomes.filter((o) => o.schema === schema);
      expect(mine.filter((o) => !o.official).length, schema).toBeGreaterThan(100);
      expect(mine.filter((o) => o.official).length, schema).toBeGreaterThan(50);
    }
  });

  it('rejects what the official schema rejects, with at least one finding', () => {
    const missed = outcomes.filter((o) => !o.official && o.ours).map((o) => o.label);
    expect(missed).toEqual([]);
  });

  it('accepts what the official schema accepts', () => {
    const refused = outcomes.filter((o) => o.official && !o.ours).map((o) => `${o.label} -> ${o.findings.map((f) => f.message).join(' | ')}`);
    expect(refused).toEqual([]);
  });

  it('reports a single finding for a single wrong key or value', () => {
    const single = /: (unknownKey|unknownKeyShallow|badEnum|badFormat): /;
    const noisy = outcomes
      .filter((o) => o.cleanBase && !o.official && single.test(o.label) && o.findings.length !== 1)
      .map((o) => `${o.label} -> ${o.findings.map((f) => f.message).join(' | ')}`);
    expect(noisy).toEqual([]);
  });

  it('gives every finding a schema rule id and a position inside the file', () => {
    for (const o of outcomes) {
      for (const f of o.findings) {
        expect(f.ruleId).toMatch(/^schema-(unknown-key|missing-key|type|enum|format|invalid)$/);
        expect(f.line).toBeGreaterThanOrEqual(1);
        expect(f.endLine * 10000 + f.endColumn).toBeGreaterThan(f.line * 10000 + f.column);
      }
    }
  });
});
