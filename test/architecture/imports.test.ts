/**
 * The folders of src/ depend on each other one way. Reads every import of src/**\/*.ts (static,
 * type-only, re-exports and dynamic import()), maps each to the top-level folder (or top-level
 * file) it lands in, and fails on any cycle among those, and on any import between the two
 * shells web/ and workers/ (they meet in service/, wired by the composition root in cli/).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

interface Edge {
  from: string;
  to: string;
  /** One import that makes the edge: file → specifier. */
  example: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** src/web/ui/x.ts → "web"; src/log.ts → "log.ts" (under `root`, src/ unless said). */
function unitOf(file: string, root = SRC): string {
  return relative(root, file).split(sep)[0]!;
}

/** The relative imports of one file, resolved to absolute .ts paths inside src/. */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((s) => s.startsWith('.'))
    .map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

export function folderEdges(files: readonly string[], root = SRC): Edge[] {
  const edges = new Map<string, Edge>();
  for (const file of files) {
    const from = unitOf(file, root);
    for (const target of importsOf(file)) {
      if (relative(root, target).startsWith('..')) continue;
      const to = unitOf(target, root);
      if (to === from) continue;
      const key = `${from}→${to}`;
      if (!edges.has(key))
        edges.set(key, { from, to, example: `${relative(SRC, file)} imports ${relative(SRC, target)}` });
    }
  }
  return [...edges.values()];
}

/** Strongly connected components with more than one member (Tarjan): each is a cycle. */
export function cyclesOf(edges: readonly Pick<Edge, 'from' | 'to'>[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))];
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return out;
}

const edges = folderEdges(sourceFiles(SRC));

describe('imports among the folders of src/', () => {
  it('are read from the sources (a sanity check of the reader)', () => {
    const from = (unit: string) => new Set(edges.filter((e) => e.from === unit).map((e) => e.to));
    // Known, lasting facts: the CLI runs the pipeline; the web serves the review.
    expect(from('cli').has('extractors')).toBe(true);
    expect(from('web').has('review')).toBe(true);
  });

  it('the cycle finder finds a cycle when there is one', () => {
    expect(
      cyclesOf([
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'c', to: 'a' },
        { from: 'c', to: 'd' },
      ]),
    ).toEqual([['a', 'b', 'c']]);
    expect(
      cyclesOf([
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
      ]),
    ).toEqual([]);
  });

  it('form no cycle', () => {
    const cycles = cyclesOf(edges).map((members) => {
      const inside = edges.filter((e) => members.includes(e.from) && members.includes(e.to));
      return `${members.join(' ⇄ ')}: ${inside.map((e) => e.example).join('; ')}`;
    });
    expect(cycles).toEqual([]);
  });

  it('never go between web/ and workers/', () => {
    const shells = edges
      .filter((e) => (e.from === 'web' && e.to === 'workers') || (e.from === 'workers' && e.to === 'web'))
      .map((e) => e.example);
    expect(shells).toEqual([]);
  });
});

describe('imports among the folders of src/extractors/', () => {
  const root = join(SRC, 'extractors');
  const files = sourceFiles(root);
  const core = folderEdges(files, root);
  const targets = (unit: string): string[] => core.filter((e) => e.from === unit).map((e) => e.to);

  it('form no cycle (its top-level files count as units of their own)', () => {
    expect(targets('layout')).toContain('settings.ts');
    expect(cyclesOf(core).map((members) => members.join(' ⇄ '))).toEqual([]);
  });

  it('point one way: layout never imports report, report and pdf never import scan', () => {
    expect(targets('layout')).not.toContain('report');
    expect(targets('report')).not.toContain('scan');
    expect(targets('pdf')).not.toContain('scan');
  });

  it('read no environment: the shells read it and pass settings and paths down', () => {
    expect(files.filter((f) => /process\.env/u.test(readFileSync(f, 'utf8'))).map((f) => relative(SRC, f))).toEqual([]);
  });
});
