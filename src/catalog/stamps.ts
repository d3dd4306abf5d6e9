/**
 * Change stamps: the state of a catalog, named by the sequence numbers of the
 * newest version and the newest test run appended (`CatalogStore.changeStamp`).
 * Both only grow, and appends of each kind are serialised, so a later state
 * has neither number smaller. Written `<versions>` while no run was ever
 * recorded, `<versions>.<runs>` after.
 */

export interface Stamp {
  versions: number;
  runs: number;
}

const STAMP = /^(\d{1,15})(?:\.(\d{1,15}))?$/;

/** The two sequence numbers of a stamp; undefined when it is not one. */
export function parseStamp(text: string): Stamp | undefined {
  const m = STAMP.exec(text);
  return m ? { versions: Number(m[1]), runs: Number(m[2] ?? 0) } : undefined;
}

export function formatStamp(stamp: Stamp): string {
  return stamp.runs === 0 ? String(stamp.versions) : `${stamp.versions}.${stamp.runs}`;
}

/** Whether stamp `a` is of a later state than `b` (any other change of text counts as later). */
export function isLaterStamp(a: string, b: string): boolean {
  const x = parseStamp(a);
  const y = parseStamp(b);
  if (!x || !y) return a !== b;
  return x.versions !== y.versions ? x.versions > y.versions : x.runs > y.runs;
}

/** The SQL of a stamp, the same in SQLite and PostgreSQL, in the snapshot of the statement that reads it. */
export const STAMP_SQL = `(SELECT CAST(coalesce(max(seq), 0) AS text) FROM versions) || coalesce((SELECT '.' || CAST(max(seq) AS text) FROM runs), '')`;
