/**
 * The dp configuration file, `dp.config.yaml`, searched upward from a product
 * (nearest wins). It names the organisation policy (a file path or inline) and
 * defaults for other commands (the catalog, the template packs). Read by
 * validation, the catalog and the scaffold alike, so it sits below all three:
 * an inline policy is kept as data here and built into a policy by validation.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadFile } from '../descriptor/product.js';
import { requireValid, type KeySuggester } from './document.js';
import { loadPolicyValidators, policyValidators } from './validators.js';

export const CONFIG_NAMES = ['dp.config.yaml', 'dp.config.yml'];

export interface DpConfig {
  path: string;
  dir: string;
  /** A policy file's path, or the policy itself (checked against the policy schema with the rest of the file). */
  policies?: string | Record<string, unknown>;
  catalog?: string;
  templates?: string;
}

/** Keys for "did you mean"; those of an inline policy come from validation, which knows the rules. */
function configKeys(policyKeys?: KeySuggester): KeySuggester {
  return (path) => {
    if (path.length === 0) return ['policies', 'catalog', 'templates'];
    return path[0] === 'policies' ? policyKeys?.(path.slice(1)) : undefined;
  };
}

export function findConfigUpward(startDir: string, cache?: Map<string, string | null>): string | undefined {
  const visited: string[] = [];
  let dir = resolve(startDir);
  let found: string | null | undefined;
  for (;;) {
    const cached = cache?.get(dir);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    visited.push(dir);
    const hit = CONFIG_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p));
    if (hit) {
      found = hit;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      found = null;
      break;
    }
    dir = parent;
  }
  for (const v of visited) cache?.set(v, found ?? null);
  return found ?? undefined;
}

export function loadConfig(cwd: string, path: string, policyKeys?: KeySuggester): DpConfig {
  const value = requireValid(loadFile(cwd, path), policyValidators().config, 'dp configuration', configKeys(policyKeys));
  return { path, dir: dirname(path), ...(value as Omit<DpConfig, 'path' | 'dir'>) };
}

/** loadConfig for callers outside validation: loads the validators first. */
export async function readConfig(cwd: string, path: string): Promise<DpConfig> {
  await loadPolicyValidators();
  return loadConfig(cwd, path);
}
