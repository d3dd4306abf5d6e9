/** Folding issues that share a place into one: several missing keys, or keys where none is allowed. */
import type { Issue } from './issue.js';
import { nameOf, where } from './wording.js';

/** Where no key at all is allowed (options without a `logicalType`), one issue names every key found. */
export function groupClosed(issues: Issue[]): Issue[] {
  const closed = new Map<string, Issue[]>();
  for (const issue of issues) {
    if (!issue.closed) continue;
    const key = JSON.stringify(issue.path.slice(0, -1));
    closed.set(key, [...(closed.get(key) ?? []), issue]);
  }
  return issues.flatMap((issue) => {
    const group = issue.closed ? closed.get(JSON.stringify(issue.path.slice(0, -1))) : undefined;
    if (!group || group.length < 2) return [issue];
    if (group[0] !== issue) return [];
    const parent = issue.path.slice(0, -1);
    const keys = group.map((i) => `\`${i.path[i.path.length - 1]}\``).join(', ');
    return [{ ...issue, path: parent, message: `${nameOf(parent)} allows no keys here, found ${keys}`, closed: undefined }];
  });
}

/** Several required keys missing from one mapping make one issue (they share a position). */
export function groupMissing(issues: Issue[]): Issue[] {
  const byPlace = new Map<string, Issue[]>();
  for (const issue of issues) {
    if (issue.missing === undefined) continue;
    const key = JSON.stringify(issue.path);
    byPlace.set(key, [...(byPlace.get(key) ?? []), issue]);
  }
  return issues.flatMap((issue) => {
    const group = issue.missing === undefined ? undefined : byPlace.get(JSON.stringify(issue.path));
    if (!group || group.length < 2) return [issue];
    if (group[0] !== issue) return [];
    const keys = group.map((i) => `\`${i.missing}\``).join(', ');
    const hints = new Set(group.map((i) => i.hint));
    return [{ ...issue, message: `missing required keys ${keys}${where(issue.path)}`, hint: hints.size === 1 ? issue.hint : undefined }];
  });
}
