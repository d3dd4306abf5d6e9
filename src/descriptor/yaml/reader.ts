/** What the fast YAML reader's parts share: lines, the step-aside signal, key assignment, depth. */
import type { YNode } from './ast.js';

export interface FastResult {
  value: unknown;
  ast: YNode;
}

/** Thrown when the document needs the general parser. */
export class StepAside extends Error {}

export interface Line {
  start: number;
  /** End of content, before `\r\n` or `\n`. */
  end: number;
  /** Spaces before the first character. */
  indent: number;
  /** Blank or comment-only: skipped between nodes (not inside block scalars). */
  empty: boolean;
}

export const FLOW_INDICATORS = ',[]{}';
/** Documents nesting deeper are left to the general parser (and dp's depth limits). */
export const MAX_FAST_DEPTH = 64;
export const NO_PLAIN_START = new Set(['[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);

export function splitLines(text: string): Line[] {
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

export function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  // As the `yaml` library does, an inherited name becomes an own property (`__proto__` never reaches the prototype).
  // A duplicate key needs nothing special: assigning again keeps its first position and takes the last value.
  if (INHERITED.has(key)) Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

/** True when only spaces or a comment follow `from` up to `end`. */
export function restIsEmpty(text: string, from: number, end: number): boolean {
  let i = from;
  while (i < end && text[i] === ' ') i += 1;
  if (i === end) return true;
  return text[i] === '#' && i > from;
}

/** Collections open around the current position. */
export class Depth {
  private open = 0;

  enter(): void {
    this.open += 1;
    if (this.open > MAX_FAST_DEPTH) throw new StepAside();
  }

  leave(): void {
    this.open -= 1;
  }
}
