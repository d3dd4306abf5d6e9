/** What dp access approve, deny and revoke share: one decision on a request, with its reason, recorded by the catalog. */
import { out, printJson, type Context } from '../context.js';
import { colors } from '../catalog/format/text.js';
import type { AccessDecision } from '../control/access/decide.js';
import { accessDetail } from '../control/format.js';
import { withControl, type ControlOptions } from '../control/session.js';

export interface DecisionOptions extends ControlOptions {
  reason?: string;
}

export async function decide(ctx: Context, options: DecisionOptions, id: string, decision: AccessDecision): Promise<number> {
  return withControl(ctx, options, 'write', async (control) => {
    const request = await control.decideAccess(id, decision, options.reason);
    if (ctx.json) printJson(ctx, { catalog: control.location, request });
    else out(ctx, accessDetail(request, colors(ctx.color)));
    return 0;
  });
}
