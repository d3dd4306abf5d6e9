/**
 * The small syntax tree dp keeps of a YAML document: just enough to point a
 * finding at a key or a value. Offsets are indexes into the decoded text.
 * Built by the fast parser (fast-parse.ts) or converted from the `yaml`
 * library's document when the fast parser steps aside (from-document.ts).
 */
export interface YScalar {
  kind: 'scalar';
  start: number;
  end: number;
}

export interface YPair {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: YNode;
}

export interface YMap {
  kind: 'map';
  start: number;
  end: number;
  pairs: YPair[];
}

export interface YSeq {
  kind: 'seq';
  start: number;
  end: number;
  items: YNode[];
}

export type YNode = YScalar | YMap | YSeq;

/** Offsets to 1-based line and column, computed lazily (most files have no finding). */
export class LineIndex {
  private starts?: number[];

  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
  }

  linePos(offset: number): { line: number; col: number } {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo] + 1 };
  }
}
