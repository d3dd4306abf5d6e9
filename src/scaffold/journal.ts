/**
 * The journal of a `dp init --force` that moves files into an existing product: written
 * (atomically) once the staged product passed its check and before the first move, removed
 * once the last move is done. A run killed in between leaves it; the next `dp init` of that
 * directory reads it and puts every file back as it was (see recover.ts). Each move is one
 * rename, and where each file is tells how far its moves went, so rolling back is safe to
 * repeat if it is itself interrupted.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DpError } from '../errors.js';
import { atomicWriteFile } from '../util/fs.js';
import type { Action } from './plan.js';

export const JOURNAL = 'journal.json';

export interface JournalEntry {
  path: string;
  action: Exclude<Action, 'skip'>;
  /** The previous content goes to the backup directory (kept) rather than to the work directory (dropped at the end). */
  keep: boolean;
}

export interface Journal {
  kind: 'dp-init-journal';
  version: 1;
  /** Relative to the target: where kept files go, or null when none is kept. */
  backup: string | null;
  entries: JournalEntry[];
  /** Directories the moves create, relative to the target, outermost first. */
  createdDirs: string[];
}

/** Where one file is at each stage of its move. */
export function locations(target: string, work: string, journal: Journal, entry: JournalEntry): { staged: string; saved: string; dest: string } {
  const saved = entry.keep && journal.backup ? join(target, journal.backup, entry.path) : join(work, 'replaced', entry.path);
  return { staged: join(work, 'staged', entry.path), saved, dest: join(target, entry.path) };
}

export function writeJournal(work: string, journal: Journal): void {
  atomicWriteFile(join(work, JOURNAL), `${JSON.stringify(journal, null, 2)}\n`);
}

export function readJournal(work: string): Journal | undefined {
  const path = join(work, JOURNAL);
  if (!existsSync(path)) return undefined;
  const journal = JSON.parse(readFileSync(path, 'utf8')) as Journal;
  if (journal.kind !== 'dp-init-journal' || journal.version !== 1 || !Array.isArray(journal.entries)) {
    throw new DpError('input', `${path} is not a journal of this dp: an interrupted dp init left it`, {
      hint: 'restore the product from version control, then remove its directory',
    });
  }
  return journal;
}

/** Moves every file into place: the previous content out first (to the backup or the work directory), then the new one in. */
export function applyJournal(target: string, work: string, journal: Journal): void {
  for (const dir of journal.createdDirs) if (!existsSync(join(target, dir))) mkdirSync(join(target, dir));
  for (const entry of journal.entries) {
    const { staged, saved, dest } = locations(target, work, journal, entry);
    if (entry.action !== 'create') {
      mkdirSync(dirname(saved), { recursive: true });
      renameSync(dest, saved);
    }
    if (entry.action !== 'remove') renameSync(staged, dest);
  }
}

function removeIfEmpty(dirs: string[]): void {
  for (const dir of dirs) {
    try {
      rmdirSync(dir);
    } catch {
      // not empty, or gone: leave it
    }
  }
}

/** Puts every file back as it was before the journal's moves; returns how many were restored or removed. */
export function rollBack(target: string, work: string, journal: Journal): number {
  let undone = 0;
  for (const entry of [...journal.entries].reverse()) {
    const { staged, saved, dest } = locations(target, work, journal, entry);
    const movedIn = entry.action !== 'remove' && !existsSync(staged) && existsSync(dest) && (entry.action === 'create' || existsSync(saved));
    if (movedIn) {
      mkdirSync(dirname(staged), { recursive: true });
      renameSync(dest, staged);
      undone += 1;
    }
    if (entry.action !== 'create' && existsSync(saved) && !existsSync(dest)) {
      renameSync(saved, dest);
      if (!movedIn) undone += 1;
    }
  }
  const backupDirs = journal.backup ? [...new Set(journal.entries.filter((e) => e.keep).map((e) => dirname(join(target, journal.backup!, e.path))))] : [];
  const parents = (dir: string): string[] => (dir.length > target.length ? [dir, ...parents(dirname(dir))] : []);
  removeIfEmpty([...new Set(backupDirs.flatMap(parents))].sort((a, b) => b.length - a.length));
  removeIfEmpty(journal.createdDirs.map((d) => join(target, d)).reverse());
  return undone;
}
