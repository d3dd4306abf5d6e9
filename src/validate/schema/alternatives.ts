/**
 * oneOf / anyOf: ajv reports every failing branch, then the alternative itself.
 * dp's schemas use plain alternatives only for "exactly one of these keys"
 * (quality operators), so the branches are folded into one issue naming them.
 */
import type { ExplainContext, Issue } from './issue.js';
import { describe, schemasAt } from './navigator.js';
import type { AjvError, SchemaNode } from './types.js';
import { nameOf, where, type Path } from './wording.js';

/** An error, with the keys its folded branches required (for oneOf / anyOf). */
export type Err = AjvError & { branchKeys?: string[] };

function inside(error: AjvError, alternative: AjvError): boolean {
  const at = alternative.instancePath;
  const samePlace = error.instancePath === at || error.instancePath.startsWith(`${at}/`);
  return samePlace && error.schemaPath.startsWith(`${alternative.schemaPath}/`);
}

/** Removes the errors of each alternative's branches and remembers which keys they wanted. */
export function collapseAlternatives(errors: readonly AjvError[]): Err[] {
  let out: Err[] = [...errors];
  for (const alternative of errors) {
    if (alternative.keyword !== 'oneOf' && alternative.keyword !== 'anyOf') continue;
    const branches = out.filter((e) => e !== alternative && inside(e, alternative));
    const keys = branches.filter((e) => e.keyword === 'required').map((e) => String(e.params.missingProperty));
    out = out.filter((e) => !branches.includes(e)).map((e) => (e === alternative ? { ...e, branchKeys: keys } : e));
  }
  return out;
}

/** The keys of a "exactly one of these keys" oneOf that applies at a place. */
function exclusiveKeys(nodes: SchemaNode[]): { keys: string[]; node: SchemaNode } | undefined {
  for (const node of nodes) {
    const branches = node.oneOf;
    if (!branches || node.discriminator) continue;
    const onlyRequired = (b: SchemaNode): boolean => Object.keys(b).every((k) => k === 'required' || k === 'type');
    const keys = branches.map((b) => (b.required?.length === 1 && onlyRequired(b) ? b.required[0] : undefined));
    if (keys.every((k): k is string => k !== undefined)) return { keys, node };
  }
  return undefined;
}

export function describeAlternatives(ctx: ExplainContext, error: Err, path: Path, value: unknown): Issue {
  const applied = schemasAt(ctx.schema(), path, ctx.data);
  const exclusive = exclusiveKeys(applied.map((a) => a.node));
  const keys = exclusive?.keys ?? error.branchKeys ?? [];
  const names = keys.map((k) => `\`${k}\``).join(', ');
  const hint = exclusive?.node.description ?? describe(applied);
  const present = value !== null && typeof value === 'object' ? keys.filter((k) => k in value) : [];
  if (keys.length > 0 && present.length > 1) {
    const message = `only one of ${present.map((k) => `\`${k}\``).join(', ')} may be given${where(path)}`;
    return { ruleId: 'schema-invalid', path: [...path, present[1]], target: 'key', message, hint };
  }
  if (keys.length > 0 && present.length === 0) {
    return { ruleId: 'schema-missing-key', path, target: 'value', message: `missing one of ${names}${where(path)}`, hint };
  }
  return { ruleId: 'schema-invalid', path, target: 'value', message: `${nameOf(path)} does not match any allowed form`, hint };
}
