/** The long CSV form of `nianbao extract --format csv`: one line per cell (written by ../csv.ts). */
import type { CsvValue } from '../csv.js';
import type { ReportRecord } from '../schema/record.js';

export const CELL_CSV_HEADER = ['file', 'cell', 'value', 'page', 'source', 'confidence', 'unit'];

export function recordToCsvRows(record: ReportRecord): CsvValue[][] {
  return Object.entries(record.cells).map(([id, c]) => [
    record.source.file,
    id,
    c.value,
    c.page,
    c.source,
    c.confidence,
    c.unit ?? '',
  ]);
}
