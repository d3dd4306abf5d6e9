/**
 * Testing one schema object: find its data and columns, run its one aggregate
 * query and its sql rules in one read-only session, judge every check, and
 * fetch sample rows for the failures. When the aggregate fails for a reason
 * other than time or connection, each check is measured alone so that one bad
 * rule (an invalid pattern, say) does not hide the verdicts of the others.
 */
import { matchColumns } from './checks-columns.js';
import { DataError, type Connector, type Session } from './connectors/connector.js';
import type { ObjectPlan, PlannedCheck } from './plan.js';
import { judged, listed, notMeasured, type Owner } from './results.js';
import { collectSamples, type SampleOptions } from './samples.js';
import { leftPlaceholders, refuseSql, wrapRuleQuery } from './sql/guard.js';
import { planScan, type BoundObject, type ScanPlan, type Values } from './sql/query.js';
import { renderScan, type Known } from './sql/scan.js';
import type { CheckResult, ObjectRun } from './types.js';

export interface ObjectTestOptions extends SampleOptions {
  nowSeconds: number;
  sinceSeconds?: number;
  /** Called with each query and its duration (--debug). */
  trace?: (line: string) => void;
}

function traced(session: Session, trace: ((line: string) => void) | undefined): Session {
  if (!trace) return session;
  return {
    ...session,
    query: async (sql) => {
      const t0 = performance.now();
      try {
        return await session.query(sql);
      } finally {
        trace(`query ${(performance.now() - t0).toFixed(0)} ms:\n${sql}`);
      }
    },
    verifyReadOnly: (sql) => session.verifyReadOnly(sql),
    close: () => session.close(),
  };
}

function errorOf(error: unknown): DataError {
  if (error instanceof DataError) return error;
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return new DataError('query', message);
}

interface Measured {
  results: CheckResult[];
  /** The value of every aggregate, when the one query succeeded. */
  values?: Values;
}

/** What the data's metadata answers without a scan (Parquet statistics, unique indexes); nothing when it cannot say. */
async function fromMetadata(session: Session, connector: Connector, bound: BoundObject, scan: ScanPlan): Promise<Known> {
  if (!connector.metadata) return new Map();
  return connector.metadata(session, bound, scan.aggregates).catch(() => new Map());
}

async function measureAll(session: Session, connector: Connector, bound: BoundObject, scan: ScanPlan, owner: Owner, nowSeconds: number): Promise<Measured> {
  try {
    const query = renderScan(connector.dialect, bound, scan.aggregates, await fromMetadata(session, connector, bound, scan));
    const [row] = query.sql === undefined ? [] : await session.query(query.sql);
    const values = query.values(row ?? []);
    return { results: scan.items.map((item) => judged(owner, item.check, item.read(values))), values };
  } catch (error) {
    const e = errorOf(error);
    if (e.kind !== 'query' || scan.items.length === 1) return { results: scan.items.map((item) => notMeasured(owner, item.check, 'error', e.message)) };
    const results: CheckResult[] = [];
    for (const item of scan.items)
      results.push(...(await measureAll(session, connector, bound, planScan(bound, [item.check], nowSeconds), owner, nowSeconds)).results);
    return { results };
  }
}

function ruleValue(rows: unknown[][]): number | string {
  if (rows.length !== 1 || rows[0].length !== 1)
    return `the query must return one value, it returned ${rows.length} row(s) of ${rows[0]?.length ?? 0} column(s)`;
  const v = rows[0][0];
  if (typeof v === 'boolean') return v ? 1 : 0;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : `the query returned ${JSON.stringify(v)}, not a number`;
}

async function sqlRule(session: Session, connector: Connector, bound: BoundObject, check: PlannedCheck, owner: Owner): Promise<CheckResult> {
  if (check.measure.kind !== 'sql') throw new Error('not a sql rule');
  const property = check.field === undefined ? undefined : bound.columns.get(check.field)?.sql;
  if (check.field !== undefined && property === undefined) return notMeasured(owner, check, 'skipped', `column of \`${check.field}\` is missing`);
  const sql = wrapRuleQuery(check.measure.query, { object: bound.relation, property });
  const left = leftPlaceholders(sql);
  if (left.length > 0) return notMeasured(owner, check, 'error', `${left.join(', ')} has no value here (a rule on an object has no property)`);
  const inner = sql.slice(sql.indexOf('\n') + 1, sql.lastIndexOf('\n'));
  try {
    const refused = refuseSql(inner) ?? (await session.verifyReadOnly(inner));
    if (refused) return notMeasured(owner, check, 'error', `refused, not run: ${refused}`);
    const value = ruleValue(await session.query(sql));
    return typeof value === 'string' ? notMeasured(owner, check, 'error', value) : judged(owner, check, value);
  } catch (error) {
    return notMeasured(owner, check, 'error', errorOf(error).message);
  }
}

export interface ObjectOutcome {
  results: CheckResult[];
  run: ObjectRun;
}

export async function testObject(connector: Connector, plan: ObjectPlan, owner: Owner, options: ObjectTestOptions): Promise<ObjectOutcome> {
  const located = await connector.locate(plan);
  const results: CheckResult[] = plan.skipped.map((s) => listed(owner, s));
  const exists = {
    ...owner,
    check: 'exists',
    category: 'schema' as const,
    severity: 'error' as const,
    dimension: 'completeness',
    expected: `data for \`${plan.name}\``,
    location: plan.location,
  };
  if ('missing' in located) {
    results.push({ ...exists, status: 'failed', measured: null, message: located.missing });
    for (const check of plan.checks) results.push(notMeasured(owner, check, 'skipped', `no data for \`${plan.name}\``));
    return { results, run: { object: plan.name } };
  }
  results.push({ ...exists, status: 'passed', measured: located.relation, unit: 'value', message: `found ${located.relation}` });
  const match = matchColumns(owner, plan, located.columns, connector.dialect);
  results.push(...match.results);
  const bound: BoundObject = { plan, relation: located.relation, columns: match.columns, since: options.sinceSeconds };
  const scan = planScan(bound, plan.checks, options.nowSeconds);
  for (const { check, reason } of scan.unmeasurable) results.push(notMeasured(owner, check, 'skipped', reason));
  const run: ObjectRun = { object: plan.name, relation: located.relation };
  const session = traced(await connector.session(), options.trace);
  try {
    // One result per check, in the order of `checks` (measureAll keeps the order of its items).
    const rules = plan.checks.filter((c) => c.measure.kind === 'sql');
    const checks = [...scan.items.map((i) => i.check), ...rules];
    const all = await measureAll(session, connector, bound, scan, owner, options.nowSeconds);
    if (all.values) Object.assign(run, scan.facts(all.values));
    const measured = all.results;
    for (const check of rules) measured.push(await sqlRule(session, connector, bound, check, owner));
    for (const [i, result] of measured.entries()) {
      const sample = checks[i].sample;
      if (result.status === 'failed' && sample)
        result.samples = await collectSamples(session, connector.dialect, bound, sample, options).catch(() => undefined);
    }
    results.push(...measured);
  } finally {
    await session.close();
  }
  return { results, run };
}
