/**
 * The PostgreSQL backend, for a catalog shared by a team and by several
 * server instances. Publishers serialise on a transaction-scoped advisory
 * lock, re-read the heads of their products under it, and write each batch
 * of versions in a few set-based statements.
 */
import type { Pool, PoolClient } from 'pg';
import type { OpenOptions } from '../store.js';
import { afterAppendHook } from '../fault.js';
import { chunks, iso, json, recordJson, searchTerms, text, toEdge, toRecord, toSummary, toToken, toVersionSummary, type Row } from '../rows.js';
import type {
  AppendResult, CatalogStore, Edge, ExistingVersion, Facets, NewVersion, ProductFilter, ProductPage, ProductPageData, ProductPageOptions, TokenRecord, VersionRecord, VersionSummary,
} from '../store.js';
import { redactUrl } from '../location.js';
import { connectPool, explainPgError, openPool } from './connect.js';
import { PUBLISH_LOCK } from './migrations.js';
import { listProducts } from './list.js';
import { searchProducts, StaleVocabulary } from './search.js';
import { Vocabulary } from '../vocabulary.js';
import { SearchIndex } from '../search-index.js';
import { StampReader } from '../../util/stamp-reader.js';
import { Batcher, batcherOf } from '../../util/batcher.js';
import { toChanges, type CatalogChanges } from '../changes.js';
import { INTEGRITY, SQL } from './queries.js';
import { versionRows, portRows, productRows } from './write-rows.js';

const APPEND_BATCH = 200;
const PAGE = { latest: SQL.pagesLatest, version: SQL.pageVersion };
const PAGE_WITHOUT_LINKS = { latest: SQL.pagesLatestWithoutLinks, version: SQL.pageVersionWithoutLinks };
const ANALYZE_AFTER = 500;
/** Connections of a server's publish pool: publishes take the publish lock one at a time anyway. */
const WRITE_POOL = 2;

export class PostgresStore implements CatalogStore {
  readonly kind = 'postgres' as const;
  readonly location: string;
  private readonly vocabulary?: Vocabulary;
  /** A server's searches, in memory (src/catalog/search-index.ts). */
  private readonly index?: SearchIndex;
  private reading?: Promise<void>;
  /** The change stamp: one read for all who ask in a turn of the event loop or while it runs (a server's cache, its searches). */
  private readonly stamps = new StampReader(async () => String((await this.rows(SQL.changeStamp))[0].stamp));

  private writes?: Promise<Pool>;

