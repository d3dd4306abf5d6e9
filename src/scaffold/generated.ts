/**
 * `.dp/generated.yaml`: the digest of every file dp init wrote, so that applying a template
 * again over a product can tell a file the team changed (its digest differs from the one
 * recorded) from one it did not. The previous content of a changed file that --force
 * overwrites is kept in `.dp/backup/<time>/`; an unchanged one is simply replaced.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRecord } from '../descriptor/model.js';
import { loadSource } from '../descriptor/source.js';
import { serialise } from './generators/index.js';
import type { Plan } from './plan.js';
import type { Rendered } from './types.js';

export const GENERATED_RECORD = '.dp/generated.yaml';
export const BACKUP_DIR = '.dp/backup';

const HEADER = '# Written by dp init: the digest of each file it generated. Applying a template again keeps a copy of the files you changed in .dp/backup/.';

export function digestOfText(text: string | Buffer): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** Adds the record of the rendered files to them. */
export function withGeneratedRecord(files: Rendered): Rendered {
  const digests: Record<string, string> = {};
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) digests[path] = digestOfText(content);
  const out = new Map(files);
  out.set(GENERATED_RECORD, serialise({ files: digests }, HEADER));
  return out;
}

/** The digests recorded in a product, or an empty map when there is no record (a product from an older dp, or none). */
function recordedDigests(target: string): Map<string, string> {
  const file = loadSource(join(target, GENERATED_RECORD), GENERATED_RECORD);
  const files = file.value?.files;
  if (!isRecord(files)) return new Map();
  return new Map(Object.entries(files).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/**
 * Marks the overwrites whose current content is not what dp generated last time (or cannot be
 * told): their previous content is kept. The record itself is dp's, never kept.
 */
export function markChanged(plan: Plan): void {
  const overwrites = plan.entries.filter((e) => e.action === 'overwrite' && e.path !== GENERATED_RECORD);
  if (overwrites.length === 0) return;
  const recorded = recordedDigests(plan.target);
  for (const entry of overwrites) entry.keep = recorded.get(entry.path) !== digestOfText(readFileSync(join(plan.target, entry.path)));
}

/** A directory name for one run's backups: the time, safe in file names everywhere. */
export function backupName(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}
