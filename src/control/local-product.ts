/**
 * The product a control command acts for: the one in the directory given (the
 * current one by default), read as dp validate reads it. Its contracts say
 * where the data is (`servers`); what to erase comes from the catalog.
 */
import { discover } from '../descriptor/discover.js';
import { records, str, type Server } from '../descriptor/model.js';
import { loadProduct } from '../descriptor/product.js';
import type { SourceFile } from '../descriptor/source.js';
import { DpError } from '../errors.js';

export interface LocalProduct {
  dir: string;
  productId: string;
  /** Contracts that parsed, by id. */
  contracts: Map<string, SourceFile>;
}

export function loadLocalProduct(cwd: string, path = '.'): LocalProduct {
  const found = discover(cwd, [path]);
  const products = found.targets.filter((t) => t.kind === 'product');
  if (found.missing.length > 0) throw new DpError('usage', `${path}: no such file or directory`);
  if (products.length !== 1) {
    throw new DpError(
      'usage',
      products.length === 0
        ? `${path}: no data product found (looked for dataproduct.odps.yaml)`
        : `${path} holds ${products.length} products; control commands act for one`,
      {
        hint: 'run it in the product directory, or give --dir <product directory>',
      },
    );
  }
  const target = products[0] as { kind: 'product'; dir: string; descriptor: string };
  const product = loadProduct(cwd, target.dir, target.descriptor);
  const id = str(product.descriptor.value?.id);
  if (!id) throw new DpError('input', `${product.descriptor.display} has no product id (or does not parse)`, { hint: 'dp validate shows what is wrong' });
  const contracts = new Map<string, SourceFile>();
  for (const c of product.contracts) if (typeof c.value?.id === 'string') contracts.set(c.value.id, c);
  return { dir: target.dir, productId: id, contracts };
}

/** The server of this name in a contract. */
export function serverOf(contract: SourceFile, name: string): Server | undefined {
  return records<Server>(contract.value?.servers)
    .map(([s]) => s)
    .find((s) => s.server === name);
}