  constructor(
    private readonly pool: Pool,
    private readonly url: string,
    private readonly longLived = false,
  ) {
    this.location = redactUrl(url);
    if (longLived) {
      this.vocabulary = new Vocabulary(false);
      this.index = new SearchIndex();
    }
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
    if (!this.vocabulary) return searchProducts(query, filter, terms);
    if (this.index?.answers(terms, filter)) {
      const page = await this.searchInMemory(terms, filter, this.index);
      if (page) return page;
    }
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        return await searchProducts(query, filter, terms, this.vocabulary);
      } catch (error) {
        if (!(error instanceof StaleVocabulary)) throw error;
        await this.readNewProducts();
      }
    }
    // Publishers kept overtaking the vocabulary: search with plain prefixes.
    return searchProducts(query, filter, terms);
  }

  /**
   * A search in memory, of the state of a change stamp read after it was asked for (shared with the
   * searches asked for meanwhile), once the index has read the products published up to it.
   */
  private async searchInMemory(terms: string[], filter: ProductFilter, index: SearchIndex): Promise<ProductPage | undefined> {
    await this.prepareSearch();
    const page = index.search(terms, filter);
    return page && { ...page, stamp: String(this.vocabulary!.cursor) };
  }

  /** Reads the products published up to a change stamp read now (a long-lived store's vocabulary and search index). */
  async prepareSearch(): Promise<void> {
    if (!this.vocabulary) return;
    const head = Number(await this.changeStamp());
    // A read that started before this head was seen may stop short of it: then another.
    while (this.vocabulary.cursor < head) await this.readNewProducts();
  }

  /**
   * The products published since the vocabulary was last read, one read at a time: a caller that
   * joins a read started before the head it saw may find the vocabulary still behind, and reads again.
   */
  private readNewProducts(): Promise<void> {
    return (this.reading ??= this.readProducts(this.vocabulary!).finally(() => {
      this.reading = undefined;
    }));
  }

  /** Into the vocabulary and the search index: each product with the lexemes of its tsvectors. */
  private async readProducts(v: Vocabulary): Promise<void> {
    const rows = await this.rows(SQL.productsSince, [v.cursor]);
    for (const row of rows) {
      if (row.id === null) continue;
      const words = row.dp_words as string[];
      for (const word of words) v.add(word);
      this.index!.upsert({ key: Number(row.dp_key), summary: toSummary(row), title: row.dp_title as string[], words });
    }
    // Every product up to the head of the snapshot read is in.
    v.cursor = Math.max(v.cursor, Number(rows[0].dp_head));
  }

  async facets(): Promise<Facets> {
    const rows = await this.rows(`SELECT 'domain' AS facet, domain AS value, count(*) AS count FROM products WHERE domain IS NOT NULL GROUP BY domain
      UNION ALL SELECT 'team', team, count(*) FROM products WHERE team IS NOT NULL GROUP BY team
      UNION ALL SELECT 'status', status, count(*) FROM products WHERE status IS NOT NULL GROUP BY status ORDER BY 1, 2`);
    const of = (facet: string) => rows.filter((r) => r.facet === facet).map((r) => ({ value: String(r.value), count: Number(r.count) }));
    return { domains: of('domain'), teams: of('team'), statuses: of('status') };
  }

  async getVersion(productId: string, version?: string): Promise<VersionRecord | undefined> {
    const rows = version === undefined ? await this.rows(SQL.getLatest, [productId]) : await this.rows(SQL.getVersion, [productId, version]);
    return rows[0] ? toRecord(rows[0], json<Row[]>(rows[0].ports_json)) : undefined;
  }

  /** Latest product pages asked for together, read in one query, by query and body format. */
  private readonly latestPages = new Map<string, Batcher<string, Row>>();

  private latestPageRow(sql: string, productId: string, bodyFormat: string): Promise<Row | undefined> {
    const read = async (ids: string[]) => new Map((await this.rows(sql, [ids, bodyFormat])).map((r) => [String(r.product_id), r]));
    return batcherOf(this.latestPages, `${sql}\u0000${bodyFormat}`, () => new Batcher(read)).load(productId);
  }

  async productPage(productId: string, version?: string, bodyFormat = '', options: ProductPageOptions = {}): Promise<ProductPageData | undefined> {
    const queries = options.links === false ? PAGE_WITHOUT_LINKS : PAGE;
    const row = version === undefined ? await this.latestPageRow(queries.latest, productId, bodyFormat) : (await this.rows(queries.version, [productId, bodyFormat, version]))[0];
    if (!row) return undefined;
    // Times inside JSON arrive as PostgreSQL writes them; the catalog's are ISO 8601 in UTC.
    const versions = json<Row[]>(row.versions_json).map((v) => toVersionSummary({ ...v, published_at: new Date(String(v.published_at)) }));
    const edges = (value: unknown) => json<Row[]>(value).map(toEdge);
    const shown = { productId, version: String(row.version), name: text(row.name), publishedAt: iso(row.published_at) };
    const body = row.body === null ? undefined : String(row.body);
    const record = body === undefined ? toRecord(row, json<Row[]>(row.ports_json)) : undefined;
    return { shown, body, record, versions, upstream: edges(row.upstream_json ?? []), consumers: edges(row.consumers_json ?? []), stamp: String(row.stamp) };
  }

  /** Latest versions as JSON asked for together, read in one query. */
  private readonly latestJson = new Batcher<string, Row>(async (ids) => new Map((await this.rows(SQL.jsonsLatest, [ids])).map((r) => [String(r.product_id), r])));

  async versionJson(productId: string, version?: string): Promise<{ json: string; stamp: string } | undefined> {
    const row = version === undefined ? await this.latestJson.load(productId) : (await this.rows(SQL.jsonVersion, [productId, version]))[0];
    return row ? { json: recordJson(row, json<Row[]>(row.ports_json)), stamp: String(row.stamp) } : undefined;
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

  async upstream(productId: string): Promise<Edge[]> {
    return (await this.rows(SQL.upstream, [productId])).map(toEdge);
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
        out.set(`${r.product_id}@${r.version}`, { digest: String(r.digest), publisher: String(r.publisher), publishedAt: iso(r.published_at), latest: String(r.latest_version) });
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
        const bodies = accepted.flatMap((e) => (e.bodies ?? []).map((b) => ({ product_id: e.productId, version: e.version, format: b.format, body: b.body })));
        if (bodies.length > 0) await client.query(SQL.insertBodies, [JSON.stringify(bodies)]);
        accepted.forEach(() => afterAppendHook());
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
    await this.rows(SQL.insertToken, [token.id, token.hash, token.team, token.admin, token.description, token.createdAt]);
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

  /** Appends are serialised by the publish lock, so the highest seq grows with every commit. */
  changeStamp(): Promise<string> {
    return this.stamps.current();
  }

  async changedSince(stamp: string): Promise<CatalogChanges | undefined> {
    return toChanges((await this.rows(SQL.changedSince, [stamp])) as Array<{ id: unknown; kind: unknown }>);
  }

  async checkIntegrity(): Promise<string[]> {
    const problems: string[] = [];
    for (const sql of INTEGRITY) problems.push(...(await this.rows(sql)).map((r) => String(r.problem)));
    return problems;
  }

  /**
   * The pool publishes use. A long-lived store (the server) has its own, of two connections:
   * publishers wait for the publish lock holding a connection, and reads must not queue behind them.
   */
  private writer(): Promise<Pool> {
    if (!this.longLived) return Promise.resolve(this.pool);
    this.writes ??= openPool(this.url, WRITE_POOL);
    return this.writes;
  }

  async close(): Promise<void> {
    const writes = this.writes;
    await Promise.all([this.pool.end(), writes?.then((pool) => pool.end(), () => undefined)]);
  }
}

export async function openPostgresStore(url: string, options: Pick<OpenOptions, 'poolSize' | 'longLived'> & { mode?: OpenOptions['mode'] }): Promise<PostgresStore> {
  return new PostgresStore(await connectPool(url, options.poolSize, options.mode === 'read'), url, options.longLived);
}
