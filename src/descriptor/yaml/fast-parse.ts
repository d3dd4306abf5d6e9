/**
 * A fast YAML reader for the plain shape descriptors and contracts have:
 * block mappings and sequences, plain and quoted one-line scalars, one-line
 * flow collections, literal and folded block scalars, comments. It builds the
 * value and a position tree in one pass, about ten times faster than the
 * general `yaml` library, which matters for a monorepo of thousands of files.
 *
 * Anything outside that shape (anchors, aliases, tags, complex keys,
 * multi-line plain or quoted scalars, several documents, any doubt about
 * validity) makes it step aside by returning undefined: the caller then uses
 * the `yaml` library, which also produces the error messages. So for every
 * input it accepts, it must give exactly what `yaml` gives (YAML 1.2, core
 * schema); a differential test checks that on thousands of documents.
 */
import type { YMap, YNode, YPair, YScalar, YSeq } from './ast.js';
import { resolvePlain } from './scalars.js';

export interface FastResult {
  value: unknown;
  ast: YNode;
}

/** Thrown internally when the document needs the general parser. */
class StepAside extends Error {}

interface Line {
  start: number;
  /** End of content, before `\r\n` or `\n`. */
  end: number;
  /** Spaces before the first character. */
  indent: number;
  /** Blank or comment-only: skipped between nodes (not inside block scalars). */
  empty: boolean;
}

