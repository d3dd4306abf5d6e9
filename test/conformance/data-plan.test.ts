/**
 * What dp test would measure, compiled from every official ODCS example and the real-world
 * contracts of ../shared (read in place): never a crash, every check and every listed item
 * points at a line of its contract, and nothing is silently dropped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileContract } from '../../src/data/compile/index.js';
import { CHECK_CATEGORIES } from '../../src/data/types.js';
import { loadSource } from '../../src/descriptor/source.js';
import { CONFORMANCE_DIR, officialExamples } from './support.js';

const REALWORLD = join(CONFORMANCE_DIR, '..', 'realworld');
const options = { now: Date.parse('2026-06-01T00:00:00Z'), personalPatterns: [/e_?mail/i] };

function realWorldContracts(): string[] {
  if (!existsSync(join(REALWORLD, 'manifest.tsv'))) return [];
  return readFileSync(join(REALWORLD, 'manifest.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter(([, cls]) => cls === 'odcs-valid')
    .map(([file]) => join(REALWORLD, file));
}

describe('compiling real contracts into what to measure', () => {
  const files = [
    ...officialExamples()
      .filter((e) => e.kind === 'odcs')
      .map((e) => e.path),
    ...realWorldContracts(),
  ];

  it('finds the official examples and the real-world contracts', () => {
    expect(files.length).toBeGreaterThanOrEqual(18 + 40);
  });

  for (const path of files) {
    it(`${path.slice(path.indexOf('shared/') + 7)}`, () => {
      const file = loadSource(path, path);
      const plan = compileContract(file, options, CHECK_CATEGORIES);
      const all = [...plan.skipped, ...plan.objects.flatMap((o) => [...o.checks, ...o.skipped])];
      const lines = file.text.split('\n').length;
      for (const item of all) {
        expect(item.location.line).toBeGreaterThanOrEqual(1);
        expect(item.location.line).toBeLessThanOrEqual(lines);
        expect(item.expected).not.toBe('');
      }
      for (const check of plan.objects.flatMap((o) => o.checks)) expect(check.threshold).toBeDefined();
      // Every quality rule of an object or a column, and every SLA property, gives at least one check or listed item.
      const objects = Array.isArray(file.value?.schema) ? (file.value!.schema as Array<Record<string, any>>) : [];
      const count = (list: unknown): number => (Array.isArray(list) ? list.length : 0);
      const rules = objects.reduce(
        (n, o) =>
          n + count(o.quality) + (Array.isArray(o.properties) ? o.properties.reduce((m: number, p: Record<string, unknown>) => m + count(p.quality), 0) : 0),
        0,
      );
      expect(all.length).toBeGreaterThanOrEqual(rules + count(file.value?.slaProperties));
    });
  }
});
