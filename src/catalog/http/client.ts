/**
 * A `Catalog` over the HTTP API of `dp catalog serve`, so `dp publish` and the
 * read commands work with `--catalog http(s)://...`. Publishing sends the
 * document texts only; the server validates them again and applies the same
 * versioning rules, and its refusals come back as ordinary outcomes.
 */
import type { CatalogLocation } from '../location.js';
import type { OpenOptions } from '../store.js';
import type { Candidate, Catalog, Edge, Facets, ProductFilter, ProductPage, PublishOptions, PublishOutcome, VersionRecord, VersionSummary } from '../store.js';
import { DpError } from '../../errors.js';
import type { ServiceInfo } from './wire.js';
import { callApi, DEFAULT_TIMEOUT_MS, getJson, statusError, type HttpTarget } from './request.js';
import { batchCandidates } from './batches.js';
import { wireCandidate } from './wire.js';
import { MAX_RUNS } from '../record-runs.js';
import type { RecordOptions, RunCandidate, RunOutcome, RunPage, RunQuery, StoredRun } from '../runs.js';

/** Publishing validates on the server: allow it more time than a read. */
const PUBLISH_TIMEOUT_FACTOR = 10;
/** Statuses whose body carries one outcome per product (refusals to report like a local publish). */
const OUTCOME_STATUSES = new Set([200, 403, 409, 422]);

