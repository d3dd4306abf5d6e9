/** The output of the merging commands (dp update, dp add, dp sync): the report as text or JSON, and the exit code. */
import { log, out, printJson, type Context } from '../../context.js';
import { formatMergeReport, type MergeReport } from './report.js';

export { environmentOf as mergeEnvironment } from '../environment.js';

export function printMerge(ctx: Context, result: { report: MergeReport; exitCode: number }): number {
  if (ctx.json) printJson(ctx, result.report);
  else {
    out(ctx, formatMergeReport(result.report).trimEnd());
    for (const note of result.report.notes) log(ctx, `note: ${note}`);
  }
  return result.exitCode;
}
