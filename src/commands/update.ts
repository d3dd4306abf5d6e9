/**
 * dp update [dir]: applies a newer version of the product's template pack as a three-way merge
 * with the team's changes. `--check` only says whether there is one (exit 1 and JSON when there
 * is, for CI); `--dry-run` shows the diff.
 */
import { log, printJson, type Context } from '../context.js';
import { mergeEnvironment, printMerge } from '../scaffold/update/environment.js';
import { checkUpdate, update, type UpdateOptions } from '../scaffold/update/update.js';

interface UpdateCommandOptions extends UpdateOptions {
  check?: boolean;
}

export default async function updateCommand(ctx: Context, options: UpdateCommandOptions, dir?: string): Promise<number> {
  if (options.check) {
    const check = await checkUpdate(ctx.cwd, dir, options.template);
    printJson(ctx, check);
    if (check.newer && !ctx.json)
      log(
        ctx,
        `dp: ${check.product}: ${check.template.id}@${check.template.available} is available (the product has ${check.template.recorded}); run dp update`,
      );
    return check.newer ? 1 : 0;
  }
  return printMerge(ctx, await update(mergeEnvironment(ctx), options, dir));
}
