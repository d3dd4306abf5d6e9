/** dp validate [paths...]: options -> validatePaths -> reporters -> exit code. */
import { log, type Context } from '../context.js';
import { terminalText } from '../util/terminal.js';
import { destinations as pickDestinations, writeReport, type Destination } from '../output.js';
import { atLeast, type Severity } from '../core/finding.js';
import { loadReporter, type Format } from '../validate/reporters/index.js';
import { findConfigUpward } from '../config/config.js';
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
  catalog?: string;
}

export function destinations(ctx: Context, options: ValidateCommandOptions): Array<Destination<Format>> {
  return pickDestinations(ctx, options.format ?? [ctx.json ? 'json' : 'stylish'], options.output);
}

function reportPathProblems(ctx: Context, run: ValidationRun): boolean {
  for (const path of run.missing) log(ctx, `dp: ${path}: no such file or directory`);
  for (const { path, reason } of run.unreadable) {
    log(ctx, `dp: ${terminalText(path)}: directory cannot be read (${reason}); products under it were not checked`);
    log(ctx, '  hint: give dp read access to the whole tree, or check only the directories it can read');
  }
  for (const path of run.empty) {
    log(ctx, `dp: ${path}: no data product or contract found (looked for *.odps.yaml descriptors and *.odcs.yaml contracts)`);
    log(ctx, '  hint: run `dp init` to create a product, pass the directory that holds your products or contracts, or a file by name');
  }
  return run.missing.length + run.empty.length + run.unreadable.length > 0;
}

/** Validation, with the configured catalog (if any) for the input ports; the catalog module loads only then. */
async function validateWithCatalog(ctx: Context, options: ValidateCommandOptions, paths: string[]): Promise<ValidationRun> {
  const base = {
    cwd: ctx.cwd,
    paths,
    policiesPath: options.policies,
    configPath: options.config,
    jobs: options.jobs,
    followExternalLinks: options.followExternalLinks,
  };
  const configured = options.catalog !== undefined || ctx.env.DP_CATALOG !== undefined || hasConfig(ctx.cwd, options.config);
  const opened = configured ? await (await import('../catalog/lookup.js')).openCatalogLookup(ctx, options) : undefined;
  try {
    return await validatePaths({ ...base, catalog: opened?.lookup });
  } finally {
    await opened?.close();
  }
}

function hasConfig(cwd: string, configPath: string | undefined): boolean {
  return configPath !== undefined || findConfigUpward(cwd) !== undefined;
}

export default async function validate(ctx: Context, options: ValidateCommandOptions, paths: string[] = []): Promise<number> {
  const targets = destinations(ctx, options);
  const failSeverity = options.failSeverity ?? 'error';
  const run = await validateWithCatalog(ctx, options, paths);
  const badPaths = reportPathProblems(ctx, run);
  const reportOptions = { cwd: ctx.cwd, color: ctx.color, version: dpVersion(), failSeverity };
  for (const { format, file } of targets) {
    const text = (await loadReporter(format))(run, { ...reportOptions, color: file === undefined && reportOptions.color });
    writeReport(ctx, file, text);
  }
  if (badPaths) return 2;
  return run.findings.some((f) => atLeast(f.severity, failSeverity)) ? 1 : 0;
}
