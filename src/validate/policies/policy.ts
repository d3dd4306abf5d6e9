/**
 * An organisation policy resolved for use: which rules are on, at which
 * severity, with which options, for a given file (overrides apply per glob).
 */
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import type picomatchType from 'picomatch';
import type { SourceFile } from '../../descriptor/source.js';
import type { SeverityOrOff } from '../../core/finding.js';
import type { AnyRule, RuleDoc, RuleScope } from '../rule.js';
import { NO_CUSTOM_RULES, type CustomRules, type DeclarativeRule } from '../custom/types.js';
import { resolveSuppressions, type SuppressionRules, type SuppressionSettings } from './suppression-policy.js';

export interface RuleSetting {
  severity: SeverityOrOff;
  options: Record<string, unknown>;
}

/** A rule entry as written in a policy file: a severity, or an object with an optional severity and options. */
export type RuleEntry = SeverityOrOff | ({ severity?: SeverityOrOff } & Record<string, unknown>);

export interface PolicyOverride {
  files: string[];
  rules?: Record<string, RuleEntry>;
  suppressions?: SuppressionSettings;
}

/** The organisation's settings of the control plane (docs/control.md): thresholds and defaults, not rules of documents. */
export interface ControlPolicy {
  access?: {
    /** `dp access audit` flags ports with more live grants than this. */
    maxGrantsPerPort?: number;
    /** Classifications that make a port's data restricted: requests need a purpose; audit flags grants without one. */
    restrictedClassifications?: string[];
  };
  erasure?: {
    /** Days a product has to erase a subject's data (the tasks' deadline). */
    deadlineDays?: number;
  };
}

export interface PolicyDocument {
  extends?: string;
  rules?: Record<string, RuleEntry>;
  suppressions?: SuppressionSettings;
  overrides?: PolicyOverride[];
  control?: ControlPolicy;
  /** The organisation's declarative rules. */
  customRules?: DeclarativeRule[];
  /** JavaScript rule modules, relative to the policy's directory (code runs only when named here). */
  plugins?: string[];
}

export interface Policy {
  /** Where the policy came from (a file path, or the name of a built-in preset). */
  readonly source: string;
  settingFor(ruleId: string, file: SourceFile): RuleSetting;
  /** Which inline suppressions the policy accepts in a file. */
  suppressionsFor(file: SourceFile): SuppressionRules;
  /**
   * Where a file at `relativePath` from the policy's directory (the repository root, for a
   * dp.config.yaml there) is, so that its overrides match a document received as text the way
   * they match the file in the repository.
   */
  locate(relativePath: string): string;
  /** The control plane's settings, as the policy gives them (defaults are the control plane's). */
  readonly control: ControlPolicy;
  /** The organisation's own rules that run where `scope` says. */
  customRules(scope: RuleScope): readonly AnyRule[];
  /** Their documentation (`dp rules`, suppressions). */
  readonly customDocs: readonly RuleDoc[];
}

export type RuleDefaults = ReadonlyMap<string, RuleSetting>;

export function applyEntry(base: RuleSetting | undefined, entry: RuleEntry, fallbackSeverity: SeverityOrOff): RuleSetting {
  const current = base ?? { severity: fallbackSeverity, options: {} };
  if (typeof entry === 'string') return { severity: entry, options: current.options };
  const { severity, ...options } = entry;
  return {
    severity: severity ?? (current.severity === 'off' ? fallbackSeverity : current.severity),
    options: { ...current.options, ...options },
  };
}

interface CompiledOverride {
  match: (path: string) => boolean;
  rules: Record<string, RuleEntry>;
  suppressions?: SuppressionSettings;
}

export class ResolvedPolicy implements Policy {
  private readonly overrides: CompiledOverride[];
  private readonly cache = new Map<string, Map<string, RuleSetting>>();
  private readonly suppressionCache = new Map<string, SuppressionRules>();

  constructor(
    readonly source: string,
    /** Settings after presets and the policy's own `rules`. */
    private readonly base: Map<string, RuleSetting>,
    overrides: PolicyOverride[],
    /** Directory that override globs are relative to. */
    private readonly baseDir: string,
    /** Severity a rule gets when an override turns it on without naming one. */
    private readonly defaultSeverity: (ruleId: string) => SeverityOrOff,
    /** The policy's own `suppressions` (before overrides). */
    private readonly suppressions?: SuppressionSettings,
    private readonly custom: CustomRules = NO_CUSTOM_RULES,
    readonly control: ControlPolicy = {},
  ) {
    // The glob matcher loads only for policies that have overrides.
    const picomatch = overrides.length > 0 ? (createRequire(import.meta.url)('picomatch') as typeof picomatchType) : undefined;
    this.overrides = overrides.map((o) => ({ match: picomatch!(o.files, { dot: true }), rules: o.rules ?? {}, suppressions: o.suppressions }));
  }

  /** The overrides matching a file, and a key naming that set. */
  private matching(path: string): { matching: CompiledOverride[]; key: string } {
    if (this.overrides.length === 0) return { matching: [], key: '' };
    const rel = relative(this.baseDir, path).split(sep).join('/');
    const matching = this.overrides.filter((o) => o.match(rel));
    return { matching, key: matching.map((o) => this.overrides.indexOf(o)).join(',') };
  }

  private settingsFor(path: string): Map<string, RuleSetting> {
    const { matching, key } = this.matching(path);
    let settings = this.cache.get(key);
    if (!settings) {
      settings = new Map(this.base);
      for (const override of matching) {
        for (const [id, entry] of Object.entries(override.rules)) {
          settings.set(id, applyEntry(settings.get(id), entry, this.defaultSeverity(id)));
        }
      }
      this.cache.set(key, settings);
    }
    return settings;
  }

  locate(relativePath: string): string {
    return join(this.baseDir, relativePath);
  }

  customRules(scope: RuleScope): readonly AnyRule[] {
    return this.custom.byScope[scope];
  }

  get customDocs(): readonly RuleDoc[] {
    return this.custom.docs;
  }

  suppressionsFor(file: SourceFile): SuppressionRules {
    const { matching, key } = this.matching(file.path);
    let rules = this.suppressionCache.get(key);
    if (!rules) {
      rules = resolveSuppressions(
        this.suppressions,
        matching.map((o) => o.suppressions),
        this.custom.docs.map((d) => d.id),
      );
      this.suppressionCache.set(key, rules);
    }
    return rules;
  }

  settingFor(ruleId: string, file: SourceFile): RuleSetting {
    const settings = this.overrides.length === 0 ? this.base : this.settingsFor(file.path);
    return settings.get(ruleId) ?? { severity: 'off', options: {} };
  }
}
