/** Engine-neutral predicates rendered in a dialect, knowing the column's type family. */
import type { Predicate } from '../types.js';
import { numberLiteral, type Dialect } from './dialect.js';
import { isTemporalFamily, type TypeFamily } from './types.js';

export interface ColumnRef {
  /** The quoted column expression. */
  sql: string;
  family: TypeFamily;
}

type Scalar = string | number | boolean;

const NUMERIC = new Set<TypeFamily>(['integer', 'number']);

/** `value = literal` for one listed value: numbers against numeric columns, booleans against booleans, text otherwise. */
function equals(d: Dialect, column: ColumnRef, value: Scalar): string {
  if (typeof value === 'number' && NUMERIC.has(column.family)) return `${column.sql} = ${numberLiteral(value)}`;
  if (typeof value === 'boolean' && column.family === 'boolean') return `${column.sql} = ${value ? 'TRUE' : 'FALSE'}`;
  const text = column.family === 'string' ? column.sql : d.asText(column.sql);
  return `${text} = ${d.string(String(value))}`;
}

function anyOf(d: Dialect, column: ColumnRef, values: Scalar[]): string {
  if (values.length === 0) return 'FALSE';
  return `(${values.map((v) => equals(d, column, v)).join(' OR ')})`;
}

function bound(d: Dialect, column: ColumnRef, value: number | string, temporal: boolean | undefined): string {
  if (temporal || typeof value === 'string') {
    const family = isTemporalFamily(column.family) || column.family === 'time' ? column.family : 'timestamptz';
    return `CAST(${d.string(String(value))} AS ${d.temporalType(family)})`;
  }
  return numberLiteral(value);
}

function outside(d: Dialect, column: ColumnRef, p: Extract<Predicate, { kind: 'valueOutside' }>): string {
  const parts: string[] = [];
  if (p.min !== undefined) parts.push(`${column.sql} < ${bound(d, column, p.min, p.temporal)}`);
  if (p.max !== undefined) parts.push(`${column.sql} > ${bound(d, column, p.max, p.temporal)}`);
  if (p.exclusiveMin !== undefined) parts.push(`${column.sql} <= ${bound(d, column, p.exclusiveMin, p.temporal)}`);
  if (p.exclusiveMax !== undefined) parts.push(`${column.sql} >= ${bound(d, column, p.exclusiveMax, p.temporal)}`);
  return parts.length === 0 ? 'FALSE' : `(${parts.join(' OR ')})`;
}

function lengthOutside(d: Dialect, length: string, min?: number, max?: number): string {
  const parts: string[] = [];
  if (min !== undefined) parts.push(`${length} < ${numberLiteral(min)}`);
  if (max !== undefined) parts.push(`${length} > ${numberLiteral(max)}`);
  return parts.length === 0 ? 'FALSE' : `(${parts.join(' OR ')})`;
}

/** The SQL condition that is true for the rows the predicate counts. */
export function renderPredicate(d: Dialect, column: ColumnRef, p: Predicate): string {
  const c = column.sql;
  const text = column.family === 'string' ? c : d.asText(c);
  switch (p.kind) {
    case 'isNull':
      return `${c} IS NULL`;
    case 'in':
      return p.orNull ? `(${c} IS NULL OR ${anyOf(d, column, p.values)})` : anyOf(d, column, p.values);
    case 'notIn':
      return `(${c} IS NOT NULL AND NOT ${anyOf(d, column, p.values)})`;
    case 'notMatching': {
      const listed = p.orIn && p.orIn.length > 0 ? ` AND NOT ${anyOf(d, column, p.orIn)}` : '';
      return `(${c} IS NOT NULL AND NOT ${d.matches(text, p.pattern)}${listed})`;
    }
    case 'lengthOutside':
      return `(${c} IS NOT NULL AND ${lengthOutside(d, d.length(text), p.min, p.max)})`;
    case 'valueOutside':
      return `(${c} IS NOT NULL AND ${outside(d, column, p)})`;
    case 'notMultipleOf':
      return `(${c} IS NOT NULL AND ${c} % ${numberLiteral(p.divisor)} <> 0)`;
    case 'itemsOutside':
      return `(${c} IS NOT NULL AND ${lengthOutside(d, d.items(c), p.min, p.max)})`;
    case 'itemsRepeated':
      return `(${c} IS NOT NULL AND ${d.itemsRepeated(c)})`;
    case 'olderThan':
      return `${c} < ${d.fromEpoch(p.epochSeconds)}`;
  }
}
