/** Hand-made records for the validation tests. */
import { cellIdsForEra, type CellIdOptions, type Era } from '../../src/schema/cells.js';
import type { Cell, Cells, Meta, ValidationIssue } from '../../src/schema/record.js';

/** Cells from a plain {id: value} map, as if read from the text layer. */
export function makeCells(values: Record<string, number | null>, overrides: Partial<Cell> = {}): Cells {
  const cells: Cells = {};
  for (const [id, value] of Object.entries(values)) {
    cells[id] = {
      value,
      page: 1,
      bbox: [0, 0, 1, 1],
      source: 'text',
      confidence: 1,
      raw: value === null ? '' : String(value),
      ...overrides,
    };
  }
  return cells;
}

export function makeMeta(overrides: Partial<Meta> = {}): Meta {
  return { agency: '某某县司法局', year: 2023, era: '2021', publishedOn: null, ...overrides };
}

/** Every cell the era requires, all 0 (a report that received nothing), then `values` on top. */
export function zeroValues(
  era: Era,
  values: Record<string, number | null> = {},
  options: CellIdOptions = {},
): Record<string, number | null> {
  return { ...Object.fromEntries(cellIdsForEra(era, options).map((id) => [id, 0])), ...values };
}

export function rulesOf(issues: readonly ValidationIssue[]): string[] {
  return [...new Set(issues.map((i) => i.rule))].sort();
}
