/** ports/input/<name>/binding.yaml: what an input port reads and what the team still has to fill in. */
import type { InputModel, ProductModel } from '../model.js';

export function inputBinding(p: ProductModel, i: InputModel): Record<string, unknown> {
  return {
    port: i.name,
    kind: i.kind,
    contractId: i.contractId,
    version: i.version,
    reads: i.source.replace(/`/g, ''),
    binding: structuredClone(i.binding),
    feeds: p.outputs.map((o) => o.name),
    todo: [...i.todo],
  };
}
