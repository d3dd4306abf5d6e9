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
import { parseBlockScalar } from './block-scalar.js';
import { FlowReader } from './flow.js';
import { scanQuoted } from './quoted.js';
import { Depth, NO_PLAIN_START, restIsEmpty, setKey, splitLines, StepAside, type FastResult, type Line } from './reader.js';
import { resolvePlain } from './scalars.js';

export type { FastResult } from './reader.js';
export { MAX_FAST_DEPTH } from './reader.js';

class FastParser {
  private readonly lines: Line[];
  /** Next line to look at. */
  private li = 0;
  /** Collections open around the current position; deep documents go to the general parser's checks. */
  private readonly depth = new Depth();
  private readonly flow: FlowReader;

  constructor(private readonly text: string) {
    this.lines = splitLines(text);
    this.flow = new FlowReader(text, this.depth);
  }

  parse(): FastResult | undefined {
    this.skipEmpty();
    if (this.li < this.lines.length && this.isMarker(this.li, '---')) {
      const line = this.lines[this.li];
      if (restIsEmpty(this.text, line.start + 3, line.end) === false) throw new StepAside();
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

  private isMarker(li: number, marker: string): boolean {
    const line = this.lines[li];
    return line.indent === 0 && this.text.startsWith(marker, line.start) && (line.start + 3 === line.end || this.text[line.start + 3] === ' ');
  }

  /** Markers of a second document or a document end are content lines no collection accepts, so they step aside. */
  private skipEmpty(): void {
    while (this.li < this.lines.length && this.lines[this.li].empty) this.li += 1;
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
    this.depth.enter();
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
    this.depth.leave();
    return { value, ast: map };
  }

  private parseSeq(li: number, col: number): FastResult {
    this.depth.enter();
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
    this.depth.leave();
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
      const quoted = scanQuoted(this.text, pos, end);
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
      const quoted = scanQuoted(this.text, pos, line.end);
      if (!quoted || !restIsEmpty(this.text, quoted.end, line.end)) throw new StepAside();
      return { value: quoted.value, ast: { kind: 'scalar', start: pos, end: quoted.end } };
    }
    if (ch === '[' || ch === '{') {
      const flow = this.flow.parse(pos, line.end);
      if (!restIsEmpty(this.text, flow.ast.end, line.end)) throw new StepAside();
      return flow;
    }
    if (ch === '|' || ch === '>') {
      const { result, next } = parseBlockScalar(this.text, this.lines, li, pos, parentIndent);
      this.li = next;
      return result;
    }
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
