/**
 * The precompiled validators of dp's configuration and policy files are large
 * and only needed when such a file exists, so they load on demand, before
 * checking starts (checking itself is synchronous).
 */
import type { CompiledValidator } from './document.js';

interface Validators {
  config: CompiledValidator;
  policies: CompiledValidator;
}

let loaded: Validators | undefined;

export async function loadPolicyValidators(): Promise<void> {
  if (loaded) return;
  const [config, policies] = await Promise.all([import('../schemas/dp-config.js'), import('../schemas/dp-policies.js')]);
  loaded = { config: config.default, policies: policies.default };
}

export function policyValidators(): Validators {
  if (!loaded) throw new Error('policy validators used before loadPolicyValidators()');
  return loaded;
}
