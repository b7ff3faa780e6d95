/**
 * Reading cells for the rules: cell ids checked against the schema, values for the
 * arithmetic, and how an operand is shown in a message.
 */
import { cellId, ERAS, validCellIds, type TableId } from '../schema/cells.js';
import type { Cells } from '../schema/record.js';

const ALL_IDS: ReadonlySet<string> = new Set(ERAS.flatMap((era) => [...validCellIds(era)]));

/** A cell id of some era (either form of （六）其他处理). */
export function isKnownCellId(id: string): boolean {
  return ALL_IDS.has(id);
}

/**
 * The id of a cell a rule names explicitly. Throws (at module load, where rules call it)
 * if the schema has no such cell, so a rule cannot drift away from src/schema/cells.ts.
 */
export function knownCellId(table: TableId, row: string, column: string): string {
  const id = cellId(table, row, column);
  if (!isKnownCellId(id)) throw new Error(`validate: ${id} is not a cell id of any era`);
  return id;
}

export function isPresent(cells: Cells, id: string): boolean {
  return Object.hasOwn(cells, id);
}

/**
 * The value a cell contributes to a sum. A printed blank (null: blank, 无, —) counts as 0:
 * many reports leave zero cells empty. An absent cell (never read) also counts as 0 here;
 * each rule decides beforehand whether its check applies at all when cells are absent,
 * and report.structure reports the absence itself.
 */
export function amountOf(cells: Cells, id: string): number {
  return cells[id]?.value ?? 0;
}

/** How an operand appears in a message: the number as read, 空 for a printed blank, 缺 for an absent cell. */
export function shown(cells: Cells, id: string): string {
  const cell = cells[id];
  if (!cell) return '缺';
  return cell.value === null ? '空' : String(cell.value);
}
