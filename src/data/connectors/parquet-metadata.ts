/**
 * What Parquet footers answer exactly, without reading a row: the number of
 * rows (the row groups' sizes), the NULLs of a column (null counts), that no
 * value lies outside a range (every row group's minimum and maximum inside
 * it), and the newest and oldest value of a date or timestamp column (exact
 * extremes). A statistic is used for a column only when every row group of
 * every file has it; whatever the footers cannot say is left to the scan.
 * Never read from statistics: ranges of floating-point columns (NaN sorts
 * above every number in DuckDB, while Parquet leaves it out of min and max),
 * INT96 timestamps (their order is undefined) and the deprecated min/max
 * fields of old writers (`stats_min_value` and `stats_max_value` only).
 */
import type { Aggregate } from '../types.js';
import type { Dialect } from '../sql/dialect.js';
import { renderPredicate, type ColumnRef } from '../sql/predicate.js';
import type { BoundObject } from '../sql/query.js';
import type { Known } from '../sql/scan.js';
import { isTemporalFamily } from '../sql/types.js';
import type { Session } from './connector.js';

/** A yes/no and a value per answerable aggregate, computed over the footers in one query. */
interface Answer {
  index: number;
  ok: string;
  value: string;
}

/** Physical types whose statistics dp does not read for ranges and extremes. */
const UNORDERED = `type IN ('FLOAT', 'DOUBLE', 'INT96')`;

function rangeable(ref: ColumnRef): boolean {
  const type = ref.column?.type.toUpperCase() ?? '';
  return ref.family === 'integer' || ref.family === 'time' || isTemporalFamily(ref.family) || type.startsWith('DECIMAL');
}

class Footers {
  readonly answers: Answer[] = [];

  constructor(
    private readonly d: Dialect,
    private readonly bound: BoundObject,
  ) {}

  /** The column's chunks: `path_in_schema` is the column's name for a top-level column of a plain type. */
  private chunk(ref: ColumnRef, condition: string): string {
    return `count(*) FILTER (WHERE path_in_schema = ${this.d.string(ref.column!.name)} AND ${condition})`;
  }

  /** Every row group has a chunk of the column for which the condition holds. */
  private everyGroup(ref: ColumnRef, condition = 'TRUE'): string {
    return `(${this.chunk(ref, condition)} = groups)`;
  }

  private stat(ref: ColumnRef, which: 'min' | 'max'): string {
    return `TRY_CAST(stats_${which}_value AS ${ref.column!.type})`;
  }

  private nulls(ref: ColumnRef): { ok: string; value: string } {
    return {
      ok: this.everyGroup(ref, 'stats_null_count IS NOT NULL'),
      value: `coalesce(sum(stats_null_count) FILTER (WHERE path_in_schema = ${this.d.string(ref.column!.name)}), 0)`,
    };
  }

  add(index: number, a: Aggregate): void {
    if (a.kind === 'rows') return void this.answers.push({ index, ok: 'TRUE', value: 'rows' });
    if (a.kind === 'distinct') return;
    const ref = this.bound.columns.get(a.column);
    // A column of a file without statistics, of another name, or nested under a dotted path is left to the scan.
    if (!ref?.column || ref.column.name.includes('.')) return;
    const allNull = 'coalesce(stats_null_count = row_group_num_rows, FALSE)';
    if (a.kind === 'nonNull') {
      const n = this.nulls(ref);
      return void this.answers.push({ index, ok: n.ok, value: `rows - ${n.value}` });
    }
    if (a.kind === 'count' && a.predicate.kind === 'isNull') return void this.answers.push({ index, ...this.nulls(ref) });
    if (a.kind === 'count' && a.predicate.kind === 'valueOutside' && rangeable(ref)) {
      const violates = (which: 'min' | 'max'): string => `coalesce(${renderPredicate(this.d, { ...ref, sql: this.stat(ref, which) }, a.predicate)}, TRUE)`;
      const inside = `NOT ${UNORDERED} AND ${this.stat(ref, 'min')} IS NOT NULL AND ${this.stat(ref, 'max')} IS NOT NULL AND NOT ${violates('min')} AND NOT ${violates('max')}`;
      return void this.answers.push({ index, ok: this.everyGroup(ref, `(${allNull} OR (${inside}))`), value: '0' });
    }
    if ((a.kind === 'maxEpoch' || a.kind === 'minEpoch') && isTemporalFamily(ref.family)) {
      const which = a.kind === 'maxEpoch' ? 'max' : 'min';
      // Exact extremes: said so, or physical integers (only byte arrays are ever truncated).
      const exact = `coalesce(${which}_is_exact, type IN ('INT32', 'INT64'))`;
      const ok = this.everyGroup(ref, `(${allNull} OR (NOT ${UNORDERED} AND ${this.stat(ref, which)} IS NOT NULL AND ${exact}))`);
      const value = this.d.epoch(`${which}(${this.stat(ref, which)}) FILTER (WHERE path_in_schema = ${this.d.string(ref.column.name)})`);
      this.answers.push({ index, ok, value });
    }
  }

  sql(files: string[]): string {
    const columns = this.answers.flatMap((a) => [`${a.ok} AS ok${a.index}`, `${a.value} AS v${a.index}`]);
    return `WITH meta AS (SELECT * FROM parquet_metadata([${files.map((f) => this.d.string(f)).join(', ')}])),
  row_groups AS (SELECT file_name, row_group_id, any_value(row_group_num_rows) AS n FROM meta GROUP BY file_name, row_group_id),
  totals AS (SELECT count(*) AS groups, coalesce(sum(n), 0) AS rows FROM row_groups)
SELECT
  ${columns.join(',\n  ')}
FROM totals, meta
GROUP BY groups, rows`;
  }
}

/** The aggregates the footers of `files` answer exactly, by index. */
export async function parquetMetadata(session: Session, d: Dialect, files: string[], bound: BoundObject, aggregates: readonly Aggregate[]): Promise<Known> {
  const footers = new Footers(d, bound);
  for (const [index, a] of aggregates.entries()) footers.add(index, a);
  const known = new Map<number, number | null>();
  // Statistics are of every row: with --since, every number comes from the rows after it.
  if (bound.since !== undefined || footers.answers.length === 0 || files.length === 0) return known;
  const [row] = await session.query(footers.sql(files));
  if (!row) return known;
  for (const [i, answer] of footers.answers.entries()) {
    if (row[2 * i] !== true) continue;
    const v = row[2 * i + 1];
    known.set(answer.index, v === null || v === undefined ? null : Number(v));
  }
  return known;
}
