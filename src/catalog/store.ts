/**
 * The catalog's storage contract. Two real backends implement `CatalogStore`
 * (SQLite in src/catalog/sqlite/, PostgreSQL in src/catalog/postgres/); the
 * conformance suite in test/conformance-store/ runs the same tests on both.
 *
 * Layers, from the outside in:
 * - `CatalogReader`: everything the read commands (`dp catalog list|show|...`)
 *   and the web pages need. An HTTP client of `dp catalog serve` can implement
 *   it too, so read commands work against an `http(s)://` catalog.
 * - `Catalog`: a reader that can also publish. Locally, `publish` runs the
 *   versioning rules of src/catalog/publish.ts over a store; over HTTP it posts
 *   the candidates to the server, which runs the same rules over its store.
 * - `CatalogStore`: storage (SQLite and PostgreSQL): versions and their
 *   reads, append under optimistic concurrency, digests, tokens, integrity,
 *   and change tracking (a change stamp, what changed since one, a cursor of
 *   the products whose latest version is newer than one). It never decides
 *   whether a version may be published: that is `publishToStore` in
 *   src/catalog/publish.ts, shared by the CLI and the server. It holds no
 *   consumer's shapes (pages, caches, search engines in memory): those live
 *   with their consumer (the server's read model, src/server/read-model/).
 *   A new capability adds tables and methods (append-only events), never a
 *   mode: one-shot commands and the server open the same store.
 *
 * Guarantees every backend gives:
 * - Published versions are immutable: there is no update or delete method,
 *   and the database refuses UPDATE/DELETE on versions (triggers). Test runs
 *   are append-only the same way (src/catalog/runs.ts).
 * - `append` is atomic per version (the version, its ports, the product head
 *   and the search index change together or not at all) and serialised
 *   against concurrent writers (SQLite: BEGIN IMMEDIATE; PostgreSQL: a
 *   transaction-scoped advisory lock), with `(productId, version)` unique.
 * - Reads of lists, search, one product, its versions and the edges of the
 *   mesh are single indexed queries, fast at 10,000 products.
 * - All times are ISO 8601 strings in UTC.
 */
import type { ProductDocuments } from '../descriptor/documents.js';
import type { CatalogChanges } from './changes.js';
import type { ControlStore } from './events.js';
import type { NewRun, Quality, RecordOptions, RunCandidate, RunOutcome, RunPage, RunQuery, StoredRun } from './runs.js';

export type { ProductDocuments, PublishedDocument } from '../descriptor/documents.js';

/** `ownership`: the owning team changed (published only by an admin, or a local writer asking for it). */
export type ChangeClass = 'breaking' | 'non-breaking' | 'ownership';

/** One classified difference between two versions of a product. */
export interface Change {
  /** Stable rule id, for example `field-removed` (see src/catalog/diff/rules.ts). */
  ruleId: string;
  class: ChangeClass;
  message: string;
  /** Output port names whose consumers this change affects (empty for product-level changes). */
  ports: string[];
  /** Contract concerned, when the change is inside a contract. */
  contractId?: string;
  /** Dotted location inside the contract or descriptor: `schema.plays.track_id`, `slaProperties.retention`. */
  path?: string;
  before?: unknown;
  after?: unknown;
}

/** Validation outcome stored with each version (the findings that did not block publishing). */
export interface ValidationSummary {
  dpVersion: string;
  errors: number;
  warnings: number;
  infos: number;
  suppressed: number;
  /** Non-blocking findings, capped (see `MAX_STORED_FINDINGS` in src/catalog/record.ts). */
  findings: Array<{ ruleId: string; severity: string; file: string; line: number; message: string }>;
}

export interface PortRow {
  direction: 'input' | 'output';
  name: string;
  /** The port's own version (ODPS allows one name with several versions). */
  version: string;
  contractId: string | null;
  type: string | null;
}

