/**
 * Fault injection for the crash tests: with DP_FAULT_KILL_AFTER_APPENDS=n, the
 * process kills itself (SIGKILL, no clean-up) after storing n versions inside
 * a transaction and before committing it. Off unless the variable is set.
 */
let appended = 0;
const limit = Number(process.env.DP_FAULT_KILL_AFTER_APPENDS ?? '0');

export function afterAppendHook(): void {
  if (limit <= 0) return;
  appended += 1;
  if (appended >= limit) process.kill(process.pid, 'SIGKILL');
}
