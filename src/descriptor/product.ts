/** Loading a product: its descriptor and the contracts under `contracts/`. */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { kindOf, loadSource, type SourceFile } from './source.js';

export interface Product {
  dir: string;
  descriptor: SourceFile;
  contracts: SourceFile[];
}

export const CONTRACTS_DIR = 'contracts';

export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path) || '.';
  return sep === '/' ? rel : rel.split(sep).join('/');
}

export function contractFiles(dir: string): string[] {
  try {
    return readdirSync(join(dir, CONTRACTS_DIR), { withFileTypes: true })
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && /\.odcs\.ya?ml$/i.test(e.name))
      .map((e) => join(dir, CONTRACTS_DIR, e.name))
      .sort();
  } catch {
    return [];
  }
}

export function loadFile(cwd: string, path: string): SourceFile {
  return loadSource(path, displayPath(cwd, path));
}

export function loadProduct(cwd: string, dir: string, descriptorPath: string): Product {
  return {
    dir,
    descriptor: loadFile(cwd, descriptorPath),
    contracts: contractFiles(dir).map((p) => loadFile(cwd, p)),
  };
}

/** Contracts by their `id`, for resolving output ports. */
export function contractsById(product: Product): Map<string, SourceFile[]> {
  const byId = new Map<string, SourceFile[]>();
  for (const contract of product.contracts) {
    const id = contract.value?.id;
    if (typeof id !== 'string') continue;
    byId.set(id, [...(byId.get(id) ?? []), contract]);
  }
  return byId;
}

export { kindOf };
