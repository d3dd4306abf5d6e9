/** Loading a product: its descriptor and the contracts of its directory tree. */
import { relative, sep } from 'node:path';
import { peek, type Skipped } from './peek.js';
import type { ReadScope } from './read-file.js';
import { kindOf, loadSource, type SourceFile } from './source.js';
import { scanTree, type Tree, type Unreadable } from './tree.js';
import { LineIndex } from './yaml/ast.js';

export interface Product {
  dir: string;
  descriptor: SourceFile;
  /** The `*.odcs.yaml` files of the product's tree, checked with it. */
  contracts: SourceFile[];
  /**
   * Contracts the product may name but that are checked on their own: in a directory
   * holding several descriptors, the contracts of the tree belong to no single product.
   */
  references?: SourceFile[];
  /** Files of the tree that look like contracts or descriptors but are not checked, with the reason. */
  skipped?: Array<Skipped & { display: string }>;
}

/** Where `dp init` writes contracts; any folder of the product's tree works. */
export const CONTRACTS_DIR = 'contracts';

export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path) || '.';
  return sep === '/' ? rel : rel.split(sep).join('/');
}

export function loadFile(cwd: string, path: string, scope?: ReadScope): SourceFile {
  return loadSource(path, displayPath(cwd, path), scope);
}

/** A folder of the product that cannot be listed is reported as a file of the product that cannot be read. */
function unlistable(cwd: string, { path, reason }: Unreadable): SourceFile {
  const display = displayPath(cwd, path);
  const at = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const message = `${display}/ cannot be listed: ${reason}; the product's contracts in it were not checked`;
  return {
    path,
    display,
    text: '',
    lines: new LineIndex(''),
    problems: [{ ruleId: 'file-unreadable', severity: 'error', file: display, ...at, message, hint: 'check the permissions of the directory' }],
  };
}

export interface ProductOptions {
  /** The directory holds several descriptors (see Product.references). */
  shared?: boolean;
  /** The product's tree, when the directory was read already. */
  tree?: Tree;
  /** Where files may be read from (read-file.ts). */
  scope?: ReadScope;
}

function skippedIn(cwd: string, dir: string, others: string[], nested: string[]): Array<Skipped & { display: string }> {
  const out: Array<Skipped & { display: string }> = [];
  for (const path of others) {
    const found = peek(path);
    if (found) out.push({ ...found, display: displayPath(cwd, path) });
  }
  for (const path of nested) {
    out.push({
      path,
      display: displayPath(cwd, path),
      what: `holds a descriptor of its own inside product ${displayPath(cwd, dir)}, and products do not nest`,
      hint: 'validate it on its own, or move it out of the product',
    });
  }
  return out;
}

/** A product directory and its descriptor (a path, or a file already loaded when it was given by name). */
export function loadProduct(
  cwd: string,
  dir: string,
  descriptor: string | SourceFile,
  { shared = false, tree = scanTree(dir), scope }: ProductOptions = {},
): Product {
  const loaded = typeof descriptor === 'string' ? loadFile(cwd, descriptor, scope) : descriptor;
  const contracts = tree.contracts.filter((p) => p !== loaded.path).map((p) => loadFile(cwd, p, scope));
  contracts.push(...tree.unreadable.map((u) => unlistable(cwd, u)));
  const skipped = skippedIn(
    cwd,
    dir,
    tree.others.filter((p) => p !== loaded.path),
    tree.nested,
  );
  return shared ? { dir, descriptor: loaded, contracts: [], references: contracts, skipped } : { dir, descriptor: loaded, contracts, skipped };
}

/** Contracts by their `id`, for resolving output ports: the product's own, then those it may only name. */
export function contractsById(product: Product): Map<string, SourceFile[]> {
  const byId = new Map<string, SourceFile[]>();
  for (const contract of [...product.contracts, ...(product.references ?? [])]) {
    const id = contract.value?.id;
    if (typeof id !== 'string') continue;
    byId.set(id, [...(byId.get(id) ?? []), contract]);
  }
  return byId;
}

/** A skipped file of the product's tree that declares this id: why a port's contract was not found. */
export function skippedWithId(product: Product, id: string): (Skipped & { display: string }) | undefined {
  return product.skipped?.find((s) => s.id === id);
}

export { kindOf };
