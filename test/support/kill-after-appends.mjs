// Test-only fault injection, never shipped: loaded into a dp process with
// NODE_OPTIONS=--import <this file> by the crash tests. With DP_TEST_KILL_AFTER_APPENDS=n
// the process kills itself with SIGKILL once it has inserted n versions, inside the
// write transaction and before it commits: on SQLite after the n-th insert into
// `versions`, on PostgreSQL after the set-based insert that brings the count to n.
import { createRequire } from 'node:module';

const limit = Number(process.env.DP_TEST_KILL_AFTER_APPENDS ?? 0);
const require = createRequire(import.meta.url);
const INSERT = /^\s*INSERT INTO versions\b/i;
let inserted = 0;

function count(n) {
  inserted += n;
  if (inserted >= limit) process.kill(process.pid, 'SIGKILL');
}

if (limit > 0) {
  // The drivers dp loads from node_modules are these very modules (one module cache).
  const Database = require('better-sqlite3');
  const prepare = Database.prototype.prepare;
  let patched = false;
  Database.prototype.prepare = function prepareCounted(...args) {
    const statement = prepare.apply(this, args);
    if (!patched) {
      patched = true;
      const proto = Object.getPrototypeOf(statement);
      const run = proto.run;
      proto.run = function runCounted(...values) {
        const result = run.apply(this, values);
        if (INSERT.test(this.source)) count(1);
        return result;
      };
    }
    return statement;
  };
  const pg = require('pg');
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function queryCounted(config, ...rest) {
    const result = query.call(this, config, ...rest);
    const text = typeof config === 'string' ? config : config?.text;
    if (!INSERT.test(text ?? '') || typeof result?.then !== 'function') return result;
    return result.then((r) => {
      count(r.rowCount ?? 0);
      return r;
    });
  };
}
