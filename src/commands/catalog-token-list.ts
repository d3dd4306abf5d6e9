/** dp catalog token list: the tokens of a catalog (ids, teams, use), never their secrets. */
import { out, printJson, type Context } from '../context.js';
import { withTokenStore } from '../server/token-store.js';

export interface TokenListOptions {
  catalog?: string;
  all?: boolean;
}

export default async function tokenList(ctx: Context, options: TokenListOptions): Promise<number> {
  const tokens = await withTokenStore(ctx, options.catalog, 'read', (store) => store.listTokens());
  const shown = options.all ? tokens : tokens.filter((t) => !t.revokedAt);
  if (ctx.json) {
    printJson(
      ctx,
      shown.map(({ hash: _hash, ...rest }) => rest),
    );
    return 0;
  }
  if (shown.length === 0) {
    out(ctx, options.all ? 'no tokens' : 'no live tokens (--all shows revoked ones)');
    return 0;
  }
  for (const t of shown) {
    const scope = t.admin ? 'admin' : t.privacy ? `privacy ${t.team}` : `team ${t.team}`;
    const used = t.lastUsedAt ? `last used ${t.lastUsedAt}` : 'never used';
    const revoked = t.revokedAt ? `, revoked ${t.revokedAt}` : '';
    out(ctx, `${t.id}  ${scope.padEnd(24)} created ${t.createdAt}, ${used}${revoked}${t.description ? `  ${t.description}` : ''}`);
  }
  return 0;
}
