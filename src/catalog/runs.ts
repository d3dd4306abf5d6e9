/**
 * Test runs in the catalog: the evidence `dp test --publish` records for one
 * output port of one published product version, tested on one server. Runs
 * are append-only events (no update or delete method; the databases refuse
 * UPDATE and DELETE with triggers), bounded in what they may carry, and never
 * hold rows of data: the samples of failing rows stay with the run that made
 * them (they may hold personal data).
 */

export type RunStatus = 'passed' | 'failed' | 'error';
export type CheckStatus = 'passed' | 'failed' | 'error' | 'skipped';

/** One check of a run, as dp test reported it (without its samples). */
export interface RunCheck {
  object: string;
  field?: string;
  /** The metric or check name: rowCount, nullValues, type, latency, sql... */
  check: string;
  category: 'schema' | 'quality' | 'sla';
  status: CheckStatus;
  measured: number | string | null;
  unit?: 'rows' | 'percent' | 'seconds' | 'type' | 'value';
  threshold?: { operator: string; value: number | [number, number] };
  /** The promise in words ("newest value at most 4 h old"). */
  expected: string;
  severity: 'error' | 'warning' | 'info';
  dimension?: string;
  message: string;
  /** Where the rule is in the contract (1-based). */
  location?: { file: string; line: number; column: number };
}

/** One schema object as the run read it. */
export interface RunObject {
  object: string;
  /** Rows scanned (after --since). */
  rows?: number;
  /** Newest value of the object's --since column, ISO 8601. */
  watermark?: string;
}

export interface RunSummary {
  checks: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  /** Failed checks of error severity: a run with any does not pass. */
  failing: number;
}

/** A run offered for recording (`Catalog.recordRuns`). */
export interface RunCandidate {
  productId: string;
  productVersion: string;
  port: string;
  contractId: string;
  contractVersion?: string;
  server: string;
  serverType: string;
  startedAt: string;
  finishedAt: string;
  /** `error` when the port could not be tested, or a check could not run. */
  status: RunStatus;
  /** What the engine said, or why the port could not be tested. */
  message?: string;
  /** Only rows newer than this instant were tested (--since), ISO 8601. */
  since?: string;
  objects: RunObject[];
  checks: RunCheck[];
}

/** A run as the catalog stores it. */
export interface StoredRun extends RunCandidate {
  /** The run's sequence number in the catalog, in decimal: grows with every run recorded. */
  id: string;
  publisher: string;
  recordedAt: string;
  /**
   * Where a later `--since last` resumes: the oldest of the objects' watermarks (every object has
   * been read up to it), null when no object had one.
   */
  watermark: string | null;
  summary: RunSummary;
}

/** A run ready to be stored: checked by src/catalog/record-runs.ts. */
export type NewRun = Omit<StoredRun, 'id'>;

export interface RunQuery {
  port?: string;
  server?: string;
  /** Only runs older than this run id (the `next` of a previous page). */
  before?: string;
  /** Default 20, at most MAX_RUNS_PAGE. */
  limit?: number;
}

export interface RunPage {
  /** Newest first. */
  items: StoredRun[];
  /** The `before` of the next page; null on the last. */
  next: string | null;
}

/**
 * How a product stands by the latest run of each output port of its latest version on each server:
 * failing when one of them did not pass, passing when all passed, untested without any
 * (src/catalog/runs-sql.ts computes it in the database).
 */
export type Quality = 'passing' | 'failing' | 'untested';
export const QUALITIES: readonly Quality[] = ['passing', 'failing', 'untested'];

export const MAX_RUNS_PAGE = 100;
export const DEFAULT_RUNS_PAGE = 20;

export interface RecordOptions {
  publisher: string;
  /** Injectable clock for tests. */
  now?: () => Date;
}

export interface RunOutcome {
  productId: string;
  productVersion: string;
  port: string;
  server: string;
  status: 'recorded' | 'refused';
  /** The stored run's id when recorded. */
  id?: string;
  /** Why it was refused. */
  refusal?: { code: string; message: string };
}

/** The limit and the cursor of a page of runs, within bounds (a cursor that is not a run id is ignored). */
export function runsPage(query: RunQuery): { limit: number; before: number | undefined } {
  const limit = Math.max(1, Math.min(MAX_RUNS_PAGE, Math.floor(query.limit ?? DEFAULT_RUNS_PAGE)));
  const before = query.before !== undefined && /^\d{1,15}$/.test(query.before) ? Number(query.before) : undefined;
  return { limit, before };
}

/** A page of runs read with one more than its limit: the extra one says there is a next page. */
export function toRunPage(runs: StoredRun[], limit: number): RunPage {
  const items = runs.slice(0, limit);
  return { items, next: runs.length > limit ? items[items.length - 1].id : null };
}
