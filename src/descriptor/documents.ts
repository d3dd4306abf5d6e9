/**
 * A product's documents as they are published: each file relative to the
 * product directory, its text exactly as written and its parsed value. What
 * validation read is what the catalog stores (`dp publish` reads each file
 * once), so this shape sits with the reading of products.
 */
import { relative, sep } from 'node:path';
import { records, str, type OutputPort } from './model.js';
import type { Product } from './product.js';
import type { SourceFile } from './source.js';

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

function published(dir: string, file: SourceFile): PublishedDocument | undefined {
  if (!file.value) return undefined;
  const rel = relative(dir, file.path);
  return { file: sep === '/' ? rel : rel.split(sep).join('/'), text: file.text, value: file.value };
}

/**
 * The descriptor and contracts of a product that loaded cleanly (validation guarantees it before
 * publishing): the contracts of its tree, and in a directory of several descriptors those its
 * output ports name.
 */
export function documentsOf(product: Product): ProductDocuments | undefined {
  const descriptor = published(product.dir, product.descriptor);
  if (!descriptor) return undefined;
  const named = new Set(records<OutputPort>(descriptor.value.outputPorts).map(([p]) => str(p.contractId)));
  const own = [...product.contracts, ...(product.references ?? []).filter((c) => named.has(str(c.value?.id)))];
  const contracts = own.map((c) => published(product.dir, c)).filter((c): c is PublishedDocument => c !== undefined);
  contracts.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { descriptor, contracts };
}
