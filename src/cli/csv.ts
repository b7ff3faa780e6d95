/** The long CSV form: one line per cell. */
import type { ReportRecord } from '../schema/record.js';

export function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CELL_CSV_HEADER = ['file', 'cell', 'value', 'page', 'source', 'confidence', 'unit'];

export function recordToCsvRows(record: ReportRecord): string[][] {
  return Object.entries(record.cells).map(([id, c]) => [record.source.file, id, c.value === null ? '' : String(c.value), String(c.page), c.source, String(c.confidence), c.unit ?? '']);
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}
