/**
 * From a manifest to a ready pack: the `extends` chain merged, every template
 * read into memory (so rendering is pure), and no source file outside its pack.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { displayPath } from '../descriptor/product.js';
import { readBounded } from '../descriptor/read-file.js';
import { DpError } from '../errors.js';
import type { ManifestFile } from './pack-manifest.js';
import type { Pack, PackFile, PackSource } from './types.js';
import { errorAt } from './yaml-file.js';

const MAX_SOURCE_BYTES = 1024 * 1024;
const MAX_EXTENDS_DEPTH = 5;

/** Finds a built-in pack by id (given by the caller, so this module does not depend on where packs live). */
export type BuiltinLookup = (id: string) => ManifestFile | undefined;

function readSource(cwd: string, mf: ManifestFile, index: number, key: 'template' | 'copy', rel: string): PackSource {
  const at = ['files', index, key];
  const abs = resolve(mf.dir, rel);
  // dp's own templates are named from the package root, wherever dp is installed.
  const display =
    mf.origin === 'builtin'
      ? relative(dirname(dirname(mf.dir)), abs)
          .split(sep)
          .join('/')
      : displayPath(cwd, abs);
  if (!existsSync(abs))
    throw errorAt(mf.file, at, `template pack ${mf.manifest.id}: ${rel} does not exist in the pack`, { hint: `expected at ${displayPath(cwd, abs)}` });
  // Regular files inside the pack only, read with a bound (never a FIFO or a device).
  const read = readBounded(abs, rel, MAX_SOURCE_BYTES, { root: realpathSync(mf.dir) });
  if ('problem' in read) {
    const { ruleId, message } = read.problem;
    if (ruleId === 'link-outside-repository') {
      throw errorAt(mf.file, at, `template pack ${mf.manifest.id}: ${rel} leads outside the pack`, {
        hint: 'templates must be files inside the pack directory (no symbolic links out of it)',
      });
    }
    const why = ruleId === 'file-too-large' ? `${rel} is larger than 1 MB` : message;
    throw errorAt(mf.file, at, `template pack ${mf.manifest.id}: ${why}`);
  }
  return { text: read.bytes.toString('utf8'), display };
}

/** The pack's own files with their sources keyed by absolute path. */
function ownFiles(cwd: string, mf: ManifestFile, sources: Map<string, PackSource>): PackFile[] {
  return mf.manifest.files.map((entry, i) => {
    const file: PackFile = { ...entry };
    for (const key of ['template', 'copy'] as const) {
      const rel = entry[key];
      if (rel === undefined) continue;
      const abs = join(mf.dir, rel);
      if (!sources.has(abs)) sources.set(abs, readSource(cwd, mf, i, key, rel));
      file[key] = abs;
    }
    return file;
  });
}

const slot = (f: PackFile): string => `${f.path}\u0000${JSON.stringify(f.when ?? null)}`;

/** A pack's file replaces the base pack's file with the same path and condition, in the base's position. */
function mergeFiles(base: PackFile[], own: PackFile[]): PackFile[] {
  const merged = [...base];
  for (const file of own) {
    const i = base.findIndex((f) => slot(f) === slot(file));
    if (i === -1) merged.push(file);
    else merged[i] = file;
  }
  return merged;
}

export function loadPack(cwd: string, mf: ManifestFile, builtin: BuiltinLookup, depth = 0): Pack {
  const m = mf.manifest;
  let base: Pack | undefined;
  if (m.extends !== undefined) {
    const parent = builtin(m.extends);
    if (!parent)
      throw errorAt(mf.file, ['extends'], `template pack ${m.id} extends \`${m.extends}\`, which is not a built-in pack`, {
        hint: 'see `dp init --list-templates` (the base pack is called base)',
      });
    if (depth >= MAX_EXTENDS_DEPTH || parent.manifest.id === m.id)
      throw errorAt(mf.file, ['extends'], `template pack ${m.id}: \`extends\` goes round in a circle`);
    base = loadPack(cwd, parent, builtin, depth + 1);
  }
  const sources = new Map<string, PackSource>(base?.sources);
  const conditions = { ...base?.conditions, ...m.conditions };
  m.files.forEach((f, i) => {
    if (typeof f.when === 'string' && !Object.hasOwn(conditions, f.when)) {
      throw errorAt(mf.file, ['files', i, 'when'], `template pack ${m.id}: no condition named \`${f.when}\``, {
        hint: `conditions: ${Object.keys(conditions).join(', ') || 'none'}`,
      });
    }
  });
  const files = mergeFiles(base?.files ?? [], ownFiles(cwd, mf, sources));
  const questions = m.questions ?? base?.questions;
  if (!questions)
    throw new DpError('config', `template pack ${m.id} has no questions`, {
      location: { file: mf.file.display },
      hint: 'add `questions:` (a JSON Schema), or `extends: base`',
    });
  return {
    id: m.id,
    version: m.version,
    description: m.description,
    archetype: m.archetype ?? base?.archetype,
    origin: mf.origin,
    dir: mf.dir,
    questions,
    defaults: { ...base?.defaults, ...m.defaults },
    dataset: m.dataset ?? base?.dataset,
    conditions,
    files,
    sources,
    changelog: m.changelog ?? [],
  };
}
