/**
 * The two sides of `dp diff`: a product directory on disk, or a version in
 * the catalog (`id@version`, or `id` for the latest). A path that exists is
 * a directory; anything else is a catalog reference.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { discover, type Target } from '../descriptor/discover.js';
import { displayPath, loadProduct } from '../descriptor/product.js';
import { DpError } from '../errors.js';
import { documentsOf } from '../descriptor/documents.js';
import { notFound, parseVersionRef, type VersionRef } from './refs.js';
import type { CatalogReader, ProductDocuments } from './store.js';

export type Side = { kind: 'directory'; path: string } | { kind: 'catalog'; ref: VersionRef };

export interface LoadedSide {
  label: string;
  productId: string;
  version: string;
  documents: ProductDocuments;
}

export function parseSide(cwd: string, text: string): Side {
  if (existsSync(resolve(cwd, text))) return { kind: 'directory', path: text };
  return { kind: 'catalog', ref: parseVersionRef(text) };
}

export function loadDirectory(cwd: string, path: string): LoadedSide {
  const products = discover(cwd, [path]).targets.filter((t) => t.kind === 'product');
  if (products.length !== 1) {
    throw new DpError('usage', `${path} holds ${products.length === 0 ? 'no data product' : `${products.length} data products`}`, {
      hint: 'give one product directory (with dataproduct.odps.yaml) per side',
    });
  }
  const target = products[0] as Extract<Target, { kind: 'product' }>;
  const product = loadProduct(cwd, target.dir, target.descriptor, { shared: target.shared, tree: target.tree, scope: { root: target.root } });
  const broken = [product.descriptor, ...product.contracts].find((f) => f.problems.length > 0 || !f.value);
  if (broken) {
    const problem = broken.problems[0];
    throw new DpError('input', `${broken.display} cannot be read${problem ? `: ${problem.message}` : ''}`, {
      location: problem ? { file: broken.display, line: problem.line, column: problem.column } : undefined,
      hint: 'dp validate shows every problem',
    });
  }
  const documents = documentsOf(product)!;
  const value = documents.descriptor.value;
  return { label: displayPath(cwd, target.dir), productId: String(value.id ?? ''), version: String(value.version ?? ''), documents };
}

export async function loadFromCatalog(reader: CatalogReader, ref: VersionRef): Promise<LoadedSide> {
  const record = await reader.getVersion(ref.productId, ref.version);
  if (!record) throw notFound(ref, reader.location);
  return { label: `${record.productId}@${record.version}`, productId: record.productId, version: record.version, documents: record.documents };
}
