/** Flow collections (`[a, b]`, `{a: 1}`) that open and close on one line. */
import type { YNode, YPair } from './ast.js';
import { scanQuoted } from './quoted.js';
import { FLOW_INDICATORS, NO_PLAIN_START, setKey, StepAside, type Depth, type FastResult } from './reader.js';
import { resolvePlain } from './scalars.js';

export class FlowReader {
  constructor(
    private readonly text: string,
    private readonly depth: Depth,
  ) {}

  /** The collection opening at `pos`; it must close on the same line. */
  parse(pos: number, end: number): FastResult {
    this.depth.enter();
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
    this.depth.leave();
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
      const quoted = scanQuoted(this.text, i, end)!;
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
    if (ch === '[' || ch === '{') return this.parse(i, end);
    if (ch === '"' || ch === "'") {
      const quoted = scanQuoted(this.text, i, end)!;
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
