/**
 * A write transaction that waits for the database lock without stopping the process: SQLite's busy
 * handler sleeps in the calling thread, which in a server would stop every read too. The lock is
 * tried without waiting, and tried again a few milliseconds later, up to BUSY_TIMEOUT from `started`
 * (a writer of several transactions gives the time it began).
 */
import { BUSY_TIMEOUT, explainSqliteError, type Db } from './connect.js';

export async function inWriteTransaction<T>(db: Db, location: string, work: () => T, started = Date.now()): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    let began = false;
    const transaction = db.transaction(() => {
      began = true;
      return work();
    });
    db.pragma('busy_timeout = 0');
    try {
      return transaction.immediate();
    } catch (error) {
      if (began || (error as { code?: string }).code !== 'SQLITE_BUSY') throw explainSqliteError(error, location);
    } finally {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT}`);
    }
    if (Date.now() - started > BUSY_TIMEOUT) throw explainSqliteError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }), location);
    // A few milliseconds, growing, with jitter so that writers do not retry in step.
    await new Promise((resolve) => setTimeout(resolve, Math.min(20, 1 + attempt) * (0.5 + Math.random())));
  }
}
