import type { PathSegment } from '../../descriptor/positions.js';
import { contractFields, schemaObjects } from '../../descriptor/contract-fields.js';
import { isRecord, records, str, type QualityRule } from '../../descriptor/model.js';
import { defineRule, type Report } from '../rule.js';

const BETWEEN = ['mustBeBetween', 'mustNotBeBetween'];
const OPERATORS = ['mustBe', 'mustNotBe', 'mustBeGreaterThan', 'mustBeGreaterOrEqualTo', 'mustBeLessThan', 'mustBeLessOrEqualTo', ...BETWEEN];
const OBJECT_ONLY_METRICS = new Set(['rowCount']);
const FIELD_ONLY_METRICS = new Set(['nullValues', 'missingValues', 'invalidValues', 'duplicateValues']);

type Level = 'object' | 'field';

function operatorsOf(rule: QualityRule): string[] {
  return OPERATORS.filter((op) => rule[op] !== undefined);
}

function checkOperands(rule: QualityRule, path: PathSegment[], report: (r: Report) => void): void {
  for (const op of operatorsOf(rule)) {
    const operand = rule[op];
    if (BETWEEN.includes(op) && Array.isArray(operand) && operand.length === 2 && typeof operand[0] === 'number' && typeof operand[1] === 'number' && operand[0] > operand[1]) {
      report({ path: [...path, op], message: `${op} range is reversed: ${operand[0]} > ${operand[1]}`, hint: `write the smaller bound first: [${operand[1]}, ${operand[0]}]` });
    }
    const numbers = (Array.isArray(operand) ? operand : [operand]).filter((n): n is number => typeof n === 'number');
    if (rule.unit === 'percent' && numbers.some((n) => n < 0 || n > 100)) {
      report({ path: [...path, op], message: `${op} is a percentage but is outside 0-100`, hint: 'percent values go from 0 to 100' });
    }
    if ((rule.unit === 'rows' || rule.metric === 'rowCount') && numbers.some((n) => n < 0)) {
      report({ path: [...path, op], message: `${op} is a count but is negative` });
    }
  }
}

function checkLibraryRule(rule: QualityRule, path: PathSegment[], level: Level, report: (r: Report) => void): void {
  const metric = str(rule.metric) ?? str(rule.rule);
  if (!metric) return; // the schema reports a missing metric
  if (rule.rule !== undefined && rule.metric === undefined) {
    report({ path: [...path, 'rule'], message: '`rule` is deprecated in ODCS v3.1.0', hint: `write \`metric: ${rule.rule}\`` });
  }
  if (level === 'field' && OBJECT_ONLY_METRICS.has(metric)) {
    report({ path: [...path, 'metric'], message: `\`${metric}\` measures a whole object; it belongs in the object's quality list, not a field's` });
  }
  const args = isRecord(rule.arguments) ? rule.arguments : {};
  if (level === 'object' && metric === 'duplicateValues') {
    // Schema level, ODCS counts duplicates of a combination of properties.
    if (!Array.isArray(args.properties) || args.properties.length === 0) {
      report({ path, message: 'schema-level `duplicateValues` needs `arguments.properties`: the properties whose combination must be unique', hint: 'or move it under one property' });
    }
  } else if (level === 'object' && FIELD_ONLY_METRICS.has(metric)) {
    report({ path: [...path, 'metric'], message: `\`${metric}\` measures one field; move it under that property's quality list` });
  }
  if (metric === 'invalidValues') {
    if (args.validValues === undefined && args.pattern === undefined) {
      report({ path, message: '`invalidValues` needs `arguments.validValues` or `arguments.pattern` to know what is valid' });
    }
  }
  if (operatorsOf(rule).length === 0) report({ path, message: `quality rule \`${metric}\` has no threshold`, hint: 'add an operator such as `mustBe: 0` or `mustBeGreaterThan: 1000`' });
}

function checkRule(rule: QualityRule, path: PathSegment[], level: Level, report: (r: Report) => void): void {
  const type = str(rule.type) ?? 'library';
  if (type === 'library') checkLibraryRule(rule, path, level, report);
  if (type === 'sql') {
    if (!str(rule.query)?.trim()) report({ path, message: 'sql quality rule has no query', hint: 'add `query:` returning one number to compare' });
    if (operatorsOf(rule).length === 0) report({ path, message: 'sql quality rule has no threshold', hint: 'add an operator such as `mustBe: 0`' });
  }
  if (type === 'text' && !str(rule.description)?.trim()) {
    report({ path, message: 'text quality rule has no description', hint: 'a text rule is only its description; write what must hold' });
  }
  if (type === 'custom' && (!str(rule.engine) || rule.implementation === undefined)) {
    report({ path, message: 'custom quality rule needs `engine` and `implementation`' });
  }
  checkOperands(rule, path, report);
}

export default defineRule({
  id: 'quality-rules',
  description: 'Contract quality rules are well formed: a metric at the right level, a threshold, consistent bounds, a query or description where needed.',
  help: 'Quality rules are executed by the observation port; a rule without a threshold or with reversed bounds can never pass or never fail.',
  category: 'structure',
  severity: 'error',
  scope: 'contract',
  check({ file, report }) {
    for (const { object, path } of schemaObjects(file.value)) {
      for (const [rule, i] of records<QualityRule>(object.quality)) checkRule(rule, [...path, 'quality', i], 'object', report);
    }
    for (const { field, path } of contractFields(file.value)) {
      for (const [rule, i] of records<QualityRule>(field.quality)) checkRule(rule, [...path, 'quality', i], 'field', report);
    }
  },
});
