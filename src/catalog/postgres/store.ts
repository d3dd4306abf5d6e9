/**
 * The PostgreSQL backend, for a catalog shared by a team and by several
 * server instances. Publishers serialise on a transaction-scoped advisory
 * lock, re-read the heads of their products under it, and write each batch
 * of versions in a few set-based statements.
 */
import type { Pool, PoolClient } from 'pg';
import { chunks, iso, json, searchTerms, toEdge, toPort, toPublishers, toRecord, toSummary, toToken, toVersionSummary, type Row } from '../rows.js';
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
import { redactUrl } from '../location.js';
import { connectPool, explainPgError, openPool } from './connect.js';
import { PUBLISH_LOCK } from './migrations.js';
import { listProducts } from './list.js';
import { searchProducts } from './search.js';
import { toChanges, type CatalogChanges } from '../changes.js';
import { checkSearchable } from '../word-rule.js';
import { INTEGRITY, SQL } from './queries.js';
import { versionRows, portRows, productRows } from './write-rows.js';
import { ControlDelegate, type ControlStore } from '../events.js';
import { PostgresControl } from './events.js';
import { listRunsSql, QUALITY_FACET, runRecord, toQualityFacet, toRun } from '../runs-sql.js';
import { runsPage, toRunPage, type NewRun, type Quality, type RunPage, type RunQuery, type StoredRun } from '../runs.js';
import { parseStamp } from '../stamps.js';
import { RUNS_LOCK } from './runs-schema.js';

const APPEND_BATCH = 200;
const ANALYZE_AFTER = 500;
/** Connections of the pool publishing uses: publishes take the publish lock one at a time anyway. */
const WRITE_POOL = 2;

export class PostgresStore extends ControlDelegate implements CatalogStore {
  readonly kind = 'postgres' as const;
  readonly location: string;
  private writes?: Promise<Pool>;
  protected readonly control: ControlStore;

  constructor(
    private readonly pool: Pool,
    private readonly url: string,
    /** The word rule of the search words (src/catalog/word-rule.ts): this dp's, unless read where dp may not write. */
    private readonly wordRule: number,
  ) {
    super();
    this.location = redactUrl(url);
    this.control = new PostgresControl(pool, url);
  }

  /** Names of prepared statements, by SQL text. */
  private readonly names = new Map<string, string>();

  /**
   * Runs a query as a prepared statement: each connection plans it once, not on every call (planning
   * the joins of the mesh cost more than running them). Searches are planned every time
   * (`prepared` false): how many products a word matches decides the best plan.
   */
  private async rows(sql: string, params: unknown[] = [], prepared = true): Promise<Row[]> {
    let name = prepared ? this.names.get(sql) : undefined;
    if (prepared && name === undefined) {
      name = `dp_${this.names.size + 1}`;
      this.names.set(sql, name);
    }
    try {
      return (await this.pool.query({ name, text: sql, values: params })).rows as Row[];
    } catch (error) {
      throw explainPgError(error, this.url);
    }
  }

  async listProducts(filter: ProductFilter = {}): Promise<ProductPage> {
    const query = (sql: string, params: unknown[], prepared = false) => this.rows(sql, params, prepared);
    const terms = searchTerms(filter.text ?? '');
    if (terms.length === 0) return listProducts(query, filter);
    checkSearchable(this.wordRule, this.location);
    return searchProducts(query, filter, terms);
  }

  async productsSince(stamp: string): Promise<ProductsSince> {
    const rows = await this.rows(SQL.productsSince, stampParams(stamp));
    const products = rows.flatMap((row) =>
      row.id === null
        ? []
        : [
            {
              summary: toSummary(row),
              order: Number(row.dp_order),
              ports: json<Row[]>(row.dp_ports).map(toPort),
              searchTitle: String(row.dp_title),
              searchText: String(row.dp_body),
              quality: row.dp_quality as Quality,
            },
          ],
    );
    return { stamp: String(rows[0].dp_head), products };
  }

  async facets(): Promise<Facets> {
    const rows = await this.rows(`SELECT 'domain' AS facet, domain AS value, count(*) AS count FROM products WHERE domain IS NOT NULL GROUP BY domain
      UNION ALL SELECT 'team', team, count(*) FROM products WHERE team IS NOT NULL GROUP BY team
      UNION ALL SELECT 'status', status, count(*) FROM products WHERE status IS NOT NULL GROUP BY status ORDER BY 1, 2`);
    const of = (facet: string) => rows.filter((r) => r.facet === facet).map((r) => ({ value: String(r.value), count: Number(r.count) }));
    return { domains: of('domain'), teams: of('team'), statuses: of('status'), quality: toQualityFacet(await this.rows(QUALITY_FACET)) };
  }

