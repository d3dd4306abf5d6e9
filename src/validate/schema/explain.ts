/**
 * From ajv's raw errors to one issue per real problem: wrappers dropped (if,
 * discriminator), alternatives (oneOf/anyOf) summarised, duplicates removed,
 * and each issue worded with what was expected and a hint.
 */
import { didYouMean } from '../../util/suggest.js';
import { collapseAlternatives, describeAlternatives, type Err } from './alternatives.js';
import { groupClosed, groupMissing } from './grouping.js';
import { unknownKeyHint } from './hints.js';
import type { ExplainContext, Issue } from './issue.js';
import { allowedKeys, describe, matches, schemasAt, type Applied } from './navigator.js';
import type { AjvError } from './types.js';
import { actualType, expectedType, formatMessage, listOf, nameOf, quoteHint, showValue, where, type Path } from './wording.js';

/** Keywords that only say "a subschema failed"; the subschema's own errors tell what. */
const WRAPPERS = new Set(['if', 'discriminator']);

function toPath(pointer: string, data: unknown): Array<string | number> {
  if (pointer === '') return [];
  const path: Array<string | number> = [];
  let value = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment = Array.isArray(value) && /^\d+$/.test(key) ? Number(key) : key;
    path.push(segment);
    value = (value as Record<string | number, unknown> | undefined)?.[segment];
  }
  return path;
}

function valueAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const segment of path) value = (value as Record<string | number, unknown> | undefined)?.[segment];
  return value;
}

/** With the wrong type, "not one of the allowed values" says nothing more. */
const MOOT_AFTER_TYPE = new Set(['enum', 'const', 'format', 'pattern']);

