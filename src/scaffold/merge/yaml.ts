/**
 * Merging YAML files (descriptors, contracts, the other generated YAML) as data: the changes
 * from the base to the new version are applied to the team's document, which keeps its
 * comments, key order and styles (yaml-walk.ts). A value both changed differently keeps the
 * team's version and is marked as git marks a conflict: the file is written three times (the
 * merge with the team's values, with the base's, with the new ones) and the lines that differ
 * become conflict blocks, so markers surround exactly the conflicting values. Each conflict is
 * also reported by its path (`slaProperties[0].value: yours 30, template 90`).
 * A file that does not parse as a mapping is merged as text.
 */
import { parseDocument, type Document } from 'yaml';
import type { PathSegment } from '../../descriptor/positions.js';
import { layoutOfText, renderDocument } from '../../descriptor/yaml/layout.js';
import { deepEqual } from '../../descriptor/derived/identity.js';
import { mergeText, type Labels } from './text.js';
import { YamlMerger, type YamlConflict } from './yaml-walk.js';

export interface YamlMerge {
  text: string;
  conflicts: YamlConflict[];
}

function parsed(text: string): Document | undefined {
  const doc = parseDocument(text, { uniqueKeys: false, merge: false, prettyErrors: false });
  if (doc.errors.length > 0 || doc.contents === null || !('items' in doc.contents)) return undefined;
  return doc;
}

function plain(doc: Document): unknown {
  return doc.toJS({ maxAliasCount: 100 });
}

/** The merged document with each conflicting value set to one side's (removed where that side has none). */
function variant(merged: Document, conflicts: YamlConflict[], side: 'base' | 'theirs'): Document {
  const copy = merged.clone();
  // Deepest and last first, so that removing a list item does not move the others' paths.
  const ordered = [...conflicts].sort((a, b) => comparePaths(b.path, a.path));
  for (const c of ordered) {
    const value = c[side];
    if (value === undefined) copy.deleteIn(c.path);
    else copy.setIn(c.path, copy.createNode(structuredClone(value)));
  }
  return copy;
}

function comparePaths(a: PathSegment[], b: PathSegment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    if (a[i] === b[i]) continue;
    return typeof a[i] === 'number' && typeof b[i] === 'number' ? (a[i] as number) - (b[i] as number) : String(a[i]) < String(b[i]) ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * The three-way merge of a YAML file; undefined when one of the versions is not a YAML mapping
 * (the caller merges it as text then).
 */
export function mergeYaml(base: string | undefined, ours: string, theirs: string, labels: Labels): YamlMerge | undefined {
  const doc = parsed(ours);
  const theirsDoc = parsed(theirs);
  const baseDoc = base === undefined ? undefined : parsed(base);
  if (!doc || !theirsDoc || (base !== undefined && !baseDoc)) return undefined;
  const merger = new YamlMerger(doc);
  const baseValue = baseDoc ? plain(baseDoc) : undefined;
  const theirsValue = plain(theirsDoc);
  if (deepEqual(plain(doc), theirsValue)) return { text: ours, conflicts: [] };
  doc.contents = merger.value([], baseValue, doc.contents, theirsValue) as Document['contents'];
  const layout = layoutOfText(ours);
  const marked = merger.conflicts.filter((c) => c.ours !== undefined);
  const text = merger.changed || marked.length > 0 ? renderDocument(doc, layout) : ours;
  if (marked.length === 0) return { text, conflicts: merger.conflicts };
  const withBase = renderDocument(variant(doc, marked, 'base'), layout);
  const withTheirs = renderDocument(variant(doc, marked, 'theirs'), layout);
  return { text: mergeText(withBase, text, withTheirs, labels).text, conflicts: merger.conflicts };
}
