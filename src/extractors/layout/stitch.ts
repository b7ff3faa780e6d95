/**
 * Tables split across page breaks → one table. The part on the next page continues the last
 * table of the previous page when both have the same outer columns and nothing but a page
 * number stands between them. A repeated header is dropped; a row broken over the break
 * (label on both pages, values on one) is joined into one row.
 */
import { clusterMeans } from '../geometry.js';
import type { Word } from '../model.js';
import type { ExtractionSettings, StitchSettings } from '../settings.js';
import { diceSimilarity } from '../textSimilarity.js';
import type { Grid, GridCell } from './grid.js';
import { groupLines } from './textLines.js';

/** A table assembled from one or more page parts; rows and columns are indices across parts. */
export interface Table {
  cells: GridCell[];
  rowCount: number;
  colCount: number;
  pages: number[];
}

export interface PageGrids {
  page: number;
  height: number;
  grids: Grid[];
  /** Words outside every table on the page. */
  prose: Word[];
}

/** Page furniture between table parts: page numbers like "- 3 -", "第3页", "3/5", and 续表. */
export function isPageFurniture(text: string): boolean {
  const s = text.replace(/\s+/gu, '');
  // OCR reads the dashes around a page number as 一.
  return /^(?:[-—–一]*\d+[-—–一]*|第\d+页(?:共\d+页)?|\d+\/\d+|[-—–]|[（(]?续表?[)）]?|续上表)$/u.test(s);
}

/** Text of a word with its digits blanked: a running header keeps its text while page numbers change. */
const furnitureKey = (w: Word): string => w.text.replace(/\s+|\d+/gu, '#');

/**
 * Running headers and footers: words in the top or bottom band of the page whose text (digits
 * aside) recurs in that band on at least one other page.
 */
export function findRunningWords(pages: readonly PageGrids[], settings: StitchSettings): Set<Word> {
  const band = settings.runningBand;
  const inBand = (w: Word, pg: PageGrids): boolean =>
    w.bbox[3] < pg.height * band || w.bbox[1] > pg.height * (1 - band);
  const seen = new Map<string, Set<number>>();
  for (const pg of pages)
    for (const w of pg.prose)
      if (inBand(w, pg)) seen.set(furnitureKey(w), (seen.get(furnitureKey(w)) ?? new Set()).add(pg.page));
  const out = new Set<Word>();
  for (const pg of pages)
    for (const w of pg.prose) if (inBand(w, pg) && (seen.get(furnitureKey(w))?.size ?? 0) >= 2) out.add(w);
  return out;
}

/**
 * OCR words of short lines in the page's top or bottom margin band (by default ≤ 6 characters
 * within 60 points): a page number whatever OCR made of it (- 3 - read as ES or 二3区). A text
 * layer spells its page numbers right (isPageFurniture), so its short lines still count as text.
 */
export function marginMarks(words: readonly Word[], pageHeight: number, settings: StitchSettings): Set<Word> {
  const band = settings.marginBand;
  const inBand = words.filter(
    (w) => w.source === 'ocr' && (w.bbox[3] < pageHeight * band || w.bbox[1] > pageHeight * (1 - band)),
  );
  const out = new Set<Word>();
  for (const line of groupLines(inBand, settings.marginLines)) {
    const chars = line.reduce((n, w) => n + [...w.text.replace(/\s+/gu, '')].length, 0);
    const width = Math.max(...line.map((w) => w.bbox[2])) - Math.min(...line.map((w) => w.bbox[0]));
    if (chars <= settings.marginMaxChars && width <= settings.marginMaxWidth) for (const w of line) out.add(w);
  }
  return out;
}

function proseBetween(
  words: readonly Word[],
  top: number,
  bottom: number,
  running: ReadonlySet<Word>,
  marks: ReadonlySet<Word>,
): boolean {
  return words.some((w) => {
    const cy = (w.bbox[1] + w.bbox[3]) / 2;
    return cy > top && cy < bottom && !isPageFurniture(w.text) && !running.has(w) && !marks.has(w);
  });
}

