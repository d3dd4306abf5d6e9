/**
 * Output documents: the schema line dp writes on top of its files (in place of
 * another format's), the source's layout (indentation width, whether list items
 * are indented under their key, line ends) so that a converted file reads like
 * its source and its diff stays small, and no line folding.
 */
import { Document, type YAMLMap } from 'yaml';
import { DEFAULT_LAYOUT, layoutOfText, renderDocument, type Layout } from '../descriptor/yaml/layout.js';
import { blockStyle, joinComments } from './nodes.js';
import type { YamlSource } from './source.js';
import type { TargetKind } from './types.js';

export { DEFAULT_LAYOUT, type Layout };

const SCHEMA_IDS: Record<TargetKind, string> = {
  odcs: 'https://dp-cli.dev/schemas/odcs-v3.1.0.schema.json',
  odps: 'https://dp-cli.dev/schemas/odps-v1.0.0.schema.json',
};

const MODELINE = /^\s*yaml-language-server:\s*\$schema=\S*\s*$/;

/** The indentation and list style of a YAML text (JSON sources get dp's default layout). */
export function layoutOf(source: YamlSource): Layout {
  if (source.json) return { ...DEFAULT_LAYOUT, crlf: source.crlf };
  return { ...layoutOfText(source.text), crlf: source.crlf };
}

/** Removes schema mode lines (another format's schema) from a comment. */
function withoutModeline(comment: string | null | undefined): string | undefined {
  if (!comment) return undefined;
  const kept = comment.split('\n').filter((line) => !MODELINE.test(line));
  while (kept.length > 0 && kept[0].trim() === '') kept.shift();
  return kept.length > 0 ? kept.join('\n') : undefined;
}

/** Puts dp's schema line on top; the source's own header comments follow it. */
export function setHeader(doc: Document, kind: TargetKind): void {
  const contents = doc.contents as YAMLMap | null;
  const first = contents?.items?.[0] as { key?: { commentBefore?: string } } | undefined;
  const carried = joinComments(withoutModeline(doc.commentBefore), first?.key ? withoutModeline(first.key.commentBefore) : undefined);
  if (first?.key) first.key.commentBefore = undefined;
  doc.commentBefore = joinComments(` yaml-language-server: $schema=${SCHEMA_IDS[kind]}`, carried ? `\n${carried}` : undefined) ?? null;
}

/** A new output document holding `contents`, styled for its source. */
export function outputDocument(contents: YAMLMap, kind: TargetKind, source?: YamlSource): Document {
  const doc = new Document();
  doc.contents = contents;
  if (source?.json) blockStyle(contents);
  if (source?.doc.commentBefore) doc.commentBefore = source.doc.commentBefore;
  if (source?.doc.comment) doc.comment = source.doc.comment;
  setHeader(doc, kind);
  return doc;
}

export function render(doc: Document, layout: Layout): string {
  return renderDocument(doc, layout);
}
