/** "Did you mean" suggestions: case-insensitive match first, then the closest by edit distance. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j += 1) prev[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length];
}

export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === lower) return candidate;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(1, Math.floor(word.length / 3));
  if (bestDistance <= limit) return best;
  return sharedStem(lower, candidates);
}

/** A candidate sharing a long common beginning (`policy` / `policies`), when edit distance finds none. */
function sharedStem(lower: string, candidates: Iterable<string>): string | undefined {
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    let n = 0;
    while (n < lower.length && n < other.length && lower[n] === other[n]) n += 1;
    if (n >= 4 && n >= 0.6 * Math.min(lower.length, other.length) && n >= Math.min(lower.length, other.length) - 2) return candidate;
  }
  return undefined;
}

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const match = closest(word, candidates);
  return match === undefined ? undefined : `did you mean \`${match}\`?`;
}
