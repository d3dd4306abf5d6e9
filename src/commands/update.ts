/**
 * dp update [dir]: applies a newer version of the product's template pack as a three-way merge
 * with the team's changes. `--check` only says whether there is one (exit 1 and JSON when there
 * is, for CI); `--dry-run` shows the diff.
 */
import { log, out, printJson, type Context } from '../context.js';
import { createPrompter, type Prompter } from '../scaffold/prompts.js';
import { checkUpdate, update, type UpdateOptions } from '../scaffold/update/update.js';
import { formatMergeReport } from '../scaffold/update/report.js';
import { dpVersion } from '../version.js';

interface UpdateCommandOptions extends UpdateOptions {
  check?: boolean;
}

export function mergeEnvironment(ctx: Context) {
  let prompter: Promise<Prompter> | undefined;
  return {
    cwd: ctx.cwd,
    interactive: ctx.interactive,
    prompter: () => (prompter ??= createPrompter(ctx)),
    dpVersion: dpVersion(),
    date: new Date().toISOString().slice(0, 10),
  };
}

export default async function updateCommand(ctx: Context, options: UpdateCommandOptions, dir?: string): Promise<number> {
  if (options.check) {
    const check = await checkUpdate(ctx.cwd, dir, options.template);
    printJson(ctx, check);
    if (check.newer && !ctx.json) log(ctx, `dp: ${check.product}: ${check.template.id}@${check.template.available} is available (the product has ${check.template.recorded}); run dp update`);
    return check.newer ? 1 : 0;
  }
  const { report, exitCode } = await update(mergeEnvironment(ctx), options, dir);
  if (ctx.json) printJson(ctx, report);
  else {
    out(ctx, formatMergeReport(report).trimEnd());
    for (const note of report.notes) log(ctx, `note: ${note}`);
  }
  return exitCode;
}
