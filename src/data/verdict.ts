/**
 * Thresholds: reading the ODCS operator of a rule, judging a measurement
 * against it, and saying it in words. `mustBeBetween` includes its bounds and
 * `mustNotBeBetween` fails on them (see docs/test.md for why).
 */
import type { QualityRule } from '../descriptor/model.js';
import type { Operator, Threshold } from './types.js';
import { ODCS_OPERATORS } from '../core/odcs-operators.js';

export const OPERATORS: readonly Operator[] = ODCS_OPERATORS;

const SYMBOL: Record<Operator, string> = {
  mustBe: '=',
  mustNotBe: '≠',
  mustBeGreaterThan: '>',
  mustBeGreaterOrEqualTo: '≥',
  mustBeLessThan: '<',
  mustBeLessOrEqualTo: '≤',
  mustBeBetween: 'between',
  mustNotBeBetween: 'not between',
};

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

/** The operator of a rule, or a sentence saying why there is none that dp can use. */
export function thresholdOf(rule: QualityRule): Threshold | string {
  const present = OPERATORS.filter((op) => rule[op] !== undefined);
  if (present.length === 0) return 'the rule has no operator (mustBe, mustBeLessThan...)';
  if (present.length > 1) return `the rule has ${present.length} operators (${present.join(', ')}); ODCS allows one`;
  const operator = present[0];
  const raw = rule[operator];
  if (operator === 'mustBeBetween' || operator === 'mustNotBeBetween') {
    const pair = Array.isArray(raw) ? raw.map(numberOf) : [];
    if (pair.length !== 2 || pair.some((n) => n === undefined)) return `${operator} needs two numbers, smallest first`;
    const [a, b] = pair as [number, number];
    return { operator, value: a <= b ? [a, b] : [b, a] };
  }
  const value = numberOf(raw);
  if (value === undefined) return `${operator} must be a number (or a boolean for mustBe), got ${JSON.stringify(raw)}`;
  return { operator, value };
}

export function passes(measured: number, threshold: Threshold): boolean {
  const v = threshold.value;
  switch (threshold.operator) {
    case 'mustBe':
      return measured === v;
    case 'mustNotBe':
      return measured !== v;
    case 'mustBeGreaterThan':
      return measured > (v as number);
    case 'mustBeGreaterOrEqualTo':
      return measured >= (v as number);
    case 'mustBeLessThan':
      return measured < (v as number);
    case 'mustBeLessOrEqualTo':
      return measured <= (v as number);
    case 'mustBeBetween': {
      const [lo, hi] = v as [number, number];
      return measured >= lo && measured <= hi;
    }
    case 'mustNotBeBetween': {
      const [lo, hi] = v as [number, number];
      return measured < lo || measured > hi;
    }
  }
}

/** "≤ 5", "between 100 and 120", with a formatter for the numbers (durations, percentages). */
export function describeThreshold(threshold: Threshold, format: (n: number) => string = String): string {
  const v = threshold.value;
  if (Array.isArray(v)) return `${SYMBOL[threshold.operator]} ${format(v[0])} and ${format(v[1])}`;
  return `${SYMBOL[threshold.operator]} ${format(v)}`;
}

export const MUST_BE_ZERO: Threshold = { operator: 'mustBe', value: 0 };
