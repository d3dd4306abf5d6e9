/** The mesh in two graph languages: Mermaid (renders in Markdown on GitHub and GitLab) and Graphviz DOT. */
import { terminalSafe } from '../../util/terminal.js';
import type { Mesh } from '../graph.js';

function byDomain(mesh: Mesh): Map<string, Mesh['nodes']> {
  const groups = new Map<string, Mesh['nodes']>();
  for (const n of mesh.nodes) groups.set(n.domain ?? '', [...(groups.get(n.domain ?? '') ?? []), n]);
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const mermaidText = (s: string): string => s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');

export function toMermaid(unsafe: Mesh): string {
  const mesh = terminalSafe(unsafe);
  const ids = new Map(mesh.nodes.map((n, i) => [n.id, `p${i}`]));
  const lines = ['flowchart LR'];
  let group = 0;
  for (const [domain, nodes] of byDomain(mesh)) {
    const indent = domain ? '    ' : '  ';
    if (domain) lines.push(`  subgraph d${group++}["${mermaidText(domain)}"]`);
    for (const n of nodes) lines.push(`${indent}${ids.get(n.id)}["${mermaidText(n.id)}<br/>${mermaidText(n.version)}"]`);
    if (domain) lines.push('  end');
  }
  for (const e of mesh.edges) {
    const [from, to] = [ids.get(e.from.product), ids.get(e.to.product)];
    if (from && to) lines.push(`  ${from} -- "${mermaidText(e.from.port)}" --> ${to}`);
  }
  const focus = mesh.focus && ids.get(mesh.focus);
  if (focus) lines.push(`  style ${focus} stroke-width:3px`);
  return `${lines.join('\n')}\n`;
}

const dotText = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

export function toDot(unsafe: Mesh): string {
  const mesh = terminalSafe(unsafe);
  const lines = ['digraph mesh {', '  rankdir=LR;', '  node [shape=box, style=rounded, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const [domain, nodes] of byDomain(mesh)) {
    const indent = domain ? '    ' : '  ';
    if (domain) lines.push(`  subgraph ${dotText(`cluster_${domain}`)} {`, `    label=${dotText(domain)};`);
    for (const n of nodes) {
      const bold = n.id === mesh.focus ? ', penwidth=3' : '';
      lines.push(`${indent}${dotText(n.id)} [label=${dotText(`${n.id}\n${n.version}`)}${bold}];`);
    }
    if (domain) lines.push('  }');
  }
  const known = new Set(mesh.nodes.map((n) => n.id));
  for (const e of mesh.edges) {
    if (known.has(e.from.product) && known.has(e.to.product))
      lines.push(`  ${dotText(e.from.product)} -> ${dotText(e.to.product)} [label=${dotText(e.from.port)}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