export function continuesOnNextPage(
  prev: PageGrids,
  next: PageGrids,
  settings: StitchSettings,
  running: ReadonlySet<Word>,
): boolean {
  const a = prev.grids[prev.grids.length - 1];
  const b = next.grids[0];
  if (!a || !b || next.page !== prev.page + 1) return false;
  // Same width; a scanned page may sit a few points off the one before (shifted on the platen).
  const width = a.bbox[2] - a.bbox[0];
  if (Math.abs(width - (b.bbox[2] - b.bbox[0])) > Math.max(settings.edgeTolerance, settings.scaleTolerance * width))
    return false;
  if (Math.abs((a.bbox[0] + a.bbox[2]) / 2 - (b.bbox[0] + b.bbox[2]) / 2) > settings.shiftTolerance) return false;
  if (proseBetween(prev.prose, a.bbox[3], prev.height, running, marginMarks(prev.prose, prev.height, settings)))
    return false;
  if (proseBetween(next.prose, 0, b.bbox[1], running, marginMarks(next.prose, next.height, settings))) return false;
  return true;
}

function tableOfGrid(g: Grid): Table {
  return { cells: g.cells.map((c) => ({ ...c })), rowCount: g.rowCount, colCount: g.colCount, pages: [g.page] };
}

const rowTexts = (t: Table, row: number): string =>
  t.cells
    .filter((c) => c.row === row && c.text)
    .sort((a, b) => a.col - b.col)
    .map((c) => c.text.replace(/\s+/gu, ''))
    .join('|');