/** What lists and search show of a product: its latest version's headline. */
export interface ProductSummary {
  id: string;
  name: string | null;
  version: string;
  domain: string | null;
  team: string | null;
  status: string | null;
  /** `description.purpose` of the descriptor. */
  purpose: string | null;
  tags: string[];
  publisher: string;
  publishedAt: string;
  /** Number of published versions. */
  versionCount: number;
}

/** A version without its documents: for version lists and changelogs. */
export interface VersionSummary {
  productId: string;
  version: string;
  digest: string;
  publisher: string;
  publishedAt: string;
  /** Version this one was compared with when published (null for the first). */
  previousVersion: string | null;
  changes: Change[];
}

/** A complete published version. */
export interface VersionRecord extends VersionSummary {
  name: string | null;
  domain: string | null;
  team: string | null;
  status: string | null;
  documents: ProductDocuments;
  validation: ValidationSummary;
  ports: PortRow[];
}

/** A link of the mesh: `to.product` consumes the output port `from.port` of `from.product`. */
export interface Edge {
  from: { product: string; port: string; contractId: string };
  to: { product: string; port: string };
}

export interface ProductFilter {
  /** Words that must all occur (as word prefixes) in name, id, descriptions, tags, port or field names. */
  text?: string;
  domain?: string;
  team?: string;
  status?: string;
  /** Only products whose latest version was published at or after this ISO time (metadata age facet). */
  publishedSince?: string;
  /** Only products of this quality (by the latest test run of each output port and server of the latest version). */
  quality?: Quality;
  /** Default 100, at most 1000. */
  limit?: number;
  offset?: number;
}

export interface ProductPage {
  /** Matches before limit/offset. */
  total: number;
  items: ProductSummary[];
}

export interface Facets {
  domains: Array<{ value: string; count: number }>;
  teams: Array<{ value: string; count: number }>;
  statuses: Array<{ value: string; count: number }>;
  /** Products by quality, in the order passing, failing, untested (values without products left out). */
  quality: Array<{ value: Quality; count: number }>;
}

/** Read access to a catalog (local store or remote server). */
export interface CatalogReader {
  /** Where the catalog is, safe to print (passwords removed). */
  readonly location: string;
  readonly kind: CatalogKind;
  listProducts(filter?: ProductFilter): Promise<ProductPage>;
  facets(): Promise<Facets>;
  /** The latest version when `version` is omitted; undefined when absent. */
  getVersion(productId: string, version?: string): Promise<VersionRecord | undefined>;
  /** Newest first; empty when the product is unknown. */
  listVersions(productId: string): Promise<VersionSummary[]>;
  /** Every edge between the latest versions of all products. */
  edges(): Promise<Edge[]>;
  /** Edges into products consuming `productId` (optionally only its output port `port`). */
  consumers(productId: string, port?: string): Promise<Edge[]>;
  /** Edges from the products `productId` consumes. */
  upstream(productId: string): Promise<Edge[]>;
  /**
   * Which of these contract ids an output port of some product's latest version declares, with
   * those products (ids absent from the map are published by none).
   */
  contractPublishers(contractIds: string[]): Promise<Map<string, string[]>>;
  /** Test runs of a product, newest first (of one port and server when asked), a page at a time. */
  listRuns(productId: string, query?: RunQuery): Promise<RunPage>;
  /** The latest run of each output port and server of a product (any version), by port then server. */
  latestRuns(productId: string): Promise<StoredRun[]>;
  close(): Promise<void>;
}

export type CatalogKind = 'sqlite' | 'postgres' | 'http';

/** How a catalog is opened (src/catalog/open.ts). */
export interface OpenOptions {
  /** `read`: the catalog must already exist; `write`: a missing SQLite file is created. */
  mode: 'read' | 'write';
  /** Reading a SQLite file that does not exist yet gives an empty catalog instead of an error (`--dry-run`). */
  missingIsEmpty?: boolean;
  /** PostgreSQL connections to keep open (default 4; the server may want more). */
  poolSize?: number;
  /** Bearer token for an HTTP catalog (DP_CATALOG_TOKEN). */
  token?: string;
}

