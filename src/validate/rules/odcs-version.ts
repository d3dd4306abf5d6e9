import { LATEST_ODCS } from '../../descriptor/recognize.js';
import { recognitionOf } from '../../descriptor/source.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'odcs-version',
  description: `A contract that declares an older ODCS v3 version is told that ${LATEST_ODCS} exists and how to upgrade.`,
  help: `dp checks each contract against the schema of the version it declares (v3.0.0, v3.0.1, v3.0.2 or ${LATEST_ODCS}), so an older contract is not wrong. ${LATEST_ODCS} adds relationships, the team as an object, timestamp types and the library of quality metrics; \`dp convert\` upgrades a contract and lists what it changed.`,
  category: 'structure',
  basis: 'dp',
  severity: 'info',
  scope: 'contract',
  check({ file, report }) {
    const recognition = recognitionOf(file);
    const version = recognition?.format === 'odcs' ? recognition.version : undefined;
    if (!version || version === LATEST_ODCS) return;
    report({
      path: ['apiVersion'],
      message: `dp recommends the current ODCS version, ${LATEST_ODCS}; the contract follows ${version}`,
      hint: `\`dp convert ${file.display} --in-place\` upgrades it to ${LATEST_ODCS} (\`--dry-run\` shows the changes first)`,
    });
  },
});
