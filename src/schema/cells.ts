/**
 * Cell ids of the shared schema (../shared/spec/report-schema.md), derived from the templates
 * (src/schema/templates/). A cell id is `table.row.column`; rows may hold a dot
 * (`withheld.stateSecret`). The label lists feed the label matcher: the first label is the
 * template's own wording, the rest are variants seen in real reports.
 */
import {
  APPEALS,
  APPLICATIONS,
  DISCLOSURE_2019,
  DISCLOSURE_2021,
  LEGACY,
  OTHER_ONE_ROW,
  OTHER_THREE_ROWS,
  TABLES,
  TEMPLATES,
  type ColumnDef,
  type Era,
  type RowDef,
  type TableId,
} from './templates/index.js';

export {
  ERAS,
  TABLES,
  OTHER_ONE_ROW,
  OTHER_THREE_ROWS,
  type Era,
  type TableId,
  type LabelledId,
  type RowDef,
  type ColumnDef,
} from './templates/index.js';

export const DISCLOSURE_COLUMNS: Record<'2019' | '2021', readonly ColumnDef[]> = {
  '2019': DISCLOSURE_2019.columns,
  '2021': DISCLOSURE_2021.columns,
};
export const DISCLOSURE_ROWS: Record<'2019' | '2021', readonly RowDef[]> = {
  '2019': DISCLOSURE_2019.rows,
  '2021': DISCLOSURE_2021.rows,
};
export const APPLICATION_COLUMNS: readonly ColumnDef[] = APPLICATIONS.columns;
export const APPLICATION_ROWS: readonly RowDef[] = APPLICATIONS.rows;
export const APPEAL_ROWS: readonly RowDef[] = APPEALS.rows;
export const APPEAL_COLUMNS: readonly ColumnDef[] = APPEALS.columns;
export const LEGACY_ROWS: readonly RowDef[] = LEGACY.rows;
/** The rows of the national form of the old table (the provinces' forms add their own). */
export const NATIONAL_LEGACY_ROWS: readonly RowDef[] = LEGACY.rows.filter((r) => !r.provincial);

// ── id helpers ──────────────────────────────────────────────────────────────────────

export function cellId(table: TableId, row: string, column: string): string {
  return `${table}.${row}.${column}`;
}

/** Splits a cell id into table, row (may hold dots) and column. */
export function parseCellId(id: string): { table: TableId; row: string; column: string } {
  const parts = id.split('.');
  const table = parts[0] as TableId;
  if (!TABLES.includes(table) || parts.length < 3) throw new Error(`not a cell id: ${id}`);
  return { table, row: parts.slice(1, -1).join('.'), column: parts[parts.length - 1]! };
}

export interface CellIdOptions {
  /** Which form of （六）其他处理 the report prints; both are valid ids of the era. */
  otherForm?: 'oneRow' | 'threeRows';
}

/** Every cell id of the era's template, in print order (for the chosen form of （六）其他处理). */
export function cellIdsForEra(era: Era, options: CellIdOptions = {}): string[] {
  const form = options.otherForm ?? 'threeRows';
  const skipped: readonly string[] = form === 'oneRow' ? OTHER_THREE_ROWS : [OTHER_ONE_ROW];
  const ids: string[] = [];
  for (const table of TEMPLATES[era].tables) {
    for (const row of table.rows) {
      if (table.id === 'applications' && skipped.includes(row.id)) continue;
      for (const c of row.columns) ids.push(cellId(table.id, row.id, c));
    }
  }
  return ids;
}

/** All ids valid for an era, both forms of （六） included: anything else is foreign. */
export function validCellIds(era: Era): Set<string> {
  return new Set([...cellIdsForEra(era, { otherForm: 'oneRow' }), ...cellIdsForEra(era, { otherForm: 'threeRows' })]);
}
