import type { YMap, YNode } from '../../descriptor/yaml/ast.js';
import { spanOfOffsets } from '../../descriptor/positions.js';
import { defineRule } from '../rule.js';

function* maps(root: YNode): Generator<YMap> {
  const stack: YNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'map') {
      yield node;
      for (const pair of node.pairs) stack.push(pair.value);
    } else if (node.kind === 'seq') stack.push(...node.items);
  }
}

export default defineRule({
  id: 'duplicate-keys',
  description: 'A mapping must not repeat a key.',
  help: 'YAML keeps only the last of repeated keys, so the first value is silently lost. Remove or rename one of them.',
  category: 'structure',
  basis: 'standard',
  certain: true,
  severity: 'error',
  scope: 'file',
  check({ file, report }) {
    if (!file.ast) return;
    for (const map of maps(file.ast)) {
      if (map.pairs.length < 2) continue;
      const seen = new Map<string, number>();
      for (const pair of map.pairs) {
        const first = seen.get(pair.key);
        if (first === undefined) {
          seen.set(pair.key, pair.keyStart);
          continue;
        }
        report({
          span: spanOfOffsets(file.lines, pair.keyStart, pair.keyEnd),
          message: `duplicate key \`${pair.key}\` (first on line ${file.lines.linePos(first).line})`,
          hint: 'only the last value is kept; remove one of them',
        });
      }
    }
  },
});
