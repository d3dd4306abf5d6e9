/**
 * Rows that show why a check failed: the key columns and the offending value
 * (or, for duplicates, the repeated values and how often they occur), at most
 * N, values of sensitive fields masked unless the user asks to see them.
 */
import type { Session } from './connectors/connector.js';
import type { SampleSpec } from './plan.js';
import { renderPredicate } from './sql/predicate.js';
import type { BoundObject } from './sql/query.js';
import { sinceCondition, whereClause } from './sql/scan.js';
import type { Dialect } from './sql/dialect.js';
import type { Samples } from './types.js';

export interface SampleOptions {
  limit: number;
  showRestricted: boolean;
}

export const MASK = '***';

function sampleSql(d: Dialect, bound: BoundObject, spec: SampleSpec, limit: number): { sql: string; fields: string[]; extra?: string } {
  const since = sinceCondition(d, bound);
  const where = (condition?: string): string => whereClause([since, condition]);
  if (spec.kind === 'duplicates') {
    const cols = spec.fields.map((f) => bound.columns.get(f)!.sql);
    const nonNull = spec.fields.length === 1 ? `${cols[0]} IS NOT NULL` : undefined;
    return {
      sql: `SELECT ${cols.join(', ')}, count(*) AS occurrences FROM ${bound.relation}${where(nonNull)} GROUP BY ${cols.join(', ')} HAVING count(*) > 1 ORDER BY count(*) DESC LIMIT ${limit}`,
      fields: spec.fields,
      extra: 'occurrences',
    };
  }
  const keys = bound.plan.fields
    .filter((f) => f.primaryKeyPosition !== undefined && f.name !== spec.field && bound.columns.has(f.name))
    .sort((a, b) => a.primaryKeyPosition! - b.primaryKeyPosition!)
    .map((f) => f.name);
  const fields = [...keys, spec.field];
  const cols = fields.map((f) => bound.columns.get(f)!.sql);
  const condition = renderPredicate(d, bound.columns.get(spec.field)!, spec.predicate);
  return { sql: `SELECT ${cols.join(', ')} FROM ${bound.relation}${where(condition)} LIMIT ${limit}`, fields };
}

export async function collectSamples(session: Session, d: Dialect, bound: BoundObject, spec: SampleSpec, options: SampleOptions): Promise<Samples | undefined> {
  if (options.limit <= 0) return undefined;
  const { sql, fields, extra } = sampleSql(d, bound, spec, options.limit);
  const rows = await session.query(sql);
  const sensitive = new Set(bound.plan.fields.filter((f) => f.sensitive).map((f) => f.name));
  const masked = options.showRestricted ? [] : fields.filter((f) => sensitive.has(f));
  const maskAt = new Set(masked.map((f) => fields.indexOf(f)));
  return {
    columns: extra ? [...fields, extra] : fields,
    rows: rows.map((row) => row.map((v, i) => (maskAt.has(i) && v !== null ? MASK : v))),
    masked,
  };
}
