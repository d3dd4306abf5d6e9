/** Loading a product: its descriptor and the contracts under `contracts/`. */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { listingProblem } from './discover.js';
import type { ReadScope } from './read-file.js';
import { kindOf, loadSource, type SourceFile } from './source.js';
import { LineIndex } from './yaml/ast.js';

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

/** The contract files of a product; `problem` when `contracts/` exists but cannot be listed. */
export function listContracts(dir: string): { files: string[]; problem?: string } {
  try {
    const files = readdirSync(join(dir, CONTRACTS_DIR), { withFileTypes: true })
      .filter((e) => (e.isFile() || e.isSymbolicLink() || e.isFIFO() || e.isSocket() || e.isCharacterDevice() || e.isBlockDevice()) && /\.odcs\.ya?ml$/i.test(e.name))
      .map((e) => join(dir, CONTRACTS_DIR, e.name))
      .sort();
    return { files };
  } catch (error) {
    return { files: [], problem: listingProblem(error) };
  }
}

export function loadFile(cwd: string, path: string, scope?: ReadScope): SourceFile {
  return loadSource(path, displayPath(cwd, path), scope);
}

/** `contracts/` that cannot be listed is reported as a file of the product that cannot be read. */
function unlistable(cwd: string, dir: string, reason: string): SourceFile {
  const path = join(dir, CONTRACTS_DIR);
  const display = displayPath(cwd, path);
  const at = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const message = `${display}/ cannot be listed: ${reason}; the product's contracts were not checked`;
  return { path, display, text: '', lines: new LineIndex(''), problems: [{ ruleId: 'file-unreadable', severity: 'error', file: display, ...at, message, hint: 'check the permissions of the directory' }] };
}

export function loadProduct(cwd: string, dir: string, descriptorPath: string, scope?: ReadScope): Product {
  const { files, problem } = listContracts(dir);
  const contracts = files.map((p) => loadFile(cwd, p, scope));
  if (problem) contracts.push(unlistable(cwd, dir, problem));
  return { dir, descriptor: loadFile(cwd, descriptorPath, scope), contracts };
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