/** Joins `next` under `table`, re-indexing both onto the union of their column boundaries. */
export function appendPart(
  table: Table,
  tableXs: readonly number[],
  part: Grid,
  settings: StitchSettings,
): { table: Table; xs: number[] } {
  // A scanned page sits a few points off the one before, and may be scaled a little: the
  // part's columns are compared after mapping its outer borders onto the table's.
  const t0 = tableXs[0] ?? 0;
  const t1 = tableXs[tableXs.length - 1] ?? 0;
  const p0 = part.xs[0] ?? 0;
  const p1 = part.xs[part.xs.length - 1] ?? 0;
  const scale = p1 > p0 && t1 > t0 ? (t1 - t0) / (p1 - p0) : 1;
  const onTable = (x: number): number => t0 + (x - p0) * scale;
  const xs = clusterMeans([...tableXs, ...part.xs.map(onTable)], settings.columnTolerance);
  const colOf = (x: number): number => {
    let best = 0;
    for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i]! - x) < Math.abs(xs[best]! - x)) best = i;
    return best;
  };
  const reindex = (c: GridCell, rowOffset: number): GridCell => {
    const c0 = colOf(c.bbox[0]);
    const c1 = colOf(c.bbox[2]);
    return { ...c, row: c.row + rowOffset, col: c0, colSpan: Math.max(1, c1 - c0) };
  };
  const cells = table.cells.map((c) => reindex(c, 0));
  let partCells = part.cells.map((c) => ({
    ...reindex({ ...c, bbox: [onTable(c.bbox[0]), c.bbox[1], onTable(c.bbox[2]), c.bbox[3]] }, table.rowCount),
    bbox: c.bbox,
  }));
  let rowCount = table.rowCount + part.rowCount;
  const merged: Table = {
    cells: [...cells, ...partCells],
    rowCount,
    colCount: xs.length - 1,
    pages: [...table.pages, part.page],
  };

  // A header repeated on the new page: drop its rows. OCR reads the two printings a little
  // differently, so they need only be alike.
  let skip = 0;
  while (
    skip < part.rowCount &&
    rowTexts(merged, table.rowCount + skip) !== '' &&
    diceSimilarity(rowTexts(merged, table.rowCount + skip), rowTexts(merged, skip)) >= settings.repeatSimilarity
  )
    skip++;
  if (skip > 0) partCells = partCells.filter((c) => c.row >= table.rowCount + skip);

  // A row broken over the page: the first new row holds only label text, the last old row the values.
  const firstNew = table.rowCount + skip;
  const lastOld = table.rowCount - 1;
  const firstRowCells = partCells.filter((c) => c.row === firstNew);
  if (firstRowCells.length > 0 && firstRowCells.every((c) => c.rowSpan === 1) && firstRowCells.some((c) => c.text)) {
    const labelOnly = firstRowCells.every((c) => !c.text || !/\d/.test(c.text));
    const lastOldCells = cells.filter((c) => c.row + c.rowSpan - 1 === lastOld);
    const lastHasValues = lastOldCells.some((c) => /^\d/.test(c.text.trim()));
    if (labelOnly && lastHasValues) {
      // Under a row of values, only label text continues a label: text under its numbers or its
      // empty cells is another row (a header printed again, which OCR read too differently to be
      // known as the same). A header broken over the page (2013 | 年度) has no row of values
      // above it: a lone year is a column heading, not a value.
      const aboveOf = (c: GridCell): GridCell | undefined =>
        lastOldCells.find((o) => o.col <= c.col && o.col + o.colSpan > c.col);
      const isNumber = (c: GridCell | undefined): boolean => /^[\d.+-]+$/u.test(c?.text.trim() ?? '');
      const isYear = (c: GridCell): boolean => /^(19|20)\d\d$/u.test(c.text.trim());
      const valueRow = lastOldCells.some((c) => isNumber(c) && !isYear(c));
      const continuesLabel = (c: GridCell): boolean => {
        const above = aboveOf(c);
        return above !== undefined && above.text.trim() !== '' && !isNumber(above);
      };
      const continuesLabels = !valueRow || firstRowCells.every((c) => !c.text || continuesLabel(c));
      for (const c of continuesLabels ? firstRowCells : []) {
        if (!c.text) continue;
        const above = aboveOf(c);
        if (above) {
          above.text += c.text;
          above.words = [...above.words, ...c.words];
        }
      }
      if (continuesLabels) partCells = partCells.filter((c) => c.row !== firstNew);
    }
  }
  // Compact row indices so the table has no empty rows.
  const used = [...new Set([...cells, ...partCells].map((c) => c.row))].sort((a, b) => a - b);
  const newIndex = new Map(used.map((r, i) => [r, i]));
  const all = [...cells, ...partCells].map((c) => {
    const r0 = newIndex.get(c.row)!;
    let r1 = r0;
    for (let r = c.row; r < c.row + c.rowSpan; r++) if (newIndex.has(r)) r1 = newIndex.get(r)!;
    return { ...c, row: r0, rowSpan: r1 - r0 + 1 };
  });
  rowCount = used.length;
  return { table: { cells: all, rowCount, colCount: xs.length - 1, pages: merged.pages }, xs };
}

/** All tables of a document in reading order, parts on consecutive pages joined. */
export function stitchTables(pages: readonly PageGrids[], all: ExtractionSettings): Table[] {
  const settings = all.stitch;
  const tables: Table[] = [];
  const running = findRunningWords(pages, settings);
  let current: { table: Table; xs: number[] } | null = null;
  for (let i = 0; i < pages.length; i++) {
    const pg = pages[i]!;
    pg.grids.forEach((g, k) => {
      const prevPage = pages[i - 1];
      if (k === 0 && current && prevPage && continuesOnNextPage(prevPage, pg, settings, running)) {
        current = appendPart(current.table, current.xs, g, settings);
        tables[tables.length - 1] = current.table;
      } else {
        current = { table: tableOfGrid(g), xs: [...g.xs] };
        tables.push(current.table);
      }
    });
  }
  return tables;
}
