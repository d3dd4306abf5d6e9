/** Where reports go: each --format paired in order with an --output file, one of them at most on stdout; files written atomically. */
import { resolve } from 'node:path';
import type { Context } from './context.js';
import { DpError, usageError } from './errors.js';
import { atomicWriteFile } from './util/fs.js';

export interface Destination<F extends string> {
  format: F;
  /** A file path, or undefined for stdout. */
  file?: string;
}

export function destinations<F extends string>(ctx: Context, formats: F[], outputs: string[] = []): Array<Destination<F>> {
  if (outputs.length > formats.length) {
    throw usageError(`${outputs.length} --output given for ${formats.length} --format`, 'give one --format per --output, in the same order');
  }
  const list = formats.map((format, i) => ({ format, file: outputs[i] === undefined || outputs[i] === '-' ? undefined : resolve(ctx.cwd, outputs[i]) }));
  if (list.filter((d) => d.file === undefined).length > 1) {
    throw usageError('only one format can go to stdout', 'add --output <file> for the others');
  }
  return list;
}

export function writeReport(ctx: Context, file: string | undefined, text: string): void {
  if (file === undefined) {
    ctx.stdout.write(text);
    return;
  }
  try {
    atomicWriteFile(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EISDIR'
        ? 'it is a directory'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'ENOTDIR'
            ? 'a parent is not a directory'
            : (code ?? (error as Error).message);
    throw new DpError('usage', `cannot write ${file}: ${why}`, { hint: 'give --output a file path in a writable directory' });
  }
}
