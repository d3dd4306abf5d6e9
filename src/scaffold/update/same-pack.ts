/** `dp add` and `dp sync` render the product again with the very version of the pack it was generated from. */
import { DpError } from '../../errors.js';
import type { Pack } from '../types.js';
import { checkVersions, findManifest, loadPackFor } from './pack.js';
import type { ProductState } from './state.js';

export async function recordedPack(cwd: string, state: ProductState, command: string, template?: string): Promise<Pack> {
  const mf = await findManifest(cwd, state.target, state.template.id, template);
  const check = checkVersions(state.template, mf);
  if (check.template.available !== state.template.version || check.template.id !== state.template.id) {
    throw new DpError(
      'usage',
      `${state.display} was generated from ${state.template.id}@${state.template.version}, and ${check.template.id}@${check.template.available} is what is available here`,
      {
        hint: check.newer
          ? `run dp update first, then dp ${command} (dp update also regenerates the derived files)`
          : 'use the version of dp or of the template directory the product was generated with',
      },
    );
  }
  return loadPackFor(cwd, mf);
}
