/**
 * Checking one target of a run: a product directory, a contract found by a
 * directory walk, or a file given by name, whose content decides what it is
 * (an ODPS descriptor is checked as a product with its directory's contracts).
 */
import { dirname, join } from 'node:path';
import type { Target } from '../descriptor/discover.js';
import { documentsOf, type ProductDocuments } from '../descriptor/documents.js';
import { displayPath, loadFile, loadProduct, type Product } from '../descriptor/product.js';
import { kindOf, type SourceFile } from '../descriptor/source.js';
import { descriptorsIn, listDir } from '../descriptor/tree.js';
import type { ReadScope } from '../descriptor/read-file.js';
import { checkDocument, checkProduct, withSchemas, type CheckResult } from './engine.js';
import type { Finding } from '../core/finding.js';
import type { PolicyResolver } from './policies/resolve.js';
import type { CatalogView } from './rule.js';

export interface TargetReport {
  /** `document`: a file given by name that is neither a product descriptor nor a contract dp checks. */
  kind: 'product' | 'contract' | 'document';
  /** Directory of the product, or the file (display paths). */
  path: string;
  /** Product or contract id when the file could be read. */
  id?: string;
  findings: Finding[];
  suppressed: number;
  files: number;
  /** What a product's files hold, kept when checking products to publish (`publishing`): read once, validated and stored. */
  documents?: ProductDocuments;
}

export interface ReadOptions {
  /** Read files whose real path leaves the repository (symbolic links out of it). */
  followExternalLinks?: boolean;
  /**
   * Checking products to publish: protected rules are never suppressed (see policies/suppression-policy.ts),
   * and each product's documents are kept in its report for the catalog.
   */
  publishing?: boolean;
  /** What the configured catalog (and the products of the run) publish: contract ids. */
  catalog?: { location: string; published: string[] };
}

const views = new WeakMap<object, CatalogView>();

/** The catalog as the rules see it, built once per run (and per thread). */
function catalogView(catalog: ReadOptions['catalog']): CatalogView | undefined {
  if (!catalog) return undefined;
  let view = views.get(catalog);
  if (!view) {
    const published = new Set(catalog.published);
    view = { location: catalog.location, publishes: (id) => published.has(id) };
    views.set(catalog, view);
  }
  return view;
}

export function targetDir(target: Target): string {
  return target.kind === 'product' ? target.dir : dirname(target.path);
}

function report(kind: TargetReport['kind'], path: string, id: unknown, result: CheckResult): TargetReport {
  return { kind, path, id: typeof id === 'string' ? id : undefined, ...result };
}

/** A product directory; when its descriptor is not one dp checks (another format, a newer version) it counts as a document, its contracts still checked. */
type Pending = TargetReport | Promise<TargetReport>;

function checkAsProduct(product: Product, resolver: PolicyResolver, cwd: string, read: ReadOptions): Pending {
  return withSchemas([product.descriptor, ...product.contracts, ...(product.references ?? [])], () => {
    const kind = kindOf(product.descriptor) === 'odps' || !product.descriptor.value ? 'product' : 'document';
    const checked = report(
      kind,
      displayPath(cwd, product.dir),
      product.descriptor.value?.id,
      checkProduct(product, resolver.forDir(product.dir), { publishing: read.publishing, catalog: catalogView(read.catalog) }),
    );
    return read.publishing && kind === 'product' ? { ...checked, documents: documentsOf(product) } : checked;
  });
}

function checkAlone(file: SourceFile, resolver: PolicyResolver, read: ReadOptions): Pending {
  return withSchemas([file], () => {
    const kind = kindOf(file) === 'odcs' || /\.odcs\.ya?ml$/i.test(file.path) ? 'contract' : 'document';
    return report(kind, file.display, file.value?.id, checkDocument(file, resolver.forDir(dirname(file.path)), read));
  });
}

/** Other descriptors in the directory of a descriptor given by name: then the directory's contracts belong to none of them alone. */
function hasSiblings(path: string): boolean {
  const dir = dirname(path);
  return descriptorsIn(listDir(dir)).some((name) => join(dir, name) !== path);
}

/** A target loaded as dp validate checks it: a product (its descriptor and contracts) or one document (a contract, or what a file given by name is). */
export type Loaded = { product: Product; file?: undefined } | { file: SourceFile; product?: undefined };

export function loadTarget(target: Target, cwd: string, read: ReadOptions = {}): Loaded {
  const scope: ReadScope = { root: target.root, followExternalLinks: read.followExternalLinks };
  if (target.kind === 'product') {
    const product = loadProduct(cwd, target.dir, target.descriptor, { shared: target.shared, tree: target.tree, scope });
    return kindOf(product.descriptor) === 'odcs' ? { file: product.descriptor } : { product };
  }
  const file = loadFile(cwd, target.path, scope);
  if (target.kind === 'file' && kindOf(file) === 'odps')
    return { product: loadProduct(cwd, dirname(file.path), file, { shared: hasSiblings(file.path), scope }) };
  return { file };
}

/** The report of one target: at once, or a promise when an older ODCS validator has to be loaded first. */
export function checkTarget(target: Target, resolver: PolicyResolver, cwd: string, read: ReadOptions = {}): Pending {
  const loaded = loadTarget(target, cwd, read);
  return loaded.product ? checkAsProduct(loaded.product, resolver, cwd, read) : checkAlone(loaded.file, resolver, read);
}
