/**
 * An organisation policy's own rules, made ready before checking starts (checking itself is
 * synchronous): declarative rules compiled by ajv (loaded only for a policy that has some, and
 * only when the cache of compiled rules lacks one: compile.ts),
 * JavaScript rules imported from the policy's directory (only those `plugins:` names). Every
 * custom rule id used elsewhere in the policy (severities, overrides, suppressions) must be one
 * the policy defines.
 */
import type { SourceFile } from '../../descriptor/source.js';
import { locate } from '../../descriptor/positions.js';
import { didYouMean } from '../../util/suggest.js';
import type { CompiledValidator } from '../../config/document.js';
import type { PolicyDocument } from '../policies/policy.js';
import type { AnyRule, RuleDoc, RuleScope } from '../rule.js';
import { compileDeclarative, SelectorGroup } from './declarative.js';
import { CompileError, compileValidators, type CompileRequest } from './compile.js';
import { loadPlugin, PluginError } from './plugins.js';
import { documentSchema, NAMED_SELECTORS, selectorOf } from './selectors.js';
import { CUSTOM_ID, NO_CUSTOM_RULES, type CustomRules, type DeclarativeRule } from './types.js';
import { DpError } from '../../errors.js';

/** A group that does not compile: the rule whose schema does not, reported at its place. */
async function culprit(declared: DeclarativeRule[], text: string, file: PolicyAt | undefined, error: unknown): Promise<DpError> {
  for (const [i, def] of declared.entries()) {
    if (def.select !== text) continue;
    try {
      await compileValidators([{ mode: 'all', schema: def.schema }]);
    } catch (own) {
      return fail(file, ['customRules', i, 'schema'], `the schema of ${def.id} is not a valid JSON Schema: ${(own as Error).message}`);
    }
  }
  return fail(file, ['customRules'], `the rules selecting \`${text}\` do not compile together: ${(error as Error).message}`);
}

interface GroupPlan {
  text: string;
  /** The group's rules over a whole document (see selectors.ts, documentSchema), when it can be built. */
  whole?: CompileRequest;
  /** The group's rules on one node. */
  node: CompileRequest;
}

function planGroup(declared: DeclarativeRule[], text: string): GroupPlan {
  const all = { allOf: declared.filter((d) => d.select === text).map((d) => d.schema) };
  // A schema that refers within itself ($ref, $defs...) keeps its own root: checked node by node.
  const selfReferring = /"\$(ref|defs|id|anchor|dynamicRef|recursiveRef)"|"definitions"/.test(JSON.stringify(all));
  const whole = selfReferring ? undefined : documentSchema(text, all);
  return { text, ...(whole ? { whole: { mode: 'first', schema: whole } } : {}), node: { mode: 'first', schema: all } };
}

/**
 * The declarative rules, grouped by selector: each group's nodes are validated once for all its rules.
 * Every validator is compiled (or read from the cache) before checking starts, which is synchronous.
 */
async function declarativeRules(declared: DeclarativeRule[], source: string, file: PolicyAt | undefined): Promise<AnyRule[]> {
  const plans = [...new Set(declared.map((d) => d.select))].map((text) => planGroup(declared, text));
  const requests: CompileRequest[] = [
    ...plans.flatMap((p) => (p.whole ? [p.whole, p.node] : [p.node])),
    ...declared.map((d) => ({ mode: 'all' as const, schema: d.schema })),
  ];
  let validators: CompiledValidator[];
  try {
    validators = await compileValidators(requests);
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    const plan = plans.find((p) => p.whole === error.request || p.node === error.request);
    if (plan) throw await culprit(declared, plan.text, file, error.reason);
    const i = declared.findIndex((d) => d.schema === error.request.schema);
    throw fail(file, ['customRules', i, 'schema'], `the schema of ${declared[i].id} is not a valid JSON Schema: ${error.message}`);
  }
  const compiled = new Map(requests.map((r, i) => [r, validators[i]]));
  const groups = new Map(plans.map((p) => [p.text, new SelectorGroup(selectorOf(p.text)!, p.whole && compiled.get(p.whole), () => compiled.get(p.node)!)]));
  return declared.map((def, i) => compileDeclarative(def, groups.get(def.select)!, () => validators[requests.length - declared.length + i], source));
}

