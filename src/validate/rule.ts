/** What a rule is: metadata for docs and policies, and a check that reports findings. */
import type { PathSegment, Span, Target } from '../descriptor/positions.js';
import type { Product } from '../descriptor/product.js';
import type { SourceFile } from '../descriptor/source.js';
import type { Severity } from '../core/finding.js';

/**
 * Where a rule runs: `file` on every YAML file, `descriptor` on each ODPS
 * descriptor, `contract` on each ODCS contract (also a contract given alone),
 * `product` on a descriptor together with its contracts (cross-file rules).
 */
export type RuleScope = 'file' | 'descriptor' | 'contract' | 'product';

/**
 * `syntax` and `schema` come first; `structure` is what dp checks beyond the schema; `policy` is
 * organisation governance dp ships; `custom` the organisation's own rules (in its policy file).
 */
export type RuleCategory = 'syntax' | 'schema' | 'structure' | 'policy' | 'suppression' | 'custom';

/**
 * What a rule rests on: `standard` is required by the text of ODCS, ODPS or YAML (a violation
 * makes the document non-conforming); `dp` is a convention of dp's own (what its layout,
 * publishing and catalog need, or its advice); `organisation` is a policy the organisation
 * configures. Findings of conventions and policies say so in their message.
 */
export type RuleBasis = 'standard' | 'dp' | 'organisation';

export const BASIS_LABEL: Record<RuleBasis, string> = { standard: 'standard', dp: 'dp convention', organisation: 'organisation policy' };

export interface RuleDoc {
  id: string;
  /** One line: what the rule checks. */
  description: string;
  /** Longer help: why it matters and how to fix it. */
  help?: string;
  category: RuleCategory;
  basis: RuleBasis;
  /**
   * What it reports is certainly broken (duplicate keys, a port and its contract disagreeing on
   * the version): kept by the `minimal` preset, which otherwise checks the schema only.
   */
  certain?: boolean;
  /** Severity under the `recommended` preset, and when a policy turns the rule on without naming one. */
  severity: Severity;
  /** Options the rule takes, with their defaults (documented in schemas/dp-policies.schema.json). */
  defaults?: Record<string, unknown>;
}

export interface Report {
  /** The file the finding is in (default: the file under check). */
  file?: SourceFile;
  /** Path inside the document; the finding points at it. */
  path?: readonly PathSegment[];
  target?: Target;
  /** An explicit span instead of a path. */
  span?: Span;
  message: string;
  hint?: string;
}

/** What a configured catalog publishes, for the rules that compare a product with the mesh. */
export interface CatalogView {
  /** Where the catalog is, for messages. */
  location: string;
  /** An output port of some product's latest version (or of a product checked in the same run) declares this contract id. */
  publishes(contractId: string): boolean;
}

export interface RuleContext<O = Record<string, unknown>> {
  /** The rule's options: its defaults merged with the policy's settings. */
  options: O;
  /** The file under check; for product rules, the descriptor. */
  file: SourceFile;
  /** The product, for descriptor and product rules (absent for a contract checked alone). */
  product?: Product;
  /** The configured catalog, when there is one (`dp validate --catalog`...). */
  catalog?: CatalogView;
  report(report: Report): void;
}

export interface Rule<O = Record<string, unknown>> extends RuleDoc {
  scope: RuleScope;
  check(ctx: RuleContext<O>): void;
}

/** A rule whatever its options, as held in the rule table. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any>;

/** Helper that keeps each rule file typed without repeating the generic. */
export function defineRule<O = Record<string, unknown>>(rule: Rule<O>): Rule<O> {
  return rule;
}
