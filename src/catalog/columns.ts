/**
 * An index of the columns of every published contract: each top-level
 * property of each schema object, with the kind of data subject it identifies
 * when it is a subject key (src/descriptor/subject-keys.ts). Erasure requests
 * find the products holding a kind of subject, and the products downstream
 * carrying those columns, by two indexed queries on it instead of reading every
 * contract of the mesh.
 *
 * Rows belong to a version and never change. The index follows the versions
 * with a cursor: `indexColumns` adds the rows of the versions appended since it
 * last ran (all of them, the first time on a catalog), in batches under the
 * control plane's write lock; what it computes is pure (this file).
 */
import { contractFields } from '../descriptor/contract-fields.js';
import { str } from '../descriptor/model.js';
import { subjectKeys } from '../descriptor/subject-keys.js';

export interface ColumnRow {
  contractId: string;
  object: string;
  physicalObject: string;
  /** The property's name, and its column (physicalName, else name). */
  name: string;
  column: string;
  /** The kind of data subject it identifies, when it is a subject key. */
  kind: string | null;
}

/** A column of a product's latest version, with what a task needs to say where it is. */
export interface LatestColumn extends ColumnRow {
  productId: string;
  version: string;
  team: string | null;
  /** The output ports publishing its contract. */
  ports: string[];
}

/** Versions indexed per write transaction. */
export const INDEX_BATCH = 500;

/** The column rows of one version's contracts. */
export function columnRows(contracts: Array<{ value: Record<string, unknown> }>): ColumnRow[] {
  const rows: ColumnRow[] = [];
  for (const { value } of contracts) {
    const contractId = str(value.id) ?? '';
    const kinds = new Map(subjectKeys(value).keys.map((k) => [`${k.object}\u0000${k.property}`, k.kind]));
    for (const { field, object, topLevel } of contractFields(value)) {
      const name = str(field.name);
      if (!topLevel || !name) continue;
      const objectName = str(object.name) ?? '';
      rows.push({
        contractId,
        object: objectName,
        physicalObject: str(object.physicalName) ?? objectName,
        name,
        column: str((field as { physicalName?: unknown }).physicalName) ?? name,
        kind: kinds.get(`${objectName}\u0000${name}`) ?? null,
      });
    }
  }
  return rows;
}