  async getVersion(productId: string, version?: string): Promise<VersionRecord | undefined> {
    const rows = version === undefined ? await this.rows(SQL.getLatest, [productId]) : await this.rows(SQL.getVersion, [productId, version]);
    return rows[0] ? toRecord(rows[0], json<Row[]>(rows[0].ports_json)) : undefined;
  }

  async listVersions(productId: string): Promise<VersionSummary[]> {
    return (await this.rows(SQL.versions, [productId])).map(toVersionSummary);
  }

  async edges(): Promise<Edge[]> {
    return (await this.rows(SQL.edges)).map(toEdge);
  }

  async consumers(productId: string, port?: string): Promise<Edge[]> {
    const rows = port === undefined ? await this.rows(SQL.consumers, [productId]) : await this.rows(SQL.consumersOfPort, [productId, port]);
    return rows.map(toEdge);
  }

  async contractPublishers(contractIds: string[]): Promise<Map<string, string[]>> {
    return toPublishers(await this.rows(SQL.contractPublishers, [[...new Set(contractIds)]]));
  }

  async upstream(productId: string): Promise<Edge[]> {
    return (await this.rows(SQL.upstream, [productId])).map(toEdge);
  }

  async listVersionsOf(productIds: string[]): Promise<Map<string, VersionSummary[]>> {
    const out = new Map<string, VersionSummary[]>();
    for (const ids of chunks([...new Set(productIds)], 500)) {
      for (const row of await this.rows(SQL.versionsOf, [ids])) {
        const id = String(row.product_id);
        const list = out.get(id);
        if (list) list.push(toVersionSummary(row));
        else out.set(id, [toVersionSummary(row)]);
      }
    }
    return out;
  }

  async latestVersions(productIds: string[]): Promise<Map<string, VersionRecord>> {
    const out = new Map<string, VersionRecord>();
    for (const ids of chunks([...new Set(productIds)], 500)) {
      for (const row of await this.rows(SQL.getLatestMany, [ids])) out.set(String(row.product_id), toRecord(row, json<Row[]>(row.ports_json)));
    }
    return out;
  }

  async digestsOf(refs: Array<{ productId: string; version: string }>): Promise<Map<string, ExistingVersion>> {
    const out = new Map<string, ExistingVersion>();
    for (const part of chunks(refs, 1000)) {
      const rows = await this.rows(SQL.digestsOf, [part.map((r) => r.productId), part.map((r) => r.version)]);
      for (const r of rows) {
        out.set(`${r.product_id}@${r.version}`, {
          digest: String(r.digest),
          publisher: String(r.publisher),
          publishedAt: iso(r.published_at),
          latest: String(r.latest_version),
        });
      }
    }
    return out;
  }

  private async appendBatch(client: PoolClient, entries: NewVersion[]): Promise<AppendResult[]> {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [PUBLISH_LOCK]);
      const heads = new Map((await client.query(SQL.heads, [entries.map((e) => e.productId)])).rows.map((r) => [r.id as string, r.latest_version as string]));
      const seen = new Set<string>();
      const results: AppendResult[] = entries.map((e) => {
        const head = heads.get(e.productId) ?? null;
        // A second version of one product in the same batch waits for the next round (its head moves).
        const fresh = head === e.expectedLatest && !seen.has(e.productId);
        seen.add(e.productId);
        return fresh ? { status: 'appended' } : { status: 'stale', latest: head };
      });
      const accepted = entries.filter((_, i) => results[i].status === 'appended');
      if (accepted.length > 0) {
        const inserted = (await client.query(SQL.insertVersions, [JSON.stringify(versionRows(accepted))])).rows;
        const seqs = new Map(inserted.map((r) => [r.product_id as string, String(r.seq)]));
        await client.query(SQL.insertPorts, [JSON.stringify(portRows(accepted, seqs))]);
        await client.query(SQL.upsertProducts, [JSON.stringify(productRows(accepted, seqs))]);
      }
      await client.query('COMMIT');
      return results;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async append(entries: NewVersion[]): Promise<AppendResult[]> {
    let client: PoolClient | undefined;
    try {
      client = await (await this.writer()).connect();
      const results: AppendResult[] = [];
      for (const batch of chunks(entries, APPEND_BATCH)) results.push(...(await this.appendBatch(client, batch)));
      // After a bulk load, fresh statistics keep the planner on the indexes (autovacuum would come later).
      if (entries.length >= ANALYZE_AFTER) await client.query('ANALYZE products, ports').catch(() => undefined);
      return results;
    } catch (error) {
      throw explainPgError(error, this.url);
    } finally {
      client?.release();
    }
  }

