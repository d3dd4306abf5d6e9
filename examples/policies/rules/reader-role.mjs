// acme/reader-role: every output port can be requested by consumers, so its contract declares a
// role with read access (and who approves it). A JavaScript rule, because it relates two
// documents: the descriptor's output ports and the contracts they name.
//
// The shape is the one dp's own rules have (defineRule): id, description, scope, severity, and
// check(ctx), where ctx.product holds the descriptor and the contracts (each a file with its
// parsed `value` and `display` path) and ctx.report({ path, message, hint }) reports a finding
// at a path of the descriptor (or, with `file`, of another file of the product).

export default {
  id: 'acme/reader-role',
  description: 'Every output port has a role with read access, with an approver, in its contract.',
  scope: 'product',
  severity: 'error',
  check({ product, report }) {
    const ports = product?.descriptor.value?.outputPorts ?? [];
    ports.forEach((port, i) => {
      const contract = product.contracts.find((c) => c.value?.id === port.contractId);
      if (!contract) return; // dp's output-port-contract rule reports a missing contract
      const roles = Array.isArray(contract.value.roles) ? contract.value.roles : [];
      const reader = roles.findIndex((r) => r?.access === 'read');
      if (reader === -1) {
        report({
          path: ['outputPorts', i, 'contractId'],
          message: `output port \`${port.name}\` has no role with read access in ${contract.display}`,
          hint: 'add a role with `access: read` under `roles:` of the contract, so that consumers can request it',
        });
      } else if (!roles[reader].firstLevelApprovers) {
        report({
          file: contract,
          path: ['roles', reader, 'role'],
          message: `the reader role \`${roles[reader].role}\` of output port \`${port.name}\` names no approver`,
          hint: 'add `firstLevelApprovers:` (who grants access to consumers)',
        });
      }
    });
  },
};
