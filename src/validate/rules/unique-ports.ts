import { records, str } from '../../descriptor/model.js';
import { defineRule } from '../rule.js';

const VERSIONED = ['inputPorts', 'outputPorts'] as const;

export default defineRule({
  id: 'unique-ports',
  description: 'Input and output ports are unique by name@version; management ports by name.',
  help: 'ODPS lets one port name appear with several versions (one entry per version), so the key of a port is its name and version together.',
  category: 'structure',
  basis: 'standard',
  severity: 'error',
  scope: 'descriptor',
  check({ file, report }) {
    for (const list of [...VERSIONED, 'managementPorts'] as const) {
      const seen = new Map<string, number>();
      for (const [port, i] of records(file.value?.[list])) {
        const name = str(port.name);
        if (name === undefined) continue;
        const key = list === 'managementPorts' ? name : `${name}@${str(port.version) ?? ''}`;
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, i);
          continue;
        }
        report({
          path: [list, i, 'name'],
          message: `${list}: \`${key}\` is declared twice (also item ${first + 1})`,
          hint: list === 'managementPorts' ? 'give each management port its own name' : 'give the second one another version, or remove it',
        });
      }
    }
  },
});
