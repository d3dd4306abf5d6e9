/**
 * Applying a plan atomically. Everything is first written into a hidden
 * staging directory and checked there; only then is it moved into place: one
 * rename for a new directory; the top-level entries for an existing empty one
 * (replacing the directory itself would pull it from under a shell sitting in
 * it, as with `dp init .`); file by file with backups for --force. A failed
 * move is rolled back. Ctrl-C before the move removes the staging directory
 * and leaves the target as it was.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DpError } from '../errors.js';
import { watchInterrupts } from '../util/interrupts.js';
import type { Plan } from './plan.js';

export interface ApplyOptions {
  /** Runs on the staged product before it is moved into place; throws to refuse it. */
  check?: (stagedDir: string) => Promise<void>;
}

/**
 * A new target is staged beside it (same file system, so the move is a rename);
 * an existing one inside itself, which also needs no write access to its parent.
 */
function workDir(plan: Plan, what: string): string {
  const suffix = `dp-init-${what}-${randomBytes(4).toString('hex')}`;
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
  mkdirSync(stage, { mode: 0o777 });
  for (const [rel, content] of plan.files) {
    const path = join(stage, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content, { flag: 'wx' });
  }
}

/** Moves the staged top-level entries into the (empty) target; moves them back if one fails. */
function moveEntries(stage: string, target: string): void {
  const moved: string[] = [];
  try {
    for (const name of readdirSync(stage)) {
      renameSync(join(stage, name), join(target, name));
      moved.push(name);
    }
  } catch (error) {
    for (const name of moved.reverse()) renameSync(join(target, name), join(stage, name));
    throw error;
  }
}

/** Moves changed files one by one, keeping what they replace until every move succeeded. */
function mergeFiles(stage: string, plan: Plan): void {
  const backup = workDir(plan, 'backup');
  const done: Array<{ path: string; saved?: string }> = [];
  const createdDirs: string[] = [];
  try {
    for (const entry of plan.entries) {
      if (entry.action === 'skip') continue;
      const path = join(plan.target, entry.path);
      createdDirs.push(...createParents(dirname(path)));
      let saved: string | undefined;
      if (entry.action === 'overwrite') {
        saved = join(backup, entry.path);
        mkdirSync(dirname(saved), { recursive: true });
        renameSync(path, saved);
      }
      done.push({ path, saved });
      renameSync(join(stage, entry.path), path);
    }
  } catch (error) {
    for (const { path, saved } of done.reverse()) {
      rmSync(path, { force: true });
      if (saved) renameSync(saved, path);
    }
    removeEmptyDirs(createdDirs);
    throw error;
  } finally {
    rmSync(backup, { recursive: true, force: true });
  }
}

export async function applyPlan(plan: Plan, options: ApplyOptions = {}): Promise<void> {
  const parents = plan.exists ? [] : createParents(dirname(plan.target));
  const stage = workDir(plan, 'staging');
  const signals = watchInterrupts();
  let committed = false;
  try {
    writeStaged(stage, plan);
    await options.check?.(stage);
    if (signals.interrupted()) throw new DpError('interrupted', 'interrupted: nothing was written');
    if (plan.merge) mergeFiles(stage, plan);
    else if (plan.exists) moveEntries(stage, plan.target);
    else renameSync(stage, plan.target);
    committed = true;
  } finally {
    signals.stop();
    rmSync(stage, { recursive: true, force: true });
    if (!committed) removeEmptyDirs(parents);
  }
}