/** Where the policy document is: its file, and its path inside it (`policies` for a policy inline in dp.config.yaml). */
export interface PolicyAt {
  file: SourceFile;
  prefix: Array<string | number>;
}

function fail(at: PolicyAt | undefined, path: Array<string | number>, message: string, hint?: string): DpError {
  if (!at) return new DpError('config', `invalid policy: ${message}`, { hint });
  const file = at.file;
  const span = locate(file, [...at.prefix, ...path]);
  return new DpError('config', `invalid policy file: ${message}`, { hint, location: { file: file.display, line: span.line, column: span.column } });
}

/** Custom rule ids named in severities, overrides and suppressions must be defined. */
function checkReferences(doc: PolicyDocument, ids: Set<string>, file: PolicyAt | undefined): void {
  const refs: Array<[string, Array<string | number>]> = [];
  for (const id of Object.keys(doc.rules ?? {})) refs.push([id, ['rules', id]]);
  (doc.overrides ?? []).forEach((o, i) => Object.keys(o.rules ?? {}).forEach((id) => refs.push([id, ['overrides', i, 'rules', id]])));
  for (const [where, settings] of [
    [['suppressions'], doc.suppressions],
    ...(doc.overrides ?? []).map((o, i) => [['overrides', i, 'suppressions'], o.suppressions] as const),
  ] as const) {
    for (const list of ['allow', 'deny'] as const) (settings?.[list] ?? []).forEach((id, j) => refs.push([id, [...where, list, j]]));
  }
  for (const [id, path] of refs) {
    if (CUSTOM_ID.test(id) && !ids.has(id))
      throw fail(
        file,
        path,
        `the custom rule \`${id}\` is not defined`,
        didYouMean(id, ids) ?? 'define it under `customRules:`, or in a module named under `plugins:`',
      );
  }
}

export async function loadCustomRules(doc: PolicyDocument, baseDir: string, source: string, file?: PolicyAt): Promise<CustomRules> {
  const declared = doc.customRules ?? [];
  const plugins = doc.plugins ?? [];
  if (declared.length === 0 && plugins.length === 0) {
    checkReferences(doc, new Set(), file);
    return NO_CUSTOM_RULES;
  }
  const rules: AnyRule[] = [];
  declared.forEach((def, i) => {
    if (!selectorOf(def.select))
      throw fail(
        file,
        ['customRules', i, 'select'],
        `unknown selector \`${def.select}\``,
        `a named set (${Object.keys(NAMED_SELECTORS).join(', ')}) or descriptor:<path> / contract:<path>, as contract:servers[*]`,
      );
  });
  if (declared.length > 0) rules.push(...(await declarativeRules(declared, source, file)));
  for (const [i, rel] of plugins.entries()) {
    try {
      rules.push(...(await loadPlugin(baseDir, rel)));
    } catch (error) {
      if (error instanceof PluginError && file) throw fail(file, ['plugins', i], error.message, error.hint);
      throw error;
    }
  }
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) throw fail(file, declared.length > 0 ? ['customRules'] : ['plugins'], `the custom rule \`${rule.id}\` is defined twice`);
    ids.add(rule.id);
  }
  checkReferences(doc, ids, file);
  const byScope: Record<RuleScope, AnyRule[]> = { file: [], descriptor: [], contract: [], product: [] };
  for (const rule of rules) byScope[rule.scope].push(rule);
  const docs: RuleDoc[] = rules.map((r) => ({
    id: r.id,
    description: r.description,
    help: r.help,
    category: 'custom',
    basis: 'organisation',
    severity: r.severity,
    ...(r.defaults ? { defaults: r.defaults } : {}),
  }));
  return { byScope, docs };
}