const FLOW_INDICATORS = ',[]{}';
/** Documents nesting deeper are left to the general parser (and dp's depth limits). */
export const MAX_FAST_DEPTH = 64;
const NO_PLAIN_START = new Set(['[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  // A final line break ends the last line; it does not start an empty one.
  while (start < text.length) {
    let next = text.indexOf('\n', start);
    if (next === -1) next = text.length;
    let end = next;
    if (end > start && text.charCodeAt(end - 1) === 13) end -= 1;
    let indent = 0;
    while (start + indent < end && text.charCodeAt(start + indent) === 32) indent += 1;
    const first = text[start + indent];
    if (first === '\t' || (first === '\r' && start + indent < end)) throw new StepAside();
    lines.push({ start, end, indent, empty: start + indent >= end || first === '#' });
    start = next + 1;
  }
  return lines;
}

/** Names every object inherits (`__proto__`, `constructor`, `toString`...). */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  // As the `yaml` library does, an inherited name becomes an own property (`__proto__` never reaches the prototype).
  // A duplicate key needs nothing special: assigning again keeps its first position and takes the last value.
  if (INHERITED.has(key)) Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

class FastParser {
  private readonly lines: Line[];
  /** Next line to look at. */
  private li = 0;
  /** Collections open around the current position; deep documents go to the general parser's checks. */
  private depth = 0;

  constructor(private readonly text: string) {
    this.lines = splitLines(text);
  }

  parse(): FastResult | undefined {
    this.skipEmpty();
    if (this.li < this.lines.length && this.isMarker(this.li, '---')) {
      const line = this.lines[this.li];
      if (this.restIsEmpty(line.start + 3, line.end) === false) throw new StepAside();
      this.li += 1;
      this.skipEmpty();
    }
    if (this.li >= this.lines.length) return undefined;
    const line = this.lines[this.li];
    if (this.text[line.start] === '%') throw new StepAside();
    const col = line.start + line.indent;
    const result = this.isSeqEntry(col) ? this.parseSeq(this.li, col) : this.parseMap(this.li, col);
    this.skipEmpty();
    if (this.li < this.lines.length) throw new StepAside();
    return result;
  }

  private enter(): void {
    this.depth += 1;
    if (this.depth > MAX_FAST_DEPTH) throw new StepAside();
  }

  private isMarker(li: number, marker: string): boolean {
    const line = this.lines[li];
    return line.indent === 0 && this.text.startsWith(marker, line.start) && (line.start + 3 === line.end || this.text[line.start + 3] === ' ');
  }

  /** Markers of a second document or a document end are content lines no collection accepts, so they step aside. */
  private skipEmpty(): void {
    while (this.li < this.lines.length && this.lines[this.li].empty) this.li += 1;
  }

  /** True when only spaces or a comment follow `from` up to `end`. */
  private restIsEmpty(from: number, end: number): boolean {
    let i = from;
    while (i < end && this.text[i] === ' ') i += 1;
    if (i === end) return true;
    return this.text[i] === '#' && i > from;
  }

  private isSeqEntry(pos: number): boolean {
    if (this.text[pos] !== '-') return false;
    const next = this.text[pos + 1];
    return next === ' ' || next === undefined || next === '\n' || next === '\r';
  }

  private lineOf(li: number): Line {
    return this.lines[li];
  }

  private nextContentLine(from: number): number {
    let li = from;
    while (li < this.lines.length && this.lines[li].empty) li += 1;
    return li;
  }

  // ---- block collections ----

  private parseMap(li: number, col: number): FastResult {
    this.enter();
    const indent = col - this.lineOf(li).start;
    const value: Record<string, unknown> = {};
    const pairs: YPair[] = [];
    let pos = col;
    let line = li;
    let end = col;
    for (;;) {
      const key = this.scanKey(pos, this.lineOf(line).end);
      if (!key) throw new StepAside();
      const item = this.parseValueAfterKey(line, key.afterColon, indent, true);
      setKey(value, key.key, item.value);
      pairs.push({ key: key.key, keyStart: key.start, keyEnd: key.end, value: item.ast });
      end = item.ast.end > end ? item.ast.end : end;
      const next = this.nextContentLine(this.li);
      if (next >= this.lines.length || this.lineOf(next).indent < indent) break;
      if (this.lineOf(next).indent > indent) throw new StepAside();
      const nextLine = this.lineOf(next);
      if (this.isSeqEntry(nextLine.start + indent)) break; // a sequence at the parent's indentation ends this map
      line = next;
      pos = nextLine.start + indent;
    }
    const map: YMap = { kind: 'map', start: col, end: Math.max(end, col), pairs };
    this.depth -= 1;
    return { value, ast: map };
  }

  private parseSeq(li: number, col: number): FastResult {
    this.enter();
    const indent = col - this.lineOf(li).start;
    const value: unknown[] = [];
    const items: YNode[] = [];
    let line = li;
    let pos = col;
    let end = col + 1;
    for (;;) {
      const item = this.parseSeqItem(line, pos, indent);
      value.push(item.value);
      items.push(item.ast);
      end = Math.max(end, item.ast.end);
      const next = this.nextContentLine(this.li);
      if (next >= this.lines.length || this.lineOf(next).indent < indent) break;
      if (this.lineOf(next).indent > indent) throw new StepAside();
      const nextLine = this.lineOf(next);
      if (!this.isSeqEntry(nextLine.start + indent)) break;
      line = next;
      pos = nextLine.start + indent;
    }
    const seq: YSeq = { kind: 'seq', start: col, end, items };
    this.depth -= 1;
    return { value, ast: seq };
  }

  private parseSeqItem(li: number, dash: number, indent: number): FastResult {
    const line = this.lineOf(li);
    let pos = dash + 1;
    while (pos < line.end && this.text[pos] === ' ') pos += 1;
    if (pos >= line.end || (this.text[pos] === '#' && pos > dash + 1)) {
      return this.parseNested(li + 1, indent, dash + 1, false);
    }
    this.li = li + 1;
    if (this.isSeqEntry(pos)) return this.parseSeq(li, pos);
    if (this.scanKey(pos, line.end)) return this.parseMap(li, pos);
    return this.parseInline(li, pos, indent);
  }

  /** The value after `key:`: on the same line, or the block below it. */
  private parseValueAfterKey(li: number, afterColon: number, indent: number, seqAtSameIndent: boolean): FastResult {
    const line = this.lineOf(li);
    let pos = afterColon;
    while (pos < line.end && this.text[pos] === ' ') pos += 1;
    if (pos >= line.end || (this.text[pos] === '#' && pos > afterColon)) {
      return this.parseNested(li + 1, indent, afterColon, seqAtSameIndent);
    }
    this.li = li + 1;
    if (this.isSeqEntry(pos)) throw new StepAside();
    return this.parseInline(li, pos, indent);
  }

  /** A node on the lines below its key or dash; an empty value when there is none. */
  private parseNested(from: number, parentIndent: number, emptyAt: number, seqAtSameIndent: boolean): FastResult {
    const next = this.nextContentLine(from);
    if (next < this.lines.length) {
      const line = this.lineOf(next);
      const col = line.start + line.indent;
      if (line.indent > parentIndent) {
        this.li = next + 1;
        if (this.isSeqEntry(col)) return this.parseSeq(next, col);
        if (this.scanKey(col, line.end)) return this.parseMap(next, col);
        return this.parseInline(next, col, parentIndent);
      }
      if (seqAtSameIndent && line.indent === parentIndent && this.isSeqEntry(col)) return this.parseSeq(next, col);
    }
    this.li = from;
    const empty: YScalar = { kind: 'scalar', start: emptyAt, end: emptyAt };
    return { value: null, ast: empty };
  }

  // ---- keys and inline values ----

  private scanKey(pos: number, end: number): { key: string; start: number; end: number; afterColon: number } | undefined {
    const ch = this.text[pos];
    if (ch === '"' || ch === "'") {
      const quoted = this.scanQuoted(pos, end);
      if (!quoted) return undefined;
      let i = quoted.end;
      while (i < end && this.text[i] === ' ') i += 1;
      if (this.text[i] !== ':' || !(i + 1 >= end || this.text[i + 1] === ' ')) return undefined;
      return { key: quoted.value, start: pos, end: quoted.end, afterColon: i + 1 };
    }
    if (NO_PLAIN_START.has(ch) || ((ch === '-' || ch === '?' || ch === ':') && (pos + 1 >= end || this.text[pos + 1] === ' '))) return undefined;
    for (let i = pos; i < end; i += 1) {
      const c = this.text[i];
      if (c === '#' && this.text[i - 1] === ' ') return undefined;
      if (c === ':' && (i + 1 >= end || this.text[i + 1] === ' ')) {
        let keyEnd = i;
        while (keyEnd > pos && this.text[keyEnd - 1] === ' ') keyEnd -= 1;
        const key = this.text.slice(pos, keyEnd);
        if (typeof resolvePlain(key) !== 'string') throw new StepAside(); // numeric, boolean or null keys
        return { key, start: pos, end: keyEnd, afterColon: i + 1 };
      }
    }
    return undefined;
  }

  private parseInline(li: number, pos: number, parentIndent: number): FastResult {
    const line = this.lineOf(li);
    const ch = this.text[pos];
    this.li = li + 1;
    if (ch === '"' || ch === "'") {
      const quoted = this.scanQuoted(pos, line.end);
      if (!quoted || !this.restIsEmpty(quoted.end, line.end)) throw new StepAside();
      return { value: quoted.value, ast: { kind: 'scalar', start: pos, end: quoted.end } };
    }
    if (ch === '[' || ch === '{') {
      const flow = this.parseFlow(pos, line.end);
      if (!this.restIsEmpty(flow.ast.end, line.end)) throw new StepAside();
      return flow;
    }
    if (ch === '|' || ch === '>') return this.parseBlockScalar(li, pos, parentIndent);
    if (NO_PLAIN_START.has(ch) || ((ch === '?' || ch === ':' || ch === '-') && (pos + 1 >= line.end || this.text[pos + 1] === ' '))) throw new StepAside();
    let end = pos;
    for (let i = pos; i < line.end; i += 1) {
      const c = this.text[i];
      if (c === '#' && this.text[i - 1] === ' ') break;
      if (c === ':' && (i + 1 >= line.end || this.text[i + 1] === ' ')) throw new StepAside();
      if (c !== ' ') end = i + 1;
      if (c === '\t') throw new StepAside();
    }
    return { value: resolvePlain(this.text.slice(pos, end)), ast: { kind: 'scalar', start: pos, end } };
  }

  // ---- scalars ----

  private scanQuoted(pos: number, end: number): { value: string; end: number } | undefined {
    const quote = this.text[pos];
    let out = '';
    let i = pos + 1;
    while (i < end) {
      const c = this.text[i];
      if (c === quote) {
        if (quote === "'" && this.text[i + 1] === "'") {
          out += "'";
          i += 2;
          continue;
        }
        return { value: out, end: i + 1 };
      }
      if (c === '\\' && quote === '"') {
        const escaped = this.unescape(i, end);
        out += escaped.text;
        i = escaped.next;
        continue;
      }
      out += c;
      i += 1;
    }
    throw new StepAside(); // continues on the next line
  }

  private unescape(i: number, end: number): { text: string; next: number } {
    const c = this.text[i + 1];
    const simple: Record<string, string> = {
      '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
      ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
    };
    if (c !== undefined && c in simple && i + 1 < end) return { text: simple[c], next: i + 2 };
    const width = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
    const hex = this.text.slice(i + 2, i + 2 + width);
    if (width === 0 || i + 2 + width > end || !/^[0-9a-fA-F]+$/.test(hex)) throw new StepAside();
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) throw new StepAside();
    return { text: String.fromCodePoint(code), next: i + 2 + width };
  }

  private parseBlockScalar(li: number, pos: number, parentIndent: number): FastResult {
    const line = this.lineOf(li);
    const folded = this.text[pos] === '>';
    let i = pos + 1;
    const chomp = this.text[i] === '-' || this.text[i] === '+' ? this.text[i++] : '';
    if (i < line.end && this.text[i] !== ' ') throw new StepAside(); // indentation indicators and the like
    if (!this.restIsEmpty(i, line.end)) throw new StepAside();
    const { contents, next, lastEnd, trailing } = this.blockLines(li + 1, parentIndent);
    this.li = next;
    const body = folded ? this.fold(contents) : contents.join('\n');
    let value = body;
    // Kept trailing lines at the end of the text depend on its last line break: rare, left to the general parser.
    if (chomp === '+' && trailing > 0 && next >= this.lines.length) throw new StepAside();
    if (contents.length === 0) {
      if (trailing > 0 && chomp === '+') throw new StepAside();
      value = '';
    } else if (chomp === '') value = `${body}\n`;
    else if (chomp === '+') value = `${body}\n${'\n'.repeat(trailing)}`;
    // Like the general parser, the scalar's range ends after the line break of its last line.
    const newline = lastEnd > 0 ? this.text.indexOf('\n', lastEnd) : -1;
    const end = lastEnd === 0 ? i : newline === -1 ? lastEnd : newline + 1;
    return { value, ast: { kind: 'scalar', start: pos, end } };
  }

  /** The content lines of a block scalar, without their indentation; trailing empty lines counted apart. */
  private blockLines(from: number, parentIndent: number): { contents: string[]; next: number; lastEnd: number; trailing: number } {
    let contentIndent = -1;
    let leadingBlankIndent = 0;
    const contents: string[] = [];
    let pendingEmpty = 0;
    let lastEnd = 0;
    let li = from;
    for (; li < this.lines.length; li += 1) {
      const line = this.lines[li];
      const blank = line.start + line.indent >= line.end;
      if (blank) {
        if (contentIndent === -1) leadingBlankIndent = Math.max(leadingBlankIndent, line.indent);
        else if (line.indent > contentIndent) throw new StepAside(); // spaces kept in a blank line: rare, leave it
        pendingEmpty += 1;
        continue;
      }
      if (contentIndent === -1) {
        if (line.indent <= parentIndent) break;
        if (leadingBlankIndent > line.indent) throw new StepAside();
        contentIndent = line.indent;
      } else if (line.indent < contentIndent) break;
      for (let k = 0; k < pendingEmpty; k += 1) contents.push('');
      pendingEmpty = 0;
      contents.push(this.text.slice(line.start + contentIndent, line.end));
      lastEnd = line.end;
    }
    if (contentIndent === -1 && li >= this.lines.length && pendingEmpty > 0) throw new StepAside();
    return { contents, next: li, lastEnd, trailing: pendingEmpty };
  }

  /** Folding of `>` scalars: a single line break becomes a space, k empty lines become k breaks. */
  private fold(contents: string[]): string {
    if (contents.some((c) => c.startsWith(' ') || c.startsWith('\t'))) throw new StepAside(); // more-indented lines keep their breaks
    let out = '';
    let empties = 0;
    let started = false;
    for (const content of contents) {
      if (content === '') {
        empties += 1;
        continue;
      }
      if (!started) out += '\n'.repeat(empties);
      else out += empties > 0 ? '\n'.repeat(empties) : ' ';
      out += content;
      empties = 0;
      started = true;
    }
    return out;
  }

  // ---- flow collections on one line ----

  private parseFlow(pos: number, end: number): FastResult {
    this.enter();
    const open = this.text[pos];
    const close = open === '[' ? ']' : '}';
    let i = this.skipSpaces(pos + 1, end);
    const seqValue: unknown[] = [];
    const mapValue: Record<string, unknown> = {};
    const items: YNode[] = [];
    const pairs: YPair[] = [];
    if (this.text[i] === close) return this.flowResult(open, pos, i + 1, seqValue, mapValue, items, pairs);
    for (;;) {
      if (open === '[') {
        const item = this.parseFlowItem(i, end, true);
        seqValue.push(item.value);
        items.push(item.ast);
        i = this.skipSpaces(item.ast.end, end);
      } else {
        const key = this.parseFlowKey(i, end);
        const value = this.parseFlowItem(this.skipSpaces(key.afterColon, end), end, false);
        setKey(mapValue, key.key, value.value);
        pairs.push({ key: key.key, keyStart: key.start, keyEnd: key.end, value: value.ast });
        i = this.skipSpaces(value.ast.end, end);
      }
      if (this.text[i] === close) return this.flowResult(open, pos, i + 1, seqValue, mapValue, items, pairs);
      if (this.text[i] !== ',') throw new StepAside();
      i = this.skipSpaces(i + 1, end);
      if (this.text[i] === close || this.text[i] === ',') throw new StepAside(); // trailing or empty entries
    }
  }

  private flowResult(open: string, start: number, end: number, seq: unknown[], map: Record<string, unknown>, items: YNode[], pairs: YPair[]): FastResult {
    this.depth -= 1;
    return open === '[' ? { value: seq, ast: { kind: 'seq', start, end, items } } : { value: map, ast: { kind: 'map', start, end, pairs } };
  }

  private skipSpaces(i: number, end: number): number {
    while (i < end && this.text[i] === ' ') i += 1;
    if (i >= end) throw new StepAside(); // the collection goes on to another line
    return i;
  }

  private parseFlowKey(i: number, end: number): { key: string; start: number; end: number; afterColon: number } {
    const ch = this.text[i];
    let keyEnd: number;
    let key: string;
    if (ch === '"' || ch === "'") {
      const quoted = this.scanQuoted(i, end)!;
      key = quoted.value;
      keyEnd = quoted.end;
    } else {
      const plain = this.scanFlowPlain(i, end);
      key = this.text.slice(i, plain);
      if (typeof resolvePlain(key) !== 'string') throw new StepAside();
      keyEnd = plain;
    }
    const colon = this.skipSpaces(keyEnd, end);
    if (this.text[colon] !== ':' || this.text[colon + 1] !== ' ') throw new StepAside();
    return { key, start: i, end: keyEnd, afterColon: colon + 1 };
  }

  private parseFlowItem(i: number, end: number, inSeq: boolean): FastResult {
    const ch = this.text[i];
    if (ch === '[' || ch === '{') return this.parseFlow(i, end);
    if (ch === '"' || ch === "'") {
      const quoted = this.scanQuoted(i, end)!;
      if (inSeq && this.text[this.skipSpaces(quoted.end, end)] === ':') throw new StepAside(); // implicit pair
      return { value: quoted.value, ast: { kind: 'scalar', start: i, end: quoted.end } };
    }
    const plainEnd = this.scanFlowPlain(i, end);
    if (inSeq && this.text[plainEnd] === ':') throw new StepAside();
    return { value: resolvePlain(this.text.slice(i, plainEnd)), ast: { kind: 'scalar', start: i, end: plainEnd } };
  }

  /** End of a plain scalar inside a flow collection (trailing spaces excluded). */
  private scanFlowPlain(i: number, end: number): number {
    const ch = this.text[i];
    const after = this.text[i + 1] ?? ' ';
    if (NO_PLAIN_START.has(ch) || ((ch === '-' || ch === '?' || ch === ':') && (after === ' ' || FLOW_INDICATORS.includes(after)))) throw new StepAside();
    let last = i;
    for (let k = i; k < end; k += 1) {
      const c = this.text[k];
      if (FLOW_INDICATORS.includes(c)) return last;
      if (c === ':' && (this.text[k + 1] === ' ' || FLOW_INDICATORS.includes(this.text[k + 1] ?? ','))) return last;
      if (c === '#' && this.text[k - 1] === ' ') throw new StepAside();
      if (c === '\t') throw new StepAside();
      if (c !== ' ') last = k + 1;
    }
    throw new StepAside();
  }
}

/** The value and position tree of a document, or undefined when the general parser must handle it. */
export function fastParse(text: string): FastResult | undefined {
  // Tabs are whitespace in some places and content in others: the general parser decides.
  if (text.includes('\t')) return undefined;
  try {
    return new FastParser(text).parse();
  } catch (error) {
    if (error instanceof StepAside) return undefined;
    throw error;
  }
}
