/**
 * Reading one YAML file safely: size and encoding checks (the file itself is read
 * by read-file.ts: regular files only, bounded, inside the repository), parsing with source
 * positions, and the bad-input cases (binary, empty, alias bombs, deep nesting,
 * a root that is not a mapping). Problems become findings; nothing throws.
 */
import { createRequire } from 'node:module';
import type { Finding } from '../core/finding.js';
import { spanOfOffsets, type Span } from './positions.js';
import { readBounded, type ReadScope } from './read-file.js';
import { recognize, type Recognition } from './recognize.js';
import { LineIndex, type YNode } from './yaml/ast.js';
import { fastParse } from './yaml/fast-parse.js';
import { fromDocument } from './yaml/from-document.js';
import { MAX_STRUCTURAL_DEPTH, nestingExceeds } from './yaml/nesting.js';
import { syntaxProblems } from './yaml/syntax-errors.js';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_DEPTH = 64;
export const MAX_ALIASES = 100;

export type DocKind = 'odps' | 'odcs' | 'unknown';

export interface SourceFile {
  /** Absolute path. */
  path: string;
  /** Path shown to the user: relative to the working directory, forward slashes. */
  display: string;
  text: string;
  lines: LineIndex;
  /** Position tree; present when the file parsed. */
  ast?: YNode;
  /** The plain value, present only when the file parsed cleanly into a mapping. */
  value?: Record<string, unknown>;
  /** Load-time findings (syntax, encoding, size...). */
  problems: Finding[];
  /** What the document is, once asked (see recognitionOf). */
  recognition?: Recognition;
}

/** What the document is, from its content (the file name is only a hint); undefined when it did not load. */
export function recognitionOf(file: SourceFile): Recognition | undefined {
  if (!file.value) return undefined;
  return (file.recognition ??= recognize(file.value, file.path));
}

/** `odcs` or `odps` for a document dp checks (a version it has a schema for); `unknown` for anything else. */
export function kindOf(file: SourceFile): DocKind {
  const recognition = recognitionOf(file);
  if (!recognition?.checkable) return 'unknown';
  return recognition.format === 'odcs' || recognition.format === 'odps' ? recognition.format : 'unknown';
}

function problem(file: SourceFile, ruleId: string, span: Span, message: string, hint?: string): void {
  file.problems.push({ ruleId, severity: 'error', file: file.display, ...span, message, hint });
}

const FILE_START: Span = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** Line and column (1-based) of a byte offset in an undecodable buffer. */
function bytePosition(bytes: Buffer, offset: number): Span {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i += 1) {
    if (bytes[i] === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
  }
  const column = bytes.subarray(lineStart, offset).toString('utf8').length + 1;
  return { line, column, endLine: line, endColumn: column + 1 };
}

/** Byte offset of the first invalid UTF-8 sequence: where lenient decoding first yields U+FFFD that the bytes did not spell. */
function firstInvalidUtf8(bytes: Buffer): number {
  const text = new TextDecoder('utf-8').decode(bytes);
  let from = 0;
  for (;;) {
    const index = text.indexOf('\ufffd', from);
    if (index === -1) return 0;
    const offset = Buffer.byteLength(text.slice(0, index));
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return offset;
    from = index + 1;
  }
}

function readText(file: SourceFile, scope?: ReadScope): string | undefined {
  const read = readBounded(file.path, file.display, MAX_FILE_BYTES, scope);
  if ('problem' in read) {
    problem(file, read.problem.ruleId, FILE_START, read.problem.message, read.problem.hint);
    return undefined;
  }
  const bytes = read.bytes;
  const nul = bytes.subarray(0, 8192).indexOf(0);
  if (nul !== -1) {
    problem(
      file,
      'binary-file',
      bytePosition(bytes, nul),
      'file contains binary data (a NUL byte), not YAML text',
      'descriptors and contracts must be UTF-8 YAML text',
    );
    return undefined;
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    const at = firstInvalidUtf8(bytes);
    problem(file, 'invalid-encoding', bytePosition(bytes, at), `invalid UTF-8 byte 0x${bytes[at]?.toString(16).padStart(2, '0')}`, 're-save the file as UTF-8');
    return undefined;
  }
}

function depthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

type YamlLibrary = typeof import('yaml');
let yamlLibrary: YamlLibrary | undefined;

/** The general parser, loaded only for documents the fast parser leaves to it. */
function yaml(): YamlLibrary {
  yamlLibrary ??= createRequire(import.meta.url)('yaml') as YamlLibrary;
  return yamlLibrary;
}

function accept(file: SourceFile, value: unknown, ast: YNode | undefined, depthChecked = false): void {
  file.ast = ast;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const span = ast ? spanOfOffsets(file.lines, ast.start, Math.max(ast.end, ast.start + 1)) : FILE_START;
    problem(
      file,
      'root-not-mapping',
      span,
      `the document root must be a mapping of keys, got ${Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`}`,
    );
    return;
  }
  if (!depthChecked && depthExceeds(value, MAX_DEPTH)) {
    problem(file, 'too-deep', FILE_START, `document nests deeper than ${MAX_DEPTH} levels`, 'flatten the structure');
    return;
  }
  file.value = value as Record<string, unknown>;
}

function parseWithLibrary(file: SourceFile): void {
  if (nestingExceeds(file.text, MAX_STRUCTURAL_DEPTH)) {
    problem(file, 'too-deep', FILE_START, `document nests deeper than ${MAX_DEPTH} levels`, 'flatten the structure');
    return;
  }
  const library = yaml();
  const { parseDocument } = library;
  const doc = parseDocument(file.text, { uniqueKeys: false, merge: false, prettyErrors: false });
  for (const p of syntaxProblems(file.text, doc.errors)) problem(file, 'yaml-syntax', spanOfOffsets(file.lines, p.start, p.end), p.message, p.hint);
  if (doc.errors.length > 0) return;
  if (doc.contents === null) {
    problem(file, 'empty-file', FILE_START, 'file is empty', 'run `dp init` to generate a descriptor, or remove the file');
    return;
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    const message =
      error instanceof ReferenceError ? `too many alias expansions (limit ${MAX_ALIASES})` : `cannot be read as data: ${(error as Error).message}`;
    problem(file, 'yaml-aliases', FILE_START, message, 'expand the aliases by hand; alias bombs are refused');
    return;
  }
  accept(file, value, fromDocument(doc, library));
}

function parse(file: SourceFile): void {
  const fast = fastParse(file.text);
  // The fast reader never nests deeper than MAX_FAST_DEPTH (= MAX_DEPTH), so its values need no depth walk.
  if (fast) accept(file, fast.value, fast.ast, true);
  else parseWithLibrary(file);
}

/** Reads and parses one file; `scope` limits where it may lead (see read-file.ts). */
export function loadSource(path: string, display: string, scope?: ReadScope): SourceFile {
  const file: SourceFile = { path, display, text: '', lines: new LineIndex(''), problems: [] };
  const text = readText(file, scope);
  return text === undefined ? file : parseText(file, text);
}

/** A source whose text is already in memory (documents the catalog server receives as JSON strings). */
export function sourceFromText(path: string, display: string, text: string): SourceFile {
  const file: SourceFile = { path, display, text: '', lines: new LineIndex(''), problems: [] };
  if (text.includes('\u0000')) {
    problem(file, 'binary-file', FILE_START, 'file contains binary data (a NUL byte), not YAML text', 'descriptors and contracts must be UTF-8 YAML text');
    return file;
  }
  return parseText(file, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

function parseText(file: SourceFile, text: string): SourceFile {
  file.text = text;
  file.lines = new LineIndex(text);
  if (text.trim() === '') {
    problem(file, 'empty-file', FILE_START, 'file is empty', 'run `dp init` to generate a descriptor, or remove the file');
    return file;
  }
  try {
    parse(file);
  } catch (error) {
    // The parser recurses on nesting; a stack overflow is reported as what it is.
    if (!(error instanceof RangeError)) throw error;
    problem(file, 'too-deep', FILE_START, 'document nests too deeply to be parsed', 'flatten the structure');
    file.value = undefined;
  }
  return file;
}
