/**
 * dp catalog token create: a new API token for the catalog server, bound to a
 * team (may publish that team's products) or admin. The secret is printed
 * once on stdout; the store keeps only its sha256.
 */
import { log, out, printJson, type Context } from '../context.js';
import { DpError } from '../errors.js';
import { generateToken } from '../server/auth.js';
import { withTokenStore } from '../server/token-store.js';

export interface TokenCreateOptions {
  catalog?: string;
  team?: string;
  admin?: boolean;
  privacy?: boolean;
  description?: string;
}

/** The privacy office's name when --privacy is given without --team. */
const PRIVACY_OFFICE = 'privacy-office';

export default async function tokenCreate(ctx: Context, options: TokenCreateOptions): Promise<number> {
  const team = options.team?.trim() || (options.privacy ? PRIVACY_OFFICE : undefined);
  if (!options.admin && !team) {
    throw new DpError('usage', 'say whom the token is for: --team <name> (the ODPS team.name it may publish), --admin, or --privacy', {
      hint: 'dp catalog token create --team player-team --description "CI of the player domain"',
    });
  }
  const { secret, record } = generateToken({ team, admin: options.admin, privacy: options.privacy, description: options.description });
  const location = await withTokenStore(ctx, options.catalog, 'write', async (store) => {
    await store.createToken(record);
    return store.location;
  });
  if (ctx.json) {
    printJson(ctx, {
      id: record.id,
      team: record.team,
      admin: record.admin,
      privacy: record.privacy,
      description: record.description,
      createdAt: record.createdAt,
      token: secret,
      catalog: location,
    });
    return 0;
  }
  out(ctx, secret);
  const scope = record.admin
    ? 'an admin token (may publish any product)'
    : record.privacy
      ? `a privacy token of ${record.team} (files erasure requests)`
      : `a token of team ${record.team}`;
  log(ctx, `dp: created ${scope}, id ${record.id}, in ${location}`);
  log(ctx, '  the token is shown only this once: store it now (for example as the DP_CATALOG_TOKEN secret of your CI)');
  return 0;
}
