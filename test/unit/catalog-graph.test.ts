/** The mesh graph: neighbourhoods and the two output languages, with hostile names escaped. */
import { describe, expect, it } from 'vitest';
import { toDot, toMermaid } from '../../src/catalog/format/graph.js';
import { around, type Mesh } from '../../src/catalog/graph.js';
import type { Edge, ProductSummary } from '../../src/catalog/store.js';

const node = (id: string, domain: string | null = 'd'): ProductSummary => ({
  id,
  name: id,
  version: '1.0.0',
  domain,
  team: null,
  status: 'active',
  purpose: null,
  tags: [],
  publisher: 'x',
  publishedAt: '2026-01-01T00:00:00.000Z',
  versionCount: 1,
});
const edge = (from: string, to: string, port = 'out'): Edge => ({
  from: { product: from, port, contractId: `${from}-${port}` },
  to: { product: to, port: 'in' },
});

// a -> b -> c -> d, x -> c, b -> y
const mesh: Mesh = {
  nodes: ['a', 'b', 'c', 'd', 'x', 'y', 'lonely'].map((id) => node(id)),
  edges: [edge('a', 'b'), edge('b', 'c'), edge('c', 'd'), edge('x', 'c'), edge('b', 'y')],
};

describe('around', () => {
  it('keeps everything upstream and downstream of a product', () => {
    const g = around(mesh, 'b');
    expect(g.nodes.map((n) => n.id).sort()).toEqual(['a', 'b', 'c', 'd', 'y']);
    expect(g.edges.map((e) => `${e.from.product}>${e.to.product}`)).toEqual(['a>b', 'b>c', 'c>d', 'b>y']);
    expect(g.focus).toBe('b');
  });

  it('limits the depth', () => {
    expect(
      around(mesh, 'c', 1)
        .nodes.map((n) => n.id)
        .sort(),
    ).toEqual(['b', 'c', 'd', 'x']);
  });

  it('keeps a product without edges alone', () => {
    expect(around(mesh, 'lonely')).toMatchObject({ nodes: [expect.objectContaining({ id: 'lonely' })], edges: [] });
  });
});

describe('graph languages', () => {
  const hostile: Mesh = {
    nodes: [node('a"b', 'dom"ain'), node('c<script>', null)],
    edges: [edge('a"b', 'c<script>', 'p"o\\rt')],
    focus: 'a"b',
  };

  it('writes Mermaid with domains as subgraphs and escaped labels', () => {
    const text = toMermaid(hostile);
    expect(text.startsWith('flowchart LR\n')).toBe(true);
    expect(text).toContain('subgraph d0["dom#quot;ain"]');
    expect(text).toContain('p0["a#quot;b<br/>1.0.0"]');
    expect(text).toContain('p1["c#lt;script#gt;<br/>1.0.0"]');
    expect(text).toContain('p0 -- "p#quot;o\\rt" --> p1');
    expect(text).toContain('style p0 stroke-width:3px');
    expect(text).not.toContain('<script>');
  });

  it('writes DOT with clusters and escaped strings', () => {
    const text = toDot(hostile);
    expect(text).toMatch(/^digraph mesh \{/);
    expect(text).toContain('subgraph "cluster_dom\\"ain" {');
    expect(text).toContain('"a\\"b" [label="a\\"b\\n1.0.0", penwidth=3];');
    expect(text).toContain('"a\\"b" -> "c<script>" [label="p\\"o\\\\rt"];');
    expect(text.trimEnd().endsWith('}')).toBe(true);
  });
});
