/**
 * Merging text line by line, as git does: diff3 of the team's version and the new one against
 * the base (what dp generated before). Lines both changed in different ways become a conflict
 * block with markers (diff3 style: yours, the base, the new template); everything else merges.
 * Without a base (a product from an older dp) the merge is two-way: lines the two versions share
 * are kept, every other difference is a conflict.
 */
import { diff3Merge, diffComm } from 'node-diff3';

export interface Labels {
  ours: string;
  base: string;
  theirs: string;
}

export interface TextMerge {
  text: string;
  /** Number of conflict blocks. */
  conflicts: number;
}

/** Splits a text into lines that keep their line end (the last may have none). */
export function lines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

const terminated = (chunk: string[]): string[] =>
  chunk.length > 0 && !chunk[chunk.length - 1].endsWith('\n') ? [...chunk.slice(0, -1), `${chunk[chunk.length - 1]}\n`] : chunk;

export function conflictBlock(ours: string[], theirs: string[], labels: Labels, base?: string[]): string[] {
  return [
    `<<<<<<< ${labels.ours}\n`,
    ...terminated(ours),
    ...(base ? [`||||||| ${labels.base}\n`, ...terminated(base)] : []),
    '=======\n',
    ...terminated(theirs),
    `>>>>>>> ${labels.theirs}\n`,
  ];
}

export function mergeText(base: string, ours: string, theirs: string, labels: Labels): TextMerge {
  const out: string[] = [];
  let conflicts = 0;
  for (const region of diff3Merge(lines(ours), lines(base), lines(theirs), { excludeFalseConflicts: true })) {
    if (region.ok) out.push(...region.ok);
    else if (region.conflict) {
      conflicts += 1;
      out.push(...conflictBlock(region.conflict.a, region.conflict.b, labels, region.conflict.o));
    }
  }
  return { text: out.join(''), conflicts };
}

/** Two-way: shared lines kept, each stretch where the versions differ is a conflict. */
export function mergeTwoWay(ours: string, theirs: string, labels: Labels): TextMerge {
  const out: string[] = [];
  let conflicts = 0;
  for (const part of diffComm(lines(ours), lines(theirs))) {
    if (part.common) out.push(...part.common);
    else {
      conflicts += 1;
      out.push(...conflictBlock(part.buffer1, part.buffer2, labels));
    }
  }
  return { text: out.join(''), conflicts };
}

const MARKER = /^(<{7} |>{7} |={7}$)/m;

/** The text still holds conflict markers of a merge (a start, a separator and an end line). */
export function hasConflictMarkers(text: string): boolean {
  if (!MARKER.test(text)) return false;
  return /^<{7} /m.test(text) && /^={7}\r?$/m.test(text) && /^>{7} /m.test(text);
}
