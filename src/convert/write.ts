/**
 * Writing a run's outputs all or nothing: every file is first written and
 * flushed to a hidden temporary sibling; only then are they moved into place,
 * each replaced file kept aside until every move succeeded. A failure (or
 * Ctrl-C before the moves) restores what was there and removes what was new.
 * A file that is replaced keeps its permissions.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DpError } from '../errors.js';
import { watchInterrupts } from '../util/interrupts.js';
import type { OutputFile } from './types.js';

interface Staged {
  output: OutputFile;
  temp: string;
  backup?: string;
  moved: boolean;
}

function sibling(path: string, what: string): string {
  return join(dirname(path), `.${basename(path)}.dp-convert-${randomBytes(4).toString('hex')}.${what}`);
}

/** Creates the missing directories of `dir`; returns them, outermost first. */
function createParents(dir: string): string[] {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) missing.unshift(d);
  for (const d of missing) mkdirSync(d);
  return missing;
}

function stage(output: OutputFile): Staged {
  const temp = sibling(output.path, 'tmp');
  const mode = existsSync(output.path) ? statSync(output.path).mode & 0o7777 : 0o644;
  const fd = openSync(temp, 'wx', mode);
  try {
    writeSync(fd, Buffer.from(output.text));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { output, temp, moved: false };
}

function rollBack(staged: Staged[], created: string[]): void {
  for (const s of [...staged].reverse()) {
    if (s.moved) {
      rmSync(s.output.path, { force: true });
      if (s.backup) renameSync(s.backup, s.output.path);
    }
    rmSync(s.temp, { force: true });
  }
  for (const d of [...created].reverse()) {
    try {
      rmdirSync(d);
    } catch {
      // not empty: leave it
    }
  }
}

/** `moved` runs after each file is in place (tests use it to fail between two moves). */
export interface WriteHooks {
  moved?: (path: string) => void;
}

export function writeOutputs(outputs: OutputFile[], hooks: WriteHooks = {}): void {
  const directory = outputs.find((o) => existsSync(o.path) && statSync(o.path).isDirectory());
  if (directory)
    throw new DpError('input', `cannot write ${directory.display}: it is a directory`, {
      hint: 'nothing was written; move it away or write elsewhere with --output',
    });
  const staged: Staged[] = [];
  const created: string[] = [];
  const signals = watchInterrupts();
  try {
    for (const output of outputs) {
      created.push(...createParents(dirname(output.path)));
      staged.push(stage(output));
    }
    if (signals.interrupted()) throw new DpError('interrupted', 'interrupted: nothing was written');
    for (const s of staged) {
      if (existsSync(s.output.path)) {
        s.backup = sibling(s.output.path, 'bak');
        renameSync(s.output.path, s.backup);
      }
      s.moved = true;
      renameSync(s.temp, s.output.path);
      hooks.moved?.(s.output.path);
    }
  } catch (error) {
    rollBack(staged, created);
    if (error instanceof DpError) throw error;
    const e = error as NodeJS.ErrnoException;
    throw new DpError('input', `cannot write ${e.path ?? 'the converted files'}: ${e.code ?? e.message}; nothing was written`, {
      hint: 'check the permissions of the target directory',
      cause: error,
    });
  } finally {
    signals.stop();
  }
  for (const s of staged) if (s.backup) rmSync(s.backup, { force: true });
}
