/**
 * ports/control/policies.yaml: the product's policies as the platform pushes
 * and enforces them: retention, access roles, classification, erasure.
 */
import type { ProductModel } from '../model.js';

export function controlPolicies(p: ProductModel): Record<string, unknown> {
  return {
    product: p.id,
    channel: p.controlTopic,
    retention: p.outputs.map((o) => ({ port: o.name, days: p.retentionDays, enforcedOn: o.address })),
    access: p.outputs.map((o) => ({
      port: o.name,
      roles: [
        { role: o.readerRole, access: 'read', approver: p.owner },
        { role: o.writerRole, access: 'write', approver: p.owner },
      ],
    })),
    classification: p.outputs.map((o) => ({ port: o.name, fields: Object.fromEntries(o.fields.map((f) => [f.name, f.classification])) })),
    erasure: {
      handler: 'ports/control/erasure_handler.py',
      command: 'dp erase apply --server <server> --yes',
      requests: `erasure requests (right to be forgotten) are filed in the catalog (dp erase request); notices arrive on ${p.controlTopic}`,
      subjects: p.outputs
        .filter((o) => o.personalFields.length > 0)
        .map((o) => ({
          port: o.name,
          fields: o.personalFields.map((f) => f.name),
          key: o.key?.name ?? null,
          subjectKeys: o.fields.filter((f) => f.subject).map((f) => ({ field: f.name, kind: f.subject })),
        })),
    },
  };
}
