/**
 * Scoring an extraction against its truth, and the "no silent error" check: OCR may misread a
 * digit, but then the record must say so. A cell whose value differs from the truth (or that
 * is missing) must be named by an error issue — extraction.confidence for a doubtful reading,
 * a broken sum rule for a confident but wrong one, report.structure for a cell not read at all.
 */
import { expect } from 'vitest';
import type { ReportRecord } from '../../src/schema/record.js';
import type { Truth } from './shared.js';

export interface CellMiss {
  id: string;
  truth: number;
  /** undefined: the cell is missing from the record. */
  got: number | null | undefined;
  raw?: string;
  confidence?: number;
  page?: number;
  /** Error rules that name this cell. */
  flaggedBy: string[];
}

/** Distinct rules of the record's error issues, sorted. */
export function errorRules(record: ReportRecord): string[] {
  return [...new Set(record.validation.issues.filter((i) => i.severity === 'error').map((i) => i.rule))].sort();
}

/** Every truth cell the record does not reproduce exactly, with the error rules naming it. */
export function wrongCells(record: ReportRecord, truth: Truth): CellMiss[] {
  const errors = record.validation.issues.filter((i) => i.severity === 'error');
  const misses: CellMiss[] = [];
  for (const [id, value] of Object.entries(truth.cells)) {
    const cell = record.cells[id];
    if (cell && cell.value === value) continue;
    misses.push({
      id,
      truth: value,
      got: cell ? cell.value : undefined,
      raw: cell?.raw,
      confidence: cell?.confidence,
      page: cell?.page,
      flaggedBy: [...new Set(errors.filter((i) => i.cells.includes(id)).map((i) => i.rule))],
    });
  }
  return misses;
}

/** Truth cells reproduced exactly. */
export function exactCells(record: ReportRecord, truth: Truth): number {
  return Object.keys(truth.cells).length - wrongCells(record, truth).length;
}

/** The wrong cells that no error issue names: the errors a reviewer would never see. */
export function silentErrors(record: ReportRecord, truth: Truth): CellMiss[] {
  return wrongCells(record, truth).filter((m) => m.flaggedBy.length === 0);
}

/** One line per miss, for failure messages and logs. */
export function describeMisses(misses: readonly CellMiss[]): string {
  return misses
    .map(
      (m) =>
        `${m.id}: truth ${m.truth}, ${
          m.got === undefined
            ? 'missing'
            : `read ${JSON.stringify(m.raw)} → ${m.got} (conf ${m.confidence}, p.${m.page})`
        }${m.flaggedBy.length ? ` [${m.flaggedBy.join(', ')}]` : ' SILENT'}`,
    )
    .join('\n');
}

/**
 * Asserts there is no silent error: every wrong or missing cell is named by an error issue, and the record is
 * flagged if any cell is wrong.
 */
export function wrongCellsAreFlagged(record: ReportRecord, truth: Truth): void {
  const wrong = wrongCells(record, truth);
  const silent = wrong.filter((m) => m.flaggedBy.length === 0);
  expect(silent, `${truth.file}: wrong cells no error names:\n${describeMisses(silent)}`).toEqual([]);
  if (wrong.length > 0) expect(record.validation.status, `${truth.file}: wrong cells but not flagged`).toBe('flagged');
}
