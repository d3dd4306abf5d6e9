/** References to catalog content as users type them: `id`, `id@version`, `id:port`. */
import { DpError } from '../errors.js';

export interface VersionRef {
  productId: string;
  version?: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function parseVersionRef(text: string): VersionRef {
  const at = text.lastIndexOf('@');
  const productId = at > 0 ? text.slice(0, at) : text;
  const version = at > 0 ? text.slice(at + 1) : undefined;
  if (!ID.test(productId) || version === '') {
    throw new DpError('usage', `"${text}" is not a product reference`, { hint: 'write <id> or <id>@<version>, for example play-events@1.2.0' });
  }
  return version === undefined ? { productId } : { productId, version };
}

export function parsePortRef(text: string): { productId: string; port?: string } {
  const colon = text.indexOf(':');
  const productId = colon > 0 ? text.slice(0, colon) : text;
  const port = colon > 0 ? text.slice(colon + 1) : undefined;
  if (!ID.test(productId) || port === '') {
    throw new DpError('usage', `"${text}" is not a product or port reference`, { hint: 'write <id> or <id>:<output port>, for example play-events:events' });
  }
  return port === undefined ? { productId } : { productId, port };
}

export function notFound(ref: VersionRef, location: string): DpError {
  const what = ref.version ? `${ref.productId}@${ref.version}` : ref.productId;
  return new DpError('input', `${what} is not in the catalog ${location}`, {
    hint: ref.version ? `dp catalog versions ${ref.productId} lists the published versions` : 'dp catalog search <words> finds products',
  });
}
