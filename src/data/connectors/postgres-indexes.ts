/**
 * What PostgreSQL's catalog answers exactly without reading a row: a valid
 * unique index guarantees its key has no duplicates, so a distinct count over
 * those columns is the count of their non-NULL values (one column), or of rows
 * (a tuple holding the key, when the key's columns are NOT NULL or the index
 * treats NULLs as equal). The scan then skips that distinct count, the most
 * costly measure of a table. Only plain indexes count: no partial index (a
 * WHERE clause), no expression, no index still being built (`indisvalid`).
 */
import type { Aggregate } from '../types.js';
import type { BoundObject } from '../sql/query.js';
import type { Known, KnownValue } from '../sql/scan.js';
import { postgresDialect } from '../sql/postgres.js';
import type { Session } from './connector.js';

interface UniqueKey {
  columns: string[];
  /** No row can hold NULL in the key: every key column is NOT NULL, or the index treats NULLs as equal. */
  total: boolean;
}

// indnullsnotdistinct (PostgreSQL 15) is read through to_jsonb so that older servers answer too.
const sql = (relation: string): string => `SELECT array_agg(attname ORDER BY n), bool_and(attnotnull) OR bool_or(nulls_equal)
  FROM (SELECT i.indexrelid, k.n, a.attname::text AS attname, a.attnotnull, coalesce((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, FALSE) AS nulls_equal
    FROM pg_catalog.pg_index i
    CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE i.indrelid = to_regclass(${postgresDialect.string(relation)}) AND i.indisunique AND i.indisvalid
      AND i.indpred IS NULL AND i.indexprs IS NULL AND k.n <= i.indnkeyatts) AS key_columns
  GROUP BY indexrelid`;

function keysOf(rows: unknown[][]): UniqueKey[] {
  return rows.map(([columns, total]) => ({ columns: Array.isArray(columns) ? columns.map(String) : [], total: total === true }));
}

/** Distinct counts that a unique index makes equal to another aggregate of the list. */
export async function uniqueIndexes(session: Session, bound: BoundObject, aggregates: readonly Aggregate[]): Promise<Known> {
  const known = new Map<number, KnownValue>();
  const distinct = [...aggregates.entries()].filter(([, a]) => a.kind === 'distinct');
  if (distinct.length === 0) return known;
  const keys = keysOf(await session.query(sql(bound.relation)));
  const columnOf = (field: string): string | undefined => bound.columns.get(field)?.column?.name;
  const indexOf = (wanted: Aggregate): number => aggregates.findIndex((a) => JSON.stringify(a) === JSON.stringify(wanted));
  for (const [index, a] of distinct) {
    if (a.kind !== 'distinct') continue;
    const columns = a.columns.map(columnOf);
    if (columns.some((c) => c === undefined)) continue;
    if (columns.length === 1) {
      const nonNull = indexOf({ kind: 'nonNull', column: a.columns[0] });
      if (nonNull >= 0 && keys.some((k) => k.columns.length === 1 && k.columns[0] === columns[0])) known.set(index, { sameAs: nonNull });
      continue;
    }
    const rows = indexOf({ kind: 'rows' });
    if (rows >= 0 && keys.some((k) => k.total && k.columns.every((c) => columns.includes(c)))) known.set(index, { sameAs: rows });
  }
  return known;
}
