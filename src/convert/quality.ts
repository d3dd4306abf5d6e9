/**
 * Quality rules to ODCS v3.1.0, from ODCS v3.0.x, ODCS v2 leftovers and the
 * Data Contract Specification (which share most of the vocabulary):
 * - the type is inferred when missing (`metric`/`rule` library, `query` sql, `engine` custom, else text);
 * - library rules name one of ODCS v3.1.0's metrics; the v3.0 names map (`duplicateCount` is
 *   `duplicateValues`, `validValues` is `invalidValues` with `arguments.validValues`, `notNull` is
 *   `nullValues` = 0); a rule with no v3.1.0 metric becomes a `text` rule that keeps it;
 * - ODCS v3.1.0 allows exactly one operator per rule: `>=` with `<=` becomes `mustBeBetween`,
 *   other combinations become one rule per operator (all must hold, as before);
 * - operator spellings of the Data Contract Specification (`mustBeGreaterThanOrEqualTo`) are renamed.
 */
import { isMap, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { CustomBag, type Notes } from './notes.js';
import { keyOf, pair, pairs, plain, text, toNode, valueNode, type AnyPair } from './nodes.js';
import { renamed, rewriteMap, type Handler } from './rewrite.js';
import type { Path } from './types.js';
import { ODCS_OPERATORS } from '../core/odcs-operators.js';

export const METRICS = ['nullValues', 'missingValues', 'invalidValues', 'duplicateValues', 'rowCount'];
export const DIMENSIONS = ['accuracy', 'completeness', 'conformity', 'consistency', 'coverage', 'timeliness', 'uniqueness'];
const DIMENSION_SYNONYMS: Record<string, string> = {
  ac: 'accuracy',
  cp: 'completeness',
  cf: 'conformity',
  cs: 'consistency',
  cv: 'coverage',
  tm: 'timeliness',
  uq: 'uniqueness',
};
const OPERATORS: readonly string[] = ODCS_OPERATORS;
const OPERATOR_SPELLINGS: Record<string, string> = { mustBeGreaterThanOrEqualTo: 'mustBeGreaterOrEqualTo', mustBeLessThanOrEqualTo: 'mustBeLessOrEqualTo' };
const METRIC_SYNONYMS: Record<string, string> = {
  duplicateCount: 'duplicateValues',
  validValues: 'invalidValues',
  notNull: 'nullValues',
  nullCount: 'nullValues',
  invalidCount: 'invalidValues',
  missingCount: 'missingValues',
};
/** Keys every rule may carry in ODCS v3.1.0, whatever its type. */
const COMMON = [
  'id',
  'name',
  'description',
  'type',
  'dimension',
  'method',
  'severity',
  'businessImpact',
  'schedule',
  'scheduler',
  'tags',
  'unit',
  'authoritativeDefinitions',
  'customProperties',
];
const BY_TYPE: Record<string, string[]> = { library: ['metric', 'arguments'], sql: ['query'], custom: ['engine', 'implementation'], text: [] };

/** Every key an ODCS v3.1.0 quality rule may have, whatever its type (kept in place by the final pass). */
export const QUALITY_KEYS: ReadonlySet<string> = new Set([...COMMON, ...Object.values(BY_TYPE).flat(), ...OPERATORS, 'rule']);

export interface QualityContext {
  notes: Notes;
  /** `ODCS v3.0.2`, `Data Contract Specification 1.2.1`: names the source in custom property descriptions. */
  label: string;
  /** Source paths of output maps, for notes of the final pass (conversions between formats). */
  origins?: WeakMap<object, Path>;
}

function inferType(rule: YAMLMap): string {
  const declared = text(pairs(rule).find((p) => keyOf(p) === 'type')?.value)?.toLowerCase();
  if (declared && declared in BY_TYPE) return declared;
  const keys = new Set(pairs(rule).map(keyOf));
  if (keys.has('metric') || keys.has('rule')) return 'library';
  if (keys.has('query')) return 'sql';
  if (keys.has('engine') || keys.has('implementation')) return 'custom';
  return declared === 'implicit' || declared === 'default' ? 'library' : 'text';
}

function metricOf(rule: YAMLMap): string | undefined {
  const name = text(pairs(rule).find((p) => keyOf(p) === 'metric')?.value) ?? text(pairs(rule).find((p) => keyOf(p) === 'rule')?.value);
  if (name === undefined) return undefined;
  return METRICS.includes(name) ? name : METRIC_SYNONYMS[name];
}

/** The source pairs of one rule, renamed to ODCS v3.1.0 spellings, with what cannot stay kept aside. */
function normalise(rule: YAMLMap, type: string, path: Path, bag: CustomBag, ctx: QualityContext): YAMLMap {
  const allowed = new Set([...COMMON, ...BY_TYPE[type], ...OPERATORS]);
  const metric = type === 'library' ? metricOf(rule) : undefined;
  const handlers: Record<string, Handler> = {
    type: (from) => [pair('type', type, from)],
    rule: (from) => (metric ? [pair('metric', metric, from)] : []),
    metric: (from) => (metric ? [pair('metric', metric, from)] : []),
    dimension: (from) => dimension(from, path, bag, ctx),
    validValues: (from) => (metric === 'invalidValues' ? [pair('arguments', { validValues: plain(from.value) }, from)] : keepAside(from, path, bag)),
    implementation: (from) => [implementation(from)],
  };
  for (const [old, spelled] of Object.entries(OPERATOR_SPELLINGS)) handlers[old] = (from) => [renamed(from, spelled)];
  return rewriteMap(rule, handlers, (from, key) => (allowed.has(key) ? [from as Pair<Scalar, Node>] : keepAside(from, path, bag)));
}

function keepAside(from: AnyPair, path: Path, bag: CustomBag): [] {
  bag.keep(keyOf(from), valueNode(from), from, [...path, keyOf(from)], 'no place in an ODCS v3.1.0 quality rule');
  return [];
}

function dimension(from: AnyPair, path: Path, bag: CustomBag, ctx: QualityContext): Array<Pair<Scalar, Node>> {
  const value = text(from.value)?.toLowerCase() ?? '';
  const known = DIMENSIONS.includes(value) ? value : DIMENSION_SYNONYMS[value];
  if (!known) return keepAside(from, path, bag);
  if (known !== text(from.value)) ctx.notes.add('changed', from, [...path, 'dimension'], `dimension \`${text(from.value)}\` written as \`${known}\``);
  return [pair('dimension', known, from)];
}

/** ODCS v3.1.0 takes a string or a mapping; a list (allowed by the Data Contract Specification) becomes YAML text. */
function implementation(from: AnyPair): Pair<Scalar, Node> {
  const value = plain(from.value);
  if (!Array.isArray(value)) return from as Pair<Scalar, Node>;
  return pair('implementation', toYamlText(value), from);
}

function toYamlText(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

function operatorsOf(rule: YAMLMap): AnyPair[] {
  return pairs(rule).filter((p) => OPERATORS.includes(keyOf(p)));
}

/** Rules with several operators become `mustBeBetween` (>= and <=) or one rule per operator. */
function splitOperators(rule: YAMLMap, path: Path, ctx: QualityContext): YAMLMap[] {
  const operators = operatorsOf(rule);
  if (operators.length < 2) return [rule];
  const names = operators.map(keyOf).sort().join(',');
  if (names === 'mustBeGreaterOrEqualTo,mustBeLessOrEqualTo') {
    const low = plain(operators.find((p) => keyOf(p) === 'mustBeGreaterOrEqualTo')?.value);
    const high = plain(operators.find((p) => keyOf(p) === 'mustBeLessOrEqualTo')?.value);
    if (typeof low === 'number' && typeof high === 'number' && low < high) {
      const at = rule.items.indexOf(operators[0] as never);
      rule.items = rule.items.filter((p) => !operators.includes(p as AnyPair));
      rule.items.splice(at, 0, pair('mustBeBetween', [low, high], operators[0]));
      ctx.notes.add(
        'changed',
        operators[0],
        path,
        `\`mustBeGreaterOrEqualTo: ${low}\` and \`mustBeLessOrEqualTo: ${high}\` written as \`mustBeBetween: [${low}, ${high}]\` (ODCS v3.1.0 takes one operator per rule)`,
      );
      return [rule];
    }
  }
  ctx.notes.add(
    'changed',
    operators[0],
    path,
    `a rule with ${operators.length} operators (${operators.map(keyOf).join(', ')}) became ${operators.length} rules, one per operator: ODCS v3.1.0 takes one operator per rule`,
  );
  return operators.map((keep) => {
    const copy = rule.clone() as YAMLMap;
    copy.items = (copy.items as AnyPair[]).filter((p) => !OPERATORS.includes(keyOf(p)) || keyOf(p) === keyOf(keep));
    return copy;
  });
}

/** A library rule with no ODCS v3.1.0 metric: a text rule that keeps the original under customProperties. */
function asTextRule(rule: YAMLMap, path: Path, bag: CustomBag, ctx: QualityContext): YAMLMap {
  const name = text(pairs(rule).find((p) => ['rule', 'metric'].includes(keyOf(p)))?.value) ?? '(none)';
  ctx.notes.add(
    'changed',
    rule,
    path,
    `library rule \`${name}\` has no ODCS v3.1.0 metric (${METRICS.join(', ')}): written as a text rule, the original kept under its customProperties`,
  );
  const out = rewriteMap(rule, {}, (from, key) => {
    if (['rule', 'metric', 'arguments', 'validValues', ...OPERATORS].includes(key)) {
      bag.keep(key, valueNode(from), from, [...path, key], 'a text rule has no metric or operator');
      return [];
    }
    if (key === 'type') return [pair('type', 'text', from)];
    return [from as Pair<Scalar, Node>];
  });
  if (!pairs(out).some((p) => keyOf(p) === 'type')) out.items.unshift(pair('type', 'text'));
  return out;
}

/** Converts one rule at `path` of the source; returns the ODCS v3.1.0 rules it becomes (usually one). */
export function convertRule(node: Node, path: Path, ctx: QualityContext, owner: Path): YAMLMap[] {
  if (!isMap(node)) {
    const out = toNode({ type: 'text', description: String(plain(node)) }) as YAMLMap;
    ctx.notes.add('changed', node, path, 'a quality entry that is not a mapping was written as a text rule');
    return [out];
  }
  const type = inferType(node);
  const bag = new CustomBag(ctx.notes, owner, ctx.label);
  let rule: YAMLMap;
  if (type === 'library' && !metricOf(node)) rule = asTextRule(node, path, bag, ctx);
  else {
    rule = normalise(node, type, path, bag, ctx);
    if (type === 'library' && metricOf(node) === 'invalidValues' && operatorsOf(rule).length === 0) {
      rule.items.push(pair('mustBe', 0));
      ctx.notes.add('changed', node, path, 'a valid-values rule without an operator became `invalidValues` with `mustBe: 0` (every value valid)');
    }
  }
  bag.flushInto(rule);
  const rules = splitOperators(rule, path, ctx);
  for (const r of rules) ctx.origins?.set(r, path);
  return rules;
}

/** Converts a list of rules (at `path` in the source) into the `quality` list of the object at `owner`. */
export function convertRules(list: Node | undefined, path: Path, ctx: QualityContext, owner: Path): YAMLMap[] {
  const items = (list as { items?: unknown[] } | undefined)?.items;
  if (!Array.isArray(items)) return [];
  const out: YAMLMap[] = [];
  items.forEach((item, i) => out.push(...convertRule(item as Node, [...path, i], ctx, [...owner, 'quality', out.length])));
  return out;
}

/** The `quality` rule that says every value is one of `values` (an enum of the source). */
export function validValuesRule(values: unknown[], description?: string): YAMLMap {
  const rule: Record<string, unknown> = { metric: 'invalidValues', arguments: { validValues: values }, mustBe: 0 };
  if (description) rule.description = description;
  return toNode(rule) as YAMLMap;
}
