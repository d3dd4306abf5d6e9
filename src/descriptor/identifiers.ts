/**
 * Identifiers that end up in file paths and URLs (product ids, port names,
 * contract ids) must be safe there: URL-unreserved characters only, not a
 * dot segment, not a reserved device name, not too long.
 */
const SAFE = /^[A-Za-z0-9][A-Za-z0-9._~-]*$/;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
export const MAX_IDENTIFIER_LENGTH = 128;

/** Why the identifier is unsafe, or undefined when it is safe. */
export function unsafeReason(id: string): string | undefined {
  if (id.length === 0) return 'it is empty';
  if (id.length > MAX_IDENTIFIER_LENGTH) return `it is longer than ${MAX_IDENTIFIER_LENGTH} characters`;
  if (id.includes('..')) return 'it contains `..`';
  if (/[/\\]/.test(id)) return 'it contains a path separator';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(id)) return 'it contains a control character';
  if (/\s/.test(id)) return 'it contains whitespace';
  if (!SAFE.test(id)) return 'it must start with a letter or digit and use only letters, digits, `.`, `_`, `~` and `-`';
  if (id.endsWith('.')) return 'it ends with a dot';
  if (RESERVED.test(id)) return 'it is a reserved device name on Windows';
  return undefined;
}

export function isSafeIdentifier(id: string): boolean {
  return unsafeReason(id) === undefined;
}

/** A slug suggestion for an unsafe identifier. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_IDENTIFIER_LENGTH);
}
