/**
 * Writing plain data as block-style YAML: the files `dp init` generates are
 * built as data and serialised here. Strings are left plain only when YAML
 * reads them back as the same string (core schema); otherwise they are
 * double-quoted, or written as literal blocks when they span lines. A
 * round-trip test checks `parse(emit(v))` equals `v` on thousands of values.
 * Small and dependency-free, so `dp init` does not load a YAML library.
 */
import { resolvePlain } from './scalars.js';

const INDENT = '  ';
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;
// Printable as is in a double-quoted scalar: YAML wants C0 and C1 controls (but tab and NEL) and DEL escaped.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\u0000-\u0008\u000b-\u001f\u007f-\u0084\u0086-\u009f\ufeff]/;

function isPlainSafe(text: string): boolean {
  if (text === '' || INDICATOR_START.test(text) || /\s$/.test(text)) return false;
  if (text.includes(': ') || text.includes(' #') || text.endsWith(':') || /[\n\r\t]/.test(text) || NEEDS_ESCAPE.test(text)) return false;
  if (/[\u0085\u2028\u2029]/.test(text)) return false;
  return resolvePlain(text) === text;
}

function doubleQuoted(text: string): string {
  // JSON's escapes are valid YAML double-quoted escapes; the controls JSON leaves raw get \x escapes.
  return JSON.stringify(text).replace(/[\u007f-\u009f\ufeff\u2028\u2029]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A literal block (`|`) keeps multi-line text readable; it needs lines without leading spaces and printable content. */
function literalBlock(text: string, indent: string): string | undefined {
  if (!text.includes('\n') || /^[ \t]/.test(text) || /[\r\t]/.test(text) || NEEDS_ESCAPE.test(text) || /[\u0085\u2028\u2029]/.test(text)) return undefined;
  const trailing = /\n*$/.exec(text)![0].length;
  const body = text.slice(0, text.length - trailing);
  if (body === '' || body.split('\n').some((line) => /^\s+$/.test(line))) return undefined;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const lines = body.split('\n').map((line) => (line === '' ? '' : `${indent}${line}`));
  const kept = trailing > 1 ? '\n'.repeat(trailing - 1) : '';
  return `|${chomp}\n${lines.join('\n')}${kept}`;
}

function scalar(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  const text = String(value);
  if (isPlainSafe(text)) return text;
  return literalBlock(text, indent) ?? doubleQuoted(text);
}

function key(name: string): string {
  return isPlainSafe(name) ? name : doubleQuoted(name);
}

const isCollection = (v: unknown): v is object => v !== null && typeof v === 'object';
const entriesOf = (v: object): Array<[string, unknown]> => Object.entries(v).filter(([, x]) => x !== undefined);

function isEmptyCollection(value: object): boolean {
  return Array.isArray(value) ? value.length === 0 : entriesOf(value).length === 0;
}

/** Lines of a collection at `indent`; the first line is returned without its indentation. */
function block(value: object, indent: string): string {
  if (Array.isArray(value)) {
    return value.map((item) => `- ${node(item === undefined ? null : item, `${indent}${INDENT}`, true)}`).join(`\n${indent}`);
  }
  return entriesOf(value)
    .map(([name, item]) => {
      if (isCollection(item) && !isEmptyCollection(item)) {
        const childIndent = `${indent}${INDENT}`;
        return `${key(name)}:\n${childIndent}${block(item, childIndent)}`;
      }
      return `${key(name)}: ${node(item, `${indent}${INDENT}`, false)}`;
    })
    .join(`\n${indent}`);
}

/** A value after `key: ` or `- `; collections inside a list continue on the same line. */
function node(value: unknown, indent: string, inList: boolean): string {
  if (!isCollection(value)) return scalar(value, indent);
  if (isEmptyCollection(value)) return Array.isArray(value) ? '[]' : '{}';
  if (inList) return block(value, indent);
  return `\n${indent}${block(value, indent)}`;
}

/** The document for a value (a mapping or a list at the top level), ending with a line break. */
export function toYaml(value: unknown): string {
  if (isCollection(value) && !isEmptyCollection(value)) return `${block(value, '')}\n`;
  return `${node(value, '', false)}\n`;
}
