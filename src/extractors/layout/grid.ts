/**
 * Merged edges → tables of cells with row and column spans (the "lattice" strategy).
 *
 * edges → connected groups (an h and a v edge that meet belong together) → for each group the
 * lattice of all its x and y positions → unit boxes → boxes whose shared border is not drawn
 * are one cell (union–find) → cells with spans.
 */
import { DisjointSets } from '../disjointSets.js';
import { clusterMeans } from '../geometry.js';
import type { Box, Word } from '../model.js';
import type { ExtractionSettings, TableSettings, TextSettings } from '../settings.js';
import { edgesIntersect, type Edge } from './lines.js';
import { groupLines } from './textLines.js';

export interface GridCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  /** Page the cell is printed on (a stitched table spans pages). */
  page: number;
  bbox: Box;
  text: string;
  words: Word[];
}

export interface Grid {
  page: number;
  bbox: Box;
  /** Row boundaries (y) and column boundaries (x) of the lattice, on `page`. */
  ys: number[];
  xs: number[];
  cells: GridCell[];
  rowCount: number;
  colCount: number;
}

/** Splits edges into connected groups; a group with at least two lines each way may be a table. */
export function groupConnectedEdges(edges: readonly Edge[], tolerance: number): Edge[][] {
  const sets = new DisjointSets(edges.length);
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const a = edges[i]!;
      const b = edges[j]!;
      if (a.orientation === b.orientation) continue;
      const [h, v] = a.orientation === 'h' ? [a, b] : [b, a];
      if (edgesIntersect(h, v, tolerance)) sets.union(i, j);
    }
  }
  const groups = new Map<number, Edge[]>();
  edges.forEach((e, i) => {
    const r = sets.find(i);
    const g = groups.get(r);
    if (g) g.push(e);
    else groups.set(r, [e]);
  });
  return [...groups.values()].filter(
    (g) => g.filter((e) => e.orientation === 'h').length >= 2 && g.filter((e) => e.orientation === 'v').length >= 2,
  );
}

/**
 * Lattice positions: every line's position, plus the outer extent of the crossing lines (an
 * outer border may be missing, e.g. the bottom of a table continued on the next page). Inner
 * ends of broken lines are not positions: they would invent rows.
 */
export function latticePositions(group: readonly Edge[], tolerance: number): { xs: number[]; ys: number[] } {
  const hs = group.filter((e) => e.orientation === 'h');
  const vs = group.filter((e) => e.orientation === 'v');
  const xs = [...vs.map((e) => e.at), Math.min(...hs.map((e) => e.from)), Math.max(...hs.map((e) => e.to))];
  const ys = [...hs.map((e) => e.at), Math.min(...vs.map((e) => e.from)), Math.max(...vs.map((e) => e.to))];
  return { xs: clusterMeans(xs, tolerance), ys: clusterMeans(ys, tolerance) };
}

/** Share of [from, to] covered by the edges at position `at` (within tolerance). */
export function borderCoverage(
  edges: readonly Edge[],
  at: number,
  from: number,
  to: number,
  tolerance: number,
): number {
  const spans = edges
    .filter((e) => Math.abs(e.at - at) <= tolerance && e.to > from && e.from < to)
    .map((e) => [Math.max(from, e.from), Math.min(to, e.to)] as const)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let end = from;
  for (const [a, b] of spans) {
    if (b <= end) continue;
    covered += b - Math.max(a, end);
    end = b;
  }
  return to > from ? covered / (to - from) : 0;
}

interface Region {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/** Unit boxes of the lattice joined across undrawn borders; each region is one cell. */
export function latticeToRegions(
  xs: readonly number[],
  ys: readonly number[],
  edges: readonly Edge[],
  settings: TableSettings,
): Region[] {
  const rows = ys.length - 1;
  const cols = xs.length - 1;
  const h = edges.filter((e) => e.orientation === 'h');
  const v = edges.filter((e) => e.orientation === 'v');
  const id = (r: number, c: number): number => r * cols + c;
  const sets = new DisjointSets(rows * cols);
  const tol = settings.intersectionTolerance;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (c + 1 < cols) {
        const drawn = borderCoverage(v, xs[c + 1]!, ys[r]!, ys[r + 1]!, tol) >= settings.borderCoverage;
        if (!drawn) sets.union(id(r, c), id(r, c + 1));
      }
      if (r + 1 < rows) {
        const drawn = borderCoverage(h, ys[r + 1]!, xs[c]!, xs[c + 1]!, tol) >= settings.borderCoverage;
        if (!drawn) sets.union(id(r, c), id(r + 1, c));
      }
    }
  }
  const regions = new Map<number, Region & { cells: number }>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const root = sets.find(id(r, c));
      const reg = regions.get(root);
      if (!reg) regions.set(root, { r0: r, c0: c, r1: r, c1: c, cells: 1 });
      else {
        reg.r0 = Math.min(reg.r0, r);
        reg.c0 = Math.min(reg.c0, c);
        reg.r1 = Math.max(reg.r1, r);
        reg.c1 = Math.max(reg.c1, c);
        reg.cells++;
      }
    }
  }
  // A region that is not a rectangle (a border drawn along part of its length only: a scan's
  // faint line) would overlap its neighbours as a box, and their words would be read twice: it
  // is cut into its runs along each row.
  const out: Region[] = [];
  for (const [root, reg] of regions) {
    if (reg.cells === (reg.r1 - reg.r0 + 1) * (reg.c1 - reg.c0 + 1)) {
      out.push({ r0: reg.r0, c0: reg.c0, r1: reg.r1, c1: reg.c1 });
      continue;
    }
    for (let r = reg.r0; r <= reg.r1; r++) {
      for (let c = reg.c0; c <= reg.c1; c++) {
        if (sets.find(id(r, c)) !== root) continue;
        const start = c;
        while (c + 1 <= reg.c1 && sets.find(id(r, c + 1)) === root) c++;
        out.push({ r0: r, c0: start, r1: r, c1: c });
      }
    }
  }
  return out;
}

