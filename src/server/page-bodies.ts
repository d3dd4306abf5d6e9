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
import { assemble, renderBody, type BodyPart } from './pages/product.js';

/** Bodies of another format are never used: the markup may differ between dp versions. */
export const BODY_FORMAT = `product-page-1 dp-${dpVersion()}`;

/** The bodies to store with a version published through the server (`PublishOptions.bodies`). */
export function versionBodies(version: NewVersion): VersionBody[] {
  const record: VersionRecord = version;
  return [{ format: BODY_FORMAT, body: JSON.stringify(renderBody(record)) }];
}

export function renderProductPage(data: ProductPageData, now: Date): string {
  const body = data.body !== undefined ? (JSON.parse(data.body) as BodyPart[]) : renderBody(data.record!);
  return assemble(body, data.shown.name ?? data.shown.productId, { ...data, now });
}
