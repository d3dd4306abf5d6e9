/**
 * The checking pipeline for one product or one contract file:
 * load problems -> schema -> rules -> policy severities -> suppressions.
 */
import { locate } from '../descriptor/positions.js';
import type { Product } from '../descriptor/product.js';
import type { Recognition } from '../descriptor/recognize.js';
import { kindOf, recognitionOf, type SourceFile } from '../descriptor/source.js';
import type { Finding, Severity } from '../core/finding.js';
import type { Policy, RuleSetting } from './policies/policy.js';
import { BASIS_LABEL, type AnyRule, type CatalogView, type Report, type RuleScope } from './rule.js';
import { RULES } from './rules/index.js';
import { checkSchema, schemaOf } from './schema-check.js';
import { loadValidators } from './schema/standards.js';
import { applySuppressions, type SuppressionOptions } from './suppressions.js';

export interface CheckOptions extends SuppressionOptions {
  /** The configured catalog, for the rules that compare a product with the mesh. */
  catalog?: CatalogView;
}

/** Rules that run only with a catalog: without one, a suppression of them is not unused. */
const CATALOG_RULES: ReadonlySet<string> = new Set(['input-contract-published']);

export interface CheckResult {
  findings: Finding[];
  suppressed: number;
  files: number;
}

/** Conventions and policies say what they rest on, so that nobody mistakes them for the standard. */
function messageOf(rule: AnyRule, report: Report): string {
  return rule.basis === 'standard' ? report.message : `${report.message} (${BASIS_LABEL[rule.basis]})`;
}

export function toFinding(rule: AnyRule, severity: Severity, fallback: SourceFile, report: Report): Finding {
  const file = report.file ?? fallback;
  const span = report.span ?? locate(file, report.path ?? [], report.target ?? 'value');
  const finding: Finding = { ruleId: rule.id, severity, file: file.display, ...span, message: messageOf(rule, report) };
  if (report.hint) finding.hint = report.hint;
  return finding;
}

/** A rule's options under a setting: merged once per setting, not once per file (settings are the policy's own objects). */
const mergedOptions = new WeakMap<RuleSetting, { rule: AnyRule; options: Record<string, unknown> }>();

function optionsOf(rule: AnyRule, setting: RuleSetting): Record<string, unknown> {
  let merged = mergedOptions.get(setting);
  if (merged?.rule !== rule) mergedOptions.set(setting, (merged = { rule, options: { ...rule.defaults, ...setting.options } }));
  return merged.options;
}

function runRules(scope: RuleScope, file: SourceFile, product: Product | undefined, policy: Policy, out: Finding[], catalog?: CatalogView): void {
  const custom = policy.customRules(scope);
  for (const rule of custom.length === 0 ? RULES[scope] : [...RULES[scope], ...custom]) {
    const setting = policy.settingFor(rule.id, file);
    if (setting.severity === 'off') continue;
    const severity = setting.severity;
    rule.check({
      options: optionsOf(rule, setting),
      file,
      product,
      catalog,
      report: (report) => out.push(toFinding(rule, severity, file, report)),
    });
  }
}

/** Schema findings take their severity from the policy too (a team may relax `schema-unknown-key`, say). */
function withPolicy(findings: Finding[], file: SourceFile, policy: Policy, out: Finding[]): void {
  for (const finding of findings) {
    const setting = policy.settingFor(finding.ruleId, file);
    if (setting.severity === 'off') continue;
    out.push({ ...finding, severity: setting.severity });
  }
}

/** One finding for a document dp does not check (DCS, DPDS, ODCS v2, no `kind`...): what it is and what to do. */
function unsupported(file: SourceFile, recognition: Recognition): Finding {
  const path = recognition.key ? [recognition.key] : [];
  const span = locate(file, path, 'key');
  return {
    ruleId: 'unsupported-document',
    severity: 'error',
    file: file.display,
    ...span,
    message: recognition.problem ?? `${recognition.label} is not checked by dp`,
  };
}

function checkFile(file: SourceFile, policy: Policy, out: Finding[]): void {
  out.push(...file.problems);
  const recognition = recognitionOf(file);
  if (!recognition) return;
  if (!recognition.checkable) {
    withPolicy([unsupported(file, recognition)], file, policy, out);
    return;
  }
  withPolicy(checkSchema(file), file, policy, out);
  runRules('file', file, undefined, policy, out);
}

/**
 * Loads the schema validators these files need that are not loaded yet (older ODCS versions
 * load on first use); undefined when nothing is missing, so that most checks never wait.
 */
export function prepareSchemas(files: readonly SourceFile[]): Promise<void> | undefined {
  return loadValidators(files.map(schemaOf));
}

/** Runs `check` once the validators `files` need are loaded: at once (no promise) when they are, which is nearly always. */
export function withSchemas<T>(files: readonly SourceFile[], check: () => T): T | Promise<T> {
  const pending = prepareSchemas(files);
  return pending ? pending.then(check) : check();
}

function contractScope(file: SourceFile, product: Product | undefined, policy: Policy, out: Finding[]): void {
  if (file.value && kindOf(file) === 'odcs') runRules('contract', file, product, policy, out);
}

export function checkProduct(product: Product, policy: Policy, options: CheckOptions = {}): CheckResult {
  const raw: Finding[] = [];
  const files = [product.descriptor, ...product.contracts];
  for (const file of files) checkFile(file, policy, raw);
  const descriptor = product.descriptor;
  if (descriptor.value && kindOf(descriptor) === 'odps') {
    runRules('descriptor', descriptor, product, policy, raw);
    runRules('product', descriptor, product, policy, raw, options.catalog);
  } else {
    // A contract passed where a descriptor was expected is still checked as a contract.
    contractScope(descriptor, undefined, policy, raw);
  }
  for (const contract of product.contracts) contractScope(contract, product, policy, raw);
  const skipped = options.catalog ? undefined : CATALOG_RULES;
  const { findings, suppressed } = applySuppressions(files, raw, policy, { ...options, skipped });
  return { findings, suppressed, files: files.length };
}

/** A file checked on its own: a contract, or any document given by name (which gets one finding if dp does not check it). */
export function checkDocument(file: SourceFile, policy: Policy, options: SuppressionOptions = {}): CheckResult {
  const raw: Finding[] = [];
  checkFile(file, policy, raw);
  contractScope(file, undefined, policy, raw);
  const { findings, suppressed } = applySuppressions([file], raw, policy, options);
  return { findings, suppressed, files: 1 };
}
