/**
 * Reading a table cell by cell: which cells hold values, and for each value the header cells
 * above it (nearest first) and the label cells to its left (left to right).
 */
import type { GridCell } from '../layout/grid.js';
import type { Table } from '../layout/stitch.js';
import { numberBeforeMisreadUnit, parseCellValue, type ParsedValue } from '../values.js';

export interface ValueCell {
  cell: GridCell;
  /** 'text' only for a misread value (TableIndex.isMisreadValue). */
  parsed: ParsedValue;
  /** Header texts above the cell, nearest first. */
  headers: string[];
  /** Label texts left of the cell, left to right. */
  labels: string[];
  /** A label left of it holds ink OCR read as nothing (an empty word at confidence 0). */
  labelUnread?: boolean;
  /** The mean confidence of the words of the labels left of it (1 with none). */
  labelConfidence?: number;
  /** OCR read its number but not its unit (1.8533刀元): kept, for a reviewer to check. */
  unitMisread?: true;
}

function meanConfidence(words: ReadonlyArray<{ confidence: number }>): number {
  return words.length === 0 ? 1 : words.reduce((n, w) => n + w.confidence, 0) / words.length;
}

/** OCR confidence below which a lone number among headers is taken for a misread header. */
const DOUBTFUL_HEADER_NUMBER = 0.5;

/** Numbers a row holds at least to be a row of values (not a header row with years in it). */
const ROW_OF_NUMBERS = 4;

/**
 * Number cells that are headers OCR misread (总计 as 8): a row's only number, above every row of
 * numbers, among at least ROW_OF_NUMBERS text cells (or two, where OCR doubted it). Taken for a
 * value, it would be the first printing of its column's id and push the value below it out.
 */
function misreadHeaders(cells: readonly GridCell[], kinds: ReadonlyMap<GridCell, ParsedValue>): GridCell[] {
  const numbers = new Map<number, GridCell[]>();
  const texts = new Map<number, number>();
  for (const c of cells) {
    if (c.colSpan !== 1) continue;
    const kind = kinds.get(c)?.kind;
    if (kind === 'number') numbers.set(c.row, [...(numbers.get(c.row) ?? []), c]);
    else if (kind === 'text') texts.set(c.row, (texts.get(c.row) ?? 0) + 1);
  }
  const rowsOfNumbers = [...numbers].filter(([, n]) => n.length >= 2).map(([row]) => row);
  if (rowsOfNumbers.length === 0) return [];
  const firstRowOfNumbers = Math.min(...rowsOfNumbers);
  // Or, in a narrower table (the disclosure table's four columns), a doubtful reading among headers
  // (本年新制作数量 read as 49 at 0.32): taken for a value, its row would stand before the first
  // row of values and keep that row from being named by the template's order.
  const doubtful = (c: GridCell): boolean =>
    c.words.length > 0 && Math.min(...c.words.map((w) => w.confidence)) < DOUBTFUL_HEADER_NUMBER;
  return [...numbers]
    .filter(([row, n]) => {
      if (row >= firstRowOfNumbers || n.length !== 1) return false;
      const headers = texts.get(row) ?? 0;
      return headers >= ROW_OF_NUMBERS || (headers >= 2 && doubtful(n[0]!));
    })
    .map(([, n]) => n[0]!);
}

export class TableIndex {
  private readonly at = new Map<number, GridCell>();
  readonly kinds = new Map<GridCell, ParsedValue>();
  /** Per column: its number cells (single-column), and the row of the first. */
  private readonly numbersIn = new Map<number, { count: number; firstRow: number }>();
  private readonly misread = new Set<GridCell>();
  private readonly unitMisread = new Set<GridCell>();

  constructor(readonly table: Table) {
    for (const c of table.cells) {
      for (let r = c.row; r < c.row + c.rowSpan; r++) {
        for (let k = c.col; k < c.col + c.colSpan; k++)
          if (!this.at.has(r * table.colCount + k)) this.at.set(r * table.colCount + k, c);
      }
      this.kinds.set(c, parseCellValue(c.text));
      // A number whose unit OCR misread is a value: as text it would be taken for a label, and
      // a column with no other number (政府集中采购's 采购总金额) would be lost without a word.
      const read =
        c.words.length > 0 && c.words.every((w) => w.source === 'ocr') ? numberBeforeMisreadUnit(c.text) : null;
      if (this.kinds.get(c)?.kind === 'text' && read !== null) {
        this.kinds.set(c, { kind: 'number', value: read });
        this.unitMisread.add(c);
      }
    }
    for (const c of misreadHeaders(table.cells, this.kinds)) this.kinds.set(c, { kind: 'text' });
    // Per row: its number cells (single-column).
    const numbersInRow = new Map<number, number>();
    for (const c of table.cells) {
      if (this.kinds.get(c)?.kind !== 'number' || c.colSpan !== 1) continue;
      const col = this.numbersIn.get(c.col) ?? { count: 0, firstRow: c.row };
      this.numbersIn.set(c.col, { count: col.count + 1, firstRow: Math.min(col.firstRow, c.row) });
      numbersInRow.set(c.row, (numbersInRow.get(c.row) ?? 0) + 1);
    }
    const most = Math.max(0, ...[...this.numbersIn.values()].map((n) => n.count));
    const isNumber = (c: GridCell | undefined): boolean => !!c && this.kinds.get(c)?.kind === 'number';
    for (const c of table.cells) {
      if (this.kinds.get(c)?.kind !== 'text' || c.colSpan !== 1 || c.rowSpan !== 1) continue;
      const col = this.numbersIn.get(c.col);
      if (col && col.count >= 3 && col.count >= most / 2 && c.row > col.firstRow && numbersInRow.has(c.row))
        this.misread.add(c);
      // Between two numbers of its row (the one row of the appeals table): labels stand left of
      // the values, headers above them, so text there is a value too.
      else if (
        (numbersInRow.get(c.row) ?? 0) >= ROW_OF_NUMBERS &&
        c.col > 0 &&
        c.col + 1 < table.colCount &&
        isNumber(this.cellAt(c.row, c.col - 1)) &&
        isNumber(this.cellAt(c.row, c.col + 1))
      )
        this.misread.add(c);
    }
  }

