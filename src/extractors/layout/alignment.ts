/**
 * Tables without ruling lines (the "stream" strategy): rows are text lines, columns are the
 * vertical gaps shared by all lines that hold numbers. Only blocks of at least three lines of
 * which two hold several numbers count as tables, so prose is never cut into cells.
 */
import type { Box, Word } from '../model.js';
import type { ExtractionSettings, TextSettings } from '../settings.js';
import { parseCellValue } from '../values.js';
import { joinCellText, type Grid, type GridCell } from './grid.js';
import { groupLines } from './textLines.js';

interface Chunk {
  words: Word[];
  x0: number;
  x1: number;
  numeric: boolean;
}

interface Line {
  top: number;
  bottom: number;
  chunks: Chunk[];
}

function toChunks(line: readonly Word[], gap: number, text: TextSettings): Chunk[] {
  const chunks: Chunk[] = [];
  for (const w of line) {
    const c = chunks[chunks.length - 1];
    if (c && w.bbox[0] - c.x1 <= gap * w.fontSize) {
      c.words.push(w);
      c.x1 = Math.max(c.x1, w.bbox[2]);
    } else chunks.push({ words: [w], x0: w.bbox[0], x1: w.bbox[2], numeric: false });
  }
  for (const c of chunks) c.numeric = parseCellValue(joinCellText(c.words, text)).kind === 'number';
  return chunks;
}

/** Column boundaries: midpoints of the gaps that no chunk of a numeric line covers. */
export function columnBoundaries(rows: ReadonlyArray<readonly Chunk[]>): number[] {
  const spans = rows
    .flat()
    .map((c) => [c.x0, c.x1] as const)
    .sort((a, b) => a[0] - b[0]);
  if (spans.length === 0) return [];
  const bounds = [spans[0]![0] - 1];
  let end = spans[0]![1];
  for (const [a, b] of spans.slice(1)) {
    if (a > end) bounds.push((a + end) / 2);
    end = Math.max(end, b);
  }
  bounds.push(end + 1);
  return bounds;
}

export function findAlignedTables(page: number, words: readonly Word[], all: ExtractionSettings): Grid[] {
  const settings = all.alignment;
  const lines: Line[] = groupLines(words, settings.rows).map((ws) => ({
    top: Math.min(...ws.map((w) => w.bbox[1])),
    bottom: Math.max(...ws.map((w) => w.bbox[3])),
    chunks: toChunks(ws, settings.chunkGap, all.text),
  }));
  const grids: Grid[] = [];
  let block: Line[] = [];
  const flush = (): void => {
    const numberRows = block.filter((l) => l.chunks.filter((c) => c.numeric).length >= 2);
    if (block.length >= settings.minRows && numberRows.length >= settings.minNumberRows)
      grids.push(blockToGrid(page, block, numberRows, all.text));
    block = [];
  };
  for (const line of lines) {
    const tabular = line.chunks.length >= 2;
    const prev = block[block.length - 1];
    const height = line.bottom - line.top;
    if (tabular && (!prev || line.top - prev.bottom <= settings.maxLineGap * height)) block.push(line);
    else {
      flush();
      if (tabular) block.push(line);
    }
  }
  flush();
  return grids;
}

function blockToGrid(page: number, block: readonly Line[], numberRows: readonly Line[], text: TextSettings): Grid {
  const xs = columnBoundaries(numberRows.map((l) => l.chunks));
  const ys = [block[0]!.top - 1];
  for (let i = 1; i < block.length; i++) ys.push((block[i - 1]!.bottom + block[i]!.top) / 2);
  ys.push(block[block.length - 1]!.bottom + 1);
  const cells: GridCell[] = [];
  block.forEach((line, row) => {
    const byCol = new Map<number, Word[]>();
    for (const chunk of line.chunks) {
      const cx = (chunk.x0 + chunk.x1) / 2;
      let col = xs.findIndex((x, i) => i < xs.length - 1 && cx >= x && cx <= xs[i + 1]!);
      if (col < 0) col = cx < xs[0]! ? 0 : xs.length - 2;
      byCol.set(col, [...(byCol.get(col) ?? []), ...chunk.words]);
    }
    for (let col = 0; col < xs.length - 1; col++) {
      const ws = byCol.get(col) ?? [];
      const bbox: Box = [xs[col]!, ys[row]!, xs[col + 1]!, ys[row + 1]!];
      cells.push({ row, col, rowSpan: 1, colSpan: 1, page, bbox, text: joinCellText(ws, text), words: ws });
    }
  });
  return {
    page,
    bbox: [xs[0]!, ys[0]!, xs[xs.length - 1]!, ys[ys.length - 1]!],
    xs,
    ys,
    cells,
    rowCount: block.length,
    colCount: xs.length - 1,
  };
}
