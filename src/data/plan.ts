/**
 * What to measure, compiled from a validated contract and independent of any
 * engine: per schema object, the declared fields and the checks, each a measure
 * (a number computed from the table) compared with a threshold. Connectors turn
 * the measures of one object into one aggregate query in their dialect.
 */
import type { PathSegment } from '../descriptor/positions.js';
import type { Severity } from '../core/finding.js';
import type { CheckCategory, Predicate, RuleLocation, Threshold } from './types.js';

export type LogicalType = 'string' | 'date' | 'timestamp' | 'time' | 'number' | 'integer' | 'object' | 'array' | 'boolean';

export interface FieldSpec {
  /** Name in the contract. */
  name: string;
  /** Column name in the data (physicalName, else name). */
  column: string;
  logicalType?: LogicalType;
  physicalType?: string;
  /** Values are masked in samples (restricted, confidential, personal data). */
  sensitive: boolean;
  primaryKeyPosition?: number;
  partitionKeyPosition?: number;
  /** `logicalTypeOptions.timezone`, when the contract says. */
  timezone?: boolean;
  path: PathSegment[];
  location: RuleLocation;
}

/** A number computed from one table. Field names are contract names; the connector maps them to columns. */
export type Measure =
  | { kind: 'rowCount' }
  | { kind: 'count'; field: string; predicate: Predicate; percent?: boolean }
  | { kind: 'duplicates'; fields: string[]; percent?: boolean }
  | { kind: 'age'; field: string; of: 'newest' | 'oldest' }
  | { kind: 'sql'; query: string };

/** What a sample query looks for when its check fails. */
export type SampleSpec = { kind: 'rows'; field: string; predicate: Predicate } | { kind: 'duplicates'; fields: string[] };

/** What every check says of itself, run or not. */
export interface CheckHeader {
  category: CheckCategory;
  check: string;
  field?: string;
  severity: Severity;
  dimension?: string;
  location: RuleLocation;
  /** The promise in words. */
  expected: string;
}

export interface PlannedCheck extends CheckHeader {
  measure: Measure;
  threshold: Threshold;
  unit: 'rows' | 'percent' | 'seconds' | 'value';
  sample?: SampleSpec;
}

/** A check listed but not executed, with the reason: `skipped` (dp cannot test it), or `error` (the contract asks for something impossible). */
export interface SkippedCheck extends CheckHeader {
  reason: string;
  status?: 'error';
}

export interface ObjectPlan {
  /** Name in the contract. */
  name: string;
  /** Table, view or file stem in the data (physicalName, else name). */
  physicalName: string;
  location: RuleLocation;
  fields: FieldSpec[];
  checks: PlannedCheck[];
  skipped: SkippedCheck[];
  /** Column restricting `--since` (a partition key or the latency element), when there is one. */
  sinceField?: string;
}

/**
 * A check measured from the history of published runs rather than the data: SLA `frequency`, the
 * longest interval between refreshes (src/data/frequency.ts).
 */
export interface HistoryCheck extends CheckHeader {
  /** The promise: at most this many seconds between two refreshes. */
  seconds: number;
  /** The object whose watermark dates the refreshes (the element's), else every object's oldest. */
  object?: string;
}

export interface ContractPlan {
  id: string;
  file: string;
  objects: ObjectPlan[];
  /** Checks not tied to an object (a contract-level sql rule without {object}...). */
  skipped: SkippedCheck[];
  /** Checks measured from the history of published runs (the catalog's), after the data's. */
  history: HistoryCheck[];
}
