/** An organisation's own rules, as a policy declares them and as the engine runs them. */
import type { Severity } from '../../core/finding.js';
import type { AnyRule, RuleDoc, RuleScope } from '../rule.js';

/** A declarative rule in a policy file (`customRules:`). */
export interface DeclarativeRule {
  id: string;
  description?: string;
  /** A named set of nodes (`schema-properties`, `output-ports`, `servers`...) or `descriptor:<path>` / `contract:<path>`. */
  select: string;
  /** A JSON Schema (draft 2019-09) fragment every selected node must match. */
  schema: Record<string, unknown>;
  /** What a finding says; `{name}`, `{path}`, `{value}` and `{error}` are filled in. */
  message: string;
  hint?: string;
  severity?: Severity;
}

/** The custom rules of one policy, compiled: by where they run, and their documentation. */
export interface CustomRules {
  byScope: Readonly<Record<RuleScope, readonly AnyRule[]>>;
  docs: readonly RuleDoc[];
}

export const NO_CUSTOM_RULES: CustomRules = { byScope: { file: [], descriptor: [], contract: [], product: [] }, docs: [] };

/** Custom rule ids are namespaced (`acme/field-description`), so they never meet a built-in rule of a later dp. */
export const CUSTOM_ID = /^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/;
