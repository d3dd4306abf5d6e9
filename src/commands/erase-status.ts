/** dp erase status [<id>]: an erasure request's tasks (done, pending, overdue), or every request one may see. */
import { printJson, type Context } from '../context.js';
import { colors } from '../catalog/format/text.js';
import { erasureDetail, erasureTable } from '../control/format.js';
import { withControl, type ControlOptions } from '../control/session.js';

export default async function eraseStatus(ctx: Context, options: ControlOptions, id?: string): Promise<number> {
  return withControl(ctx, options, 'read', async (control) => {
    const c = colors(ctx.color);
    if (id === undefined) {
      const items = await control.erasures();
      if (ctx.json) printJson(ctx, { catalog: control.location, items });
      else ctx.stdout.write(erasureTable(items, c));
      return 0;
    }
    const request = await control.erasure(id);
    if (ctx.json) printJson(ctx, { catalog: control.location, request });
    else ctx.stdout.write(erasureDetail(request, c));
    // Overdue tasks fail the command, for a scheduled check.
    return request.tasks.some((t) => t.status === 'overdue') ? 1 : 0;
  });
}
