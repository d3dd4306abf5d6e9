/** dp access audit: ports over the policy's number of grants, restricted data granted without a purpose, ended grants still applied. */
import { printJson, type Context } from '../context.js';
import { colors } from '../catalog/format/text.js';
import { auditLines } from '../control/format.js';
import { withControl, type ControlOptions } from '../control/session.js';

export default async function accessAudit(ctx: Context, options: ControlOptions): Promise<number> {
  return withControl(ctx, options, 'read', async (control) => {
    const findings = await control.auditAccess();
    if (ctx.json) printJson(ctx, { catalog: control.location, findings });
    else ctx.stdout.write(auditLines(findings, colors(ctx.color)));
    return findings.length > 0 ? 1 : 0;
  });
}
