/** dp access approve <id> --reason "...": the owning team approves a request (the first level; second-level approvers give the second when the role names them). */
import type { Context } from '../context.js';
import { decide, type DecisionOptions } from './access-decide.js';

export default function accessApprove(ctx: Context, options: DecisionOptions, id: string): Promise<number> {
  return decide(ctx, options, id, 'approve');
}