  /**
   * Text where a number belongs: a single cell in a column of numbers, below its first number,
   * in a row that holds numbers too (7 read as 了), or between two numbers of a row of them (the
   * appeals table has one row: no column of numbers). Labels sit left of the values and headers
   * above them, so such a cell is neither: it is a value that could not be read, and must not
   * become the label of the numbers to its right.
   */
  isMisreadValue(c: GridCell): boolean {
    return this.misread.has(c);
  }

  cellAt(row: number, col: number): GridCell | undefined {
    return this.at.get(row * this.table.colCount + col);
  }

  /** A label or header: text that is not a misread value. */
  isText(c: GridCell): boolean {
    return this.kinds.get(c)?.kind === 'text' && !this.misread.has(c);
  }

  /** Text cells above: skip values until headers start, then collect until the next non-header. */
  headersAbove(cell: GridCell): string[] {
    const out: string[] = [];
    let last: GridCell | undefined = cell;
    for (let r = cell.row - 1; r >= 0; r--) {
      const c = this.cellAt(r, cell.col);
      if (!c || c === last) continue;
      last = c;
      if (this.isText(c)) out.push(c.text);
      else if (out.length > 0) break;
    }
    return out;
  }

  /**
   * The header of the cell's column: its own text cells (not the section rows spanning the
   * table: 二、回应解读情况) from the top down to the first cell that is not text, joined. A
   * header row broken over a page break comes back whole: 年末 on one page, 统计 on the next.
   */
  columnHeader(cell: GridCell): string | null {
    let text = '';
    let last: GridCell | undefined;
    for (let r = 0; r < cell.row; r++) {
      const c = this.cellAt(r, cell.col);
      if (!c || c === last || c.col !== cell.col || c.colSpan > cell.colSpan) continue;
      last = c;
      if (this.isText(c)) text += c.text;
      else if (text || this.kinds.get(c)?.kind === 'number') break;
    }
    return text || null;
  }

  /** Text cells to the left in the cell's first row, left to right. */
  labelsLeft(cell: GridCell): string[] {
    return this.labelCellsLeft(cell).map((c) => c.text);
  }

  /**
   * The cells of the cell's row right of its label (the nearest text cell left of it), left to
   * right, itself among them: where the row's values stand, whatever OCR made of them.
   */
  cellsRightOfLabel(cell: GridCell): GridCell[] {
    const label = this.labelCellsLeft(cell).at(-1);
    if (!label) return [];
    const out: GridCell[] = [];
    for (let k = label.col + label.colSpan; k < this.table.colCount; k++) {
      const c = this.cellAt(cell.row, k);
      if (c && c.row === cell.row && !out.includes(c)) out.push(c);
    }
    return out;
  }

  private labelCellsLeft(cell: GridCell): GridCell[] {
    const out: GridCell[] = [];
    let last: GridCell | undefined = cell;
    for (let k = cell.col - 1; k >= 0; k--) {
      const c = this.cellAt(cell.row, k);
      if (!c || c === last) continue;
      last = c;
      if (this.isText(c)) out.unshift(c);
    }
    return out;
  }

  valueCells(): ValueCell[] {
    const out: ValueCell[] = [];
    for (const cell of this.table.cells) {
      const parsed = this.kinds.get(cell);
      if (!parsed || (parsed.kind === 'text' && !this.misread.has(cell))) continue;
      const labels = this.labelCellsLeft(cell);
      out.push({
        cell,
        parsed,
        headers: this.headersAbove(cell),
        labels: labels.map((c) => c.text),
        labelUnread: labels.some((c) => c.words.some((w) => w.text === '' && w.confidence === 0)),
        labelConfidence: meanConfidence(labels.flatMap((c) => c.words)),
        ...(this.unitMisread.has(cell) ? { unitMisread: true as const } : {}),
      });
    }
    return out.sort((a, b) => a.cell.row - b.cell.row || a.cell.col - b.cell.col);
  }

  texts(): string[] {
    return this.table.cells.filter((c) => this.isText(c)).map((c) => c.text);
  }
}
