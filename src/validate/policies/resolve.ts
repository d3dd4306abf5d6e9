/**
 * Which policy applies to a product: `--policies` if given, else the policy
 * named by `--config` or by the nearest dp.config.yaml above the product, else
 * the built-in `recommended` preset. Files are loaded once per run.
 */
import { resolve } from 'node:path';
import { loadFile } from '../../descriptor/product.js';
import { RULE_DOCS } from '../rules/docs.js';
import { findConfigUpward, loadConfig } from '../../config/config.js';
import { requireValid } from '../../config/document.js';
import { applyEntry, ResolvedPolicy, type Policy, type PolicyDocument } from './policy.js';
import { presetSettings, type PresetName } from './presets.js';
import { suggestPolicyKeys } from './suggest.js';
import { loadPolicyValidators, policyValidators } from '../../config/validators.js';

export interface PolicyOptions {
  cwd: string;
  /** Explicit policy file (--policies). */
  policiesPath?: string;
  /** Explicit configuration file (--config); otherwise searched upward from each product. */
  configPath?: string;
}

const defaultSeverityOf = new Map(RULE_DOCS.map((r) => [r.id, r.severity]));


export function buildPolicy(doc: PolicyDocument, source: string, baseDir: string): Policy {
  const settings = presetSettings((doc.extends ?? 'recommended') as PresetName, RULE_DOCS);
  for (const [id, entry] of Object.entries(doc.rules ?? {})) {
    settings.set(id, applyEntry(settings.get(id), entry, defaultSeverityOf.get(id) ?? 'error'));
  }
  return new ResolvedPolicy(source, settings, doc.overrides ?? [], baseDir, (id) => defaultSeverityOf.get(id) ?? 'error', doc.suppressions, doc.control);
}

export const RECOMMENDED: PolicyDocument = { extends: 'recommended' };

export class PolicyResolver {
  private readonly byConfig = new Map<string, Policy>();
  private readonly upward = new Map<string, string | null>();
  private fixed?: Policy;
  private fallback?: Policy;

  constructor(private readonly options: PolicyOptions) {}

  private loadPolicyFile(path: string, baseDir: string): Policy {
    const doc = requireValid(loadFile(this.options.cwd, path), policyValidators().policies, 'policy file', suggestPolicyKeys) as PolicyDocument;
    return buildPolicy(doc, path, baseDir);
  }

  private fromConfig(configPath: string): Policy {
    let policy = this.byConfig.get(configPath);
    if (!policy) {
      const config = loadConfig(this.options.cwd, configPath, suggestPolicyKeys);
      if (typeof config.policies === 'string') policy = this.loadPolicyFile(resolve(config.dir, config.policies), config.dir);
      else policy = buildPolicy((config.policies as PolicyDocument | undefined) ?? RECOMMENDED, configPath, config.dir);
      this.byConfig.set(configPath, policy);
    }
    return policy;
  }

  /** Loads what checking these directories needs (validators of configuration files, when there are any). */
  async prepare(dirs: Iterable<string>): Promise<void> {
    const { policiesPath, configPath } = this.options;
    let needed = Boolean(policiesPath || configPath);
    if (!needed) for (const dir of dirs) if ((needed = findConfigUpward(dir, this.upward) !== undefined)) break;
    if (needed) await loadPolicyValidators();
  }

  /** The policy for a product directory (or the directory of a single file); `prepare` must have seen it. */
  forDir(dir: string): Policy {
    const { cwd, policiesPath, configPath } = this.options;
    if (policiesPath) return (this.fixed ??= this.loadPolicyFile(resolve(cwd, policiesPath), cwd));
    if (configPath) return this.fromConfig(resolve(cwd, configPath));
    const found = findConfigUpward(dir, this.upward);
    if (found) return this.fromConfig(found);
    return (this.fallback ??= buildPolicy(RECOMMENDED, 'recommended', cwd));
  }
}
