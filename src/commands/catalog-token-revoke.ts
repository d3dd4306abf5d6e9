/** dp catalog token revoke <id>: the token stops working at once, on every server of the catalog. */
import { log, printJson, type Context } from '../context.js';
import { DpError } from '../errors.js';
import { withTokenStore } from '../server/token-store.js';

export default async function tokenRevoke(ctx: Context, options: { catalog?: string }, id: string): Promise<number> {
  const revoked = await withTokenStore(ctx, options.catalog, 'write', (store) => store.revokeToken(id, new Date().toISOString()));
  if (!revoked) throw new DpError('usage', `no live token with id ${id}`, { hint: 'dp catalog token list shows the ids' });
  if (ctx.json) printJson(ctx, { id, revoked: true });
  else log(ctx, `dp: token ${id} revoked`);
  return 0;
}
