/** dp erase request --subject <kind>=<id> --reason "...": the privacy office asks every product holding that subject to erase it. */
import { log, out, printJson, type Context } from '../context.js';
import { colors } from '../catalog/format/text.js';
import { erasureDetail } from '../control/format.js';
import { withControl, type ControlOptions } from '../control/session.js';

/** Tasks listed after filing a request; dp erase status lists them all. */
const SHOWN_TASKS = 20;

export interface EraseRequestOptions extends ControlOptions {
  subject: string;
  reason?: string;
  deadlineDays?: number;
}

export default async function eraseRequest(ctx: Context, options: EraseRequestOptions): Promise<number> {
  return withControl(ctx, options, 'write', async (control) => {
    const request = await control.requestErasure({ subject: options.subject, reason: options.reason, deadlineDays: options.deadlineDays });
    if (ctx.json) printJson(ctx, { catalog: control.location, request });
    else {
      out(ctx, erasureDetail(request, colors(ctx.color), SHOWN_TASKS));
      log(
        ctx,
        `dp: ${request.tasks.length} product${request.tasks.length === 1 ? '' : 's'} must erase the subject; dp erase status ${request.id} follows them`,
      );
    }
    return 0;
  });
}
