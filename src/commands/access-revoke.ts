/** dp access revoke <id> --reason "...": the owning team or the requesting team ends a grant (or withdraws a pending request). */
import type { Context } from '../context.js';
import { decide, type DecisionOptions } from './access-decide.js';

export default function accessRevoke(ctx: Context, options: DecisionOptions, id: string): Promise<number> {
  return decide(ctx, options, id, 'revoke');
}
