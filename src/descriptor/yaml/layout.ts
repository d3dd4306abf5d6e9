/**
 * The layout of a YAML text (indentation width, whether list items are indented under their
 * key, flow padding, line ends) and writing a `yaml` Document in it, without line folding: a
 * file dp rewrites (a conversion, a merge) reads like its source and its diff stays small.
 */
import type { Document } from 'yaml';

export interface Layout {
  indent: number;
  indentSeq: boolean;
  /** `[ a, b ]` rather than `[a, b]`. */
  flowPadding: boolean;
  crlf: boolean;
}

export const DEFAULT_LAYOUT: Layout = { indent: 2, indentSeq: true, flowPadding: false, crlf: false };

export function layoutOfText(text: string): Layout {
  const crlf = text.includes('\r\n');
  const lines = text.split(/\r?\n/);
  const indents = lines.map((l) => /^( +)\S/.exec(l)?.[1].length).filter((n): n is number => n !== undefined);
  const indent = indents.length > 0 ? Math.min(...indents) : 2;
  let indentSeq = true;
  for (let i = 1; i < lines.length; i += 1) {
    const item = /^( *)- /.exec(lines[i]);
    const key = /^( *)[^\s#-][^:]*:\s*(#.*)?$/.exec(lines[i - 1]);
    if (item && key) {
      indentSeq = item[1].length > key[1].length;
      break;
    }
  }
  const padded = (text.match(/[[{] [^\s\]}]/g) ?? []).length;
  const tight = (text.match(/[[{][^\s\]}]/g) ?? []).length;
  return { indent: indent >= 2 && indent <= 8 ? indent : 2, indentSeq, flowPadding: padded > tight, crlf };
}

export function renderDocument(doc: Document, layout: Layout): string {
  const text = doc.toString({
    indent: layout.indent,
    indentSeq: layout.indentSeq,
    lineWidth: 0,
    minContentWidth: 0,
    flowCollectionPadding: layout.flowPadding,
  });
  return layout.crlf ? text.replace(/\n/g, '\r\n') : text;
}
