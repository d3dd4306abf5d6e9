// Test-only fault injection, never shipped: loaded into a dp process with
// NODE_OPTIONS=--import <this file> by the crash tests. With DP_TEST_KILL_AT_RENAME=n
// the process kills itself with SIGKILL just before its n-th fs.renameSync, which is
// how dp init moves files into place: the tests kill it at every step of the moves.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const at = Number(process.env.DP_TEST_KILL_AT_RENAME ?? 0);
if (at > 0) {
  const rename = fs.renameSync;
  let count = 0;
  fs.renameSync = function renameOrDie(...args) {
    count += 1;
    if (count === at) process.kill(process.pid, 'SIGKILL');
    return rename.apply(this, args);
  };
  syncBuiltinESMExports();
}
