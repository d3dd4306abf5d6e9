/** Building results from planned and listed checks, and summing them up. */
import type { PlannedCheck, SkippedCheck } from './plan.js';
import type { CheckResult, PortRun, Status, TestSummary } from './types.js';
import { describeThreshold, passes } from './verdict.js';
import { formatFor, formatMeasured } from './format.js';

/** Who a result belongs to. */
export interface Owner {
  product?: string;
  port?: string;
  contract: string;
  server: string;
  object: string;
}

export function listed(owner: Owner, check: SkippedCheck, object = owner.object): CheckResult {
  const status: Status = check.status ?? 'skipped';
  return {
    ...owner,
    object,
    field: check.field,
    check: check.check,
    category: check.category,
    status,
    measured: null,
    expected: check.expected,
    severity: check.severity,
    dimension: check.dimension,
    message: status === 'error' ? `cannot test: ${check.reason}` : `not tested: ${check.reason}`,
    location: check.location,
  };
}

function base(owner: Owner, check: PlannedCheck): Omit<CheckResult, 'status' | 'measured' | 'message'> {
  return {
    ...owner,
    field: check.field,
    check: check.check,
    category: check.category,
    unit: check.unit,
    threshold: check.threshold,
    expected: check.expected,
    severity: check.severity,
    dimension: check.dimension,
    location: check.location,
  };
}

export function notMeasured(owner: Owner, check: PlannedCheck, status: 'error' | 'skipped', reason: string): CheckResult {
  return { ...base(owner, check), status, measured: null, message: `${status === 'error' ? 'cannot test' : 'not tested'}: ${reason}` };
}

/** The verdict on one measured number. An age that cannot be measured (no values) fails a latency promise. */
export function judged(owner: Owner, check: PlannedCheck, measured: number | null): CheckResult {
  const format = formatFor(check.unit);
  if (measured === null) {
    const oldest = check.measure.kind === 'age' && check.measure.of === 'oldest';
    return {
      ...base(owner, check),
      status: oldest ? 'passed' : 'failed',
      measured: null,
      message: oldest ? 'no values, so none too old' : 'no values: there is nothing recent',
    };
  }
  const ok = passes(measured, check.threshold);
  const shown = formatMeasured(measured, check.unit);
  const message = ok ? `${shown} (${describeThreshold(check.threshold, format)})` : `${shown}, expected ${describeThreshold(check.threshold, format)}`;
  return { ...base(owner, check), status: ok ? 'passed' : 'failed', measured, message };
}

export function summarise(results: CheckResult[], ports: PortRun[]): TestSummary {
  const count = (status: Status): number => results.filter((r) => r.status === status).length;
  return {
    ports: ports.length,
    checks: results.length,
    passed: count('passed'),
    failed: count('failed'),
    errors: count('error') + ports.filter((p) => p.status === 'error').length,
    skipped: count('skipped'),
    failing: results.filter((r) => r.status === 'failed' && r.severity === 'error').length,
  };
}
