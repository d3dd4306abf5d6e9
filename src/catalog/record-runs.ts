/**
 * Recording test runs, shared by a local writer (`dp test --publish --catalog
 * <file or postgres://...>`) and the catalog server (POST
 * /api/products/{id}/runs): each run is checked against its bounds and against
 * what the catalog stores (the product version must be published, the port
 * must be one of its output ports under the same contract, and a team token
 * may record runs only of the products its team owns now), then appended. Runs
 * are independent: one refused does not stop the others.
 */
import type { Caller } from './ownership.js';
import { type NewRun, type RecordOptions, type RunCandidate, type RunCheck, type RunOutcome, type RunStatus, type RunSummary } from './runs.js';
import type { CatalogStore, VersionRecord } from './store.js';

/** Runs one request may carry, checks and objects per run, and the length of each text. */
export const MAX_RUNS = 100;
export const MAX_RUN_CHECKS = 2000;
export const MAX_RUN_OBJECTS = 500;
export const MAX_NAME = 300;
export const MAX_MESSAGE = 2000;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function badTime(value: string | undefined): boolean {
  return value !== undefined && (!ISO.test(value) || Number.isNaN(Date.parse(value)));
}

/** What is wrong with a run's shape (empty when sound): bounds, times, and a status that agrees with its checks. */
export function runProblems(run: RunCandidate): string[] {
  const problems: string[] = [];
  if (run.checks.length > MAX_RUN_CHECKS) problems.push(`${run.checks.length} checks, at most ${MAX_RUN_CHECKS}`);
  if (run.objects.length > MAX_RUN_OBJECTS) problems.push(`${run.objects.length} objects, at most ${MAX_RUN_OBJECTS}`);
  for (const [name, value] of Object.entries({ startedAt: run.startedAt, finishedAt: run.finishedAt, since: run.since })) {
    if (badTime(value)) problems.push(`${name} is not an ISO 8601 instant: ${String(value).slice(0, 40)}`);
  }
  const watermarks = run.objects.filter((o) => badTime(o.watermark));
  if (watermarks.length > 0) problems.push(`the watermark of object ${watermarks[0].object.slice(0, MAX_NAME)} is not an ISO 8601 instant`);
  if (problems.length === 0 && Date.parse(run.finishedAt) < Date.parse(run.startedAt)) problems.push('finishedAt is before startedAt');
  if (run.status !== 'error' && run.checks.some((c) => c.status === 'error')) problems.push(`status ${run.status}, but a check is in error`);
  return problems;
}

export function summariseChecks(checks: RunCheck[]): RunSummary {
  const count = (status: RunCheck['status']) => checks.filter((c) => c.status === status).length;
  return {
    checks: checks.length,
    passed: count('passed'),
    failed: count('failed'),
    errors: count('error'),
    skipped: count('skipped'),
    failing: checks.filter((c) => c.status === 'failed' && c.severity === 'error').length,
  };
}

/** A run passes when every check of error severity passed, as dp test's exit code says; `error` when it could not all run. */
export function statusOf(run: RunCandidate, summary: RunSummary): RunStatus {
  if (run.status === 'error' || summary.errors > 0) return 'error';
  return summary.failing > 0 ? 'failed' : 'passed';
}

/** The oldest watermark of the run's objects: every object was read up to it. */
export function watermarkOf(run: RunCandidate): string | null {
  const marks = run.objects.flatMap((o) => (o.watermark === undefined ? [] : [Date.parse(o.watermark)]));
  return marks.length === 0 ? null : new Date(Math.min(...marks)).toISOString();
}

type Refusal = { code: string; message: string };

function refusalOf(run: RunCandidate, version: VersionRecord | undefined, latest: VersionRecord | undefined, caller: Caller): Refusal | undefined {
  const ref = `${run.productId}@${run.productVersion}`;
  const problems = runProblems(run);
  if (problems.length > 0) return { code: 'invalid-run', message: `${ref} port ${run.port}: ${problems.join('; ')}` };
  if (!version || !latest)
    return { code: 'version-unpublished', message: `${ref} is not in the catalog: publish it first (dp publish), then record its test runs` };
  if (caller.kind === 'token' && !caller.admin && caller.team !== latest.team) {
    return {
      code: 'not-owner',
      message: `${ref}: ${run.productId} is owned by ${latest.team === null ? 'no team' : `team ${latest.team}`}; a token of team ${caller.team} may not record its test runs`,
    };
  }
  const port = version.ports.find((p) => p.direction === 'output' && p.name === run.port);
  if (!port) return { code: 'unknown-port', message: `${ref} has no output port ${run.port}` };
  if (port.contractId !== run.contractId)
    return {
      code: 'contract-mismatch',
      message: `${ref} port ${run.port} publishes contract ${port.contractId ?? '(none)'}, but the run tested ${run.contractId}`,
    };
  return undefined;
}

const utc = (time: string): string => new Date(time).toISOString();

/** The run as stored: times in UTC, its summary, status and watermark computed here, not taken from the sender. */
function toNewRun(run: RunCandidate, options: RecordOptions): NewRun {
  const summary = summariseChecks(run.checks);
  const objects = run.objects.map((o) => (o.watermark === undefined ? o : { ...o, watermark: utc(o.watermark) }));
  const times = { startedAt: utc(run.startedAt), finishedAt: utc(run.finishedAt), ...(run.since === undefined ? {} : { since: utc(run.since) }) };
  return {
    ...run,
    ...times,
    objects,
    status: statusOf(run, summary),
    summary,
    watermark: watermarkOf(run),
    publisher: options.publisher,
    recordedAt: (options.now?.() ?? new Date()).toISOString(),
  };
}

export async function recordRuns(store: CatalogStore, runs: RunCandidate[], options: RecordOptions, caller: Caller): Promise<RunOutcome[]> {
  const latest = await store.latestVersions([...new Set(runs.map((r) => r.productId))]);
  const versions = new Map<string, VersionRecord | undefined>();
  for (const run of runs) {
    const key = `${run.productId}@${run.productVersion}`;
    if (!versions.has(key))
      versions.set(
        key,
        latest.get(run.productId)?.version === run.productVersion ? latest.get(run.productId) : await store.getVersion(run.productId, run.productVersion),
      );
  }
  const outcomes: RunOutcome[] = runs.map((run) => {
    const refusal = refusalOf(run, versions.get(`${run.productId}@${run.productVersion}`), latest.get(run.productId), caller);
    const base = { productId: run.productId, productVersion: run.productVersion, port: run.port, server: run.server };
    return refusal ? { ...base, status: 'refused', refusal } : { ...base, status: 'recorded' };
  });
  const accepted = runs.filter((_, i) => outcomes[i].status === 'recorded');
  const ids = accepted.length > 0 ? await store.appendRuns(accepted.map((run) => toNewRun(run, options))) : [];
  let next = 0;
  return outcomes.map((o) => (o.status === 'recorded' ? { ...o, id: ids[next++] } : o));
}