/** A product version offered for publishing: its documents and how it validated. */
export interface Candidate {
  productId: string;
  version: string;
  documents: ProductDocuments;
  validation: ValidationSummary;
  /** Where it came from, for messages only (a directory). */
  source?: string;
  /** `digestOf(documents)` when already computed by a trusted caller (the CLI's loader); computed when absent. */
  digest?: string;
}

export type PublishStatus = 'published' | 'unchanged' | 'refused' | 'would-publish';

export interface Refusal {
  /**
   * `version-exists`, `version-not-greater`, `breaking-needs-major`, `duplicate-product`, `conflict`,
   * `not-owner`, `transfer-not-requested`, `input-unpublished`.
   */
  code: string;
  message: string;
}

export interface PublishOutcome {
  productId: string;
  version: string;
  digest: string;
  status: PublishStatus;
  /** Latest version before this publish (null for a new product). */
  previousVersion: string | null;
  changes: Change[];
  refusals: Refusal[];
  /** Downstream products consuming the ports touched by breaking changes. */
  affectedConsumers: Edge[];
  /** Consumers beyond products: teams holding live grants on those ports (when the publisher knows the control plane). */
  affectedGrants?: AffectedGrant[];
  source?: string;
}

/** A team holding a live grant of a role on an output port (src/control/access/). */
export interface AffectedGrant {
  grant: string;
  port: string;
  team: string;
  role: string;
  purpose: string | null;
  until: string | null;
}

export interface PublishOptions {
  publisher: string;
  dryRun?: boolean;
  /** A new version may change the owning team (`team.name`): an ownership transfer (src/catalog/ownership.ts). */
  transferOwnership?: boolean;
  /** Injectable clock for tests. */
  now?: () => Date;
  /** The live grants on output ports of a product, named with the consumers a breaking change affects. */
  grantsOn?: (store: CatalogStore, productId: string, ports: string[]) => Promise<AffectedGrant[]>;
}

/** A catalog one can read and publish to. */
export interface Catalog extends CatalogReader {
  publish(candidates: Candidate[], options: PublishOptions): Promise<PublishOutcome[]>;
  /** Records test runs of published versions (src/catalog/record-runs.ts); one outcome per run, in order. */
  recordRuns(runs: RunCandidate[], options: RecordOptions): Promise<RunOutcome[]>;
}

/** A version ready to be stored; built by src/catalog/record.ts, checked by src/catalog/publish.ts. */
export interface NewVersion extends VersionRecord {
  /** Headline fields copied to the product row (with name, domain, team and status). */
  purpose: string | null;
  tags: string[];
  /** Folded words (src/catalog/words.ts) the search matches: ids, names, descriptions, tags, port and field names. */
  searchText: string;
  /** Folded words of the id and name: matches there rank first. */
  searchTitle: string;
  /**
   * Optimistic concurrency: the version that was latest when this one was
   * planned (null: the product was unknown). `append` stores nothing for this
   * entry when the latest differs by then.
   */
  expectedLatest: string | null;
}

export type AppendResult = { status: 'appended' } | { status: 'stale'; latest: string | null };

export interface ExistingVersion {
  digest: string;
  publisher: string;
  publishedAt: string;
  /** The latest version of the same product. */
  latest: string;
}

