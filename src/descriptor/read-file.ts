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
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, relative } from 'node:path';

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
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

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
  if (kind === 'a directory') return { ruleId: 'file-unreadable', message: `${display} is a directory, not a file`, hint: 'check the path and its permissions' };
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

/** Reads at most limit + 1 bytes from an open regular file. */
function readUpTo(fd: number, limit: number): Buffer | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
    const n = readSync(fd, buffer, 0, buffer.length, null);
    if (n === 0) return Buffer.concat(chunks, total);
    chunks.push(n === buffer.length ? buffer : buffer.subarray(0, n));
    total += n;
    if (total > limit) return undefined;
  }
}

export function readBounded(path: string, display: string, limit: number, scope: ReadScope = {}): ReadResult {
  let link = false;
  let real: string;
  try {
    link = lstatSync(path).isSymbolicLink();
    real = realpathSync.native(path);
  } catch (error) {
    return { problem: unreadable(display, error, link) };
  }
  if (scope.root !== undefined && !scope.followExternalLinks && !isInside(scope.root, real)) {
    return {
      problem: {
        ruleId: 'link-outside-repository',
        message: `${display} leads outside the repository (to ${real}) through a symbolic link: dp does not read it`,
        hint: 'keep descriptors and contracts inside the repository, or pass --follow-external-links to read such files',
      },
    };
  }
  let fd: number | undefined;
  try {
    // Looked at before opening: opening a FIFO or a device can block or have effects.
    const kind = kindOf(statSync(real));
    if (kind) return { problem: notRegular(display, kind, link) };
    fd = openSync(real, constants.O_RDONLY | NONBLOCK | NOFOLLOW);
    const stats = fstatSync(fd);
    const again = kindOf(stats);
    if (again) return { problem: notRegular(display, again, link) };
    if (stats.size > limit) return { problem: tooLarge(stats.size, limit) };
    const bytes = readUpTo(fd, limit);
    return bytes ? { bytes } : { problem: tooLarge(undefined, limit) };
  } catch (error) {
    return { problem: unreadable(display, error, link) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
