/**
 * Which folders of src/ import which, from the import and export … from lines of the sources
 * (type-only imports count: they tie the folders as much for a reader). `npx tsx
 * scripts/importGraph.ts [folder]` prints the folder graph under src/<folder> (default: all of
 * src) and every cycle in it; exit 1 when there is one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** The folder a file belongs to under `root`: its first path part there; a file directly in it is its own node. */
function folderOf(file: string, root: string): string | null {
  const rel = relative(root, file);
  if (rel.startsWith('..')) return null;
  const parts = rel.split('/');
  return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.js$/u, '.ts');
}

/** Folder (or file directly in it) → the folders and files it imports, under src/<under>. */
export function folderGraph(under = ''): Map<string, Set<string>> {
  const root = join(SRC, under);
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(root)) {
    const from = folderOf(file, root)!;
    const deps = graph.get(from) ?? new Set<string>();
    graph.set(from, deps);
    for (const m of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]/gmu)) {
      const to = folderOf(resolve(dirname(file), m[1]!), root);
      if (to && to !== from) deps.add(to);
    }
  }
  return graph;
}

/** Every cycle of the graph, each as its folders in order (found once, from its first folder by name). */
export function cycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const found: string[][] = [];
  const names = [...graph.keys()].sort();
  for (const start of names) {
    const walk = (node: string, path: string[]): void => {
      for (const next of graph.get(node) ?? []) {
        if (next === start) found.push([...path]);
        else if (next > start && !path.includes(next)) walk(next, [...path, next]);
      }
    };
    walk(start, [start]);
  }
  return found;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const under = process.argv[2] ?? '';
  const graph = folderGraph(under);
  for (const [from, to] of [...graph].sort()) console.log(`${from} → ${[...to].sort().join(', ') || '-'}`);
  const found = cycles(graph);
  for (const c of found) console.log(`cycle: ${[...c, c[0]].join(' → ')}`);
  console.log(found.length === 0 ? 'no cycles' : `${found.length} cycles`);
  process.exitCode = found.length === 0 ? 0 : 1;
}
