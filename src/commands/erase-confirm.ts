/** dp erase confirm <task> --note "...": a product erased the subject by its own means; the task is done. */
import { log, printJson, type Context } from '../context.js';
import { colors } from '../catalog/format/text.js';
import { taskLine } from '../control/format.js';
import { withControl, type ControlOptions } from '../control/session.js';

export interface EraseConfirmOptions extends ControlOptions {
  note?: string;
}

export default async function eraseConfirm(ctx: Context, options: EraseConfirmOptions, id: string): Promise<number> {
  return withControl(ctx, options, 'write', async (control) => {
    const outcome = await control.recordTask(id, { kind: 'confirmed', note: options.note });
    if (ctx.json) printJson(ctx, { catalog: control.location, ...outcome });
    else {
      ctx.stdout.write(`${taskLine(outcome.task, colors(ctx.color))}\n`);
      if (outcome.unchanged) log(ctx, `dp: task ${id} was done already: nothing recorded`);
      if (outcome.closedRequest) log(ctx, `dp: that was the request's last task: it is closed, and the catalog no longer holds the subject's identifier`);
    }
    return 0;
  });
}
