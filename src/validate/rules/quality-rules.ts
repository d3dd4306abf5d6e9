import type { PathSegment } from '../../descriptor/positions.js';
import { contractFields, schemaObjects } from '../../descriptor/contract-fields.js';
import { isRecord, records, str, type QualityRule } from '../../descriptor/model.js';
import { defineRule, type Report } from '../rule.js';

const BETWEEN = ['mustBeBetween', 'mustNotBeBetween'];
const OPERATORS = ['mustBe', 'mustNotBe', 'mustBeGreaterThan', 'mustBeGreaterOrEqualTo', 'mustBeLessThan', 'mustBeLessOrEqualTo', ...BETWEEN];
/** The levels of ODCS v3.1.0's library metrics (its data-quality text): `duplicateValues` works on both. */
const OBJECT_METRICS = new Set(['rowCount', 'duplicateValues']);
const PROPERTY_METRICS = new Set(['nullValues', 'missingValues', 'invalidValues', 'duplicateValues']);

type Level = 'object' | 'property';

function operatorsOf(rule: QualityRule): string[] {
  return OPERATORS.filter((op) => rule[op] !== undefined);
}

function checkOperands(rule: QualityRule, path: PathSegment[], metric: string | undefined, report: (r: Report) => void): void {
  for (const op of operatorsOf(rule)) {
    const operand = rule[op];
    if (
      BETWEEN.includes(op) &&
      Array.isArray(operand) &&
      operand.length === 2 &&
      typeof operand[0] === 'number' &&
      typeof operand[1] === 'number' &&
      operand[0] > operand[1]
    ) {
      report({
        path: [...path, op],
        message: `${op} range is reversed: ${operand[0]} > ${operand[1]}, so the rule can never ${op === 'mustBeBetween' ? 'pass' : 'fail'}`,
        hint: `write the smaller bound first: [${operand[1]}, ${operand[0]}]`,
      });
    }
    const numbers = (Array.isArray(operand) ? operand : [operand]).filter((n): n is number => typeof n === 'number');
    if (rule.unit === 'percent' && numbers.some((n) => n < 0 || n > 100)) {
      report({ path: [...path, op], message: `${op} is a percentage but is outside 0-100`, hint: 'percent values go from 0 to 100' });
    }
    if ((rule.unit === 'rows' || metric === 'rowCount') && numbers.some((n) => n < 0)) {
      report({ path: [...path, op], message: `${op} is a count of rows but is negative` });
    }
  }
}

/** ODCS v3.1.0 names a library check `metric`; v3.0.x named it `rule`, with any name. */
function checkLibraryRule(rule: QualityRule, path: PathSegment[], level: Level, report: (r: Report) => void): string | undefined {
  const metric = str(rule.metric) ?? str(rule.rule);
  if (!metric) return undefined; // the schema reports a missing metric
  if (level === 'property' && !PROPERTY_METRICS.has(metric) && OBJECT_METRICS.has(metric)) {
    report({
      path: [...path, rule.metric !== undefined ? 'metric' : 'rule'],
      message: `\`${metric}\` measures a whole object; it belongs in the object's quality list, not a property's`,
    });
  }
  if (level === 'object' && !OBJECT_METRICS.has(metric) && PROPERTY_METRICS.has(metric)) {
    report({
      path: [...path, rule.metric !== undefined ? 'metric' : 'rule'],
      message: `\`${metric}\` measures one property; move it under that property's quality list`,
    });
  }
  if (level === 'object' && metric === 'duplicateValues') {
    // Schema level, ODCS counts duplicates of a combination of properties.
    const args = isRecord(rule.arguments) ? rule.arguments : {};
    if (!Array.isArray(args.properties) || args.properties.length === 0) {
      report({
        path,
        message: 'schema-level `duplicateValues` needs `arguments.properties`: the properties whose combination must be unique',
        hint: 'or move it under one property',
      });
    }
  }
  if (metric === 'invalidValues' && rule.metric !== undefined) {
    const args = isRecord(rule.arguments) ? rule.arguments : {};
    if (args.validValues === undefined && args.pattern === undefined) {
      report({ path, message: '`invalidValues` needs `arguments.validValues` or `arguments.pattern` to know what is valid' });
    }
  }
  return metric;
}

function checkRule(rule: QualityRule, path: PathSegment[], level: Level, report: (r: Report) => void): void {
  const type = str(rule.type) ?? (rule.metric !== undefined || rule.rule !== undefined ? 'library' : undefined);
  const metric = type === 'library' ? checkLibraryRule(rule, path, level, report) : undefined;
  // A missing query, engine or implementation is the schema's to report; an empty one is not.
  if (type === 'sql' && typeof rule.query === 'string' && rule.query.trim() === '') {
    report({ path: [...path, 'query'], message: 'sql quality rule has an empty query', hint: 'write a query returning one number to compare' });
  }
  if (type === 'text' && !str(rule.description)?.trim()) {
    report({ path, message: 'text quality rule has no description', hint: 'a text rule is only its description; write what must hold' });
  }
  checkOperands(rule, path, metric, report);
}

export default defineRule({
  id: 'quality-rules',
  description:
    'Quality rules can be run as ODCS describes them: library metrics at their level (object or property), the arguments they need, bounds in order, percentages within 0-100, a query or a description where one is needed.',
  help: 'Quality rules are executed by the observation port. A rule with reversed bounds can never pass (or never fail), a property metric on a table cannot be computed, and a text rule without a description says nothing.',
  category: 'structure',
  basis: 'standard',
  severity: 'error',
  scope: 'contract',
  check({ file, report }) {
    for (const { object, path } of schemaObjects(file.value)) {
      for (const [rule, i] of records<QualityRule>(object.quality)) checkRule(rule, [...path, 'quality', i], 'object', report);
    }
    for (const { field, path } of contractFields(file.value)) {
      for (const [rule, i] of records<QualityRule>(field.quality)) checkRule(rule, [...path, 'quality', i], 'property', report);
    }
  },
});
