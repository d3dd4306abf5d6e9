/** Rows of a batch of new versions, shaped for PostgreSQL's json_to_recordset (one statement per table). */
import type { NewVersion } from '../store.js';

export function versionRows(entries: NewVersion[]): unknown[] {
  return entries.map((e) => ({
    product_id: e.productId,
    version: e.version,
    digest: e.digest,
    publisher: e.publisher,
    published_at: e.publishedAt,
    previous_version: e.previousVersion,
    name: e.name,
    domain: e.domain,
    team: e.team,
    status: e.status,
    descriptor_file: e.documents.descriptor.file,
    descriptor_text: e.documents.descriptor.text,
    descriptor_json: e.documents.descriptor.value,
    contracts_json: e.documents.contracts,
    validation_json: e.validation,
    changes_json: e.changes,
  }));
}

export function portRows(entries: NewVersion[], seqs: Map<string, string>): unknown[] {
  return entries.flatMap((e) =>
    e.ports.map((p, position) => ({
      version_seq: seqs.get(e.productId),
      position,
      product_id: e.productId,
      direction: p.direction,
      name: p.name,
      port_version: p.version,
      contract_id: p.contractId,
      type: p.type,
    })),
  );
}

export function productRows(entries: NewVersion[], seqs: Map<string, string>): unknown[] {
  return entries.map((e) => ({
    id: e.productId,
    latest_seq: seqs.get(e.productId),
    latest_version: e.version,
    name: e.name,
    domain: e.domain,
    team: e.team,
    status: e.status,
    purpose: e.purpose,
    tags: e.tags,
    publisher: e.publisher,
    published_at: e.publishedAt,
    search_title: e.searchTitle,
    search_text: e.searchText,
  }));
}
