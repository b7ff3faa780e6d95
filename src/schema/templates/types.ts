/**
 * The shape of a template as data: its eras, their tables, each table's rows and columns with
 * every label variant known, the words that tell one table or era from another, which rows and
 * columns a report must print, and which rules apply. Everything that reads or checks a table
 * (era detection, normalisation, validation, the review UI) takes its knowledge from here.
 */
export const ERAS = ['2008', '2019', '2021'] as const;
export type Era = (typeof ERAS)[number];

export const TABLES = ['disclosure', 'applications', 'appeals', 'legacy'] as const;
export type TableId = (typeof TABLES)[number];

export interface LabelledId {
  id: string;
  /** Template wording first, then variants seen in real reports. */
  labels: readonly string[];
}

export interface ColumnDef extends LabelledId {
  /**
   * Words one of which a printed header must hold to be this column: 上一年项目数量 needs
   * 上一年 / 上年, so a header naming another quantity (2019年项目数量) is not forced onto it.
   */
  requires?: readonly string[];
  /** Money (万元): may be a decimal and large. */
  amount?: boolean;
  /** A signed change (+7, 减3): may be negative. */
  signed?: boolean;
}

export interface RowDef extends LabelledId {
  /** Column ids this row has. */
  columns: readonly string[];
  /** The group (三（三）不予公开 …) a numbered sub-row belongs to. */
  group?: string;
  /** A result row, counted in applications.results (三 办理结果). */
  result?: boolean;
  /** Outline numbering the template prints before the label (一、, （七）). */
  numbering?: string;
  /** Money (万元, 元): may be a decimal and large. */
  amount?: boolean;
  /** Only provincial forms of the table print this row; the national template does not. */
  provincial?: boolean;
}

export interface GroupDef extends LabelledId {
  /** The group's heading as the template prints it. */
  title: string;
}

/**
 * What a report must print of a table:
 * - `all`: every row and column of the template (the applications and appeals tables);
 * - `columnsAsPrinted`: every row, but only the columns the report prints (a report may print
 *   another quantity in place of a template column: 2019年项目数量);
 * - `rowsAsPrinted`: only the rows the report prints (provincial forms of the old table print
 *   their own subsets).
 */
export type PrintedPolicy = 'all' | 'columnsAsPrinted' | 'rowsAsPrinted';

export interface TableTemplate {
  id: TableId;
  /** The table's heading in the template. */
  title: string;
  /** Words whose presence in a printed table tells this table from the others. */
  markers: readonly string[];
  columns: readonly ColumnDef[];
  rows: readonly RowDef[];
  groups: readonly GroupDef[];
  printed: PrintedPolicy;
  /** Validation rules over this table's cells (src/validate/rules.ts names them all). */
  rules: readonly string[];
}

export interface EraTemplate {
  era: Era;
  /** The report years the template was in force for: [first, last] (null: still in force). */
  years: readonly [number, number | null];
  /** Header words only this era's template prints. */
  markers: readonly string[];
  /** The tables a report of this era prints, in print order. */
  tables: readonly TableTemplate[];
  /** Rules of this era beyond its tables' own (archive.inForce compares era-2021 tables). */
  rules: readonly string[];
}

/** A sum a table's outline implies: total = Σ parts (legacy.sums). */
export interface SumDef {
  total: string;
  parts: readonly string[];
}
