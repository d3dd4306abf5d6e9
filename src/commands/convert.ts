/** dp convert [paths...]: plan every conversion, then print the diff (--dry-run) or write all outputs at once; report. */
import { out, printJson, type Context } from '../context.js';
import { unifiedDiff } from '../convert/diff.js';
import { planConversions, type Plan } from '../convert/plan.js';
import { jsonReport, textReport, type RunResult } from '../convert/report.js';
import { LOSS_KINDS, type Unmapped } from '../convert/types.js';
import { writeOutputs } from '../convert/write.js';

export interface ConvertCommandOptions {
  output?: string;
  inPlace?: boolean;
  force?: boolean;
  dryRun?: boolean;
  strict?: boolean;
  unmapped?: Unmapped;
}

/** 2: nothing written (bad input); 1: a written file still fails its schema, or losses under --strict; 0: done. */
function exitCode(plan: Plan, strict: boolean): number {
  if (plan.problems.length > 0) return 2;
  const notes = plan.conversions.flatMap((c) => c.notes);
  if (notes.some((n) => n.kind === 'invalid')) return 1;
  if (strict && notes.some((n) => LOSS_KINDS.includes(n.kind))) return 1;
  return 0;
}

export default async function convert(ctx: Context, options: ConvertCommandOptions, paths: string[] = []): Promise<number> {
  const plan = planConversions({
    cwd: ctx.cwd,
    paths,
    output: options.output,
    inPlace: options.inPlace,
    force: options.force,
    unmapped: options.unmapped ?? 'custom-properties',
  });
  const code = exitCode(plan, Boolean(options.strict));
  const outputs = plan.conversions.flatMap((c) => c.outputs);
  const result: RunResult = { plan, dryRun: Boolean(options.dryRun), written: false, exitCode: code };
  if (plan.problems.length === 0 && options.dryRun) {
    result.diffs = new Map(outputs.map((o) => [o.path, unifiedDiff(o)]));
    if (!ctx.json) ctx.stdout.write([...result.diffs.values()].join(''));
  } else if (plan.problems.length === 0 && outputs.length > 0) {
    writeOutputs(outputs);
    result.written = true;
    if (!ctx.json)
      for (const o of outputs) out(ctx, `${o.action === 'create' ? 'created' : o.action === 'overwrite' ? 'overwrote' : 'converted in place'} ${o.display}`);
  }
  if (ctx.json) printJson(ctx, jsonReport(result));
  else ctx.stderr.write(textReport(result, ctx.color));
  return code;
}
