/**
 * Finding the data products under a set of paths. A product is a directory
 * holding `dataproduct.odps.yaml`; the walk does not descend into a product
 * (products do not nest), into hidden directories or node_modules, and does
 * not follow symbolic links to directories (no loops, no escaping the tree).
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export const DESCRIPTOR_NAMES = ['dataproduct.odps.yaml', 'dataproduct.odps.yml'];
const SKIPPED_DIRS = new Set(['node_modules']);

export type Target =
  | { kind: 'product'; dir: string; descriptor: string }
  | { kind: 'contract'; path: string };

export interface Discovery {
  targets: Target[];
  /** Paths given by the user that hold no product. */
  empty: string[];
  /** Paths given by the user that do not exist. */
  missing: string[];
}

/** Whatever the entry is (a file, a link, even a directory), a descriptor name makes a product: reading it reports what is wrong. */
function descriptorIn(entries: Dirent[], dir: string): string | undefined {
  for (const name of DESCRIPTOR_NAMES) {
    if (entries.some((e) => e.name === name)) return join(dir, name);
  }
  return undefined;
}

function listDir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Depth-first walk collecting product directories, in a stable (sorted) order. */
function walk(root: string, out: Target[]): void {
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const entries = listDir(dir);
    const descriptor = descriptorIn(entries, dir);
    if (descriptor) {
      out.push({ kind: 'product', dir, descriptor });
      continue;
    }
    const children = entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name))
      .map((e) => e.name)
      .sort()
      .reverse();
    for (const name of children) stack.push(join(dir, name));
  }
}

function isYaml(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

function fileTarget(path: string): Target {
  const name = basename(path);
  if (/\.odcs\.ya?ml$/i.test(name)) return { kind: 'contract', path };
  return { kind: 'product', dir: dirname(path), descriptor: path };
}

export function discover(cwd: string, paths: string[]): Discovery {
  const result: Discovery = { targets: [], empty: [], missing: [] };
  const seen = new Set<string>();
  for (const given of paths.length > 0 ? paths : ['.']) {
    const abs = resolve(cwd, given);
    let stats;
    try {
      stats = statSync(abs);
    } catch {
      result.missing.push(given);
      continue;
    }
    const found: Target[] = [];
    if (stats.isDirectory()) walk(abs, found);
    else if (isYaml(abs)) found.push(fileTarget(abs));
    if (found.length === 0) result.empty.push(given);
    for (const target of found) {
      const key = target.kind === 'product' ? target.descriptor : target.path;
      if (seen.has(key)) continue;
      seen.add(key);
      result.targets.push(target);
    }
  }
  return result;
}
