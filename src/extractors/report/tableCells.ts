/**
 * Reading a table cell by cell: which cells hold values, and for each value the header cells
 * above it (nearest first) and the label cells to its left (left to right).
 */
import type { GridCell } from '../layout/grid.js';
import type { Table } from '../layout/stitch.js';
import { parseCellValue, type ParsedValue } from './values.js';

export interface ValueCell {
  cell: GridCell;
  parsed: ParsedValue & { kind: 'number' | 'blank' };
  /** Header texts above the cell, nearest first. */
  headers: string[];
  /** Label texts left of the cell, left to right. */
  labels: string[];
}

export class TableIndex {
  private readonly at = new Map<number, GridCell>();
  readonly kinds = new Map<GridCell, ParsedValue>();

  constructor(readonly table: Table) {
    for (const c of table.cells) {
      for (let r = c.row; r < c.row + c.rowSpan; r++) {
        for (let k = c.col; k < c.col + c.colSpan; k++) if (!this.at.has(r * table.colCount + k)) this.at.set(r * table.colCount + k, c);
      }
      this.kinds.set(c, parseCellValue(c.text));
    }
  }

  cellAt(row: number, col: number): GridCell | undefined {
    return this.at.get(row * this.table.colCount + col);
  }

  isText(c: GridCell): boolean {
    return this.kinds.get(c)?.kind === 'text';
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

  /** The topmost text cell above in the cell's column: the column's title (统计数), past any section rows. */
  columnTitle(cell: GridCell): string | null {
    for (let r = 0; r < cell.row; r++) {
      const c = this.cellAt(r, cell.col);
      if (c && c.col === cell.col && c.colSpan <= cell.colSpan && this.isText(c)) return c.text;
    }
    return null;
  }

  /** Text cells to the left in the cell's first row, left to right. */
  labelsLeft(cell: GridCell): string[] {
    const out: string[] = [];
    let last: GridCell | undefined = cell;
    for (let k = cell.col - 1; k >= 0; k--) {
      const c = this.cellAt(cell.row, k);
      if (!c || c === last) continue;
      last = c;
      if (this.isText(c)) out.unshift(c.text);
    }
    return out;
  }

  valueCells(): ValueCell[] {
    const out: ValueCell[] = [];
    for (const cell of this.table.cells) {
      const parsed = this.kinds.get(cell);
      if (!parsed || parsed.kind === 'text') continue;
      out.push({ cell, parsed, headers: this.headersAbove(cell), labels: this.labelsLeft(cell) });
    }
    return out.sort((a, b) => a.cell.row - b.cell.row || a.cell.col - b.cell.col);
  }

  texts(): string[] {
    return this.table.cells.filter((c) => this.isText(c)).map((c) => c.text);
  }
}
