/**
 * What a `dp init` killed on the way leaves, found and dealt with by the next `dp init` of the
 * same directory: a staging directory beside a new product, or a work directory inside an
 * existing one (`.dp-init-<pid>-<random>`). Without a journal nothing had been moved: it is
 * removed. With one, the moves had begun: every file is put back as it was (journal.ts), then
 * it is removed. One whose process still runs (and worked on it lately) is another dp init at
 * work: this one refuses. Leftovers of older dp versions, which named no process, are reported.
 */
import { existsSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DpError } from '../errors.js';
import { readJournal, rollBack } from './journal.js';

/** Work directories of this dp: `.dp-init-<pid>-<hex>` inside a target, `.<name>.dp-init-<pid>-<hex>` beside a new one. */
export const WORK_PATTERN = /\.dp-init-(\d+)-[0-9a-f]{8}$/;
const LEGACY_PATTERN = /\.dp-init-(staging|backup)-[0-9a-f]{8}$/;
/** A work directory untouched for longer than this belongs to no running dp init, whatever its process id says. */
const STALE_AFTER_MS = 10 * 60 * 1000;

export interface Recovery {
  /** What was done or found, to tell the user. */
  notes: string[];
}

function running(pid: number, dir: string): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return Date.now() - statSync(dir).mtimeMs < STALE_AFTER_MS;
  } catch {
    return false;
  }
}

function candidates(target: string): Array<{ dir: string; inside: boolean }> {
  const out: Array<{ dir: string; inside: boolean }> = [];
  // A target that is a file, or cannot be listed, is for planning to report; nothing to recover here.
  const list = (dir: string): string[] => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  for (const name of list(target)) out.push({ dir: join(target, name), inside: true });
  const prefix = `.${basename(target)}.`;
  for (const name of list(dirname(target))) if (name.startsWith(prefix)) out.push({ dir: join(dirname(target), name), inside: false });
  return out.filter(({ dir }) => WORK_PATTERN.test(dir) || LEGACY_PATTERN.test(dir));
}

function recoverOne(target: string, dir: string, inside: boolean, dryRun: boolean): string {
  const shown = basename(dir);
  const journal = inside ? readJournal(dir) : undefined;
  if (dryRun) {
    return journal
      ? `${shown}: an interrupted dp init --force moved some files; a run without --dry-run puts them back first`
      : `${shown}: left by an interrupted dp init; a run without --dry-run removes it`;
  }
  if (!journal) {
    rmSync(dir, { recursive: true, force: true });
    return `removed ${shown}, left by an interrupted dp init (nothing had been moved into place)`;
  }
  const undone = rollBack(target, dir, journal);
  rmSync(dir, { recursive: true, force: true });
  return `an interrupted dp init --force had moved some files: put ${undone} back as they were before it, and removed ${shown}`;
}

/** Deals with what interrupted runs left in or beside `target` (a path that may not exist yet, shown as `display`). */
export function recoverTarget(targetPath: string, dryRun: boolean, display = targetPath): Recovery {
  const target = existsSync(targetPath) ? realpathSync(targetPath) : targetPath;
  const notes: string[] = [];
  for (const { dir, inside } of candidates(target)) {
    const legacy = LEGACY_PATTERN.exec(dir);
    if (legacy) {
      notes.push(
        `${dir} was left by an interrupted dp init of an older version${legacy[1] === 'backup' ? ': it may hold the previous content of files; check it, then remove it' : '; remove it'}`,
      );
      continue;
    }
    const pid = Number(WORK_PATTERN.exec(dir)![1]);
    if (running(pid, dir)) {
      throw new DpError('usage', `another dp init (process ${pid}) is writing ${display}`, {
        hint: `wait for it to finish; if no dp init runs, remove ${dir}`,
      });
    }
    notes.push(recoverOne(target, dir, inside, dryRun));
  }
  return { notes };
}
