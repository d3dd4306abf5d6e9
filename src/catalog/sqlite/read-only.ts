/**
 * Opening a SQLite catalog for reading only: read commands never write, and work on a catalog
 * file they may not write, in a directory they may not write (a backup, a read-only volume).
 *
 * A catalog is in WAL mode, and a reader of a WAL database needs its `-shm` file, which SQLite
 * creates beside the database. When it cannot (a directory dp may not write) and nothing is
 * waiting in the `-wal` file, the catalog is read from a copy in memory, marked as a
 * rollback-journal database (header bytes 18-19), which needs no `-shm`; this driver is built
 * without URI file names, so SQLite's own `immutable` flag is not available.
 */
import { readFileSync, statSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { DpError } from '../../errors.js';

type Db = BetterSqlite3.Database;
type Driver = typeof BetterSqlite3;

/** The errors of a reader that cannot share the WAL index with other connections. */
function cannotShare(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code === 'SQLITE_READONLY_DIRECTORY' || code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_READONLY');
}

function pendingWal(file: string): boolean {
  try {
    return statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

function inMemoryCopy(Database: Driver, file: string): Db {
  const bytes = readFileSync(file);
  // Write and read format versions 2 mean WAL; 1 is the rollback journal an in-memory database uses.
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  return new Database(bytes, { readonly: true });
}

export function openReadOnly(Database: Driver, file: string, path: string, timeout: number): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout });
  try {
    // Opening is lazy: the first read is where a WAL index that cannot be shared fails.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    db.close();
    if (!cannotShare(error)) throw error;
    if (pendingWal(file)) {
      throw new DpError(
        'input',
        `cannot read the catalog ${path}: recent changes are still in ${path}-wal, and dp may not create ${path}-shm beside it to read them`,
        {
          hint: 'let a process that may write the directory open the catalog once (any dp command), or give read commands a writable copy',
          cause: error,
        },
      );
    }
    return inMemoryCopy(Database, file);
  }
}
