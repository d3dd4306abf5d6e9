/**
 * The write path to an engine, used only by the control commands (dp erase
 * apply, dp retention apply, dp access apply); dp test never reaches it. A
 * writer counts first (reads only), then deletes in one transaction per call:
 * every target of the call, or nothing. Identifiers and values are quoted or
 * bound, never pasted.
 */
import { DataError } from '../connectors/connector.js';
/** Which rows: those whose subject column holds an identifier, or those older than a time. */
export type RowFilter = { kind: 'subject'; columns: string[]; value: string } | { kind: 'older'; column: string; before: string };

export interface DeleteTarget {
  /** The contract's object, for messages and records. */
  object: string;
  /** What the engine calls it: a table name, or `{object}` in a file path. */
  physicalName: string;
  filter: RowFilter;
}

export interface DeleteCount {
  object: string;
  /** What was read or changed: a table, or the files. */
  relation: string;
  rows: number;
}

export interface EngineWriter {
  /** The engine and its version, for messages. */
  readonly description: string;
  /** The rows each target would delete, read in one snapshot; an error names a missing table or column. */
  count(targets: DeleteTarget[]): Promise<DeleteCount[]>;
  /** Deletes the rows of every target in one transaction: all of them, or nothing. */
  delete(targets: DeleteTarget[]): Promise<DeleteCount[]>;
  close(): Promise<void>;
}

/**
 * A filter as a SQL condition: `column(name, kind)` renders a column (its identifier, or a cast of
 * it), `value(i, text, kind)` the i-th value (a literal, or a bound parameter).
 */
export function filterSql(
  filter: RowFilter,
  column: (name: string, kind: RowFilter['kind']) => string,
  value: (index: number, text: string, kind: RowFilter['kind']) => string,
): string {
  if (filter.kind === 'older') return `${column(filter.column, 'older')} < ${value(0, filter.before, 'older')}`;
  return filter.columns.map((c, i) => `${column(c, 'subject')} = ${value(i, filter.value, 'subject')}`).join(' OR ');
}

/** The values a filter binds, in the order `filterSql` numbers them. */
export function filterValues(filter: RowFilter): string[] {
  return filter.kind === 'older' ? [filter.before] : filter.columns.map(() => filter.value);
}

/** The column of `name` among a relation's columns, or a clear error naming the columns there are. */
export function requireColumn(name: string, columns: string[], relation: string): string {
  const found = matchColumn(name, columns);
  if (found === undefined) throw new DataError('config', `${relation} has no column ${name}`, `its columns: ${columns.join(', ')}`);
  return found;
}

/** The column of `name` among an engine's columns: exact, else the one that differs only in case. */
export function matchColumn(name: string, columns: string[]): string | undefined {
  if (columns.includes(name)) return name;
  const folded = columns.filter((c) => c.toLowerCase() === name.toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}

export function filterColumns(filter: RowFilter): string[] {
  return filter.kind === 'older' ? [filter.column] : filter.columns;
}
