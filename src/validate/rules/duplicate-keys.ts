import { isMap, isScalar, visit, type Node, type Pair } from 'yaml';
import { spanOfOffsets } from '../../descriptor/positions.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'duplicate-keys',
  description: 'A mapping must not repeat a key.',
  help: 'YAML keeps only the last of repeated keys, so the first value is silently lost. Remove or rename one of them.',
  category: 'structure',
  severity: 'error',
  scope: 'file',
  check({ file, report }) {
    if (!file.doc) return;
    visit(file.doc, {
      Map(_, map) {
        if (!isMap(map)) return;
        const seen = new Map<string, number>();
        for (const pair of map.items as Pair<Node, Node>[]) {
          if (!isScalar(pair.key) || !pair.key.range) continue;
          const name = String(pair.key.value);
          const first = seen.get(name);
          if (first === undefined) {
            seen.set(name, file.lineCounter.linePos(pair.key.range[0]).line);
            continue;
          }
          report({
            span: spanOfOffsets(file.lineCounter, pair.key.range[0], pair.key.range[1]),
            message: `duplicate key \`${name}\` (first on line ${first})`,
            hint: 'only the last value is kept; remove one of them',
          });
        }
      },
    });
  },
});
