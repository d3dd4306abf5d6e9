/** Three-way merges of dp update, dp add and dp sync: text line by line, YAML as data. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hasConflictMarkers, mergeText, mergeTwoWay } from '../../src/scaffold/merge/text.js';
import { mergeYaml } from '../../src/scaffold/merge/yaml.js';

const LABELS = { ours: 'yours', base: 'template 1.0.0', theirs: 'template 1.1.0' };
const numbered = (n: number, edits: Record<number, string> = {}): string =>
  Array.from({ length: n }, (_, i) => `${edits[i + 1] ?? `line ${i + 1}`}\n`).join('');

describe('text merge', () => {
  it('merges edits of different lines without conflict', () => {
    const base = numbered(12);
    const merged = mergeText(base, numbered(12, { 2: 'team line' }), numbered(12, { 11: 'template line' }), LABELS);
    expect(merged.conflicts).toBe(0);
    expect(merged.text).toBe(numbered(12, { 2: 'team line', 11: 'template line' }));
  });

  it('marks the same line changed both ways, with the base in between', () => {
    const merged = mergeText(numbered(5), numbered(5, { 3: 'ours' }), numbered(5, { 3: 'theirs' }), LABELS);
    expect(merged.conflicts).toBe(1);
    expect(merged.text).toBe('line 1\nline 2\n<<<<<<< yours\nours\n||||||| template 1.0.0\nline 3\n=======\ntheirs\n>>>>>>> template 1.1.0\nline 4\nline 5\n');
    expect(hasConflictMarkers(merged.text)).toBe(true);
  });

  it('takes a change both sides made the same way', () => {
    const merged = mergeText(numbered(4), numbered(4, { 2: 'same' }), numbered(4, { 2: 'same' }), LABELS);
    expect(merged).toEqual({ text: numbered(4, { 2: 'same' }), conflicts: 0 });
  });

  it('merges two ways without a base: shared lines kept, differences marked', () => {
    const merged = mergeTwoWay('a\nb\nc\n', 'a\nB\nc\n', LABELS);
    expect(merged.conflicts).toBe(1);
    expect(merged.text).toBe('a\n<<<<<<< yours\nb\n=======\nB\n>>>>>>> template 1.1.0\nc\n');
  });

  it('ends a conflict side that has no final line break', () => {
    const merged = mergeText('x', 'y', 'z', LABELS);
    expect(merged.text.split('\n')).toContain('y');
    expect(merged.text.endsWith('>>>>>>> template 1.1.0\n')).toBe(true);
  });
});

const BASE = `# yaml-language-server: $schema=x
id: play-events
version: 0.1.0
description:
  purpose: Plays.
tags:
  - player
  - table
slaProperties:
  - property: retention
    value: 365
    unit: d
  - property: latency
    value: 4
    unit: h
outputPorts:
  - name: events
    version: 0.1.0
`;

describe('YAML merge', () => {
  it('applies the template change and keeps the team change and its comments', () => {
    const ours = BASE.replace('  purpose: Plays.', '  # agreed with the analysts\n  purpose: Every play of a track.').replace(
      '    value: 365',
      '    value: 30 # legal asked for 30 days',
    );
    const theirs = BASE.replace('version: 0.1.0\n', 'version: 0.1.0\nstatus: draft\n').replace('    value: 4', '    value: 2');
    const merged = mergeYaml(BASE, ours, theirs, LABELS)!;
    expect(merged.conflicts).toEqual([]);
    expect(merged.text).toContain('# agreed with the analysts');
    expect(merged.text).toContain('value: 30 # legal asked for 30 days');
    const value = parse(merged.text);
    expect(value.status).toBe('draft');
    expect(value.description.purpose).toBe('Every play of a track.');
    expect(value.slaProperties).toEqual([
      { property: 'retention', value: 30, unit: 'd' },
      { property: 'latency', value: 2, unit: 'h' },
    ]);
    expect(Object.keys(value)).toEqual(['id', 'version', 'status', 'description', 'tags', 'slaProperties', 'outputPorts']);
  });

  it('merges list items by identity: ports by name, tags by value', () => {
    const ours = BASE.replace('  - table\n', '  - table\n  - gold\n').replace(
      'outputPorts:\n  - name: events\n    version: 0.1.0\n',
      'outputPorts:\n  - name: events\n    version: 0.1.0\n  - name: archive\n    version: 0.1.0\n',
    );
    const theirs = BASE.replace('  - player\n', '  - player\n  - source-aligned\n').replace(
      '  - name: events\n    version: 0.1.0\n',
      '  - name: events\n    version: 0.1.0\n    type: tables\n',
    );
    const merged = mergeYaml(BASE, ours, theirs, LABELS)!;
    expect(merged.conflicts).toEqual([]);
    const value = parse(merged.text);
    expect(value.tags).toEqual(['player', 'source-aligned', 'table', 'gold']);
    expect(value.outputPorts).toEqual([
      { name: 'events', version: '0.1.0', type: 'tables' },
      { name: 'archive', version: '0.1.0' },
    ]);
  });

  it('removes what the template removed and the team left alone', () => {
    const theirs = BASE.replace('tags:\n  - player\n  - table\n', '');
    const ours = BASE.replace('  purpose: Plays.', '  purpose: Mine.');
    const value = parse(mergeYaml(BASE, ours, theirs, LABELS)!.text);
    expect(value.tags).toBeUndefined();
    expect(value.description.purpose).toBe('Mine.');
  });

  it('marks a value both changed, and only that value, and reports its path', () => {
    const ours = BASE.replace('    value: 365', '    value: 30');
    const theirs = BASE.replace('    value: 365', '    value: 90').replace('version: 0.1.0\n', 'version: 0.1.0\nstatus: draft\n');
    const merged = mergeYaml(BASE, ours, theirs, LABELS)!;
    expect(merged.conflicts).toEqual([{ path: ['slaProperties', 0, 'value'], base: 365, ours: 30, theirs: 90 }]);
    expect(merged.text).toContain('<<<<<<< yours\n    value: 30\n||||||| template 1.0.0\n    value: 365\n=======\n    value: 90\n>>>>>>> template 1.1.0\n');
    expect(merged.text).toContain('status: draft');
    expect(() =>
      parse(merged.text.replace(/<<<<<<< yours\n|\|\|\|\|\|\|\| [^\n]*\n {4}value: 365\n=======\n {4}value: 90\n>>>>>>> [^\n]*\n/g, '')),
    ).not.toThrow();
  });

  it('reports a value the team removed and the template changed, keeping it removed', () => {
    const ours = BASE.replace('tags:\n  - player\n  - table\n', '');
    const theirs = BASE.replace('  - table\n', '  - table\n  - stream\n');
    const merged = mergeYaml(BASE, ours, theirs, LABELS)!;
    expect(merged.conflicts).toEqual([{ path: ['tags'], base: ['player', 'table'], ours: undefined, theirs: ['player', 'table', 'stream'] }]);
    expect(hasConflictMarkers(merged.text)).toBe(false);
  });

  it('leaves a text that does not parse to the text merge', () => {
    expect(mergeYaml(BASE, '<<<<<<< yours\nid: x\n', BASE, LABELS)).toBeUndefined();
  });
});
