/** dp access list [--product] [--port] [--team] [--owner] [--approver] [--state]: access requests and grants, filtered. */
import { printJson, type Context } from '../context.js';
import { colors } from '../catalog/format/text.js';
import { checkStates } from '../control/access/list.js';
import { accessTable } from '../control/format.js';
import { withControl, type ControlOptions } from '../control/session.js';

/** `team` filters by the requesting team here (a local writer sees every request anyway). */
export interface AccessListOptions extends ControlOptions {
  product?: string;
  port?: string;
  owner?: string;
  approver?: string;
  state?: string[];
}

export default async function accessList(ctx: Context, options: AccessListOptions): Promise<number> {
  const states = checkStates(
    options.state
      ?.flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean),
  );
  return withControl(ctx, options, 'read', async (control) => {
    const items = await control.listAccess({
      productId: options.product,
      port: options.port,
      team: options.team,
      ownedBy: options.owner,
      approver: options.approver,
      states,
    });
    if (ctx.json) printJson(ctx, { catalog: control.location, items });
    else ctx.stdout.write(accessTable(items, colors(ctx.color)));
    return 0;
  });
}
