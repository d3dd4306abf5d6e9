/** dp access request <product>:<port> --role <role> --purpose "..." [--until <date>]: a consumer team asks for a role of an output port. */
import { log, out, printJson, type Context } from '../context.js';
import { colors } from '../catalog/format/text.js';
import { parsePortRef } from '../catalog/refs.js';
import { accessDetail } from '../control/format.js';
import { DpError } from '../errors.js';
import { withControl, type ControlOptions } from '../control/session.js';

export interface AccessRequestOptions extends ControlOptions {
  role: string;
  purpose?: string;
  until?: string;
}

export default async function accessRequest(ctx: Context, options: AccessRequestOptions, ref: string): Promise<number> {
  const { productId, port } = parsePortRef(ref);
  if (port === undefined) throw new DpError('usage', `"${ref}" names no output port`, { hint: 'write <product>:<port>, for example play-events:events' });
  return withControl(ctx, options, 'write', async (control) => {
    const { request, created } = await control.requestAccess({
      productId,
      port,
      role: options.role,
      purpose: options.purpose,
      until: options.until,
      team: options.team,
    });
    if (ctx.json) printJson(ctx, { catalog: control.location, created, request });
    else {
      out(ctx, accessDetail(request, colors(ctx.color)));
      log(
        ctx,
        created
          ? `dp: requested; the owning team of ${productId} decides (dp access approve|deny ${request.id})`
          : `dp: team ${request.team} already has ${request.role} ${request.state} (${request.id}): nothing new was requested`,
      );
    }
    return 0;
  });
}
