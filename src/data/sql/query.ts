/**
 * What one table must yield for its checks: every measure of every check of
 * the object as a list of aggregates, each once (a `required` check and a
 * `nullValues` rule on the same column share one count), and how each check
 * reads its number from the values of that list. Rendering the list as one
 * query is ./scan.ts; some values may come from the data's metadata instead.
 */
import type { Measure, ObjectPlan, PlannedCheck } from '../plan.js';
import type { Aggregate } from '../types.js';
import type { ColumnRef } from './predicate.js';
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

/** A value per aggregate, in the order of the list. */
export type Values = readonly unknown[];

export interface ScanItem {
  check: PlannedCheck;
  /** The measured number from the aggregate values (null when there is nothing to measure). */
  read(values: Values): number | null;
}

/** What a scan tells of the data besides the checks: how many rows it read, and the newest value of the `--since` column. */
export interface ScanFacts {
  rows: number;
  /** ISO 8601 instant; the place to resume from with --since. */
  watermark?: string;
}

export interface ScanPlan {
  /** Every aggregate the items read, each once; aggregates name fields by their contract name. */
  aggregates: Aggregate[];
  items: ScanItem[];
  facts(values: Values): ScanFacts;
  /** Checks that cannot be measured on this data, with the reason. */
  unmeasurable: Array<{ check: PlannedCheck; reason: string }>;
}

export const toNumber = (v: unknown): number | null => (v === null || v === undefined ? null : typeof v === 'number' ? v : Number(v as string | bigint));

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
  readonly list: Aggregate[] = [];
  private readonly index = new Map<string, number>();

  add(aggregate: Aggregate): number {
    const key = JSON.stringify(aggregate);
    const known = this.index.get(key);
    if (known !== undefined) return known;
    this.list.push(aggregate);
    this.index.set(key, this.list.length - 1);
    return this.list.length - 1;
  }
}

function reader(list: AggregateList, measure: Measure, nowSeconds: number): ScanItem['read'] {
  const rows = list.add({ kind: 'rows' });
  const percentOf = (n: number | null, values: Values): number | null => {
    const total = toNumber(values[rows]) ?? 0;
    return n === null ? null : total === 0 ? 0 : (n * 100) / total;
  };
  switch (measure.kind) {
    case 'rowCount':
      return (values) => toNumber(values[rows]);
    case 'count': {
      const i = list.add({ kind: 'count', column: measure.field, predicate: measure.predicate });
      return (values) => (measure.percent ? percentOf(toNumber(values[i]), values) : toNumber(values[i]));
    }
    case 'duplicates': {
      const distinct = list.add({ kind: 'distinct', columns: measure.fields });
      const base = measure.fields.length === 1 ? list.add({ kind: 'nonNull', column: measure.fields[0] }) : rows;
      return (values) => {
        const n = (toNumber(values[base]) ?? 0) - (toNumber(values[distinct]) ?? 0);
        return measure.percent ? percentOf(n, values) : n;
      };
    }
    case 'age': {
      const i = list.add({ kind: measure.of === 'newest' ? 'maxEpoch' : 'minEpoch', column: measure.field });
      return (values) => {
        const epoch = toNumber(values[i]);
        return epoch === null ? null : nowSeconds - epoch;
      };
    }
    case 'sql':
      throw new Error('sql rules run as their own query');
  }
}

/** The aggregates of an object's checks other than sql rules, and how each check reads its number. */
export function planScan(bound: BoundObject, checks: PlannedCheck[], nowSeconds: number): ScanPlan {
  const list = new AggregateList();
  const items: ScanItem[] = [];
  const unmeasurable: ScanPlan['unmeasurable'] = [];
  for (const check of checks) {
    if (check.measure.kind === 'sql') continue;
    const reason = obstacle(check, bound);
    if (reason) unmeasurable.push({ check, reason });
    else items.push({ check, read: reader(list, check.measure, nowSeconds) });
  }
  const rows = list.add({ kind: 'rows' });
  const since = bound.plan.sinceField;
  const newest =
    since !== undefined && bound.columns.has(since) && isTemporalFamily(bound.columns.get(since)!.family)
      ? list.add({ kind: 'maxEpoch', column: since })
      : undefined;
  const facts = (values: Values): ScanFacts => {
    const epoch = newest === undefined ? null : toNumber(values[newest]);
    return { rows: toNumber(values[rows]) ?? 0, ...(epoch === null ? {} : { watermark: new Date(epoch * 1000).toISOString() }) };
  };
  return { aggregates: list.list, items, unmeasurable, facts };
}
