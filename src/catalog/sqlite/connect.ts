/**
 * Opening a SQLite catalog file: the driver (loaded here, lazily), pragmas for
 * concurrent use (WAL, a generous busy timeout), recognising files that are not
 * dp catalogs, and applying migrations (and rebuilding a search index of an
 * older word rule) under the write lock.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { DpError } from '../../errors.js';
import { APPLICATION_ID, SQLITE_MIGRATIONS, SQLITE_SCHEMA_VERSION } from './migrations.js';
import { openReadOnly } from './read-only.js';
import { rebuildSearchIndex } from './rebuild.js';
import { refuseNewerWords, storedWordRule, WORD_RULE, WORD_RULE_KEY } from '../word-rule.js';

export type Db = BetterSqlite3.Database;

/** How long a writer waits for another one before giving up (ms). */
export const BUSY_TIMEOUT = 60_000;

const HINT_NOT_CATALOG = 'point --catalog (or DP_CATALOG) at a dp catalog file, or at a new path to create one';

/** A DpError for a driver error, or the error itself when it is not one dp can explain. */
export function explainSqliteError(error: unknown, path: string): unknown {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? String(error);
  if (code === 'SQLITE_NOTADB') return new DpError('input', `${path} is not a SQLite database, so not a dp catalog`, { hint: HINT_NOT_CATALOG, cause: error });
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new DpError('input', `the catalog ${path} is corrupt (${message})`, {
      hint: 'restore it from a backup; `sqlite3 <file> .recover` may save its content',
      cause: error,
    });
  }
  if (code.startsWith('SQLITE_CANTOPEN'))
    return new DpError('input', `cannot open the catalog ${path} (${message})`, {
      hint: 'check that the path is a file and its directory is writable',
      cause: error,
    });
  if (code.startsWith('SQLITE_READONLY'))
    return new DpError('input', `the catalog ${path} is read-only (${message})`, {
      hint: 'publishing needs write access to the file and its directory',
      cause: error,
    });
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new DpError('connection', `the catalog ${path} stayed locked by another process for ${BUSY_TIMEOUT / 1000} s`, {
      hint: 'another dp publish may be stuck; try again',
      cause: error,
    });
  }
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR'))
    return new DpError('storage', `cannot write the catalog ${path} (${message})`, {
      hint: 'make room on its disk (or fix the disk), then publish again',
      cause: error,
    });
  if (code === 'SQLITE_CONSTRAINT_TRIGGER' && message.startsWith('dp catalog:'))
    return new DpError('refused', `the catalog ${path} refused the write: ${message.slice('dp catalog: '.length)}`, { cause: error });
  return error;
}

function userTables(db: Db): string[] {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>;
  return rows.map((r) => r.name);
}

/** What dp_meta says: the schema version (0: an empty file) and the word rule of the search index. */
interface Meta {
  schema: number;
  words: number;
}

function catalogMeta(db: Db, path: string): Meta {
  const tables = userTables(db);
  if (tables.length === 0) return { schema: 0, words: WORD_RULE };
  if (!tables.includes('dp_meta')) {
    throw new DpError(
      'input',
      `${path} is a SQLite database of another application, not a dp catalog (it holds ${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', ...' : ''})`,
      { hint: HINT_NOT_CATALOG },
    );
  }
  const meta = new Map((db.prepare('SELECT key, value FROM dp_meta').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
  if (meta.get('application') !== APPLICATION_ID)
    throw new DpError('input', `${path} is not a dp catalog (its dp_meta table belongs to something else)`, { hint: HINT_NOT_CATALOG });
  return { schema: Number(meta.get('schema_version') ?? 0), words: storedWordRule(meta.get(WORD_RULE_KEY)) };
}

/** Nothing to write: the schema is this dp's, and the search index of this word rule (or a newer one, refused by writers). */
const isCurrent = (meta: Meta) => meta.schema === SQLITE_SCHEMA_VERSION && meta.words >= WORD_RULE;

/**
 * Migrations, and a rebuild of the search index made with an older word rule, in one write
 * transaction. Another process opening the catalog meanwhile waits for the write lock, then finds
 * everything done.
 */
function migrate(db: Db, path: string): void {
  // Cheap check first: a current catalog needs no write lock.
  const before = catalogMeta(db, path);
  refuseNewerWords(before.words, path);
  if (isCurrent(before)) return;
  db.transaction(() => {
    const { schema, words } = catalogMeta(db, path);
    refuseNewer(schema, path);
    if (schema === 0) db.exec('CREATE TABLE dp_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    for (const m of SQLITE_MIGRATIONS.filter((x) => x.version > schema)) db.exec(m.sql);
    if (words < WORD_RULE) rebuildSearchIndex(db);
    const set = db.prepare('INSERT INTO dp_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    set.run('application', APPLICATION_ID);
    set.run('schema_version', String(SQLITE_SCHEMA_VERSION));
    set.run(WORD_RULE_KEY, String(WORD_RULE));
  }).immediate();
}

/** A catalog written by a newer dp is refused: its tables may mean something this one does not know. */
function refuseNewer(current: number, path: string): void {
  if (current > SQLITE_SCHEMA_VERSION) {
    throw new DpError('input', `the catalog ${path} has schema version ${current}, newer than this dp knows (${SQLITE_SCHEMA_VERSION})`, {
      hint: 'upgrade dp',
    });
  }
}

function readOnly(Database: typeof BetterSqlite3, file: string, path: string): Db {
  const db = openReadOnly(Database, file, path, BUSY_TIMEOUT);
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Opens a catalog for reading only (see read-only.ts). One written by an older dp is upgraded first,
 * which needs write access; when only its search index is of an older word rule and dp may not write
 * it, it is read as it is, and its searches are refused (src/catalog/word-rule.ts).
 */
async function connectForReading(file: string, path: string): Promise<Db> {
  if (!existsSync(file)) {
    throw new DpError('input', `there is no catalog at ${path}`, {
      hint: 'publish a product first (dp publish), or point --catalog or DP_CATALOG at an existing catalog',
    });
  }
  const { default: Database } = await import('better-sqlite3');
  let db: Db | undefined;
  let meta: Meta;
  try {
    db = readOnly(Database, file, path);
    meta = catalogMeta(db, path);
    refuseNewer(meta.schema, path);
    if (isCurrent(meta)) return db;
  } catch (error) {
    db?.close();
    throw explainSqliteError(error, path);
  }
  db.close();
  try {
    return await connect(file, 'write', path);
  } catch (error) {
    if (!(error instanceof DpError) || !/read-only|cannot open/.test(error.message)) throw error;
    if (meta.schema === SQLITE_SCHEMA_VERSION) {
      try {
        return readOnly(Database, file, path);
      } catch (again) {
        throw explainSqliteError(again, path);
      }
    }
    throw new DpError('input', `the catalog ${path} was written by an older dp: it is upgraded once, by the first dp that may write it and its directory`, {
      hint: 'run any dp catalog command once with write access to it',
      cause: error,
    });
  }
}

/** Opens `file` (`:memory:` for a throwaway catalog); messages name `path`. Reading never writes. */
export async function connect(file: string, mode: 'read' | 'write', path = file): Promise<Db> {
  if (mode === 'read' && file !== ':memory:') return connectForReading(file, path);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const { default: Database } = await import('better-sqlite3');
  let db: Db | undefined;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    return db;
  } catch (error) {
    db?.close();
    throw explainSqliteError(error, path);
  }
}
