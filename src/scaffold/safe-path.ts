/**
 * A path a pack wants to write must stay inside the product: relative,
 * forward slashes, no `.`/`..`/empty segment, no control character, nothing
 * inside .git. Checked after rendering, whatever the manifest schema allowed.
 */
const MAX_PATH = 1024;
const MAX_SEGMENT = 255;

/** Why the path is refused, or undefined when it is safe. */
export function unsafePathReason(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (path.length > MAX_PATH) return `is longer than ${MAX_PATH} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'contains a control character';
  if (path.includes('\\')) return 'contains a backslash (use forward slashes)';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute';
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) return 'leaves the product directory (`..`)';
  if (segments.some((s) => s === '' || s === '.')) return 'has an empty or `.` segment';
  if (segments.some((s) => s.length > MAX_SEGMENT)) return `has a name longer than ${MAX_SEGMENT} characters`;
  if (segments.some((s) => s.toLowerCase() === '.git')) return 'writes inside .git';
  return undefined;
}
