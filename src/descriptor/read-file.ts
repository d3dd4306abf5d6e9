/**
 * Reading the bytes of a descriptor, contract or configuration file safely. Anyone who can
 * commit to a repository chooses what these paths are, so:
 * - only regular files are read: a FIFO would block forever, a device (a link to /dev/zero)
 *   would never end, a socket cannot be read; each is reported with what it is, without
 *   opening it (opening is non-blocking as well, and checked again on the descriptor, in case
 *   the path changed in between);
 * - at most `limit + 1` bytes are ever read, whatever size the file claims;
 * - a path whose real location leaves the repository (through a symbolic link anywhere on the
 *   way) is not read unless the caller allows it, so that nothing outside the checkout reaches
 *   findings or the catalog.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';

export interface ReadScope {
  /** Real path of the repository (or of the tree being checked): files whose real path is outside it are not read. */
  root?: string;
  /** Read files outside `root` too (`--follow-external-links`). */
  followExternalLinks?: boolean;
}

export interface ReadProblem {
  ruleId: 'file-unreadable' | 'file-not-regular' | 'link-outside-repository' | 'file-too-large';
  message: string;
  hint?: string;
}

export type ReadResult = { bytes: Buffer } | { problem: ReadProblem };

const CHUNK = 64 * 1024;
const NONBLOCK = constants.O_NONBLOCK ?? 0;

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** What a file system entry is, in words, when it is not a regular file. */
export function kindOf(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function unreadable(display: string, error: unknown, link: boolean): ReadProblem {
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  const what =
    code === 'EACCES' || code === 'EPERM'
      ? 'cannot be read: permission denied'
      : code === 'ENOENT' && link
        ? 'is a symbolic link to a file that does not exist'
        : code === 'ELOOP'
          ? 'is a symbolic link that loops'
          : `cannot be read (${code})`;
  return { ruleId: 'file-unreadable', message: `${display} ${what}`, hint: 'check the path and its permissions' };
}

function notRegular(display: string, kind: string, link: boolean): ReadProblem {
  if (kind === 'a directory')
    return { ruleId: 'file-unreadable', message: `${display} is a directory, not a file`, hint: 'check the path and its permissions' };
  return {
    ruleId: 'file-not-regular',
    message: `${display} is ${kind}${link ? ' (through a symbolic link)' : ''}, not a regular file: dp does not read it`,
    hint: 'descriptors and contracts are regular files; remove it or replace it with the file itself',
  };
}

function tooLarge(size: number | undefined, limit: number): ReadProblem {
  const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
  return {
    ruleId: 'file-too-large',
    message: size !== undefined ? `file is ${mb(size)}, over the ${limit / 1048576} MB limit` : `file is over the ${limit / 1048576} MB limit`,
    hint: 'split the contract or remove embedded data; descriptors are metadata',
  };
}

/**
 * Reads at most limit + 1 bytes from an open regular file: into one buffer of the size the file
 * claims (plus one byte, to see whether there is more), then in chunks when it holds more than
 * it claimed (a file growing, or /proc), until the limit.
 */
function readUpTo(fd: number, claimed: number, limit: number): Buffer | undefined {
  let buffer = Buffer.allocUnsafe(Math.min(claimed, limit) + 1);
  let total = 0;
  for (;;) {
    if (total === buffer.length) {
      if (total > limit) return undefined;
      const grown = Buffer.allocUnsafe(Math.min(total + CHUNK, limit + 1));
      buffer.copy(grown, 0, 0, total);
      buffer = grown;
    }
    const n = readSync(fd, buffer, total, buffer.length - total, null);
    if (n === 0) return buffer.subarray(0, total);
    total += n;
  }
}

/** The real path of an open file: one readlink of its descriptor on Linux (realpath walks every component). */
function realPathOf(fd: number, path: string): string {
  if (process.platform === 'linux') {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      // no /proc: the portable way below
    }
  }
  return realpathSync.native(path);
}

function outside(display: string, real: string): ReadProblem {
  return {
    ruleId: 'link-outside-repository',
    message: `${display} leads outside the repository (to ${real}) through a symbolic link: dp does not read it`,
    hint: 'keep descriptors and contracts inside the repository, or pass --follow-external-links to read such files',
  };
}

/** What to say about an entry that is not a regular file: that it leads outside first, when it does. */
function notRegularOrOutside(path: string, display: string, kind: string, scope: ReadScope): ReadProblem {
  let real: string | undefined;
  try {
    real = realpathSync.native(path);
  } catch {
    real = undefined;
  }
  if (real !== undefined && scope.root !== undefined && !scope.followExternalLinks && !isInside(scope.root, real)) return outside(display, real);
  return notRegular(display, kind, real !== undefined ? real !== resolve(path) : isLink(path));
}

export function readBounded(path: string, display: string, limit: number, scope: ReadScope = {}): ReadResult {
  let fd: number | undefined;
  try {
    // Looked at before opening: opening a FIFO or a device can block or have effects.
    const kind = kindOf(statSync(path));
    if (kind) return { problem: notRegularOrOutside(path, display, kind, scope) };
    fd = openSync(path, constants.O_RDONLY | NONBLOCK);
    const stats = fstatSync(fd);
    const again = kindOf(stats);
    if (again) return { problem: notRegular(display, again, isLink(path)) };
    if (scope.root !== undefined && !scope.followExternalLinks) {
      const real = realPathOf(fd, path);
      if (!isInside(scope.root, real)) return { problem: outside(display, real) };
    }
    if (stats.size > limit) return { problem: tooLarge(stats.size, limit) };
    const bytes = readUpTo(fd, stats.size, limit);
    return bytes ? { bytes } : { problem: tooLarge(undefined, limit) };
  } catch (error) {
    return { problem: unreadable(display, error, isLink(path)) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
