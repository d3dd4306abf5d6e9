/**
 * Opening the catalog's store directly, for what is never done through a server URL: token
 * management and `dp catalog doctor`.
 */
import type { Context } from '../context.js';
import { DpError } from '../errors.js';
import { resolveCatalogLocation } from '../catalog/location.js';
import { openStore } from '../catalog/open.js';
import type { CatalogStore } from '../catalog/store.js';

export async function withDatabaseStore<T>(
  ctx: Context,
  flag: string | undefined,
  mode: 'read' | 'write',
  /** What needs the database, for the refusal of a server URL: "tokens live", "checks run". */
  what: string,
  work: (store: CatalogStore) => Promise<T>,
): Promise<T> {
  const location = await resolveCatalogLocation({ flag, cwd: ctx.cwd, env: ctx.env });
  if (location.kind === 'http') {
    throw new DpError('usage', `${what} in the catalog's database, not behind the server ${location.display}`, {
      hint: 'give --catalog (or DP_CATALOG) the SQLite file or postgres:// URL that `dp catalog serve` uses',
    });
  }
  const store = await openStore(location, { mode });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export function withTokenStore<T>(ctx: Context, flag: string | undefined, mode: 'read' | 'write', work: (store: CatalogStore) => Promise<T>): Promise<T> {
  return withDatabaseStore(ctx, flag, mode, 'tokens live', work);
}