/** Joins a cell's words into text: lines top to bottom, CJK without spaces, Latin words spaced. */
export function joinCellText(words: readonly Word[], settings: TextSettings): string {
  let text = '';
  for (const line of groupLines(words, settings.cellLines)) {
    let prevWord: Word | null = null;
    for (const w of line) {
      const prev = text[text.length - 1];
      // A space only where Latin words stand apart; pieces of one number touch.
      const gap = prevWord ? w.bbox[0] - prevWord.bbox[2] : 0;
      if (prev && /[0-9A-Za-z.]/.test(prev) && /^[0-9A-Za-z]/.test(w.text) && gap > settings.spaceGap * w.fontSize)
        text += ' ';
      text += w.text;
      prevWord = w;
    }
  }
  return text;
}

/** Finds lattice tables on a page and puts every word inside one into its cell. */
export function buildGrids(
  page: number,
  edges: readonly Edge[],
  words: readonly Word[],
  settings: ExtractionSettings,
  /** Keep tables with no text in them (the OCR path looks at cells before reading them). */
  keepEmpty = false,
): Grid[] {
  const grids: Grid[] = [];
  const table = settings.table;
  for (const group of groupConnectedEdges(edges, table.intersectionTolerance)) {
    const { xs, ys } = latticePositions(group, table.positionTolerance);
    if (xs.length < 2 || ys.length < 2) continue;
    const regions = latticeToRegions(xs, ys, group, table);
    const cells: GridCell[] = regions
      .map((r) => ({
        row: r.r0,
        col: r.c0,
        rowSpan: r.r1 - r.r0 + 1,
        colSpan: r.c1 - r.c0 + 1,
        page,
        bbox: [xs[r.c0]!, ys[r.r0]!, xs[r.c1 + 1]!, ys[r.r1 + 1]!] as Box,
        text: '',
        words: [] as Word[],
      }))
      .sort((a, b) => a.row - b.row || a.col - b.col);
    grids.push({
      page,
      bbox: [xs[0]!, ys[0]!, xs[xs.length - 1]!, ys[ys.length - 1]!],
      xs,
      ys,
      cells,
      rowCount: ys.length - 1,
      colCount: xs.length - 1,
    });
  }
  assignWords(grids, words, settings.text);
  return grids.filter((g) => keepEmpty || g.cells.some((c) => c.text)).sort((a, b) => a.bbox[1] - b.bbox[1]);
}

/** Index of the interval of `bounds` holding v, or -1. */
export function intervalOf(bounds: readonly number[], v: number): number {
  if (v < bounds[0]! || v > bounds[bounds.length - 1]!) return -1;
  for (let i = 0; i < bounds.length - 1; i++) if (v <= bounds[i + 1]!) return i;
  return -1;
}

function assignWords(grids: Grid[], words: readonly Word[], settings: TextSettings): void {
  for (const g of grids) {
    const at = new Map<number, GridCell>();
    for (const c of g.cells)
      for (let r = c.row; r < c.row + c.rowSpan; r++)
        for (let k = c.col; k < c.col + c.colSpan; k++) at.set(r * g.colCount + k, c);
    for (const w of words) {
      const cx = (w.bbox[0] + w.bbox[2]) / 2;
      const cy = (w.bbox[1] + w.bbox[3]) / 2;
      const r = intervalOf(g.ys, cy);
      const k = intervalOf(g.xs, cx);
      if (r < 0 || k < 0) continue;
      at.get(r * g.colCount + k)?.words.push(w);
    }
    for (const c of g.cells) c.text = joinCellText(c.words, settings);
  }
}

/** Words of a page that lie in no table: the prose. */
export function wordsOutside(grids: readonly Grid[], words: readonly Word[]): Word[] {
  return words.filter((w) => {
    const cx = (w.bbox[0] + w.bbox[2]) / 2;
    const cy = (w.bbox[1] + w.bbox[3]) / 2;
    return !grids.some((g) => cx >= g.bbox[0] && cx <= g.bbox[2] && cy >= g.bbox[1] && cy <= g.bbox[3]);
  });
}