export interface TokenRecord {
  id: string;
  /** sha256 (hex) of the secret; the secret itself is never stored. */
  hash: string;
  /** Team allowed to publish (ODPS `team.name`); null for an admin token. */
  team: string | null;
  admin: boolean;
  /** A token of the privacy office: files erasure requests (the team names the office); publishes nothing. */
  privacy?: boolean;
  description: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** A signed-in session of the web catalog: the hash of its cookie's secret, for a token, until it expires or is ended. */
export interface SessionRecord {
  /** sha256 (hex) of the cookie's secret; the secret itself is never stored. */
  hash: string;
  tokenId: string;
  createdAt: string;
  expiresAt: string;
}

/** The latest version of a product as a cursor of changes gives it (`CatalogStore.productsSince`). */
export interface ProductHead {
  summary: ProductSummary;
  /** Order of first appearance in the catalog: search results come in it within a group. */
  order: number;
  /** The ports of the latest version. */
  ports: PortRow[];
  /** The words its search matches, as stored (`NewVersion.searchTitle`, `searchText`): folded (src/catalog/words.ts), separated by spaces. */
  searchTitle: string;
  searchText: string;
  /** By the latest run of each output port of the latest version and server. */
  quality: Quality;
}

/** What a cursor read gives: the products changed since, and the state it read (a change stamp). */
export interface ProductsSince {
  stamp: string;
  products: ProductHead[];
}

/** Storage: reads, appends, digests, tokens, integrity, change tracking and the control plane's events (src/catalog/events.ts), the same on every backend. */
export interface CatalogStore extends CatalogReader, ControlStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Full latest records of these products (absent ids are left out); for diffing. */
  latestVersions(productIds: string[]): Promise<Map<string, VersionRecord>>;
  /** `listVersions` of several products at once (absent ids are left out): one query on PostgreSQL. */
  listVersionsOf(productIds: string[]): Promise<Map<string, VersionSummary[]>>;
  /** The given `id@version` pairs that exist, by `id@version`, with the product's latest version. */
  digestsOf(refs: Array<{ productId: string; version: string }>): Promise<Map<string, ExistingVersion>>;
  /**
   * Stores versions, each atomically, serialised against other writers; several
   * entries may share one transaction for speed. One result per entry, in order.
   */
  append(entries: NewVersion[]): Promise<AppendResult[]>;
  /** Stores test runs, atomically together, serialised against other writers of runs; their ids, in order. */
  appendRuns(runs: NewRun[]): Promise<string[]>;
  createToken(token: Omit<TokenRecord, 'revokedAt' | 'lastUsedAt'>): Promise<void>;
  /** The live (not revoked) token with this hash. */
  findToken(hash: string): Promise<TokenRecord | undefined>;
  listTokens(): Promise<TokenRecord[]>;
  revokeToken(id: string, at: string): Promise<boolean>;
  touchToken(id: string, at: string): Promise<void>;
  /** Stores a new session, and drops the sessions expired at its creation. */
  createSession(session: SessionRecord): Promise<void>;
  /** The live token of each session with one of these hashes at `now` (by hash): none when the session is unknown, expired or ended, or its token revoked. */
  sessionTokens(hashes: string[], now: string): Promise<Map<string, TokenRecord>>;
  /** Ends a session (sign-out): its hash finds nothing afterwards. */
  endSession(hash: string): Promise<void>;
  /** Consistency problems (empty when sound): used by tests and `dp catalog doctor`. */
  checkIntegrity(): Promise<string[]>;
  /**
   * A value that grows whenever a version or a test run is appended, by any
   * process, and never changes otherwise: the newest version's sequence
   * number, in decimal, followed by `.` and the newest run's once a run is
   * recorded (src/catalog/stamps.ts); one indexed lookup.
   */
  changeStamp(): Promise<string>;
  /**
   * What changed since a change stamp: the products that published or recorded a run, and those linked to them now;
   * undefined when more than CHANGES_LIMIT versions came since.
   */
  changedSince(stamp: string): Promise<CatalogChanges | undefined>;
  /**
   * The products whose latest version was appended after `stamp`, or with a run recorded after it ('0': every product), read in one
   * snapshot, with that snapshot's change stamp: applied in order, these reads rebuild the latest
   * state of the catalog, product by product, up to the stamp of the last one.
   */
  productsSince(stamp: string): Promise<ProductsSince>;
}
