/**
 * Reading a file to convert: dp's loader first (size, encoding, binary
 * content, syntax, alias bombs, depth: each refused with its line and column),
 * then the `yaml` library's Document, which keeps comments, key order and
 * scalar styles for the output. JSON files are read the same way (JSON is YAML).
 */
import { isAlias, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { loadSource } from '../descriptor/source.js';
import { DpError } from '../errors.js';

export interface YamlSource {
  /** Absolute path. */
  path: string;
  /** Path shown to the user. */
  display: string;
  text: string;
  doc: Document.Parsed;
  /** The plain value of the document (a mapping). */
  value: Record<string, unknown>;
  /** The file is JSON (its nodes are flow style and are restyled as block YAML in outputs). */
  json: boolean;
  /** The file uses CRLF line ends (kept when the file is rewritten in place). */
  crlf: boolean;
  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number };
}

function inputError(display: string, message: string, line?: number, column?: number, hint?: string): DpError {
  return new DpError('input', message, { location: { file: display, line, column }, hint });
}

/** Replaces aliases by copies of what they name, so nodes can move between documents. */
function expandAliases(doc: Document.Parsed): void {
  visit(doc, {
    Alias(_, alias) {
      const target = alias.resolve(doc);
      return target ? (target.clone() as Node) : visit.REMOVE;
    },
  });
  visit(doc, {
    Node(_, node) {
      if (!isAlias(node) && 'anchor' in node) delete (node as { anchor?: string }).anchor;
    },
  });
}

export function readYamlSource(path: string, display: string): YamlSource {
  const file = loadSource(path, display);
  const problem = file.problems[0];
  if (problem) throw inputError(display, problem.message, problem.line, problem.column, problem.hint);
  const lineCounter = new LineCounter();
  const doc = parseDocument(file.text, { uniqueKeys: true, merge: false, prettyErrors: false, lineCounter });
  const error = doc.errors[0];
  if (error) {
    const at = lineCounter.linePos(error.pos[0]);
    const duplicate = error.code === 'DUPLICATE_KEY';
    throw inputError(
      display,
      duplicate ? 'a key appears twice in the same mapping, so it is unclear which value to convert' : error.message.split('\n')[0],
      at.line,
      at.col,
      duplicate ? 'keep one of the two keys' : undefined,
    );
  }
  expandAliases(doc);
  return {
    path,
    display,
    text: file.text,
    doc,
    value: file.value ?? {},
    json: /^\s*[{[]/.test(file.text),
    crlf: file.text.includes('\r\n'),
    position(offset) {
      const at = lineCounter.linePos(offset);
      return { line: at.line, column: at.col };
    },
  };
}
