/**
 * Which packs exist: dp's built-in packs under templates/, the organisation's
 * packs (the `templates:` directory of dp.config.yaml), or a directory named
 * with --template. Resolving a choice of pack to a loaded pack.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { DpError, usageError } from '../errors.js';
import { fromRoot } from '../paths.js';
import { didYouMean } from '../util/suggest.js';
import { loadPack } from './pack-load.js';
import { isPackDir, loadManifestValidator, readManifest, type ManifestFile } from './pack-manifest.js';
import type { Pack, PackOrigin, PackSummary } from './types.js';

export const BUILTIN_DIR = fromRoot('templates');
export const DEFAULT_ARCHETYPE = 'source-aligned';

function readPacksIn(cwd: string, root: string, origin: PackOrigin): Map<string, ManifestFile> {
  const packs = new Map<string, ManifestFile>();
  let names: string[];
  try {
    names = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return packs;
  }
  for (const name of names) {
    const dir = join(root, name);
    if (isPackDir(dir)) {
      const mf = readManifest(cwd, dir, origin);
      packs.set(mf.manifest.id, mf);
    }
  }
  return packs;
}

let builtins: Map<string, ManifestFile> | undefined;

export function builtinManifests(cwd: string): Map<string, ManifestFile> {
  builtins ??= readPacksIn(cwd, BUILTIN_DIR, 'builtin');
  return builtins;
}

const oneBuiltin = new Map<string, ManifestFile | undefined>();

/** A built-in pack by id without reading the others (each lives in templates/<id>/). */
export function builtinManifest(cwd: string, id: string): ManifestFile | undefined {
  if (builtins) return builtins.get(id);
  if (!oneBuiltin.has(id)) {
    const dir = join(BUILTIN_DIR, id);
    const mf = /^[a-z][a-z0-9-]*$/.test(id) && isPackDir(dir) ? readManifest(cwd, dir, 'builtin') : undefined;
    oneBuiltin.set(id, mf?.manifest.id === id ? mf : builtinManifests(cwd).get(id));
  }
  return oneBuiltin.get(id);
}

const CONFIG_NAMES = ['dp.config.yaml', 'dp.config.yml'];

function configUpward(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const hit = CONFIG_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p));
    if (hit || dirname(dir) === dir) return hit;
  }
}

let organisation: Map<string, ManifestFile> | undefined;

/** The organisation's packs, from the `templates:` directory of the nearest dp.config.yaml (loaded only when there is one). */
export async function loadOrganisationPacks(cwd: string): Promise<Map<string, ManifestFile>> {
  const configPath = configUpward(cwd);
  organisation = new Map();
  if (!configPath) return organisation;
  const { readConfig } = await import('../config/config.js');
  const config = await readConfig(cwd, configPath);
  if (config.templates) {
    await loadManifestValidator();
    organisation = readPacksIn(cwd, resolve(config.dir, config.templates), 'organisation');
  }
  return organisation;
}

function organisationManifests(): Map<string, ManifestFile> {
  return organisation ?? new Map();
}

/** One of the organisation's packs by id (call loadOrganisationPacks first). */
export function organisationManifest(id: string): ManifestFile | undefined {
  return organisationManifests().get(id);
}

function summarise(mf: ManifestFile): PackSummary {
  const { id, version, description, archetype } = mf.manifest;
  return { id, version, description, archetype, origin: mf.origin, dir: mf.dir };
}

/** Call loadOrganisationPacks first to include the organisation's packs. */
export function listPacks(cwd: string): PackSummary[] {
  const all = [...builtinManifests(cwd).values(), ...organisationManifests().values()];
  return all.filter((mf) => !mf.manifest.abstract).map(summarise);
}

/** `--template` names a directory when it looks like a path; otherwise it is a pack id. */
export function looksLikePath(spec: string): boolean {
  return /[/\\]/.test(spec) || spec.startsWith('.') || spec.startsWith('~') || isAbsolute(spec);
}

function lookupById(cwd: string, id: string): ManifestFile {
  const mf = organisationManifests().get(id) ?? builtinManifest(cwd, id);
  if (mf && !mf.manifest.abstract) return mf;
  const known = new Map([...builtinManifests(cwd), ...organisationManifests()]);
  const usable = [...known.values()].filter((m) => !m.manifest.abstract).map((m) => m.manifest.id);
  throw usageError(`unknown template pack \`${id}\``, didYouMean(id, usable) ?? `available: ${usable.join(', ')} (or a directory holding dp-template.yaml)`);
}

export function resolvePack(cwd: string, spec: string): Pack {
  const builtin = (id: string): ManifestFile | undefined => builtinManifest(cwd, id);
  const mf = looksLikePath(spec) ? readManifest(cwd, resolve(cwd, spec), 'local') : lookupById(cwd, spec);
  if (mf.manifest.abstract)
    throw new DpError('config', `template pack ${mf.manifest.id} is abstract: it is a base for other packs`, { hint: 'pick a pack that extends it' });
  return loadPack(cwd, mf, builtin);
}
