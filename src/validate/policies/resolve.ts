/**
 * Which policy applies to a product: `--policies` if given, else the policy
 * named by `--config` or by the nearest dp.config.yaml above the product, else
 * the built-in `recommended` preset. Files are loaded once per run.
 */
import { dirname, resolve } from 'node:path';
import { loadFile } from '../../descriptor/product.js';
import { DpError } from '../../errors.js';
import { loadCustomRules, type PolicyAt } from '../custom/load.js';
import { RULE_DOCS } from '../rules/docs.js';
import { findConfigUpward, loadConfig } from '../../config/config.js';
import { requireValid } from '../../config/document.js';
import { applyEntry, ResolvedPolicy, type Policy, type PolicyDocument } from './policy.js';
import { presetSettings, type PresetName } from './presets.js';
import { suggestPolicyKeys } from './suggest.js';
import { NO_CUSTOM_RULES, type CustomRules } from '../custom/types.js';
import { loadPolicyValidators, policyValidators } from '../../config/validators.js';

export interface PolicyOptions {
  cwd: string;
  /** Explicit policy file (--policies). */
  policiesPath?: string;
  /** Explicit configuration file (--config); otherwise searched upward from each product. */
  configPath?: string;
}

const defaultSeverityOf = new Map(RULE_DOCS.map((r) => [r.id, r.severity]));

/** A policy from its document; its own rules compiled beforehand (loadCustomRules), as they load asynchronously. */
export function buildPolicy(doc: PolicyDocument, source: string, baseDir: string, custom: CustomRules = NO_CUSTOM_RULES): Policy {
  const settings = presetSettings((doc.extends ?? 'recommended') as PresetName, RULE_DOCS);
  // The organisation's rules are on at their declared severity, whatever the preset.
  const customSeverity = new Map(custom.docs.map((d) => [d.id, d.severity]));
  for (const [id, severity] of customSeverity) settings.set(id, { severity, options: {} });
  const severityOf = (id: string) => defaultSeverityOf.get(id) ?? customSeverity.get(id) ?? 'error';
  for (const [id, entry] of Object.entries(doc.rules ?? {})) settings.set(id, applyEntry(settings.get(id), entry, severityOf(id)));
  return new ResolvedPolicy(source, settings, doc.overrides ?? [], baseDir, severityOf, doc.suppressions, custom, doc.control);
}

export const RECOMMENDED: PolicyDocument = { extends: 'recommended' };

interface LoadedDoc {
  doc: PolicyDocument;
  at?: PolicyAt;
  source: string;
  /** Directory that override globs are relative to. */
  baseDir: string;
  /** Directory the policy's plugins live in (the policy file's, or dp.config.yaml's for an inline policy). */
  pluginDir: string;
}

const hasCustomRules = (doc: PolicyDocument): boolean => (doc.customRules?.length ?? 0) > 0 || (doc.plugins?.length ?? 0) > 0;

export class PolicyResolver {
  private readonly byConfig = new Map<string, Policy>();
  private readonly upward = new Map<string, string | null>();
  private fixed?: Policy;
  private fallback?: Policy;

  constructor(private readonly options: PolicyOptions) {}

  private policyFile(path: string, baseDir: string): LoadedDoc {
    const file = loadFile(this.options.cwd, path);
    const doc = requireValid(file, policyValidators().policies, 'policy file', suggestPolicyKeys) as PolicyDocument;
    return { doc, at: { file, prefix: [] }, source: path, baseDir, pluginDir: dirname(path) };
  }

  private configDoc(configPath: string): LoadedDoc {
    const config = loadConfig(this.options.cwd, configPath, suggestPolicyKeys);
    if (typeof config.policies === 'string') return this.policyFile(resolve(config.dir, config.policies), config.dir);
    return {
      doc: (config.policies as PolicyDocument | undefined) ?? RECOMMENDED,
      at: config.policies ? { file: loadFile(this.options.cwd, configPath), prefix: ['policies'] } : undefined,
      source: configPath,
      baseDir: config.dir,
      pluginDir: config.dir,
    };
  }

  private static build(loaded: LoadedDoc, custom?: CustomRules): Policy {
    if (!custom && hasCustomRules(loaded.doc)) throw new DpError('internal', `the policy ${loaded.source} was used before its own rules were loaded`);
    return buildPolicy(loaded.doc, loaded.source, loaded.baseDir, custom);
  }

  private static async buildWithRules(loaded: LoadedDoc): Promise<Policy> {
    return buildPolicy(loaded.doc, loaded.source, loaded.baseDir, await loadCustomRules(loaded.doc, loaded.pluginDir, loaded.source, loaded.at));
  }

  /** Loads what checking these directories needs: validators of configuration files, the policies and their own rules. */
  async prepare(dirs: Iterable<string>): Promise<void> {
    const { cwd, policiesPath, configPath } = this.options;
    const configs = new Set<string>();
    if (!policiesPath && !configPath) for (const dir of dirs) configs.add(findConfigUpward(dir, this.upward) ?? '');
    configs.delete('');
    if (!policiesPath && !configPath && configs.size === 0) return;
    await loadPolicyValidators();
    if (policiesPath) this.fixed ??= await PolicyResolver.buildWithRules(this.policyFile(resolve(cwd, policiesPath), cwd));
    else if (configPath) configs.add(resolve(cwd, configPath));
    for (const path of configs) if (!this.byConfig.has(path)) this.byConfig.set(path, await PolicyResolver.buildWithRules(this.configDoc(path)));
  }

  private fromConfig(configPath: string): Policy {
    let policy = this.byConfig.get(configPath);
    if (!policy) {
      policy = PolicyResolver.build(this.configDoc(configPath));
      this.byConfig.set(configPath, policy);
    }
    return policy;
  }

  /** The policy for a product directory (or the directory of a single file); `prepare` must have seen it. */
  forDir(dir: string): Policy {
    const { cwd, policiesPath, configPath } = this.options;
    if (policiesPath) return (this.fixed ??= PolicyResolver.build(this.policyFile(resolve(cwd, policiesPath), cwd)));
    if (configPath) return this.fromConfig(resolve(cwd, configPath));
    const found = findConfigUpward(dir, this.upward);
    if (found) return this.fromConfig(found);
    return (this.fallback ??= buildPolicy(RECOMMENDED, 'recommended', cwd));
  }
}
