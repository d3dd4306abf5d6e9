import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Finding } from '../../src/validate/finding.js';
import { checkSchema } from '../../src/validate/schema-check.js';
import { mutate, seeded, TARGETED, type Json, type Mutation } from './mutations.js';
import { officialExamples, officialValidator, removeScratch, sourceFromText, type Kind } from './support.js';

const SEED = 20250501;
/** Mutations per example: the two ODPS examples get more, the ODCS ones are many already. */
const PER_EXAMPLE: Record<Kind, number> = { odps: 150, odcs: 45 };
/** Extra ODCS mutations of server types, logical types and quality rules (skipped where an example has none). */
const TARGETED_PER_EXAMPLE = 30;
/** Bigger than a mutation test needs; still checked as a whole by examples.test.ts. */
const SKIP = new Set(['all--postgresql-adventureworks-contract.odcs.yaml']);

interface Outcome {
  kind: Kind;
  label: string;
  official: boolean;
  ours: boolean;
  findings: Finding[];
}

function judge(kind: Kind, example: string, mutation: Mutation): Outcome {
  const text = stringify(mutation.value);
  const file = sourceFromText(text, `${example} / ${mutation.label}`);
  const official = officialValidator(kind)(file.value);
  const findings = checkSchema(file, kind);
  return { kind, label: `${example}: ${mutation.label}`, official, ours: findings.length === 0, findings };
}

describe('dp schemas agree with the official ones on mutated examples', () => {
  const outcomes: Outcome[] = [];
  beforeAll(() => {
    const random = seeded(SEED);
    for (const example of officialExamples()) {
      if (SKIP.has(example.name)) continue;
      const base = parse(readFileSync(example.path, 'utf8')) as Json;
      const mutations = mutate(base, PER_EXAMPLE[example.kind], random);
      if (example.kind === 'odcs') mutations.push(...mutate(base, TARGETED_PER_EXAMPLE, random, TARGETED));
      for (const mutation of mutations) outcomes.push(judge(example.kind, example.name, mutation));
    }
  });
  afterAll(removeScratch);

  it('generates hundreds of cases, both valid and invalid, for both standards', () => {
    expect(outcomes.length).toBeGreaterThan(900);
    for (const kind of ['odps', 'odcs'] as const) {
      const mine = outcomes.filter((o) => o.kind === kind);
      expect(mine.filter((o) => !o.official).length).toBeGreaterThan(100);
      expect(mine.filter((o) => o.official).length).toBeGreaterThan(50);
    }
  });

  it('rejects what the official schema rejects, with at least one finding', () => {
    const missed = outcomes.filter((o) => !o.official && o.ours).map((o) => o.label);
    expect(missed).toEqual([]);
  });

  it('accepts what the official schema accepts', () => {
    const refused = outcomes.filter((o) => o.official && !o.ours).map((o) => o.label);
    expect(refused).toEqual([]);
  });

  it('reports a single finding for a single wrong key or value', () => {
    const single = /: (unknownKey|unknownKeyShallow|badEnum|badFormat): /;
    const noisy = outcomes
      .filter((o) => !o.official && single.test(o.label) && o.findings.length !== 1)
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
