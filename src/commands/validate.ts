/** dp validate [paths...]: options -> validatePaths -> reporters -> exit code. */
import { resolve } from 'node:path';
import { log, type Context } from '../context.js';
import { DpError, usageError } from '../errors.js';
import { atomicWriteFile } from '../util/fs.js';
import { terminalText } from '../util/terminal.js';
import { atLeast, type Severity } from '../validate/finding.js';
import { loadReporter, type Format } from '../validate/reporters/index.js';
import { validatePaths, type ValidationRun } from '../validate/run.js';
import { dpVersion } from '../version.js';

export interface ValidateCommandOptions {
  format?: Format[];
  output?: string[];
  failSeverity?: Severity;
  policies?: string;
  config?: string;
  jobs?: number;
  followExternalLinks?: boolean;
}

interface Destination {
  format: Format;
  /** A file path, or undefined for stdout. */
  file?: string;
}

export function destinations(ctx: Context, options: ValidateCommandOptions): Destination[] {
  const formats: Format[] = options.format ?? [ctx.json ? 'json' : 'stylish'];
  const outputs = options.output ?? [];
  if (outputs.length > formats.length) {
    throw usageError(`${outputs.length} --output given for ${formats.length} --format`, 'give one --format per --output, in the same order');
  }
  const list = formats.map((format, i) => ({ format, file: outputs[i] === undefined || outputs[i] === '-' ? undefined : resolve(ctx.cwd, outputs[i]) }));
  if (list.filter((d) => d.file === undefined).length > 1) {
    throw usageError('only one format can go to stdout', 'add --output <file> for the others');
  }
  return list;
}

function reportPathProblems(ctx: Context, run: ValidationRun): boolean {
  for (const path of run.missing) log(ctx, `dp: ${path}: no such file or directory`);
  for (const { path, reason } of run.unreadable) {
    log(ctx, `dp: ${terminalText(path)}: directory cannot be read (${reason}); products under it were not checked`);
    log(ctx, '  hint: give dp read access to the whole tree, or check only the directories it can read');
  }
  for (const path of run.empty) {
    log(ctx, `dp: ${path}: no data product found (looked for dataproduct.odps.yaml and *.odcs.yaml)`);
    log(ctx, '  hint: run `dp init` to create one, or pass the directory that holds your products');
  }
  return run.missing.length + run.empty.length + run.unreadable.length > 0;
}

export default async function validate(ctx: Context, options: ValidateCommandOptions, paths: string[] = []): Promise<number> {
  const targets = destinations(ctx, options);
  const failSeverity = options.failSeverity ?? 'error';
  const run = await validatePaths({ cwd: ctx.cwd, paths, policiesPath: options.policies, configPath: options.config, jobs: options.jobs, followExternalLinks: options.followExternalLinks });
  const badPaths = reportPathProblems(ctx, run);
  const reportOptions = { cwd: ctx.cwd, color: ctx.color, version: dpVersion(), failSeverity };
  for (const { format, file } of targets) {
    const text = (await loadReporter(format))(run, { ...reportOptions, color: file === undefined && reportOptions.color });
    if (file === undefined) ctx.stdout.write(text);
    else {
      try {
        atomicWriteFile(file, text);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' ? 'a parent is not a directory' : (code ?? (error as Error).message);
        throw new DpError('usage', `cannot write ${file}: ${why}`, { hint: 'give --output a file path in a writable directory' });
      }
    }
  }
  if (badPaths) return 2;
  return run.findings.some((f) => atLeast(f.severity, failSeverity)) ? 1 : 0;
}