function dedupe(errors: Err[]): Err[] {
  const seen = new Set<string>();
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  return errors.filter((e) => {
    if (MOOT_AFTER_TYPE.has(e.keyword) && wrongType.has(e.instancePath)) return false;
    // One type error per place: a union type and a branch's own type say the same thing.
    const key = e.keyword === 'type' ? `${e.instancePath}|type` : `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function unknownKey(ctx: ExplainContext, path: Path, key: string, variantChosenBadly: boolean): Issue | undefined {
  const applied = schemasAt(ctx.schema(), path, ctx.data);
  const allowed = allowedKeys(applied);
  // Declared here but reported because a sibling failed (ajv forgets what a failed branch evaluated).
  if (allowed.includes(key)) return undefined;
  // Allowed by another variant, and the key choosing the variant is itself wrong (a quality rule's `type: CUSTOM`).
  if (variantChosenBadly && allowedKeys(schemasAt(ctx.schema(), path, ctx.data, true)).includes(key)) return undefined;
  const message = `unknown key \`${key}\`${where(path)}`;
  const hint = unknownKeyHint(ctx.standard, path, key, allowed, applied);
  return { ruleId: 'schema-unknown-key', path: [...path, key], target: 'key', message, hint, closed: allowed.length === 0 || undefined };
}

function missingKey(ctx: ExplainContext, path: Path, key: string): Issue {
  const applied: Applied[] = schemasAt(ctx.schema(), path, ctx.data);
  const requiring = applied.find((a) => a.via && a.node.required?.includes(key));
  const hint = requiring?.via
    ? `required when \`${requiring.via.tag}\` is \`${requiring.via.value}\``
    : describe(schemasAt(ctx.schema(), [...path, key], undefined));
  return { ruleId: 'schema-missing-key', path, target: 'value', message: `missing required key \`${key}\`${where(path)}`, hint, missing: key };
}

/** A type the field itself allows but a condition on its siblings does not (`from` a string, `to` a list): explain the parent. */
function conditionHint(ctx: ExplainContext, path: Path, value: unknown): string | undefined {
  const own = schemasAt(ctx.schema(), path, ctx.data).filter(({ node }) => node.type !== undefined);
  const allowedAlone = own.length > 0 && own.some(({ node }) => matches(ctx.schema(), { type: node.type }, value));
  return allowedAlone && path.length > 0 ? describe(schemasAt(ctx.schema(), path.slice(0, -1), ctx.data)) : undefined;
}

function enumIssue(path: Path, value: unknown, allowed: unknown[]): Issue {
  const strings = allowed.filter((v): v is string => typeof v === 'string');
  const suggestion = typeof value === 'string' ? didYouMean(value, strings) : undefined;
  const hint = [suggestion, `allowed: ${listOf(allowed)}`].filter(Boolean).join('; ');
  return { ruleId: 'schema-enum', path, target: 'value', message: `${showValue(value)} is not an allowed value for ${nameOf(path)}`, hint };
}

function limitMessage(e: AjvError, path: Path, value: unknown): string {
  const { limit, comparison } = e.params;
  switch (e.keyword) {
    case 'minItems':
      return `${nameOf(path)} must have at least ${limit} item${limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `${nameOf(path)} must have at most ${limit} item${limit === 1 ? '' : 's'}`;
    case 'uniqueItems':
      return `${nameOf(path)} must not repeat items (items ${e.params.j} and ${e.params.i} are equal)`;
    default:
      return `${nameOf(path)} must be ${comparison} ${limit}, got ${showValue(value)}`;
  }
}

function explainOne(ctx: ExplainContext, e: Err, badValueBelow: ReadonlySet<string>): Issue | undefined {
  const path = toPath(e.instancePath, ctx.data);
  const value = valueAt(ctx.data, path);
  const invalid = (message: string, hint?: string): Issue => ({ ruleId: 'schema-invalid', path, target: 'value', message, hint });
  switch (e.keyword) {
    case 'additionalProperties':
      return unknownKey(ctx, path, String(e.params.additionalProperty), false);
    case 'unevaluatedProperties':
      return unknownKey(ctx, path, String(e.params.unevaluatedProperty), badValueBelow.has(e.instancePath));
    case 'required':
      return missingKey(ctx, path, String(e.params.missingProperty));
    case 'type': {
      const hint = quoteHint(e.params.type, value, ctx.source(path)) ?? conditionHint(ctx, path, value);
      return {
        ruleId: 'schema-type',
        path,
        target: 'value',
        message: `${nameOf(path)} must be ${expectedType(e.params.type)}, got ${actualType(value)}`,
        hint,
      };
    }
    case 'enum':
      return enumIssue(path, value, (e.params.allowedValues as unknown[]) ?? []);
    case 'format':
      return { ruleId: 'schema-format', path, target: 'value', ...formatMessage(String(e.params.format), nameOf(path), value) };
    case 'oneOf':
    case 'anyOf':
      return describeAlternatives(ctx, e, path, value);
    case 'pattern':
      return invalid(`${nameOf(path)} has an invalid value ${showValue(value)}`, describe(schemasAt(ctx.schema(), path, ctx.data)));
    case 'const':
      return invalid(`${nameOf(path)} must be ${showValue(e.params.allowedValue)}, got ${showValue(value)}`);
    case 'not':
      return invalid(`${nameOf(path)} is not allowed here`, describe(schemasAt(ctx.schema(), path, ctx.data)));
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minItems':
    case 'maxItems':
    case 'uniqueItems':
      return invalid(limitMessage(e, path, value));
    default:
      return invalid(`${nameOf(path)} is invalid (${e.keyword})`, describe(schemasAt(ctx.schema(), path, ctx.data)));
  }
}

/** One issue per real problem in a failed validation. */
export function explain(errors: readonly AjvError[], ctx: ExplainContext): Issue[] {
  const meaningful = collapseAlternatives(errors.filter((e) => !WRAPPERS.has(e.keyword)));
  const kept = dedupe(meaningful);
  // Mappings with a wrong enum or type on one of their own keys.
  const badValueBelow = new Set(kept.filter((e) => e.keyword === 'enum' || e.keyword === 'type').map((e) => e.instancePath.replace(/\/[^/]*$/, '')));
  const issues: Issue[] = [];
  for (const error of kept) {
    const issue = explainOne(ctx, error, badValueBelow);
    if (issue) issues.push(issue);
  }
  return groupMissing(groupClosed(issues)).map(({ closed, missing, ...issue }) => issue);
}
