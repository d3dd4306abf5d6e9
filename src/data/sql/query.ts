/**
 * One aggregate query per table: every measure of every check of the object,
 * deduplicated, in one SELECT over the relation (one scan), and the reading of
 * each check's number from the single row it returns.
 */
import type { Measure, ObjectPlan, PlannedCheck } from '../plan.js';
import type { Aggregate } from '../types.js';
import type { Dialect } from './dialect.js';
import { renderPredicate, type ColumnRef } from './predicate.js';
import { isTemporalFamily } from './types.js';

/** An object bound to its data: the relation to read and the column of each declared field found there. */
export interface BoundObject {
  plan: ObjectPlan;
  /** The relation in SQL (a quoted table name or view). */
  relation: string;
  columns: Map<string, ColumnRef>;
  /** Rows at or after this instant only (seconds since 1970), through `sinceField`. */
  since?: number;
}

export interface ScanItem {
  check: PlannedCheck;
  /** The measured number from the aggregate row (null when there is nothing to measure). */
  read(row: readonly unknown[]): number | null;
}

/** What a scan tells of the data besides the checks: how many rows it read, and the newest value of the `--since` column. */
export interface ScanFacts {
  rows: number;
  /** ISO 8601 instant; the place to resume from with --since. */
  watermark?: string;
}

export interface Scan {
  sql: string;
  items: ScanItem[];
  facts(row: readonly unknown[]): ScanFacts;
  /** Checks that cannot be measured on this data, with the reason. */
  unmeasurable: Array<{ check: PlannedCheck; reason: string }>;
}

const toNumber = (v: unknown): number | null => (v === null || v === undefined ? null : typeof v === 'number' ? v : Number(v as string | bigint));

function fieldsOf(measure: Measure): string[] {
  switch (measure.kind) {
    case 'count':
    case 'age':
      return [measure.field];
    case 'duplicates':
      return measure.fields;
    default:
      return [];
  }
}

/** Why a check cannot run on these columns, or undefined when it can. */
function obstacle(check: PlannedCheck, bound: BoundObject): string | undefined {
  for (const name of fieldsOf(check.measure)) {
    if (!bound.columns.has(name)) return `column of \`${name}\` is missing`;
  }
  const m = check.measure;
  if (m.kind === 'age') {
    const family = bound.columns.get(m.field)!.family;
    if (!isTemporalFamily(family)) return `\`${m.field}\` is not a date or timestamp column; its age cannot be measured`;
  }
  if (m.kind === 'count') {
    const family = bound.columns.get(m.field)!.family;
    const p = m.predicate;
    if ((p.kind === 'itemsOutside' || p.kind === 'itemsRepeated') && family !== 'array') return `\`${m.field}\` is not a list column`;
    if (p.kind === 'notMultipleOf' && family !== 'integer' && family !== 'number') return `\`${m.field}\` is not a numeric column`;
    if (p.kind === 'valueOutside' && (p.temporal ? !(isTemporalFamily(family) || family === 'time') : family !== 'integer' && family !== 'number')) {
      return `\`${m.field}\` is not a ${p.temporal ? 'date or time' : 'numeric'} column`;
    }
  }
  return undefined;
}

class AggregateList {
  readonly sql: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(private readonly d: Dialect, private readonly columns: Map<string, ColumnRef>) {}

  add(aggregate: Aggregate): number {
    const key = JSON.stringify(aggregate);
    const known = this.index.get(key);
    if (known !== undefined) return known;
    this.sql.push(this.render(aggregate));
    this.index.set(key, this.sql.length - 1);
    return this.sql.length - 1;
  }

  private col(field: string): ColumnRef {
    return this.columns.get(field)!;
  }

  private render(a: Aggregate): string {
    const d = this.d;
    switch (a.kind) {
      case 'rows':
        return 'count(*)';
      case 'count':
        return `count(*) FILTER (WHERE ${renderPredicate(d, this.col(a.column), a.predicate)})`;
      case 'nonNull':
        return `count(${this.col(a.column).sql})`;
      case 'distinct':
        return d.distinctTuple(a.columns.map((c) => this.col(c).sql));
      case 'maxEpoch':
        return d.epoch(`max(${this.col(a.column).sql})`);
      case 'minEpoch':
        return d.epoch(`min(${this.col(a.column).sql})`);
    }
  }
}

function reader(list: AggregateList, measure: Measure, nowSeconds: number): ScanItem['read'] {
  const rows = list.add({ kind: 'rows' });
  const percentOf = (n: number | null, row: readonly unknown[]): number | null => {
    const total = toNumber(row[rows]) ?? 0;
    return n === null ? null : total === 0 ? 0 : (n * 100) / total;
  };
  switch (measure.kind) {
    case 'rowCount':
      return (row) => toNumber(row[rows]);
    case 'count': {
      const i = list.add({ kind: 'count', column: measure.field, predicate: measure.predicate });
      return (row) => (measure.percent ? percentOf(toNumber(row[i]), row) : toNumber(row[i]));
    }
    case 'duplicates': {
      const distinct = list.add({ kind: 'distinct', columns: measure.fields });
      const base = measure.fields.length === 1 ? list.add({ kind: 'nonNull', column: measure.fields[0] }) : rows;
      return (row) => {
        const n = (toNumber(row[base]) ?? 0) - (toNumber(row[distinct]) ?? 0);
        return measure.percent ? percentOf(n, row) : n;
      };
    }
    case 'age': {
      const i = list.add({ kind: measure.of === 'newest' ? 'maxEpoch' : 'minEpoch', column: measure.field });
      return (row) => {
        const epoch = toNumber(row[i]);
        return epoch === null ? null : nowSeconds - epoch;
      };
    }
    case 'sql':
      throw new Error('sql rules run as their own query');
  }
}

export function sinceClause(d: Dialect, bound: BoundObject): string {
  const field = bound.plan.sinceField;
  if (bound.since === undefined || field === undefined || !bound.columns.has(field)) return '';
  return ` WHERE ${bound.columns.get(field)!.sql} >= ${d.fromEpoch(bound.since)}`;
}

/** The one aggregate query of an object, for its checks other than sql rules. */
export function buildScan(d: Dialect, bound: BoundObject, checks: PlannedCheck[], nowSeconds: number): Scan {
  const list = new AggregateList(d, bound.columns);
  const items: ScanItem[] = [];
  const unmeasurable: Scan['unmeasurable'] = [];
  for (const check of checks) {
    if (check.measure.kind === 'sql') continue;
    const reason = obstacle(check, bound);
    if (reason) unmeasurable.push({ check, reason });
    else items.push({ check, read: reader(list, check.measure, nowSeconds) });
  }
  const rows = list.add({ kind: 'rows' });
  const since = bound.plan.sinceField;
  const newest = since !== undefined && bound.columns.has(since) && isTemporalFamily(bound.columns.get(since)!.family) ? list.add({ kind: 'maxEpoch', column: since }) : undefined;
  const facts = (row: readonly unknown[]): ScanFacts => {
    const epoch = newest === undefined ? null : toNumber(row[newest]);
    return { rows: toNumber(row[rows]) ?? 0, ...(epoch === null ? {} : { watermark: new Date(epoch * 1000).toISOString() }) };
  };
  const select = list.sql.map((s, i) => `${s} AS m${i}`).join(',\n  ');
  return { sql: `SELECT\n  ${select}\nFROM ${bound.relation}${sinceClause(d, bound)}`, items, unmeasurable, facts };
}
