/** dp access deny <id> --reason "...": the owning team (or a second-level approver) denies a pending request. */
import type { Context } from '../context.js';
import { decide, type DecisionOptions } from './access-decide.js';

export default function accessDeny(ctx: Context, options: DecisionOptions, id: string): Promise<number> {
  return decide(ctx, options, id, 'deny');
}
