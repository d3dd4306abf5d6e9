/**
 * The mesh page: products as boxes, consumed output ports as arrows, drawn as
 * an inline SVG (no script needed). Each box links to its product page.
 */
import { html, productHref, queryString, type SafeHtml } from '../html.js';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH, type GraphLink, type GraphNode, type Layout, type PlacedNode } from '../graph-layout.js';
import { renderPage } from './layout.js';

/** Above this many links, port names stay in tooltips instead of on the arrows. */
const MAX_LINK_LABELS = 120;

export interface MeshData {
  nodes: GraphNode[];
  links: GraphLink[];
  around?: string;
  domain?: string;
  /** Set when the selection was cut to fit the page: the number of products left out. */
  omitted: number;
  domains: string[];
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function nodeSvg(node: PlacedNode, focus: boolean): SafeHtml {
  const title = node.label === node.id ? node.id : `${node.label} (${node.id})`;
  return html`<a href="${productHref(node.id)}" class="node${focus ? ' focus' : ''}" data-product="${node.id}" aria-label="${title}">
<title>${title}</title>
<rect x="${node.x}" y="${node.y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6" ry="6"></rect>
<text x="${node.x + 10}" y="${node.y + 19}">${truncate(node.label, 26)}</text>
${node.domain ? html`<text class="domain" x="${node.x + 10}" y="${node.y + 36}">${truncate(node.domain, 30)}</text>` : null}
</a>`;
}

function linkSvg(link: GraphLink, byId: Map<string, PlacedNode>, labelled: boolean): SafeHtml | null {
  const a = byId.get(link.from);
  const b = byId.get(link.to);
  if (!a || !b) return null;
  const x1 = a.x + NODE_WIDTH;
  const y1 = a.y + NODE_HEIGHT / 2;
  const x2 = b.x;
  const y2 = b.y + NODE_HEIGHT / 2;
  // Backward links (cycles) loop around instead of crossing the boxes.
  const bend = x2 > x1 ? (x2 - x1) / 2 : 80;
  const d = `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
  const label = labelled ? html`<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 4}" text-anchor="middle">${truncate(link.port, 18)}</text>` : null;
  return html`<g class="edge"><title>${link.to} consumes ${link.from}:${link.port}</title><path d="${d}" marker-end="url(#arrow)"></path>${label}</g>`;
}

export function renderSvg(layout: Layout, focus?: string): SafeHtml {
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  const labelled = layout.links.length <= MAX_LINK_LABELS;
  return html`<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-label="Mesh of data products">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"></path></marker></defs>
${layout.links.map((l) => linkSvg(l, byId, labelled))}
${layout.nodes.map((n) => nodeSvg(n, n.id === focus))}
</svg>`;
}

function filterForm(data: MeshData): SafeHtml {
  const options = data.domains.map((d) => html`<option value="${d}"${d === data.domain ? ' selected' : ''}>${d}</option>`);
  return html`<form class="search" method="get" action="/mesh" data-autosubmit>
<input type="search" name="around" value="${data.around ?? ''}" placeholder="Product id: show its upstream and downstream" aria-label="Around product">
<select name="domain" aria-label="Domain"><option value="">all domains</option>${options}</select>
<button type="submit">Show</button>
</form>`;
}

export function renderMesh(data: MeshData): string {
  const layout = layoutGraph(data.nodes, data.links);
  const scope = data.around ? `around ${data.around}` : data.domain ? `in domain ${data.domain}` : 'all products';
  const omitted =
    data.omitted > 0
      ? html`<p class="notice">${data.omitted} more products are not drawn. Choose a domain or a product to see its part of the mesh.</p>`
      : null;
  const graph = data.nodes.length === 0 ? html`<p class="notice">No products to draw.</p>` : html`<div class="graph">${renderSvg(layout, data.around)}</div>`;
  const reset = data.around || data.domain ? html`<a href="/mesh${queryString({})}">whole mesh</a>` : null;
  const body = html`<h1>Mesh</h1>
<p class="muted">${data.nodes.length} products and ${data.links.length} links (${scope}). An arrow goes from a product to a product consuming one of its output ports. ${reset}</p>
${filterForm(data)}
${omitted}
${graph}`;
  return renderPage({ title: 'Mesh', body });
}
