/**
 * Column types as families, so that a contract's `logicalType` and
 * `physicalType` can be compared with what an engine reports, whatever it
 * calls its types (DuckDB's VARCHAR, PostgreSQL's character varying...).
 */
import type { LogicalType } from '../plan.js';

/** A column as an engine reports it. */
export interface EngineColumn {
  name: string;
  /** The type as the engine names it (VARCHAR, character varying(36)...). */
  type: string;
}

export type TypeFamily =
  'string' | 'integer' | 'number' | 'boolean' | 'date' | 'timestamp' | 'timestamptz' | 'time' | 'array' | 'object' | 'binary' | 'interval' | 'unknown';

const RULES: Array<[RegExp, TypeFamily]> = [
  [/\[\d*\]$|^_|^array\b|^list\b/, 'array'],
  [/^(struct|map|union|row|record|json|jsonb|variant|object|super|hstore)\b/, 'object'],
  [/^(timestamp|datetime)(\(\d+\))?[ _]?(with time zone|tz|_tz|ltz)|^timestamptz|^timestamp_tz|^timestamp(\(\d+\))? with local time zone/, 'timestamptz'],
  [/^date-time$/, 'timestamptz'],
  [/^(timestamp|datetime|timestamp_ns|timestamp_ms|timestamp_s|smalldatetime|datetime2)\b/, 'timestamp'],
  [/^date\b/, 'date'],
  [/^time(tz|\b)/, 'time'],
  [/^interval\b/, 'interval'],
  [/^(bool|boolean|bit)\b/, 'boolean'],
  [
    /^(tinyint|smallint|int|integer|bigint|hugeint|uhugeint|utinyint|usmallint|uinteger|ubigint|int2|int4|int8|int16|int32|int64|int128|long|short|byte|serial|bigserial|smallserial|varint)\b/,
    'integer',
  ],
  [/^(decimal|numeric|number)\s*\(\s*\d+\s*(,\s*0\s*)?\)$/, 'integer'],
  [/^(decimal|numeric|number|double|float|float4|float8|real|double precision|money|bignum)\b/, 'number'],
  [/^(varchar|char|character|character varying|text|string|nvarchar|nchar|bpchar|uuid|enum|citext|name|clob|ntext|varchar2|nvarchar2)\b/, 'string'],
  [/^(blob|bytea|binary|varbinary|bytes|bytestring)\b/, 'binary'],
];

export function familyOf(type: string): TypeFamily {
  const t = type.trim().toLowerCase();
  for (const [pattern, family] of RULES) if (pattern.test(t)) return family;
  return 'unknown';
}

/** Families each logical type accepts (an integer column holds numbers; a date is not a timestamp). */
export const ACCEPTS: Record<LogicalType, TypeFamily[]> = {
  string: ['string'],
  integer: ['integer'],
  number: ['integer', 'number'],
  boolean: ['boolean'],
  date: ['date'],
  timestamp: ['timestamp', 'timestamptz'],
  time: ['time'],
  array: ['array'],
  object: ['object'],
};

/** Whether a declared physical type and an engine's type are the same kind of value (numbers of any width, text of any length). */
export function sameFamily(declared: TypeFamily, actual: TypeFamily): boolean {
  if (declared === 'unknown' || actual === 'unknown') return true;
  if (declared === actual) return true;
  if (declared === 'number' && actual === 'integer') return false;
  const loose = (f: TypeFamily): TypeFamily => (f === 'timestamptz' ? 'timestamp' : f);
  return loose(declared) === loose(actual);
}

export const isTemporalFamily = (f: TypeFamily): boolean => f === 'date' || f === 'timestamp' || f === 'timestamptz';
