/**
 * The engine-neutral vocabulary of `dp test`: what to measure (aggregates over
 * one table, each a count or an extreme of a column under a predicate), the
 * checks that read those measurements, and the results. Results are plain,
 * JSON-serialisable data carrying the contract position of their rule, so a run
 * can be reported, stored or compared without the objects that made it.
 */
import type { Span } from '../descriptor/positions.js';
import type { Severity } from '../core/finding.js';
import type { OdcsOperator } from '../core/odcs-operators.js';

/** A condition on one column's value, rendered by each dialect. Values that are NULL never match unless said. */
export type Predicate =
  | { kind: 'isNull' }
  | { kind: 'in'; values: Array<string | number | boolean>; orNull?: boolean }
  | { kind: 'notIn'; values: Array<string | number | boolean> }
  | { kind: 'notMatching'; pattern: string; orIn?: Array<string | number | boolean> }
  | { kind: 'lengthOutside'; min?: number; max?: number }
  | { kind: 'valueOutside'; min?: number | string; max?: number | string; exclusiveMin?: number | string; exclusiveMax?: number | string; temporal?: boolean }
  | { kind: 'notMultipleOf'; divisor: number }
  | { kind: 'itemsOutside'; min?: number; max?: number }
  | { kind: 'itemsRepeated' }
  | { kind: 'olderThan'; epochSeconds: number };

/** One aggregate of a table scan. */
export type Aggregate =
  | { kind: 'rows' }
  | { kind: 'count'; column: string; predicate: Predicate }
  | { kind: 'nonNull'; column: string }
  | { kind: 'distinct'; columns: string[] }
  | { kind: 'maxEpoch'; column: string }
  | { kind: 'minEpoch'; column: string };

export type CheckCategory = 'schema' | 'quality' | 'sla';
export const CHECK_CATEGORIES: readonly CheckCategory[] = ['schema', 'quality', 'sla'];

export type Operator = OdcsOperator;

export interface Threshold {
  operator: Operator;
  /** A number, or two for the between operators. */
  value: number | [number, number];
}

export type Status = 'passed' | 'failed' | 'error' | 'skipped';

/** Where a check comes from in its contract (1-based, as findings). */
export interface RuleLocation extends Span {
  file: string;
}

/** Rows that show a failure: key columns and the offending value, restricted values masked. */
export interface Samples {
  columns: string[];
  rows: unknown[][];
  /** Columns whose values were masked (classified restricted or confidential, or personal data). */
  masked: string[];
}

export interface CheckResult {
  product?: string;
  port?: string;
  contract: string;
  server: string;
  object: string;
  field?: string;
  /** The metric or check name: rowCount, nullValues, type, required, latency, sql... */
  check: string;
  category: CheckCategory;
  status: Status;
  /** The measured value: a count, a percentage, an age in seconds, a type name; null when nothing could be measured. */
  measured: number | string | null;
  unit?: 'rows' | 'percent' | 'seconds' | 'type' | 'value';
  threshold?: Threshold;
  /** The promise in words, for readers and reporters ("no nulls", "newest value at most 4 h old"). */
  expected: string;
  severity: Severity;
  dimension?: string;
  /** What happened, in one line. */
  message: string;
  location: RuleLocation;
  samples?: Samples;
}

/** One schema object as the run saw it. */
export interface ObjectRun {
  object: string;
  /** The table, view or files read. */
  relation?: string;
  /** Rows scanned (after --since). */
  rows?: number;
  /** Newest value of the object's --since column (partition or latency element), ISO 8601: where a later run can resume. */
  watermark?: string;
}

/** A port whose contract was tested (or could not be). */
export interface PortRun {
  product?: string;
  productVersion?: string;
  port?: string;
  contract: string;
  contractVersion?: string;
  contractFile: string;
  server?: string;
  serverType?: string;
  /** Why that server was chosen ("--server", "the only server", "environment dev"...). */
  serverReason?: string;
  status: Status;
  /** Why the port was skipped or errored, when it was. */
  message?: string;
  startedAt: string;
  finishedAt: string;
  /** Only rows newer than this instant were tested (--since, or the watermark --since last found), ISO 8601. */
  since?: string;
  objects?: ObjectRun[];
}

export interface TestSummary {
  ports: number;
  checks: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  /** Failed checks of error severity: these make the exit code 1. */
  failing: number;
}

export interface TestRun {
  startedAt: string;
  finishedAt: string;
  /** Only rows newer than this instant were tested (ISO 8601). */
  since?: string;
  ports: PortRun[];
  results: CheckResult[];
  summary: TestSummary;
}
