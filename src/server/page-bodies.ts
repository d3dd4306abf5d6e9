/**
 * Product pages from bodies rendered once. The version's own part of a
 * product page (documents, contracts, guarantees: most of the page and of its
 * cost) never changes, so the server renders it when a version is published
 * through it and the store keeps it with the version; a page is then that body
 * with its slots filled (consumers, providers, lineage, versions, age).
 * Versions without a body of this dp's format (published locally, or by
 * another dp version) are rendered from their documents at each request.
 */
import type { NewVersion, ProductPageData, VersionBody, VersionRecord } from '../catalog/store.js';
import { dpVersion } from '../version.js';
import { assemble, renderBody, type BodyPart, type Slot } from './pages/product.js';

/** Bodies of another format are never used: the markup may differ between dp versions. */
export const BODY_FORMAT = `product-page-2 dp-${dpVersion()}`;

/**
 * A body as stored: its markup and its slots (as JSON) joined by U+0001 (PostgreSQL's text holds
 * no NUL). Escaping turns every control character of the data into U+FFFD and JSON writes it as
 * an escape, so the only U+0001 are the joints, and the body can be split as bytes without
 * decoding the markup.
 */
const JOINT = 0x01;

export function storedBody(parts: BodyPart[]): string {
  return parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(String.fromCharCode(JOINT));
}

/** The parts of a stored body: markup (bytes, as stored) and slots, alternating. */
export function readBody(body: string | Buffer): Array<Buffer | Slot> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const parts: Array<Buffer | Slot> = [];
  for (let start = 0, i = 0; ; i += 1) {
    const end = bytes.indexOf(JOINT, start);
    const piece = bytes.subarray(start, end === -1 ? bytes.length : end);
    parts.push(i % 2 === 0 ? piece : (JSON.parse(piece.toString('utf8')) as Slot));
    if (end === -1) return parts;
    start = end + 1;
  }
}

/** The bodies to store with a version published through the server (`PublishOptions.bodies`). */
export function versionBodies(version: NewVersion): VersionBody[] {
  const record: VersionRecord = version;
  return [{ format: BODY_FORMAT, body: storedBody(renderBody(record)) }];
}

/** The product page as bytes: from the stored body when there is one, else from the documents. */
export function renderProductPage(data: Omit<ProductPageData, 'stamp'>, now: Date): Buffer {
  const body = data.body !== undefined ? readBody(data.body) : renderBody(data.record!);
  return assemble(body, data.shown.name ?? data.shown.productId, { ...data, now });
}
