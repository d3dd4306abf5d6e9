/** Changes to a product's ports: output ports removed, added, or pointed at another contract. */
import { records, str, type InputPort, type OutputPort } from '../../descriptor/model.js';
import type { Change } from '../store.js';
import { change } from './rules.js';

interface PortView {
  name: string;
  version: string;
  contractId: string;
}

function portsOf(descriptor: Record<string, unknown>, key: 'inputPorts' | 'outputPorts'): PortView[] {
  return records<OutputPort | InputPort>(descriptor[key]).map(([p]) => ({
    name: str(p.name) ?? '',
    version: str(p.version) ?? '',
    contractId: str(p.contractId) ?? '',
  }));
}

const label = (p: PortView): string => `${p.name}@${p.version}`;

/**
 * Pairs old and new ports: by name when a name is used once on each side,
 * by name@version when ODPS's several versions of one port are in play.
 */
export function pairPorts(before: PortView[], after: PortView[]): { pairs: Array<[PortView, PortView]>; removed: PortView[]; added: PortView[] } {
  const pairs: Array<[PortView, PortView]> = [];
  const removed: PortView[] = [];
  const left = new Set(after);
  const count = (list: PortView[], name: string) => list.filter((p) => p.name === name).length;
  for (const old of before) {
    const single = count(before, old.name) === 1 && count(after, old.name) === 1;
    const match = [...left].find((p) => p.name === old.name && (single || p.version === old.version));
    if (match) {
      pairs.push([old, match]);
      left.delete(match);
    } else removed.push(old);
  }
  return { pairs, removed, added: [...left] };
}

function outputChanges(before: PortView[], after: PortView[]): Change[] {
  const { pairs, removed, added } = pairPorts(before, after);
  const out: Change[] = [];
  for (const p of removed) {
    out.push(change('output-port-removed', `output port ${label(p)} was removed`, { ports: [p.name], path: `outputPorts.${p.name}`, before: p.contractId }));
  }
  for (const [old, now] of pairs) {
    if (old.contractId !== now.contractId) {
      const message = `output port ${old.name} now uses contract ${now.contractId || '(none)'} instead of ${old.contractId || '(none)'}`;
      out.push(
        change('output-port-contract-changed', message, {
          ports: [old.name],
          path: `outputPorts.${old.name}.contractId`,
          before: old.contractId,
          after: now.contractId,
        }),
      );
    }
    if (old.version !== now.version) {
      const message = `output port ${old.name} version ${old.version} -> ${now.version}`;
      out.push(
        change('output-port-version-changed', message, { ports: [old.name], path: `outputPorts.${old.name}.version`, before: old.version, after: now.version }),
      );
    }
  }
  for (const p of added) out.push(change('output-port-added', `output port ${label(p)} was added`, { path: `outputPorts.${p.name}`, after: p.contractId }));
  return out;
}

function inputChanges(before: PortView[], after: PortView[]): Change[] {
  const { removed, added } = pairPorts(before, after);
  return [
    ...removed.map((p) =>
      change('input-port-removed', `input port ${label(p)} (from ${p.contractId}) was removed`, { path: `inputPorts.${p.name}`, before: p.contractId }),
    ),
    ...added.map((p) =>
      change('input-port-added', `input port ${label(p)} (from ${p.contractId}) was added`, { path: `inputPorts.${p.name}`, after: p.contractId }),
    ),
  ];
}

export function diffPorts(before: Record<string, unknown>, after: Record<string, unknown>): Change[] {
  return [
    ...outputChanges(portsOf(before, 'outputPorts'), portsOf(after, 'outputPorts')),
    ...inputChanges(portsOf(before, 'inputPorts'), portsOf(after, 'inputPorts')),
  ];
}

/** Output port names that publish each contract id, in one version of a product. */
export function outputPortsByContract(descriptor: Record<string, unknown>): Map<string, string[]> {
  const byContract = new Map<string, string[]>();
  for (const p of portsOf(descriptor, 'outputPorts')) {
    if (!p.contractId) continue;
    byContract.set(p.contractId, [...(byContract.get(p.contractId) ?? []), p.name]);
  }
  return byContract;
}
