/**
 * The write plan: what writing the rendered files into the target would do
 * to each path (create, overwrite, or skip an identical file), decided before
 * anything is written. A non-empty target needs --force; a path through a
 * symbolic link that leads outside the target, or through a file where a
 * directory is needed, is refused whatever the flags.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isInside } from '../descriptor/read-file.js';
import { DpError, usageError } from '../errors.js';
import type { Rendered } from './types.js';

/** `remove` only comes from merges (dp update): a generated file the new template drops, unchanged by the team. */
export type Action = 'create' | 'overwrite' | 'skip' | 'remove';

export interface PlanEntry {
  path: string;
  action: Action;
  bytes: number;
  /** An overwrite of a file the team changed since dp generated it: its previous content is kept (see generated.ts). */
  keep?: boolean;
}

export interface Plan {
  /** Absolute path of the target directory (symbolic links in its own path resolved). */
  target: string;
  /** The target directory exists already (empty or, with --force, not). */
  exists: boolean;
  /** The target holds files already: the plan merges into it instead of moving a new directory into place. */
  merge: boolean;
  entries: PlanEntry[];
  files: Rendered;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function refuseLink(target: string, at: string, rel: string): DpError {
  let leadsTo = '?';
  try {
    leadsTo = realpathSync(at);
  } catch {
    leadsTo = 'a missing file';
  }
  return new DpError('usage', `refusing to write ${rel}: ${relative(target, at)} in the target is a symbolic link to ${leadsTo}, outside the target`, {
    hint: 'dp init never writes through links that leave the target directory; remove the link or choose another directory',
  });
}

/** Follows the existing part of one planned path; returns the existing file's stats, if any. */
function walkExisting(target: string, rel: string): Stats | undefined {
  const segments = rel.split('/');
  let current = target;
  for (let i = 0; i < segments.length; i += 1) {
    current = join(current, segments[i]);
    const stats = lstatOrUndefined(current);
    if (!stats) return undefined;
    const last = i === segments.length - 1;
    if (stats.isSymbolicLink()) {
      let real: string | undefined;
      try {
        real = realpathSync(current);
      } catch {
        real = undefined;
      }
      if (real === undefined || !isInside(target, real)) throw refuseLink(target, current, rel);
      const followed = statSync(current);
      if (last) return followed;
      if (!followed.isDirectory()) throw usageError(`cannot write ${rel}: ${relative(target, current)} is a file, not a directory`);
      continue;
    }
    if (last) return stats;
    if (!stats.isDirectory())
      throw usageError(`cannot write ${rel}: ${relative(target, current)} is a file, not a directory`, 'move it away or choose another directory');
  }
  return undefined;
}

function entryFor(target: string, rel: string, content: string): PlanEntry {
  const bytes = Buffer.byteLength(content);
  const existing = walkExisting(target, rel);
  if (!existing) return { path: rel, action: 'create', bytes };
  if (!existing.isFile()) throw usageError(`cannot write ${rel}: it exists in the target and is not a regular file`);
  const same = existing.size === bytes && readFileSync(join(target, rel), 'utf8') === content;
  return { path: rel, action: same ? 'skip' : 'overwrite', bytes };
}

function targetState(target: string): { exists: boolean; empty: boolean; real: string } {
  const stats = lstatOrUndefined(target);
  if (!stats) return { exists: false, empty: true, real: target };
  const real = realpathSync(target);
  if (!statSync(real).isDirectory()) throw usageError(`${target} exists and is not a directory`);
  return { exists: true, empty: readdirSync(real).length === 0, real };
}

export function planWrite(cwd: string, dir: string, files: Rendered, options: { force: boolean }): Plan {
  const { exists, empty, real } = targetState(resolve(cwd, dir));
  if (!empty && !options.force) {
    throw new DpError('usage', `${dir} is not empty`, {
      hint: 'choose a new directory, or add --force to write into it (nothing is deleted; every overwritten file is reported; see --dry-run)',
    });
  }
  const entries = [...files].map(([rel, content]) => entryFor(real, rel, content));
  return { target: real, exists, merge: !empty, entries, files };
}
