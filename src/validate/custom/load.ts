/**
 * An organisation policy's own rules, made ready before checking starts (checking itself is
 * synchronous): declarative rules compiled by ajv (loaded only for a policy that has some),
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
import { loadPlugin, PluginError } from './plugins.js';
import { documentSchema, NAMED_SELECTORS, selectorOf } from './selectors.js';
import { CUSTOM_ID, NO_CUSTOM_RULES, type CustomRules, type DeclarativeRule } from './types.js';
import { DpError } from '../../errors.js';

interface Compiler {
  /** Every error, for a finding (a rule's own validator). */
  compile(schema: Record<string, unknown>): CompiledValidator;
  /** Stops at the first error (the validator of a selector's rules together). */
  compileFirst(schema: Record<string, unknown>): CompiledValidator;
}

async function compiler(): Promise<Compiler> {
  // CommonJS whose module.exports is the class: `default` is what Node and the bundle both give.
  const ajvModule = await import('ajv/dist/2019.js');
  const Ajv2019 = ajvModule.default as unknown as typeof ajvModule.Ajv2019;
  const { formats } = await import('../schema/formats.js');
  // Without code optimisation, compiling costs about half as much; the validators run as fast on documents.
  // Schemas are not checked against the meta-schema (compiling it costs ~50 ms in every thread): ajv's
  // keywords check their own values while compiling, and a schema that does not compile is reported.
  const options = { strict: false, allowUnionTypes: true, validateSchema: false, formats: formats as never, code: { optimize: false } };
  const all = new Ajv2019({ ...options, allErrors: true });
  const first = new Ajv2019({ ...options, allErrors: false });
  return {
    compile: (schema) => all.compile(schema) as unknown as CompiledValidator,
    compileFirst: (schema) => first.compile(schema) as unknown as CompiledValidator,
  };
}

/** A group that does not compile: the rule whose schema does not, reported at its place. */
function culprit(declared: DeclarativeRule[], text: string, compiler: Compiler, file: PolicyAt | undefined, error: unknown): DpError {
  for (const [i, def] of declared.entries()) {
    if (def.select !== text) continue;
    try {
      compiler.compile(def.schema);
    } catch (own) {
      return fail(file, ['customRules', i, 'schema'], `the schema of ${def.id} is not a valid JSON Schema: ${(own as Error).message}`);
    }
  }
  return fail(file, ['customRules'], `the rules selecting \`${text}\` do not compile together: ${(error as Error).message}`);
}

/** The declarative rules, grouped by selector: each group's nodes are validated once for all its rules. */
function declarativeRules(declared: DeclarativeRule[], compiler: Compiler, source: string, file: PolicyAt | undefined): AnyRule[] {
  const groups = new Map<string, SelectorGroup>();
  for (const text of new Set(declared.map((d) => d.select))) {
    const all = { allOf: declared.filter((d) => d.select === text).map((d) => d.schema) };
    // A schema that refers within itself ($ref, $defs...) keeps its own root: checked node by node.
    const selfReferring = /"\$(ref|defs|id|anchor|dynamicRef|recursiveRef)"|"definitions"/.test(JSON.stringify(all));
    const whole = selfReferring ? undefined : documentSchema(text, all);
    let node: CompiledValidator | undefined;
    try {
      const document = whole ? compiler.compileFirst(whole) : undefined;
      if (!document) node = compiler.compileFirst(all);
      groups.set(text, new SelectorGroup(selectorOf(text)!, document, () => (node ??= compiler.compileFirst(all))));
    } catch (error) {
      throw culprit(declared, text, compiler, file, error);
    }
  }
  return declared.map((def) => {
    let own: CompiledValidator | undefined;
    return compileDeclarative(def, groups.get(def.select)!, () => (own ??= compiler.compile(def.schema)), source);
  });
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
  for (const [where, settings] of [[['suppressions'], doc.suppressions], ...(doc.overrides ?? []).map((o, i) => [['overrides', i, 'suppressions'], o.suppressions] as const)] as const) {
    for (const list of ['allow', 'deny'] as const) (settings?.[list] ?? []).forEach((id, j) => refs.push([id, [...where, list, j]]));
  }
  for (const [id, path] of refs) {
    if (CUSTOM_ID.test(id) && !ids.has(id)) throw fail(file, path, `the custom rule \`${id}\` is not defined`, didYouMean(id, ids) ?? 'define it under `customRules:`, or in a module named under `plugins:`');
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
  const compile = declared.length > 0 ? await compiler() : undefined;
  declared.forEach((def, i) => {
    if (!selectorOf(def.select)) throw fail(file, ['customRules', i, 'select'], `unknown selector \`${def.select}\``, `a named set (${Object.keys(NAMED_SELECTORS).join(', ')}) or descriptor:<path> / contract:<path>, as contract:servers[*]`);
  });
  if (compile) rules.push(...declarativeRules(declared, compile, source, file));
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
  const docs: RuleDoc[] = rules.map((r) => ({ id: r.id, description: r.description, help: r.help, category: 'custom', basis: 'organisation', severity: r.severity, ...(r.defaults ? { defaults: r.defaults } : {}) }));
  return { byScope, docs };
}
