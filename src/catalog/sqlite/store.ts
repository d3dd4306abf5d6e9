/**
 * The SQLite backend. better-sqlite3 is synchronous: each method runs its
 * queries at once and returns a settled promise. Writers take the database
 * lock with BEGIN IMMEDIATE and wait up to BUSY_TIMEOUT for each other.
 */
import { existsSync } from 'node:fs';
import type { Statement } from 'better-sqlite3';
import { chunks, json, toEdge, toPort, toPublishers, toRecord, toSummary, toToken, toVersionSummary, type Row } from '../rows.js';
import type {
  AppendResult,
  CatalogStore,
  Edge,
  ExistingVersion,
  Facets,
  NewVersion,
  OpenOptions,
  ProductFilter,
  ProductPage,
  ProductsSince,
  SessionRecord,
  TokenRecord,
  VersionRecord,
  VersionSummary,
} from '../store.js';
import { connect, explainSqliteError, type Db } from './connect.js';
import { listProducts } from './list.js';
import { INTEGRITY, SQL } from './queries.js';
import { toChanges, type CatalogChanges } from '../changes.js';
import { ControlDelegate, type ControlStore } from '../events.js';
import { SqliteControl } from './events.js';
import { inWriteTransaction } from './write-lock.js';
import { checkSearchable, storedWordRule, WORD_RULE_KEY } from '../word-rule.js';
import { listRunsSql, QUALITY_FACET, runValues, toQualityFacet, toRun } from '../runs-sql.js';
import { runsPage, toRunPage, type NewRun, type Quality, type RunPage, type RunQuery, type StoredRun } from '../runs.js';
import { parseStamp } from '../stamps.js';

/** Versions per write transaction: large enough to amortise commits, small enough to let other writers in. */
const APPEND_BATCH = 200;

/** A publish of this many versions or more merges the search index afterwards. */
const OPTIMIZE_AFTER = 500;

/** Address space, not memory: the pages mapped are the operating system's file cache. */
const MMAP_BYTES = 1 << 30;

/** Prepared statements kept per connection; the oldest prepared goes first beyond it (it is prepared again when needed). */
const MAX_STATEMENTS = 256;

export class SqliteStore extends ControlDelegate implements CatalogStore {
  readonly kind = 'sqlite' as const;
  private readonly statements = new Map<string, Statement>();
  /** The word rule of the search index (src/catalog/word-rule.ts): this dp's, unless read where dp may not write. */
  private readonly wordRule: number;
  /**
   * Runs a function in one read transaction, so that all its queries see one snapshot. Made once:
   * better-sqlite3 builds four wrappers each time a transaction function is made.
   */
  private readonly inSnapshot: <T>(fn: () => T) => T;
  protected readonly control: ControlStore;

  constructor(
    private readonly db: Db,
    readonly location: string,
  ) {
    super();
    this.inSnapshot = db.transaction((fn: () => unknown) => fn()) as <T>(fn: () => T) => T;
    this.control = new SqliteControl(db, location);
    this.wordRule = storedWordRule((db.prepare('SELECT value FROM dp_meta WHERE key = ?').get(WORD_RULE_KEY) as { value: string } | undefined)?.value);
    // Mapped, a read of a page is a copy from memory, not a system call (address space, not memory).
    db.pragma(`mmap_size = ${MMAP_BYTES}`);
  }

