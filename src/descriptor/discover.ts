/**
 * Finding the data products under a set of paths. A product is a directory
 * holding `dataproduct.odps.yaml`; the walk does not descend into a product
 * (products do not nest), into hidden directories or node_modules, and does
 * not follow symbolic links to directories (no loops, no escaping the tree).
 * A directory it cannot read is reported, never skipped in silence.
 */
import { existsSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export const DESCRIPTOR_NAMES = ['dataproduct.odps.yaml', 'dataproduct.odps.yml'];
const SKIPPED_DIRS = new Set(['node_modules']);

export type Target =
  | { kind: 'product'; dir: string; descriptor: string; root: string }
  | { kind: 'contract'; path: string; root: string };

export interface Unreadable {
  /** Absolute path of the directory. */
  path: string;
  /** Why it could not be listed (`permission denied`, an error code). */
  reason: string;
}

export interface Discovery {
  targets: Target[];
  /** Paths given by the user that hold no product. */
  empty: string[];
  /** Paths given by the user that do not exist. */
  missing: string[];
  /** Directories under the given paths that could not be listed: products in them were not found. */
  unreadable: Unreadable[];
}

/** Whatever the entry is (a file, a link, even a directory), a descriptor name makes a product: reading it reports what is wrong. */
function descriptorIn(entries: Dirent[], dir: string): string | undefined {
  for (const name of DESCRIPTOR_NAMES) {
    if (entries.some((e) => e.name === name)) return join(dir, name);
  }
  return undefined;
}

export function listingProblem(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  // Gone or replaced while walking: nothing to report.
  if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code;
}

function listDir(dir: string, unreadable: Unreadable[]): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const reason = listingProblem(error);
    if (reason) unreadable.push({ path: dir, reason });
    return [];
  }
}

/** Depth-first walk collecting product directories, in a stable (sorted) order. */
function walk(start: string, root: string, out: Target[], unreadable: Unreadable[]): void {
  const stack = [start];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const entries = listDir(dir, unreadable);
    const descriptor = descriptorIn(entries, dir);
    if (descriptor) {
      out.push({ kind: 'product', dir, descriptor, root });
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

function fileTarget(path: string, root: string): Target {
  const name = basename(path);
  if (/\.odcs\.ya?ml$/i.test(name)) return { kind: 'contract', path, root };
  return { kind: 'product', dir: dirname(path), descriptor: path, root };
}

/**
 * The repository a checked path belongs to, as a real path: the top of its git work tree (a
 * directory holding `.git`) when there is one, else the directory itself. Files whose real
 * path leaves it are not read (see read-file.ts).
 */
export function repositoryRoot(dir: string): string {
  const real = realpathSync(dir);
  for (let d = real; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return real;
  }
}

export function discover(cwd: string, paths: string[]): Discovery {
  const result: Discovery = { targets: [], empty: [], missing: [], unreadable: [] };
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
    const before = result.unreadable.length;
    // A file given by name is judged from the directory it is named in, not from where a link leads.
    if (stats.isDirectory()) walk(abs, repositoryRoot(abs), found, result.unreadable);
    else if (isYaml(abs)) found.push(fileTarget(abs, repositoryRoot(dirname(abs))));
    if (found.length === 0 && result.unreadable.length === before) result.empty.push(given);
    for (const target of found) {
      const key = target.kind === 'product' ? target.descriptor : target.path;
      if (seen.has(key)) continue;
      seen.add(key);
      result.targets.push(target);
    }
  }
  return result;
}
