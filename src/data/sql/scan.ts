/**
 * The one query of a table: the aggregates of its checks that its metadata did
 * not already answer, in one statement. Counts, extremes and non-null counts
 * are one ungrouped aggregate (which both engines run in parallel); distinct
 * counts are grouping sets over the same relation: a hash or sort per set,
 * which is cheaper than `count(DISTINCT ...)` inside the aggregate (in
 * PostgreSQL that form sorts each set on its own and turns parallel workers
 * off for the whole query; in DuckDB a tuple of columns is first built as a
 * struct).
 */
import type { Aggregate } from '../types.js';
import type { Dialect } from './dialect.js';
import { renderPredicate, type ColumnRef } from './predicate.js';
import type { BoundObject, Values } from './query.js';

/**
 * What is known of some aggregates before any row is read, by their index in the list: a value,
 * or that it equals another aggregate of the list (a distinct count equal to the non-null count
 * when a unique index guarantees it), which is then computed, once.
 */
export type KnownValue = number | null | { sameAs: number };
export type Known = ReadonlyMap<number, KnownValue>;

const isSameAs = (v: unknown): v is { sameAs: number } => v !== null && typeof v === 'object' && 'sameAs' in v;

export interface ScanQuery {
  /** The statement, or undefined when everything was known. */
  sql?: string;
  /** The value of every aggregate, from what was known and the statement's one row. */
  values(row: Values | undefined): unknown[];
}

/** PostgreSQL's GROUPING() takes at most 31 columns. */
const GROUPING_LIMIT = 31;

export function sinceCondition(d: Dialect, bound: BoundObject): string | undefined {
  const field = bound.plan.sinceField;
  if (bound.since === undefined || field === undefined || !bound.columns.has(field)) return undefined;
  return `${bound.columns.get(field)!.sql} >= ${d.fromEpoch(bound.since)}`;
}

/** ` WHERE a AND b` of the conditions present, or nothing. */
export function whereClause(conditions: Array<string | undefined>): string {
  const present = conditions.filter((c): c is string => c !== undefined);
  return present.length === 0 ? '' : ` WHERE ${present.join(' AND ')}`;
}

function render(d: Dialect, col: (field: string) => ColumnRef, a: Exclude<Aggregate, { kind: 'distinct' }>): string {
  switch (a.kind) {
    case 'rows':
      return 'count(*)';
    case 'count':
      return `count(*) FILTER (WHERE ${renderPredicate(d, col(a.column), a.predicate)})`;
    case 'nonNull':
      return `count(${col(a.column).sql})`;
    case 'maxEpoch':
      return d.epoch(`max(${col(a.column).sql})`);
    case 'minEpoch':
      return d.epoch(`min(${col(a.column).sql})`);
  }
}

interface Distinct {
  index: number;
  columns: string[];
}

/** Distinct sets grouped so that no group names more columns than GROUPING() takes. */
function chunks(sets: Distinct[]): Distinct[][] {
  const out: Array<{ sets: Distinct[]; columns: Set<string> }> = [];
  for (const set of sets) {
    const fits = out.find((c) => new Set([...c.columns, ...set.columns]).size <= GROUPING_LIMIT);
    if (fits) {
      fits.sets.push(set);
      for (const column of set.columns) fits.columns.add(column);
    } else out.push({ sets: [set], columns: new Set(set.columns) });
  }
  return out.map((c) => c.sets);
}

/**
 * Distinct counts of several sets of columns in one grouped pass: a group per value (or tuple) of each set,
 * counted per set. A value of one column counts when it is not NULL; a tuple counts whatever its NULLs
 * (NULL equal to NULL inside a tuple, as `count(DISTINCT row(...))`).
 */
function distinctCounts(d: Dialect, bound: BoundObject, sets: Distinct[], since: string | undefined): string {
  const col = (field: string): string => bound.columns.get(field)!.sql;
  if (sets.length === 1) {
    const [set] = sets;
    const notNull = set.columns.length === 1 ? `${col(set.columns[0])} IS NOT NULL` : undefined;
    return `(SELECT count(*) AS m${set.index} FROM (SELECT 1 AS one FROM ${bound.relation}${whereClause([since, notNull])} GROUP BY ${set.columns.map(col).join(', ')}) AS g)`;
  }
  const fields = [...new Set(sets.flatMap((s) => s.columns))];
  const bit = (field: string): number => 2 ** (fields.length - 1 - fields.indexOf(field));
  const all = 2 ** fields.length - 1;
  const counts = sets.map((s) => {
    // GROUPING() has a 1 for each column outside the set.
    const g = all - s.columns.reduce((sum, f) => sum + bit(f), 0);
    const notNull = s.columns.length === 1 ? ` AND v${fields.indexOf(s.columns[0])} IS NOT NULL` : '';
    return `count(*) FILTER (WHERE g = ${g}${notNull}) AS m${s.index}`;
  });
  const outputs = fields.map((f, i) => `${col(f)} AS v${i}`).join(', ');
  const groupingSets = sets.map((s) => `(${s.columns.map(col).join(', ')})`).join(', ');
  return `(SELECT ${counts.join(', ')} FROM (SELECT GROUPING(${fields.map(col).join(', ')}) AS g, ${outputs} FROM ${bound.relation}${whereClause([since])} GROUP BY GROUPING SETS (${groupingSets})) AS s)`;
}

/** The statement computing the aggregates not in `known`; one row whose columns are named m<index>. */
export function renderScan(d: Dialect, bound: BoundObject, aggregates: readonly Aggregate[], known: Known = new Map()): ScanQuery {
  const col = (field: string): ColumnRef => bound.columns.get(field)!;
  const since = sinceCondition(d, bound);
  const plain: string[] = [];
  const sets: Distinct[] = [];
  for (const [index, a] of aggregates.entries()) {
    if (known.has(index)) continue;
    if (a.kind === 'distinct') sets.push({ index, columns: a.columns });
    else plain.push(`${render(d, col, a)} AS m${index}`);
  }
  const asked = aggregates.map((_, i) => i).filter((i) => !known.has(i));
  const column = new Map(asked.map((index, position) => [index, position]));
  const values = (row: Values | undefined): unknown[] => {
    const direct = (i: number): unknown => (known.has(i) ? known.get(i) : row?.[column.get(i)!]);
    return aggregates.map((_, i) => {
      const v = direct(i);
      return isSameAs(v) ? direct(v.sameAs) : v;
    });
  };
  if (asked.length === 0) return { values };
  const main = plain.length === 0 ? undefined : `SELECT\n  ${plain.join(',\n  ')}\nFROM ${bound.relation}${whereClause([since])}`;
  if (sets.length === 0) return { sql: main, values };
  const parts = [...(main ? [`(${main}) AS a`] : []), ...chunks(sets).map((c, i) => `${distinctCounts(d, bound, c, since)} AS d${i}`)];
  return { sql: `SELECT ${asked.map((i) => `m${i}`).join(', ')}\nFROM ${parts.join('\nCROSS JOIN ')}`, values };
}
