/**
 * Applying a plan atomically. Everything is first written into a hidden work directory and
 * checked there; only then is it moved into place:
 * - a new product: its staging directory, beside it (same file system), renamed into place
 *   in one step;
 * - an existing directory (empty, or with --force): file by file, under a journal (journal.ts)
 *   that the next dp init replays backwards if this one is killed half way (recover.ts). The
 *   previous content of each file the team changed since dp generated it is kept in
 *   `.dp/backup/<time>/` (generated.ts); the others are replaced.
 * A failed move is rolled back at once. Ctrl-C before the moves removes the work directory and
 * leaves the target as it was; during them it waits for the moves to end.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DpError } from '../errors.js';
import { watchInterrupts } from '../util/interrupts.js';
import { BACKUP_DIR, backupName } from './generated.js';
import { applyJournal, rollBack, writeJournal, type Journal } from './journal.js';
import type { Plan } from './plan.js';

export interface ApplyOptions {
  /** Runs on the staged product before it is moved into place; throws to refuse it. */
  check?: (stagedDir: string) => Promise<void>;
  /** The time of the run (names the backup directory). */
  now?: Date;
}

export interface Applied {
  /** Where the previous content of the files the team changed was kept (relative to the target), if any was. */
  backup?: string;
  kept: string[];
}

/** A new target is staged beside it; an existing one inside itself, which also needs no write access to its parent. */
function workDir(plan: Plan): string {
  const suffix = `dp-init-${process.pid}-${randomBytes(4).toString('hex')}`;
  return plan.exists ? join(plan.target, `.${suffix}`) : join(dirname(plan.target), `.${basename(plan.target)}.${suffix}`);
}

/** Creates the missing parents of a directory; returns them, outermost first, for removal on failure. */
function createParents(dir: string): string[] {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) missing.unshift(d);
  for (const d of missing) mkdirSync(d);
  return missing;
}

function removeEmptyDirs(dirs: string[]): void {
  for (const d of [...dirs].reverse()) {
    try {
      rmdirSync(d);
    } catch {
      // not empty or already gone: leave it
    }
  }
}

function writeStaged(stage: string, plan: Plan): void {
  mkdirSync(stage, { mode: 0o777, recursive: true });
  for (const [rel, content] of plan.files) {
    const path = join(stage, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content, { flag: 'wx' });
  }
}

/** A free name for this run's backups. */
function backupFor(target: string, now: Date): string {
  const base = `${BACKUP_DIR}/${backupName(now)}`;
  let name = base;
  for (let n = 2; existsSync(join(target, name)); n += 1) name = `${base}-${n}`;
  return name;
}

/** The journal of the moves: which files, where their previous content goes, which directories appear. */
function journalFor(plan: Plan, now: Date): Journal {
  const entries = plan.entries.flatMap((e) => (e.action === 'skip' ? [] : [{ path: e.path, action: e.action, keep: Boolean(e.keep) }]));
  const createdDirs = new Set<string>();
  for (const e of entries) {
    const parts = e.path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i += 1) {
      const dir = parts.slice(0, i).join('/');
      if (!existsSync(join(plan.target, dir))) createdDirs.add(dir);
    }
  }
  const backup = entries.some((e) => e.keep) ? backupFor(plan.target, now) : null;
  return { kind: 'dp-init-journal', version: 1, backup, entries, createdDirs: [...createdDirs] };
}

function moveJournaled(work: string, plan: Plan, now: Date): Applied {
  const journal = journalFor(plan, now);
  writeJournal(work, journal);
  try {
    applyJournal(plan.target, work, journal);
  } catch (error) {
    rollBack(plan.target, work, journal);
    throw error;
  }
  // Committed: from here on the work directory is only what the moves replaced.
  rmSync(join(work, 'journal.json'));
  const kept = journal.entries.filter((e) => e.keep).map((e) => e.path);
  return journal.backup ? { backup: journal.backup, kept } : { kept };
}

export async function applyPlan(plan: Plan, options: ApplyOptions = {}): Promise<Applied> {
  const parents = plan.exists ? [] : createParents(dirname(plan.target));
  const work = workDir(plan);
  const stage = plan.exists ? join(work, 'staged') : work;
  const signals = watchInterrupts();
  let committed = false;
  try {
    writeStaged(stage, plan);
    await options.check?.(stage);
    if (signals.interrupted()) throw new DpError('interrupted', 'interrupted: nothing was written');
    let applied: Applied = { kept: [] };
    if (plan.exists) applied = moveJournaled(work, plan, options.now ?? new Date());
    else renameSync(stage, plan.target);
    committed = true;
    return applied;
  } finally {
    signals.stop();
    rmSync(work, { recursive: true, force: true });
    if (!committed) removeEmptyDirs(parents);
  }
}
