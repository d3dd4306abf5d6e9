/** The mesh layout: layers by dependency depth, cycles survive, positions are deterministic. */
import { describe, expect, it } from 'vitest';
import { layerNodes, layoutGraph } from '../../src/server/graph-layout.js';
import { around } from '../../src/server/mesh-data.js';
import type { Edge } from '../../src/catalog/store.js';

const link = (from: string, to: string) => ({ from, to, port: 'out' });

describe('layerNodes', () => {
  it('puts sources first and every consumer right of what it consumes', () => {
    const layers = layerNodes(['a', 'b', 'c', 'd'], [link('a', 'b'), link('b', 'c'), link('a', 'c')]);
    expect(Object.fromEntries(layers)).toEqual({ a: 0, b: 1, c: 2, d: 0 });
  });

  it('terminates on cycles and self-links', () => {
    const layers = layerNodes(['a', 'b', 'c'], [link('a', 'b'), link('b', 'a'), link('c', 'c'), link('b', 'c')]);
    expect(layers.size).toBe(3);
    expect(layers.get('c')).toBeGreaterThan(layers.get('b')!);
  });
});

describe('layoutGraph', () => {
  it('places nodes in columns by layer without overlaps, the same way every time', () => {
    const nodes = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, label: id, domain: null }));
    const links = [link('a', 'c'), link('b', 'c'), link('c', 'd'), link('b', 'e')];
    const one = layoutGraph(nodes, links);
    expect(layoutGraph(nodes, links)).toEqual(one);
    const at = new Map(one.nodes.map((n) => [n.id, n]));
    expect(at.get('a')!.x).toBe(at.get('b')!.x);
    expect(at.get('c')!.x).toBeGreaterThan(at.get('a')!.x);
    expect(at.get('d')!.x).toBeGreaterThan(at.get('c')!.x);
    const spots = new Set(one.nodes.map((n) => `${n.x},${n.y}`));
    expect(spots.size).toBe(nodes.length);
    for (const n of one.nodes) {
      expect(n.x + 190).toBeLessThanOrEqual(one.width);
      expect(n.y + 46).toBeLessThanOrEqual(one.height);
    }
  });

  it('lays out 300 products quickly', () => {
    const nodes = Array.from({ length: 300 }, (_, i) => ({ id: `p${i}`, label: `p${i}`, domain: null }));
    const links = nodes.slice(1).map((n, i) => link(`p${Math.floor(i / 3)}`, n.id));
    const started = performance.now();
    layoutGraph(nodes, links);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('around', () => {
  const e = (from: string, to: string): Edge => ({ from: { product: from, port: 'o', contractId: `${from}-o` }, to: { product: to, port: 'i' } });
  it('collects the whole upstream and downstream, not siblings', () => {
    const edges = [e('a', 'b'), e('b', 'c'), e('x', 'b'), e('a', 'y'), e('c', 'd')];
    expect([...around('b', edges)].sort()).toEqual(['a', 'b', 'c', 'd', 'x']);
  });
});