const enc = encodeURIComponent;
/** Contract ids per request of contractPublishers (the server accepts 100). */
const PUBLISHERS_BATCH = 100;

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export class HttpCatalog implements Catalog {
  readonly kind = 'http' as const;

  constructor(
    private readonly target: HttpTarget,
    readonly info: ServiceInfo,
  ) {}

  get location(): string {
    return this.target.display;
  }

  async listProducts(filter: ProductFilter = {}): Promise<ProductPage> {
    const q = query({
      q: filter.text,
      domain: filter.domain,
      team: filter.team,
      status: filter.status,
      since: filter.publishedSince,
      quality: filter.quality,
      limit: filter.limit,
      offset: filter.offset,
    });
    return (await getJson<ProductPage>(this.target, `/api/products${q}`))!;
  }

  async facets(): Promise<Facets> {
    return (await getJson<Facets>(this.target, '/api/facets'))!;
  }

  async getVersion(productId: string, version?: string): Promise<VersionRecord | undefined> {
    const path = version ? `/api/products/${enc(productId)}/versions/${enc(version)}` : `/api/products/${enc(productId)}`;
    return getJson<VersionRecord>(this.target, path, true);
  }

  async listVersions(productId: string): Promise<VersionSummary[]> {
    return (await getJson<{ items: VersionSummary[] }>(this.target, `/api/products/${enc(productId)}/versions`))!.items;
  }

  async edges(): Promise<Edge[]> {
    return (await getJson<{ items: Edge[] }>(this.target, '/api/edges'))!.items;
  }

  async consumers(productId: string, port?: string): Promise<Edge[]> {
    return (await getJson<{ items: Edge[] }>(this.target, `/api/products/${enc(productId)}/consumers${query({ port })}`))!.items;
  }

  async contractPublishers(contractIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const ids = [...new Set(contractIds)];
    for (let i = 0; i < ids.length; i += PUBLISHERS_BATCH) {
      const q = ids
        .slice(i, i + PUBLISHERS_BATCH)
        .map((id) => `id=${enc(id)}`)
        .join('&');
      const answer = (await getJson<{ items: Array<{ contractId: string; products: string[] }> }>(this.target, `/api/contracts/publishers?${q}`))!;
      for (const item of answer.items) out.set(item.contractId, item.products);
    }
    return out;
  }

  async upstream(productId: string): Promise<Edge[]> {
    return (await getJson<{ items: Edge[] }>(this.target, `/api/products/${enc(productId)}/upstream`))!.items;
  }

  async publish(candidates: Candidate[], options: PublishOptions): Promise<PublishOutcome[]> {
    if (!this.target.token) {
      throw new DpError('config', `publishing to the catalog server ${this.target.display} needs a token (a dry run too: it checks the token's team)`, {
        hint: 'set DP_CATALOG_TOKEN to a token from `dp catalog token create --team <your team>`',
      });
    }
    const outcomes = new Map<Candidate, PublishOutcome>();
    for (const batch of batchCandidates(candidates, this.info.bodyLimit)) {
      const body = JSON.stringify({
        publisher: options.publisher,
        dryRun: Boolean(options.dryRun),
        transferOwnership: Boolean(options.transferOwnership),
        candidates: batch.map(wireCandidate),
      });
      const answer = await callApi(this.target, 'POST', '/api/publish', body, this.target.timeoutMs * PUBLISH_TIMEOUT_FACTOR);
      const received = answer.body as { outcomes?: PublishOutcome[]; error?: { outcomes?: PublishOutcome[] } } | undefined;
      const list = answer.status === 200 ? received?.outcomes : received?.error?.outcomes;
      if (!OUTCOME_STATUSES.has(answer.status) || !Array.isArray(list) || list.length !== batch.length) throw statusError(this.target, answer);
      batch.forEach((c, i) => outcomes.set(c, { ...list[i], source: c.source ?? list[i].source }));
    }
    return candidates.map((c) => outcomes.get(c)!);
  }

  async listRuns(productId: string, q: RunQuery = {}): Promise<RunPage> {
    return (await getJson<RunPage>(
      this.target,
      `/api/products/${enc(productId)}/runs${query({ port: q.port, server: q.server, before: q.before, limit: q.limit })}`,
    ))!;
  }

  async latestRuns(productId: string): Promise<StoredRun[]> {
    return (await getJson<{ items: StoredRun[] }>(this.target, `/api/products/${enc(productId)}/runs/latest`))!.items;
  }

  /** Posts the runs (MAX_RUNS a request); the server checks the token's team against the owner it stores. */
  async recordRuns(runs: RunCandidate[], options: RecordOptions): Promise<RunOutcome[]> {
    if (!this.target.token) {
      throw new DpError('config', `recording test runs in the catalog server ${this.target.display} needs a token`, {
        hint: 'set DP_CATALOG_TOKEN to a token of the team owning the product (dp catalog token create --team <team>)',
      });
    }
    const outcomes: RunOutcome[] = [];
    for (let i = 0; i < runs.length; i += MAX_RUNS) {
      const batch = runs.slice(i, i + MAX_RUNS);
      const answer = await callApi(
        this.target,
        'POST',
        '/api/runs',
        JSON.stringify({ publisher: options.publisher, runs: batch }),
        this.target.timeoutMs * PUBLISH_TIMEOUT_FACTOR,
      );
      const list = (answer.body as { outcomes?: RunOutcome[] } | undefined)?.outcomes;
      if (answer.status !== 200 || !Array.isArray(list) || list.length !== batch.length) throw statusError(this.target, answer);
      outcomes.push(...list);
    }
    return outcomes;
  }

  async close(): Promise<void> {
    // fetch keeps no per-catalog resources.
  }
}

function timeoutFrom(env: NodeJS.ProcessEnv): number {
  const n = Number(env.DP_CATALOG_TIMEOUT_MS);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_TIMEOUT_MS;
}

/** Opens a catalog server: one GET /api checks that it answers and is a dp catalog. */
export async function openHttpCatalog(location: CatalogLocation, options: OpenOptions): Promise<Catalog> {
  if (location.kind !== 'http') throw new DpError('internal', `openHttpCatalog needs an http(s) location, got ${location.kind}`);
  const target: HttpTarget = { base: location.url, display: location.display, token: options.token || undefined, timeoutMs: timeoutFrom(process.env) };
  const info = await getJson<ServiceInfo>(target, '/api');
  if (!info || info.service !== 'dp-catalog') {
    throw new DpError('connection', `${location.display} answers, but is not a dp catalog server`, {
      hint: 'check the URL: it should be the address `dp catalog serve` listens on',
    });
  }
  return new HttpCatalog(target, info);
}
