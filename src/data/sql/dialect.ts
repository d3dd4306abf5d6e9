/**
 * What differs between SQL engines, and only that: quoting, literals, regular
 * expressions, lengths, list functions and epochs. The aggregate and sample
 * queries are built once (src/data/sql/query.ts) and rendered through a dialect.
 */
import type { TypeFamily } from './types.js';

export interface Dialect {
  name: string;
  ident(name: string): string;
  string(value: string): string;
  /** A regular expression match (search semantics, as JSON Schema's `pattern`). */
  matches(text: string, pattern: string): string;
  /** The column as text, for comparing with strings and matching patterns. */
  asText(column: string): string;
  length(text: string): string;
  /** Number of items of a list or array value. */
  items(column: string): string;
  /** True when a list has a repeated item. */
  itemsRepeated(column: string): string;
  /** Seconds since 1970 of a date or timestamp expression (timestamps without zone read as UTC). */
  epoch(expr: string): string;
  /** A timestamp with time zone from seconds since 1970. */
  fromEpoch(seconds: number): string;
  /** The SQL type a literal of a temporal logical type is cast to. */
  temporalType(family: TypeFamily | 'time'): string;
}

export function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return String(n);
}

/** Standard SQL string literal: quotes doubled; NUL refused (no engine stores it in text). */
export function standardString(value: string): string {
  // eslint-disable-next-line no-control-regex
  return `'${value.replace(/\u0000/g, '').replace(/'/g, "''")}'`;
}

export function standardIdent(name: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${name.replace(/\u0000/g, '').replace(/"/g, '""')}"`;
}
