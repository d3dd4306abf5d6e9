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
 * - `CatalogStore`: storage primitives (append versions under optimistic
 *   concurrency, tokens). It never decides whether a version may be published:
 *   that is `publishToStore` in src/catalog/publish.ts, shared by the CLI and
 *   the server.
 *
 * Guarantees every backend gives:
 * - Published versions are immutable: there is no update or delete method,
 *   and the database refuses UPDATE/DELETE on versions (triggers).
 * - `append` is atomic per version (the version, its ports, the product head
 *   and the search index change together or not at all) and serialised
 *   against concurrent writers (SQLite: BEGIN IMMEDIATE; PostgreSQL: a
 *   transaction-scoped advisory lock), with `(productId, version)` unique.
 * - Reads of lists, search, one product, its versions and the edges of the
 *   mesh are single indexed queries, fast at 10,000 products.
 * - All times are ISO 8601 strings in UTC.
 */
import type { CatalogChanges } from './changes.js';

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

/** A document as published: its text (exactly as written) and its parsed value. */
export interface PublishedDocument {
  /** Path relative to the product directory, forward slashes: `dataproduct.odps.yaml`, `contracts/plays.odcs.yaml`. */
  file: string;
  text: string;
  value: Record<string, unknown>;
}

export interface ProductDocuments {
  descriptor: PublishedDocument;
  /** Every contract under `contracts/`, sorted by file. */
  contracts: PublishedDocument[];
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
  /** Only products whose latest version was published at or after this ISO time (freshness facet). */
  publishedSince?: string;
  /** Default 100, at most 1000. */
  limit?: number;
  offset?: number;
}

export interface ProductPage {
  /** Matches before limit/offset. */
  total: number;
  items: ProductSummary[];
  /**
   * The catalog state it was read in (`changeStamp`, read with its first query: later ones see a
   * state at least as new), when the store tells.
   */
  stamp?: string;
}

export interface Facets {
  domains: Array<{ value: string; count: number }>;
  teams: Array<{ value: string; count: number }>;
  statuses: Array<{ value: string; count: number }>;
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
  close(): Promise<void>;
}

/** Everything the product page shows of one version, read at once. */
export interface ProductPageData {
  /** The version shown. */
  shown: { productId: string; version: string; name: string | null; publishedAt: string };
  /** Its body stored in the format asked for (`NewVersion.bodies`); when present, `record` is not read. */
  body?: string | Buffer;
  record?: VersionRecord;
  /** Every version of the product, newest first. */
  versions: VersionSummary[];
  /**
   * Links from the products it consumes, and into the products consuming it (between latest
   * versions); empty when read with `{ links: false }`.
   */
  upstream: Edge[];
  consumers: Edge[];
  /** The catalog state it was read in (`changeStamp`): every part of the page comes from that one snapshot. */
  stamp: string;
}

export interface ProductPageOptions {
  /** Read the product's links (default true); false when the caller has them (the server's link index). */
  links?: boolean;
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
  /**
   * The store answers many searches (`dp catalog serve`): it keeps a vocabulary of the
   * search index's words, so that a prefix standing for a few words searches as those
   * words (src/catalog/vocabulary.ts). Reading it costs a scan of the index, which a
   * command searching once does not repay: it searches with plain prefixes.
   */
  longLived?: boolean;
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
   * `not-owner`, `transfer-not-requested`.
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
  source?: string;
}

export interface PublishOptions {
  publisher: string;
  dryRun?: boolean;
  /** A new version may change the owning team (`team.name`): an ownership transfer (src/catalog/ownership.ts). */
  transferOwnership?: boolean;
  /** Renderings stored with each version (the server's page bodies; see `CatalogStore.storeBodies`). */
  bodies?: (version: NewVersion) => VersionBody[];
  /** Injectable clock for tests. */
  now?: () => Date;
}

/** A catalog one can read and publish to. */
export interface Catalog extends CatalogReader {
  publish(candidates: Candidate[], options: PublishOptions): Promise<PublishOutcome[]>;
}

/** A version ready to be stored; built by src/catalog/record.ts, checked by src/catalog/publish.ts. */
export interface NewVersion extends VersionRecord {
  /** Headline fields copied to the product row (with name, domain, team and status). */
  purpose: string | null;
  tags: string[];
  /** Lower-case words the search matches: ids, names, descriptions, tags, port and field names. */
  searchText: string;
  /** Lower-case words of the id and name: matches there rank first. */
  searchTitle: string;
  /**
   * Optimistic concurrency: the version that was latest when this one was
   * planned (null: the product was unknown). `append` stores nothing for this
   * entry when the latest differs by then.
   */
  expectedLatest: string | null;
  /** Renderings stored with the version, in the same transaction. */
  bodies?: VersionBody[];
}

/** A rendering of a version, by format, stored with it. */
export interface VersionBody {
  format: string;
  body: string;
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
  description: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** A backend: reads plus the storage primitives publishing and the server need. */
export interface CatalogStore extends CatalogReader {
  readonly kind: 'sqlite' | 'postgres';
  /** Full latest records of these products (absent ids are left out); for diffing. */
  latestVersions(productIds: string[]): Promise<Map<string, VersionRecord>>;
  /** The given `id@version` pairs that exist, by `id@version`, with the product's latest version. */
  digestsOf(refs: Array<{ productId: string; version: string }>): Promise<Map<string, ExistingVersion>>;
  /**
   * Stores versions, each atomically, serialised against other writers; several
   * entries may share one transaction for speed. One result per entry, in order.
   */
  append(entries: NewVersion[]): Promise<AppendResult[]>;
  createToken(token: Omit<TokenRecord, 'revokedAt' | 'lastUsedAt'>): Promise<void>;
  /** The live (not revoked) token with this hash. */
  findToken(hash: string): Promise<TokenRecord | undefined>;
  listTokens(): Promise<TokenRecord[]>;
  revokeToken(id: string, at: string): Promise<boolean>;
  touchToken(id: string, at: string): Promise<void>;
  /**
   * The product page's data in one read (one round trip on PostgreSQL); undefined when the version is
   * absent. With `bodyFormat`, a body stored in that format comes instead of the documents.
   */
  productPage(productId: string, version?: string, bodyFormat?: string, options?: ProductPageOptions): Promise<ProductPageData | undefined>;
  /**
   * `getVersion` as JSON text, composed from the stored JSON without parsing it, with the stamp of
   * the catalog state it was read in.
   */
  versionJson(productId: string, version?: string): Promise<{ json: string; stamp: string } | undefined>;
  /** Consistency problems (empty when sound): used by tests and `dp catalog doctor`. */
  checkIntegrity(): Promise<string[]>;
  /**
   * A value that grows whenever a version is appended, by any process, and
   * never changes otherwise (the newest version's sequence number, in decimal);
   * one indexed lookup. The catalog server validates its page cache with it.
   */
  changeStamp?(): Promise<string>;
  /**
   * Reads into memory what a long-lived store searches with (its vocabulary and search index), up to
   * the catalog's state now; the first search does it otherwise. A server calls it as it starts.
   */
  prepareSearch?(): Promise<void>;
  /**
   * What changed since a change stamp: the products that published, and those linked to them now;
   * undefined when more than CHANGES_LIMIT versions came since.
   */
  changedSince?(stamp: string): Promise<CatalogChanges | undefined>;
}