  private readonly prepare = (sql: string): Statement => this.stmt(sql);

  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      // Searches write their filters and page limit into the SQL: bounded, but in the thousands.
      if (this.statements.size >= MAX_STATEMENTS) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(sql, s);
    }
    return s;
  }

  private run<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(explainSqliteError(error, this.location));
    }
  }

  /** `fn` in one read transaction (see inSnapshot), its errors explained. */
  private read<T>(fn: () => T): Promise<T> {
    return this.run(() => this.inSnapshot(fn));
  }

  listProducts(filter: ProductFilter = {}): Promise<ProductPage> {
    // One snapshot: a page and its count.
    return this.read(() => listProducts(this.prepare, filter, () => checkSearchable(this.wordRule, this.location)));
  }

  productsSince(stamp: string): Promise<ProductsSince> {
    return this.read(() => {
      const rows = this.stmt(SQL.productsSince).all(stampParams(stamp)) as Row[];
      const products = rows.map((row) => ({
        summary: toSummary(row),
        order: Number(row.dp_order),
        ports: json<Row[]>(row.dp_ports).map(toPort),
        searchTitle: String(row.dp_title),
        searchText: String(row.dp_body),
        quality: row.dp_quality as Quality,
      }));
      return { stamp: this.stamp(), products };
    });
  }

  facets(): Promise<Facets> {
    return this.run(() => {
      const count = (column: string) =>
        this.stmt(
          `SELECT ${column} AS value, count(*) AS count FROM products WHERE ${column} IS NOT NULL GROUP BY ${column} ORDER BY ${column}`,
        ).all() as Array<{ value: string; count: number }>;
      return { domains: count('domain'), teams: count('team'), statuses: count('status'), quality: toQualityFacet(this.stmt(QUALITY_FACET).all() as Row[]) };
    });
  }

  private record(row: Row | undefined): VersionRecord | undefined {
    return row ? toRecord(row, this.stmt(SQL.portsOf).all(row.seq) as Row[]) : undefined;
  }

  getVersion(productId: string, version?: string): Promise<VersionRecord | undefined> {
    return this.run(() => this.record(this.versionRow(productId, version)));
  }

  private versionRow(productId: string, version?: string): Row | undefined {
    return (version === undefined ? this.stmt(SQL.getLatest).get(productId) : this.stmt(SQL.getVersion).get(productId, version)) as Row | undefined;
  }

  private stamp(): string {
    return String((this.stmt(SQL.changeStamp).get() as { stamp: number }).stamp);
  }

  listVersions(productId: string): Promise<VersionSummary[]> {
    return this.run(() => (this.stmt(SQL.versions).all(productId) as Row[]).map(toVersionSummary));
  }

  edges(): Promise<Edge[]> {
    return this.run(() => (this.stmt(SQL.edges).all() as Row[]).map(toEdge));
  }

  consumers(productId: string, port?: string): Promise<Edge[]> {
    return this.run(() => {
      const rows = port === undefined ? this.stmt(SQL.consumers).all(productId) : this.stmt(SQL.consumersOfPort).all(productId, port);
      return (rows as Row[]).map(toEdge);
    });
  }

  contractPublishers(contractIds: string[]): Promise<Map<string, string[]>> {
    return this.run(() => toPublishers(this.stmt(SQL.contractPublishers).all(JSON.stringify([...new Set(contractIds)])) as Row[]));
  }

  upstream(productId: string): Promise<Edge[]> {
    return this.run(() => (this.stmt(SQL.upstream).all(productId) as Row[]).map(toEdge));
  }

  listVersionsOf(productIds: string[]): Promise<Map<string, VersionSummary[]>> {
    return this.read(() => {
      const out = new Map<string, VersionSummary[]>();
      const versions = this.stmt(SQL.versions);
      for (const id of new Set(productIds)) {
        const rows = versions.all(id) as Row[];
        if (rows.length > 0) out.set(id, rows.map(toVersionSummary));
      }
      return out;
    });
  }

  latestVersions(productIds: string[]): Promise<Map<string, VersionRecord>> {
    return this.run(() => {
      const out = new Map<string, VersionRecord>();
      const get = this.stmt(SQL.getLatest);
      for (const id of new Set(productIds)) {
        const record = this.record(get.get(id) as Row | undefined);
        if (record) out.set(id, record);
      }
      return out;
    });
  }

  digestsOf(refs: Array<{ productId: string; version: string }>): Promise<Map<string, ExistingVersion>> {
    return this.run(() => {
      const out = new Map<string, ExistingVersion>();
      const get = this.stmt(SQL.digestOf);
      for (const { productId, version } of refs) {
        const row = get.get(productId, version) as Row | undefined;
        if (row)
          out.set(`${productId}@${version}`, {
            digest: String(row.digest),
            publisher: String(row.publisher),
            publishedAt: String(row.published_at),
            latest: String(row.latest_version),
          });
      }
      return out;
    });
  }

  private appendOne(entry: NewVersion): AppendResult {
    const head = (this.stmt(SQL.head).get(entry.productId) as { latest_version: string } | undefined)?.latest_version ?? null;
    if (head !== entry.expectedLatest) return { status: 'stale', latest: head };
    const { descriptor, contracts } = entry.documents;
    const seq = this.stmt(SQL.insertVersion).run({
      ...entry,
      descriptorFile: descriptor.file,
      descriptorText: descriptor.text,
      descriptorJson: JSON.stringify(descriptor.value),
      contractsJson: JSON.stringify(contracts),
      validationJson: JSON.stringify(entry.validation),
      changesJson: JSON.stringify(entry.changes),
    }).lastInsertRowid;
    const insertPort = this.stmt(SQL.insertPort);
    entry.ports.forEach((p, i) => insertPort.run(seq, i, entry.productId, p.direction, p.name, p.version, p.contractId, p.type));
    const { pk } = this.stmt(SQL.upsertProduct).get({ ...entry, seq, tags: JSON.stringify(entry.tags) }) as { pk: number };
    this.stmt(SQL.deleteSearch).run(pk);
    this.stmt(SQL.insertSearch).run(pk, entry.searchTitle, entry.searchText);
    return { status: 'appended' };
  }

  /**
   * While another process holds the write lock, waiting for it must not stop this process (SQLite's
   * busy handler sleeps in the calling thread: a server's reads would wait too): see write-lock.ts.
   */
  async append(entries: NewVersion[]): Promise<AppendResult[]> {
    const results: AppendResult[] = [];
    const started = Date.now();
    for (const list of chunks(entries, APPEND_BATCH)) results.push(...(await this.withWriteLock(() => list.map((e) => this.appendOne(e)), started)));
    if (entries.length >= OPTIMIZE_AFTER) this.optimizeSearch();
    return results;
  }

  /** `write` in one write transaction, waiting for the lock without stopping the process (write-lock.ts), up to BUSY_TIMEOUT from `started`. */
  private withWriteLock<T>(write: () => T, started = Date.now()): Promise<T> {
    return inWriteTransaction(this.db, this.location, write, started);
  }

  /**
   * Merges the search index into one segment. Each transaction adds a segment that every search
   * then probes; FTS5 merges them in the background of later writes, but after a bulk publish a
   * search of `product 4321` on 10,000 products took three times as long (140 µs against 46 µs).
   * The merge costs about 40 ms on 10,000 products. Not merged now (another writer holds the
   * lock): the next bulk publish or FTS5's own merging does it.
   */
  private optimizeSearch(): void {
    try {
      this.db.exec("INSERT INTO products_search (products_search) VALUES ('optimize')");
    } catch {
      // Only speed is at stake.
    }
  }

  createToken(token: Omit<TokenRecord, 'revokedAt' | 'lastUsedAt'>): Promise<void> {
    return this.run(() => {
      this.stmt(SQL.insertToken).run({ ...token, admin: token.admin ? 1 : 0, privacy: token.privacy ? 1 : 0 });
    });
  }

  findToken(hash: string): Promise<TokenRecord | undefined> {
    return this.run(() => {
      const row = this.stmt(SQL.findToken).get(hash) as Row | undefined;
      return row ? toToken(row) : undefined;
    });
  }

  listTokens(): Promise<TokenRecord[]> {
    return this.run(() => (this.stmt(SQL.listTokens).all() as Row[]).map(toToken));
  }

  revokeToken(id: string, at: string): Promise<boolean> {
    return this.run(() => this.stmt(SQL.revokeToken).run(at, id).changes > 0);
  }

  touchToken(id: string, at: string): Promise<void> {
    return this.run(() => {
      this.stmt(SQL.touchToken).run(at, id);
    });
  }

  /** Sessions are written by a server: waiting for the write lock must not stop its reads (write-lock.ts). */
  async createSession(session: SessionRecord): Promise<void> {
    await this.withWriteLock(() => {
      this.stmt(SQL.dropExpiredSessions).run(session.createdAt);
      this.stmt(SQL.insertSession).run(session);
    });
  }

  sessionTokens(hashes: string[], now: string): Promise<Map<string, TokenRecord>> {
    return this.run(() => new Map((this.stmt(SQL.sessionTokens).all(JSON.stringify(hashes), now) as Row[]).map((r) => [String(r.session_hash), toToken(r)])));
  }

  async endSession(hash: string): Promise<void> {
    await this.withWriteLock(() => this.stmt(SQL.endSession).run(hash));
  }

  changeStamp(): Promise<string> {
    return this.run(() => this.stamp());
  }

  changedSince(stamp: string): Promise<CatalogChanges | undefined> {
    return this.run(() => toChanges(this.stmt(SQL.changedSince).all(stampParams(stamp)) as Array<{ id: unknown; kind: unknown }>));
  }

  listRuns(productId: string, query: RunQuery = {}): Promise<RunPage> {
    return this.run(() => {
      const { limit, before } = runsPage(query);
      const sql = listRunsSql(() => '?', { port: query.port !== undefined, server: query.server !== undefined, before: before !== undefined });
      const params = [productId, query.port, query.server, before].filter((p) => p !== undefined);
      return toRunPage((this.stmt(sql).all(...params, limit + 1) as Row[]).map(toRun), limit);
    });
  }

  latestRuns(productId: string): Promise<StoredRun[]> {
    return this.run(() => (this.stmt(SQL.latestRuns).all(productId) as Row[]).map(toRun));
  }

  /** Runs in one write transaction, taken as appends take it (see append). */
  async appendRuns(runs: NewRun[]): Promise<string[]> {
    return this.withWriteLock(() => runs.map((run) => String(this.stmt(SQL.insertRun).run(...runValues(run)).lastInsertRowid)));
  }

  checkIntegrity(): Promise<string[]> {
    return this.run(() => {
      const check = (this.db.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check);
      const problems = check.join() === 'ok' ? [] : check.flatMap((c) => c.split('\n')).map((c) => `sqlite quick_check: ${c}`);
      // A damaged file can fail the invariant queries themselves: quick_check has said where.
      if (problems.length > 0) return problems;
      for (const sql of INTEGRITY) problems.push(...(this.db.prepare(sql).all() as Array<{ problem: string }>).map((r) => r.problem));
      return problems;
    });
  }

  close(): Promise<void> {
    return this.run(() => {
      if (this.db.open) this.db.close();
    });
  }
}

/** A stamp's two sequence numbers as named parameters (an unreadable stamp reads everything). */
function stampParams(stamp: string): { versions: number; runs: number } {
  return parseStamp(stamp) ?? { versions: 0, runs: 0 };
}

export async function openSqliteStore(path: string, options: Pick<OpenOptions, 'mode' | 'missingIsEmpty'>): Promise<SqliteStore> {
  const file = options.mode === 'read' && options.missingIsEmpty && !existsSync(path) ? ':memory:' : path;
  return new SqliteStore(await connect(file, options.mode, path), path);
}