  async createToken(token: Omit<TokenRecord, 'revokedAt' | 'lastUsedAt'>): Promise<void> {
    await this.rows(SQL.insertToken, [token.id, token.hash, token.team, token.admin, Boolean(token.privacy), token.description, token.createdAt]);
  }

  async findToken(hash: string): Promise<TokenRecord | undefined> {
    const [row] = await this.rows(SQL.findToken, [hash]);
    return row ? toToken(row) : undefined;
  }

  async listTokens(): Promise<TokenRecord[]> {
    return (await this.rows(SQL.listTokens)).map(toToken);
  }

  async revokeToken(id: string, at: string): Promise<boolean> {
    try {
      return ((await this.pool.query(SQL.revokeToken, [at, id])).rowCount ?? 0) > 0;
    } catch (error) {
      throw explainPgError(error, this.url);
    }
  }

  async touchToken(id: string, at: string): Promise<void> {
    await this.rows(SQL.touchToken, [at, id]);
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.rows(SQL.dropExpiredSessions, [session.createdAt]);
    await this.rows(SQL.insertSession, [session.hash, session.tokenId, session.createdAt, session.expiresAt]);
  }

  async sessionTokens(hashes: string[], now: string): Promise<Map<string, TokenRecord>> {
    return new Map((await this.rows(SQL.sessionTokens, [hashes, now])).map((r) => [String(r.session_hash), toToken(r)]));
  }

  async endSession(hash: string): Promise<void> {
    await this.rows(SQL.endSession, [hash]);
  }

  /** Appends are serialised by the publish lock, so the highest seq grows with every commit. */
  async changeStamp(): Promise<string> {
    return String((await this.rows(SQL.changeStamp))[0].stamp);
  }

  async changedSince(stamp: string): Promise<CatalogChanges | undefined> {
    return toChanges((await this.rows(SQL.changedSince, stampParams(stamp))) as Array<{ id: unknown; kind: unknown }>);
  }

  async listRuns(productId: string, query: RunQuery = {}): Promise<RunPage> {
    const { limit, before } = runsPage(query);
    const sql = listRunsSql((n) => `$${n}`, { port: query.port !== undefined, server: query.server !== undefined, before: before !== undefined });
    const params = [productId, query.port, query.server, before].filter((p) => p !== undefined);
    return toRunPage((await this.rows(sql, [...params, limit + 1])).map(toRun), limit);
  }

  async latestRuns(productId: string): Promise<StoredRun[]> {
    return (await this.rows(SQL.latestRuns, [productId])).map(toRun);
  }

  /** Runs in one transaction under the runs lock: run numbers then grow in the order of commits, as change stamps need. */
  async appendRuns(runs: NewRun[]): Promise<string[]> {
    let client: PoolClient | undefined;
    try {
      client = await (await this.writer()).connect();
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [RUNS_LOCK]);
        const records = runs.map((run, ord) => ({ ...runRecord(run), ord }));
        const rows = (await client.query(SQL.insertRuns, [JSON.stringify(records)])).rows;
        await client.query('COMMIT');
        return rows.map((r) => String(r.seq));
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } catch (error) {
      throw explainPgError(error, this.url);
    } finally {
      client?.release();
    }
  }

  async checkIntegrity(): Promise<string[]> {
    const problems: string[] = [];
    for (const sql of INTEGRITY) problems.push(...(await this.rows(sql)).map((r) => String(r.problem)));
    return problems;
  }

  /**
   * The pool appends use, of its own (opened at the first append): publishers wait for the publish
   * lock holding a connection, and reads (a server's) must not queue behind them.
   */
  private writer(): Promise<Pool> {
    this.writes ??= openPool(this.url, WRITE_POOL);
    return this.writes;
  }

  async close(): Promise<void> {
    const writes = this.writes;
    await Promise.all([
      this.pool.end(),
      writes?.then(
        (pool) => pool.end(),
        () => undefined,
      ),
    ]);
  }
}

/** A stamp's two sequence numbers as parameters (an unreadable stamp reads everything). */
function stampParams(stamp: string): [number, number] {
  const { versions, runs } = parseStamp(stamp) ?? { versions: 0, runs: 0 };
  return [versions, runs];
}

export async function openPostgresStore(url: string, options: Pick<OpenOptions, 'poolSize'> & { mode?: OpenOptions['mode'] }): Promise<PostgresStore> {
  const { pool, wordRule } = await connectPool(url, options.poolSize, options.mode === 'read');
  return new PostgresStore(pool, url, wordRule);
}
