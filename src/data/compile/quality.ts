/**
 * Quality rules: the five ODCS library metrics, `sql` rules, and `text` and
 * `custom` rules listed as not executed. The meaning dp gives each metric where
 * the standard is open is documented in src/data/explain.ts.
 */
import { isRecord, records, str, type QualityRule } from '../../descriptor/model.js';
import type { PathSegment } from '../../descriptor/positions.js';
import type { FieldSpec, Measure, ObjectPlan, PlannedCheck, SampleSpec } from '../plan.js';
import type { Predicate } from '../types.js';
import { describeThreshold, thresholdOf } from '../verdict.js';
import { formatFor } from '../format.js';
import { at, severityOf, type CompileContext } from './context.js';

type Scalar = string | number | boolean;
const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

interface Target {
  plan: ObjectPlan;
  field?: FieldSpec;
}

interface Metric {
  measure: Measure;
  sample?: SampleSpec;
  what: string;
}

function metricOf(rule: QualityRule, metric: string, target: Target, percent: boolean): Metric | string {
  const args = isRecord(rule.arguments) ? rule.arguments : {};
  const field = target.field;
  if (metric === 'rowCount') {
    if (field) return '`rowCount` measures a whole object; move it to the object';
    if (percent) return '`rowCount` is a number of rows; `unit: percent` has no meaning for it';
    return { measure: { kind: 'rowCount' }, what: 'rows' };
  }
  if (metric === 'duplicateValues') {
    const listed = Array.isArray(args.properties) ? args.properties.filter((p): p is string => typeof p === 'string') : undefined;
    const fields = field ? [field.name] : (listed ?? []);
    if (fields.length === 0) return 'schema-level `duplicateValues` needs `arguments.properties`: the properties whose combination must be unique';
    const unknown = fields.filter((f) => !target.plan.fields.some((s) => s.name === f));
    if (unknown.length > 0) return `\`arguments.properties\` names ${unknown.map((u) => `\`${u}\``).join(', ')}, not a property of \`${target.plan.name}\``;
    return {
      measure: { kind: 'duplicates', fields, percent },
      sample: { kind: 'duplicates', fields },
      what: fields.length > 1 ? `duplicate (${fields.join(', ')})` : 'duplicate values',
    };
  }
  if (!field) return `\`${metric}\` measures one field; move it under the property`;
  let predicate: Predicate;
  let what: string;
  if (metric === 'nullValues') {
    predicate = { kind: 'isNull' };
    what = 'nulls';
  } else if (metric === 'missingValues') {
    const listed = Array.isArray(args.missingValues) ? args.missingValues : [''];
    predicate = { kind: 'in', values: listed.filter(isScalar), orNull: true };
    what = 'missing values';
  } else if (metric === 'invalidValues') {
    const valid = Array.isArray(args.validValues) ? args.validValues.filter(isScalar) : undefined;
    const pattern = typeof args.pattern === 'string' ? args.pattern : undefined;
    if (valid === undefined && pattern === undefined) return '`invalidValues` needs `arguments.validValues` or `arguments.pattern`';
    predicate = pattern === undefined ? { kind: 'notIn', values: valid! } : { kind: 'notMatching', pattern, orIn: valid };
    what = 'invalid values';
  } else {
    return `unknown metric \`${metric}\``;
  }
  return { measure: { kind: 'count', field: field.name, predicate, percent }, sample: { kind: 'rows', field: field.name, predicate }, what };
}

function libraryRule(ctx: CompileContext, rule: QualityRule, path: PathSegment[], target: Target): void {
  const metric = str(rule.metric) ?? str(rule.rule) ?? '';
  const unit = rule.unit === 'percent' ? 'percent' : 'rows';
  const common = {
    category: 'quality' as const,
    check: metric || 'library',
    field: target.field?.name,
    severity: severityOf(rule.severity),
    dimension: str(rule.dimension),
    location: at(ctx, path),
  };
  const threshold = thresholdOf(rule);
  const measured = metricOf(rule, metric, target, unit === 'percent');
  if (typeof threshold === 'string' || typeof measured === 'string') {
    const reason = typeof measured === 'string' ? measured : (threshold as string);
    target.plan.skipped.push({ ...common, expected: metric, reason, status: 'error' });
    return;
  }
  const expected = `${measured.what} ${describeThreshold(threshold, formatFor(unit))}`;
  target.plan.checks.push({ ...common, expected, measure: measured.measure, threshold, unit, sample: measured.sample });
}

function sqlRule(ctx: CompileContext, rule: QualityRule, path: PathSegment[], target: Target): void {
  const common = {
    category: 'quality' as const,
    check: 'sql',
    field: target.field?.name,
    severity: severityOf(rule.severity),
    dimension: str(rule.dimension),
    location: at(ctx, path),
  };
  const threshold = thresholdOf(rule);
  const query = str(rule.query)?.trim();
  const name = str(rule.name) ?? str(rule.description) ?? 'sql rule';
  if (typeof threshold === 'string' || !query) {
    target.plan.skipped.push({ ...common, expected: name, reason: query ? (threshold as string) : 'the rule has no query', status: 'error' });
    return;
  }
  const check: PlannedCheck = {
    ...common,
    expected: `${name}: result ${describeThreshold(threshold)}`,
    measure: { kind: 'sql', query },
    threshold,
    unit: 'value',
  };
  target.plan.checks.push(check);
}

function listedRule(ctx: CompileContext, rule: QualityRule, path: PathSegment[], target: Target, type: string): void {
  const reason =
    type === 'text'
      ? 'a text rule is prose for people; dp cannot execute it'
      : type === 'custom'
        ? `a custom rule runs in its own engine${str(rule.engine) ? ` (${str(rule.engine)})` : ''}; dp does not execute it`
        : `unknown rule type \`${type}\``;
  target.plan.skipped.push({
    category: 'quality',
    check: type,
    field: target.field?.name,
    severity: severityOf(rule.severity),
    dimension: str(rule.dimension),
    location: at(ctx, path),
    expected: str(rule.description) ?? str(rule.name) ?? type,
    reason,
  });
}

/** Every quality rule of a list (an object's or a field's), into the object's plan. */
export function qualityRules(ctx: CompileContext, rules: unknown, basePath: PathSegment[], target: Target): void {
  for (const [rule, i] of records<QualityRule>(rules)) {
    const path = [...basePath, 'quality', i];
    const type = str(rule.type) ?? (rule.metric !== undefined || rule.rule !== undefined ? 'library' : 'text');
    if (type === 'library') libraryRule(ctx, rule, path, target);
    else if (type === 'sql') sqlRule(ctx, rule, path, target);
    else listedRule(ctx, rule, path, target, type);
  }
}
