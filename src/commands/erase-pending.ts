/** dp erase pending [--product <id>]: the open erasure tasks of a product (the one here by default), with the subject to erase. */
import { printJson, type Context } from '../context.js';
import { colors } from '../catalog/format/text.js';
import { taskLine } from '../control/format.js';
import { loadLocalProduct } from '../control/local-product.js';
import { terminalText } from '../util/terminal.js';
import { withControl, type ControlOptions } from '../control/session.js';

export interface ErasePendingOptions extends ControlOptions {
  product?: string;
  dir?: string;
}

export default async function erasePending(ctx: Context, options: ErasePendingOptions): Promise<number> {
  const productId = options.product ?? loadLocalProduct(ctx.cwd, options.dir).productId;
  return withControl(ctx, options, 'read', async (control) => {
    const tasks = await control.pendingTasks(productId);
    if (ctx.json) printJson(ctx, { catalog: control.location, productId, tasks });
    else if (tasks.length === 0) ctx.stdout.write(`no open erasure task for ${terminalText(productId)}\n`);
    else
      ctx.stdout.write(
        `${tasks.map((t) => `${terminalText(t.id)}  subject ${terminalText(t.kind)}=${terminalText(t.subject)}\n${taskLine(t, colors(ctx.color))}`).join('\n')}\n`,
      );
    return 0;
  });
}
