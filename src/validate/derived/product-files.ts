/**
 * The files of a product beyond its descriptor and contracts that the readiness and drift
 * rules read: dp's record (`.dp/generated.yaml`) and the files it names. Read as every file of a
 * repository is (regular files inside the product, bounded), once per product.
 */
import { existsSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { factsOf, type ProductFacts } from '../../descriptor/derived/facts.js';
import { readRecord, GENERATED_RECORD, type GeneratedRecord } from '../../descriptor/derived/record.js';
import type { Product } from '../../descriptor/product.js';
import { loadSource, type SourceFile } from '../../descriptor/source.js';
import { LineIndex } from '../../descriptor/yaml/ast.js';
import { readBounded } from '../../descriptor/read-file.js';

export interface ProductFiles {
  record: GeneratedRecord;
  /** The product's directory as findings show it. */
  display: string;
  /** A file of the product by its path relative to the product; undefined when it does not exist. */
  yaml(path: string): SourceFile | undefined;
  text(path: string): string | undefined;
  facts(): ProductFacts;
}

const cache = new WeakMap<Product, ProductFiles | null>();

function relativeOf(product: Product, file: SourceFile): string {
  return file.path
    .slice(product.dir.length + 1)
    .split('\\')
    .join('/');
}

/** What a finding on a file that is not YAML points into (positions are given as spans). */
export function plainFile(path: string, display: string, text = ''): SourceFile {
  return { path, display, text, lines: new LineIndex(text), problems: [] };
}

function build(product: Product): ProductFiles | null {
  if (!existsSync(join(product.dir, GENERATED_RECORD))) return null;
  const record = readRecord(loadSource(join(product.dir, GENERATED_RECORD), GENERATED_RECORD, { root: product.dir }).value);
  const display = dirname(product.descriptor.display) === '.' ? '' : `${dirname(product.descriptor.display)}/`;
  const loaded = new Map<string, SourceFile>([
    [relativeOf(product, product.descriptor), product.descriptor],
    ...product.contracts.map((c) => [relativeOf(product, c), c] as [string, SourceFile]),
  ]);
  let facts: ProductFacts | undefined;
  return {
    record,
    display,
    yaml(path) {
      if (!loaded.has(path)) {
        if (!existsSync(join(product.dir, path))) return undefined;
        loaded.set(path, loadSource(join(product.dir, path), posix.join(display || '.', path), { root: product.dir }));
      }
      return loaded.get(path);
    },
    text(path) {
      const read = readBounded(join(product.dir, path), path, 5 * 1024 * 1024, { root: product.dir });
      return 'bytes' in read ? read.bytes.toString('utf8') : undefined;
    },
    facts() {
      facts ??= factsOf(
        product.descriptor.value ?? {},
        product.contracts.filter((c) => c.value).map((c) => ({ file: relativeOf(product, c), value: c.value! })),
      );
      return facts;
    },
  };
}

/** dp's record of the product and a reader of its files; undefined for a product dp did not generate (or generated before the record). */
export function productFiles(product: Product): ProductFiles | undefined {
  let files = cache.get(product);
  if (files === undefined) {
    files = build(product);
    cache.set(product, files);
  }
  return files ?? undefined;
}
