/** The environment and the output of the merging commands (dp update, dp add, dp sync), from the CLI context. */
import { log, out, printJson, type Context } from '../../context.js';
import { dpVersion } from '../../version.js';
import { createPrompter, type Prompter } from '../prompts.js';
import { formatMergeReport, type MergeReport } from './report.js';
import type { MergeEnvironment } from './run.js';

export function mergeEnvironment(ctx: Context): MergeEnvironment {
  let prompter: Promise<Prompter> | undefined;
  return {
    cwd: ctx.cwd,
    interactive: ctx.interactive,
    prompter: () => (prompter ??= createPrompter(ctx)),
    dpVersion: dpVersion(),
    date: new Date().toISOString().slice(0, 10),
  };
}

export function printMerge(ctx: Context, result: { report: MergeReport; exitCode: number }): number {
  if (ctx.json) printJson(ctx, result.report);
  else {
    out(ctx, formatMergeReport(result.report).trimEnd());
    for (const note of result.report.notes) log(ctx, `note: ${note}`);
  }
  return result.exitCode;
}
