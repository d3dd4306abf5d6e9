/** dp sync [dir]: the derived files under ports/ regenerated from the descriptor and contracts, merged with the team's edits. */
import type { Context } from '../context.js';
import { mergeEnvironment, printMerge } from '../scaffold/update/environment.js';
import { sync, type SyncOptions } from '../scaffold/update/sync.js';

export default async function syncCommand(ctx: Context, options: SyncOptions, dir?: string): Promise<number> {
  return printMerge(ctx, await sync(mergeEnvironment(ctx), options, dir));
}
