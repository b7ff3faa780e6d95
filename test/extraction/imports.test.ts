import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, folderGraph, SRC } from '../../scripts/importGraph.js';

describe('the extraction core imports one way', () => {
  const graph = folderGraph('extractors');

  it('has no import cycle among its folders and files', () => {
    expect(graph.get('layout')?.size).toBeGreaterThan(0);
    expect(cycles(graph)).toEqual([]);
  });

  it('layout never imports report, report never imports scan, pdf never imports scan', () => {
    expect([...graph.get('layout')!]).not.toContain('report');
    expect([...graph.get('report')!]).not.toContain('scan');
    expect([...graph.get('pdf')!]).not.toContain('scan');
  });

  it('finds a cycle where there is one', () => {
    const loop = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])]]);
    expect(cycles(loop)).toEqual([['a', 'b', 'c']]);
  });

  it('reads no environment: the shells pass settings and paths down', () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
    const readers = files(join(SRC, 'extractors')).filter((f) => /process\.env/u.test(readFileSync(f, 'utf8')));
    expect(readers).toEqual([]);
  });
});
