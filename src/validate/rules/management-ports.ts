import { MANAGEMENT_CONTENTS, records, str } from '../../descriptor/model.js';
import { defineRule } from '../rule.js';

const PURPOSE: Record<string, string> = {
  discoverability: 'metadata and docs consumers use to find and judge the product',
  observability: 'quality, freshness and SLO results',
  control: 'where the platform pushes policies and erasure requests',
};

export default defineRule({
  id: 'management-ports',
  description: 'The product declares the three management ports: discoverability, observability and control.',
  help: 'Besides input and output ports, a data product exposes discovery (metadata), observation (quality and SLO results) and control (policies, erasure requests) ports, declared in ODPS as `managementPorts` with `content: discoverability | observability | control`.',
  category: 'structure',
  basis: 'dp',
  severity: 'warning',
  scope: 'descriptor',
  check({ file, report }) {
    const ports = file.value?.managementPorts;
    const present = new Set(records(ports).map(([p]) => str(p.content)));
    for (const content of MANAGEMENT_CONTENTS) {
      if (present.has(content)) continue;
      report({
        path: Array.isArray(ports) ? ['managementPorts'] : [],
        message: `no \`${content}\` management port (${PURPOSE[content]})`,
        hint: `add to managementPorts: \`- name: ${content === 'discoverability' ? 'discovery' : content === 'observability' ? 'observation' : 'control'}\` with \`content: ${content}\``,
      });
    }
  },
});
