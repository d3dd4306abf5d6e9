/** Engine-neutral predicates rendered in a dialect, knowing the column's type family. */
import type { Predicate } from '../types.js';
import { numberLiteral, type Dialect } from './dialect.js';
import { isTemporalFamily, type EngineColumn, type TypeFamily } from './types.js';

export interface ColumnRef {
  /** The quoted column expression. */
  sql: string;
  family: TypeFamily;
  /** The column as the engine reports it (name and type), when bound to data. */
  column?: EngineColumn;
}

type Scalar = string | number | boolean;

const NUMERIC = new Set<TypeFamily>(['integer', 'number']);

/** Both sides of `value = literal` for one listed value: numbers against numeric columns, booleans against booleans, text otherwise. */
function sides(d: Dialect, column: ColumnRef, value: Scalar): [string, string] {
  if (typeof value === 'number' && NUMERIC.has(column.family)) return [column.sql, numberLiteral(value)];
  if (typeof value === 'boolean' && column.family === 'boolean') return [column.sql, value ? 'TRUE' : 'FALSE'];
  return [column.family === 'string' ? column.sql : d.asText(column.sql), d.string(String(value))];
}

/** One IN list per way of comparing (numbers, booleans, text), joined by OR. */
function anyOf(d: Dialect, column: ColumnRef, values: Scalar[]): string {
  if (values.length === 0) return 'FALSE';
  const groups = new Map<string, string[]>();
  for (const v of values) {
    const [left, right] = sides(d, column, v);
    groups.set(left, [...(groups.get(left) ?? []), right]);
  }
  const parts = [...groups].map(([left, rights]) => (rights.length === 1 ? `${left} = ${rights[0]}` : `${left} IN (${rights.join(', ')})`));
  return parts.length === 1 ? `(${parts[0]})` : `(${parts.join(' OR ')})`;
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
