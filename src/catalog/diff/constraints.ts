/**
 * Constraints on a field's values: `logicalTypeOptions` bounds, pattern and
 * format, and allowed values (ODCS `invalidValues` quality rules with
 * `arguments.validValues`). Narrower constraints reject data that used to be
 * valid, so they are breaking; wider ones are not.
 */
import { isRecord, records, type QualityRule, type SchemaProperty } from '../../descriptor/model.js';
import type { Change } from '../store.js';
import { change } from './rules.js';

/** Bounds where a larger value is a narrower constraint. */
const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'];
/** Bounds where a smaller value is a narrower constraint. */
const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'];
/** Constraints that cannot be ranked: adding or changing one narrows, removing widens. */
const EXACT = ['pattern', 'format', 'multipleOf', 'uniqueItems'];

export interface FieldScope {
  contractId: string;
  ports: string[];
  /** `schema.<object>.<field>` */
  path: string;
}

function options(field: SchemaProperty): Record<string, unknown> {
  return isRecord(field.logicalTypeOptions) ? field.logicalTypeOptions : {};
}

/** 1 when `after` is greater than `before`, -1 when smaller, 0 when equal, NaN when they cannot be ranked. */
function rank(before: unknown, after: unknown): number {
  if (before === after) return 0;
  const comparable = (typeof before === 'number' && typeof after === 'number') || (typeof before === 'string' && typeof after === 'string');
  if (!comparable) return NaN;
  return (after as number | string) > (before as number | string) ? 1 : -1;
}

function boundChange(before: unknown, after: unknown, lower: boolean): 'tightened' | 'loosened' | undefined {
  if (before === undefined && after === undefined) return undefined;
  if (before === undefined) return 'tightened';
  if (after === undefined) return 'loosened';
  const r = rank(before, after);
  if (r === 0) return undefined;
  if (Number.isNaN(r)) return 'tightened'; // cannot rank: assume the worst
  return r > 0 === lower ? 'tightened' : 'loosened';
}

function exactChange(name: string, before: unknown, after: unknown): 'tightened' | 'loosened' | undefined {
  if (JSON.stringify(before) === JSON.stringify(after)) return undefined;
  if (after === undefined || (name === 'uniqueItems' && after === false)) return 'loosened';
  return 'tightened';
}

function describe(name: string, before: unknown, after: unknown): string {
  const show = (v: unknown) => (v === undefined ? 'none' : JSON.stringify(v));
  return `${name} ${show(before)} -> ${show(after)}`;
}

export function diffOptions(before: SchemaProperty, after: SchemaProperty, scope: FieldScope): Change[] {
  const a = options(before);
  const b = options(after);
  const out: Change[] = [];
  const names = [...LOWER_BOUNDS, ...UPPER_BOUNDS, ...EXACT];
  for (const name of names) {
    const verdict = EXACT.includes(name) ? exactChange(name, a[name], b[name]) : boundChange(a[name], b[name], LOWER_BOUNDS.includes(name));
    if (!verdict) continue;
    const rule = verdict === 'tightened' ? 'field-constraint-tightened' : 'field-constraint-loosened';
    const message = `${scope.path.slice('schema.'.length)}: constraint ${verdict}: ${describe(name, a[name], b[name])}`;
    out.push(change(rule, message, { ...scope, path: `${scope.path}.logicalTypeOptions.${name}`, before: a[name], after: b[name] }));
  }
  return out;
}

/** Allowed values of a field, or undefined when it has none. */
export function allowedValues(field: SchemaProperty): string[] | undefined {
  let found: string[] | undefined;
  for (const [rule] of records<QualityRule>(field.quality)) {
    const values = isRecord(rule.arguments) ? rule.arguments.validValues : undefined;
    if (Array.isArray(values)) found = [...(found ?? []), ...values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))];
  }
  const listed = options(field).enum;
  if (Array.isArray(listed)) found = [...(found ?? []), ...listed.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))];
  return found;
}

export function diffAllowedValues(before: SchemaProperty, after: SchemaProperty, scope: FieldScope): Change[] {
  const a = allowedValues(before);
  const b = allowedValues(after);
  const name = scope.path.slice('schema.'.length);
  const path = `${scope.path}.validValues`;
  if (a === undefined && b === undefined) return [];
  if (a === undefined) return [change('field-constraint-tightened', `${name}: values now restricted to ${b!.join(', ')}`, { ...scope, path, after: b })];
  if (b === undefined) return [change('field-constraint-loosened', `${name}: values no longer restricted`, { ...scope, path, before: a })];
  const out: Change[] = [];
  for (const v of a.filter((x) => !b.includes(x))) {
    out.push(change('field-enum-value-removed', `${name}: allowed value "${v}" was removed`, { ...scope, path, before: v }));
  }
  for (const v of b.filter((x) => !a.includes(x))) {
    out.push(change('field-enum-value-added', `${name}: allowed value "${v}" was added`, { ...scope, path, after: v }));
  }
  return out;
}
