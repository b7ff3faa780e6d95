/**
 * Tables → schema cells. Every value cell is named by the labels around it: its row by the
 * label cells on its left, its column by the header cells above it, both matched by meaning.
 */
import { cellId } from '../../schema/cells.js';
import type { Cell } from '../../schema/record.js';
import {
  APPEALS,
  APPLICATIONS,
  DISCLOSURE_2019,
  DISCLOSURE_2021,
  type ColumnDef,
  type Era,
  type LabelledId,
  type RowDef,
} from '../../schema/templates/index.js';
import type { Table } from '../layout/stitch.js';
import type { Box, PageModel } from '../model.js';
import { centreIn, frameBox } from '../geometry.js';
import { classifyTable, type TableKind } from './era.js';
import { matchLabel, type MatchOptions, normaliseLabel, scoreLabel } from './labels.js';
import { type LegacyColumns, readLegacyTable, unitIn } from './legacyTable.js';
import { TableIndex, type ValueCell } from './tableCells.js';

const APPLICATION_COLUMNS = APPLICATIONS.columns;
const APPLICATION_ROWS = APPLICATIONS.rows;
const APPEAL_COLUMNS = APPEALS.columns;
const APPEAL_ROWS = APPEALS.rows;
const DISCLOSURE = { '2019': DISCLOSURE_2019, '2021': DISCLOSURE_2021 } as const;

export interface MappedCell {
  id: string;
  cell: Cell;
}

/** First of `texts` that matches one of `defs`. */
function firstMatch<T extends LabelledId>(texts: readonly string[], defs: readonly T[]): T | null {
  for (const t of texts) {
    const m = matchLabel(t, defs);
    if (m) return m.def;
  }
  return null;
}

/**
 * First of `texts` that names one of the columns `defs`: a column whose template says which
 * words its header must hold (上一年 for 上一年项目数量) is only named by a header holding one.
 */
function firstColumn(texts: readonly string[], defs: readonly ColumnDef[], options?: MatchOptions): ColumnDef | null {
  for (const t of texts) {
    const header = normaliseLabel(t);
    const candidates = defs.filter((d) => !d.requires || d.requires.some((w) => header.includes(w)));
    const m = matchLabel(t, candidates, options);
    if (m) return m.def;
  }
  return null;
}

/** The row's own label is the rightmost; a group cell to its left (（三）不予公开) narrows the candidates. */
function applicationRow(labels: readonly string[]): RowDef | null {
  const own = labels[labels.length - 1];
  if (!own) return null;
  let group: string | null = null;
  for (const l of labels.slice(0, -1).reverse()) {
    const m = matchLabel(l, APPLICATIONS.groups, { threshold: 0.8 });
    if (m) {
      group = m.def.id;
      break;
    }
  }
  const candidates = group ? APPLICATION_ROWS.filter((r) => r.group === group) : APPLICATION_ROWS;
  return matchLabel(own, candidates)?.def ?? null;
}

/**
 * Names the unread lines among `byCol` (grid column or row → id read from its header or label,
 * or null) by a template's fixed order: only when the lines on both sides were read and leave
 * exactly one id between them, or when it is first or last next to the second or
 * second-to-last id. An inference from the readings around it, never a guess.
 */
function nameByOrder(byCol: ReadonlyMap<number, string | null>, order: readonly string[]): Map<number, string> {
  const cols = [...byCol.keys()].sort((a, b) => a - b);
  const at = (i: number): number => {
    const id = i >= 0 && i < cols.length ? byCol.get(cols[i]!) : null;
    return id ? order.indexOf(id) : -2;
  };
  const out = new Map<number, string>();
  cols.forEach((col, i) => {
    const id = byCol.get(col);
    if (id) return out.set(col, id);
    const before = at(i - 1);
    const after = at(i + 1);
    if (i === 0 && after === 1) out.set(col, order[0]!);
    else if (i === cols.length - 1 && before === order.length - 2) out.set(col, order[order.length - 1]!);
    else if (before >= 0 && after === before + 2) out.set(col, order[before + 1]!);
    return undefined;
  });
  return out;
}

/**
 * The single-column number cells of the columns full of numbers (not a stray one in a label
 * column), misread ones among them (text where a number belongs: TableIndex.isMisreadValue).
 */
function numberColumns(values: readonly ValueCell[]): ValueCell[] {
  const numbers = values.filter((v) => v.cell.colSpan === 1 && v.parsed.kind !== 'blank');
  const perCol = new Map<number, number>();
  for (const v of numbers) perCol.set(v.cell.col, (perCol.get(v.cell.col) ?? 0) + 1);
  const most = Math.max(0, ...perCol.values());
  return numbers.filter((v) => perCol.get(v.cell.col)! >= most / 2);
}

/** What each column's header says, the first reading that names it winning over unread ones. */
function readColumns(values: readonly ValueCell[], idOf: (v: ValueCell) => string | null): Map<number, string | null> {
  const into = new Map<number, string | null>();
  for (const v of values) {
    const id = idOf(v);
    if (!into.has(v.cell.col) || (into.get(v.cell.col) === null && id)) into.set(v.cell.col, id);
  }
  return into;
}

/**
 * The applicant column of each grid column that holds numbers; a header OCR could not read
 * (自然人 as 直多人) is named by the template's order (nameByOrder), and a table of the template's
 * seven columns whose headers were hardly read at all by their places (nameByShape).
 */
export function applicationColumns(values: readonly ValueCell[]): LineNames {
  const numbers = numberColumns(values);
  const order = APPLICATION_COLUMNS.map((c) => c.id);
  const byCol = readColumns(numbers, (v) => firstMatch(v.headers, APPLICATION_COLUMNS)?.id ?? null);
  return nameByShape([...byCol.keys()], nameByOrder(byCol, order), [order]);
}

/** The appeals table's columns (cell id column) and the group (cell id row) each stands in. */
export interface AppealColumns extends LineNames {
  groups: Map<number, string>;
}

/**
 * The same for the appeals table, within each of its groups (行政复议, the two kinds of 诉讼).
 * Fifteen number columns whose groups were not read are the template's three groups of five by
 * their places, where every column read stands at its place.
 */
export function appealColumns(values: readonly ValueCell[]): AppealColumns {
  const numbers = numberColumns(values);
  const groups = new Map<string, ValueCell[]>();
  const groupOf = new Map<number, string>();
  for (const v of numbers) {
    const group = appealGroup(v);
    if (!group) continue;
    groups.set(group, [...(groups.get(group) ?? []), v]);
    groupOf.set(v.cell.col, group);
  }
  const order = APPEAL_COLUMNS.map((c) => c.id);
  const names = new Map<number, string>();
  for (const members of groups.values()) {
    const byCol = readColumns(members, (v) => firstMatch(v.headers, APPEAL_COLUMNS)?.id ?? null);
    for (const [col, id] of nameByOrder(byCol, order)) names.set(col, id);
  }
  // By shape: each column's place names its group and column together (review.upheld …).
  const pair = (col: number): string | null =>
    groupOf.has(col) && names.has(col) ? `${groupOf.get(col)}.${names.get(col)}` : null;
  const cols = [...new Set(numbers.map((v) => v.cell.col))];
  const read = new Map<number, string>();
  for (const col of cols) {
    const id = pair(col);
    if (id) read.set(col, id);
  }
  const form = APPEAL_ROWS.flatMap((r) => order.map((c) => `${r.id}.${c}`));
  // A column whose group or header alone was read must agree with its place too.
  const agrees = (col: number, id: string): boolean => {
    const [group, column] = id.split('.') as [string, string];
    return (!groupOf.has(col) || groupOf.get(col) === group) && (!names.has(col) || names.get(col) === column);
  };
  const shape = nameByShape(cols, read, [form], agrees);
  const byPlace = shape.byPlace;
  const groupsOut = new Map(groupOf);
  for (const col of byPlace) {
    const [group, column] = shape.names.get(col)!.split('.') as [string, string];
    groupsOut.set(col, group);
    names.set(col, column);
  }
  return { names, byPlace, groups: groupsOut };
}

/** A value's cell id, and whether its row or column was named by the table's shape alone. */
interface Named {
  id: string;
  byPlace: boolean;
}

function mapApplications(v: ValueCell, columns: LineNames, rows: LineNames): Named | null {
  const header = firstMatch(v.headers, APPLICATION_COLUMNS)?.id;
  const col = header ?? (v.cell.colSpan === 1 ? columns.names.get(v.cell.col) : undefined);
  const label = applicationRow(v.labels)?.id;
  const row = label ?? rows.names.get(v.cell.row);
  if (!col || !row) return null;
  const byPlace = (!header && columns.byPlace.has(v.cell.col)) || (!label && rows.byPlace.has(v.cell.row));
  return { id: cellId('applications', row, col), byPlace };
}

const appealGroup = (v: ValueCell): string | null =>
  firstMatch([...v.headers, ...[...v.labels].reverse()], APPEAL_ROWS)?.id ?? null;

function mapAppeals(v: ValueCell, columns: AppealColumns): Named | null {
  const header = firstMatch(v.headers, APPEAL_COLUMNS)?.id;
  const single = v.cell.colSpan === 1;
  const col = header ?? (single ? columns.names.get(v.cell.col) : undefined);
  const group = appealGroup(v);
  const row = group ?? (single ? columns.groups.get(v.cell.col) : undefined);
  if (!col || !row) return null;
  return { id: cellId('appeals', row, col), byPlace: single && columns.byPlace.has(v.cell.col) && !(header && group) };
}

/** The disclosure row a value's own label (its rightmost) names. */
function disclosureRow(v: ValueCell, era: '2019' | '2021'): string | null {
  const own = v.labels[v.labels.length - 1];
  return own ? (matchLabel(own, DISCLOSURE[era].rows)?.def.id ?? null) : null;
}

/**
 * The row id of each grid row with values, read from its label by `idOf`; a label OCR could not
 * read (规章 as 规刘, （七）总计 as 人世)总计) is named by the template's order `defs`, from the
 * rows read around it (nameByOrder), or by likeness among the ids the order leaves it: after the
 * row read above it, before the one read below.
 */
function rowsInOrder(
  values: readonly ValueCell[],
  idOf: (v: ValueCell) => string | null,
  defs: readonly LabelledId[],
): Map<number, string> {
  const byRow = new Map<number, string | null>();
  const labelOf = new Map<number, string>();
  for (const v of values) {
    const id = idOf(v);
    if (!byRow.has(v.cell.row) || (byRow.get(v.cell.row) === null && id)) byRow.set(v.cell.row, id);
    const own = v.labels[v.labels.length - 1];
    if (own) labelOf.set(v.cell.row, own);
  }
  const order = defs.map((r) => r.id);
  const named = nameByOrder(byRow, order);
  const rows = [...byRow.keys()].sort((a, b) => a - b);
  rows.forEach((row, i) => {
    if (named.has(row)) return;
    const label = labelOf.get(row);
    if (!label) return;
    const above = rows
      .slice(0, i)
      .reverse()
      .find((r) => named.has(r));
    const below = rows.slice(i + 1).find((r) => named.has(r));
    const lo = above === undefined ? -1 : order.indexOf(named.get(above)!);
    const hi = below === undefined ? order.length : order.indexOf(named.get(below)!);
    const allowed = defs.filter((_, k) => k > lo && k < hi);
    const scored = scoreLabel(label, allowed).sort((a, b) => b.score - a.score);
    if (scored[0] && scored[0].score >= 0.5 && scored[0].score - (scored[1]?.score ?? 0) >= 0.2)
      named.set(row, scored[0].def.id);
  });
  return named;
}

/** Lines named, and the ones of them named by the table's shape alone (nameByShape). */
export interface LineNames {
  names: Map<number, string>;
  byPlace: Set<number>;
}

/**
 * Names every line by its place when the table has exactly as many as one printed form of the
 * template (`forms`, ids in print order) and every line already named stands at its place in
 * that form: a table of the template's shape whose labels could not be read. An inference from
 * the shape alone, so the values it names are flagged (BY_PLACE_CONFIDENCE).
 */
export function nameByShape(
  lines: readonly number[],
  named: ReadonlyMap<number, string>,
  forms: ReadonlyArray<readonly string[]>,
  fitsLine: (line: number, id: string) => boolean = () => true,
): LineNames {
  const sorted = [...lines].sort((a, b) => a - b);
  const names = new Map(named);
  const byPlace = new Set<number>();
  if (sorted.every((l) => named.has(l))) return { names, byPlace };
  const fits = forms.filter(
    (form) =>
      form.length === sorted.length &&
      sorted.every((l, i) => (named.has(l) ? named.get(l) === form[i] : fitsLine(l, form[i]!))),
  );
  if (fits.length !== 1) return { names, byPlace };
  sorted.forEach((l, i) => {
    if (names.has(l)) return;
    names.set(l, fits[0]![i]!);
    byPlace.add(l);
  });
  return { names, byPlace };
}

/**
 * The rows that hold values: a number (or a misread one) in at least half of the number columns.
 * Not a header row with a stray digit OCR saw in a stroke, nor a sliver of empty cells a label
 * split off.
 */
function valueRows(values: readonly ValueCell[]): number[] {
  const columns = new Set(numberColumns(values).map((v) => v.cell.col));
  const perRow = new Map<number, number>();
  for (const v of values)
    if (v.cell.colSpan === 1 && columns.has(v.cell.col) && v.parsed.kind !== 'blank')
      perRow.set(v.cell.row, (perRow.get(v.cell.row) ?? 0) + 1);
  return [...perRow].filter(([, n]) => n >= columns.size / 2).map(([row]) => row);
}

/**
 * The orders a table's rows are printed in: the template's, less one of each pair of exclusive
 * forms — a group printed as one row (（六）其他处理, id other.total) or as its detail rows.
 */
function rowForms(defs: readonly RowDef[]): string[][] {
  const ids = defs.map((d) => d.id);
  const oneRow = defs.filter((d) => d.group && d.id === `${d.group}.total`);
  if (oneRow.length === 0) return [ids];
  const detail = (d: RowDef): boolean => oneRow.some((o) => d.group === o.group && d.id !== o.id);
  return [ids.filter((id) => !oneRow.some((o) => o.id === id)), defs.filter((d) => !detail(d)).map((d) => d.id)];
}

/** A disclosure row's value cells, left to right: the cells with a label left of them. */
function disclosureValues(values: readonly ValueCell[], row: number): ValueCell[] {
  return values.filter((v) => v.cell.row === row && v.labels.length > 0).sort((a, b) => a.cell.col - b.cell.col);
}

/**
 * The disclosure row of each grid row with values. By shape only where each row holds as many
 * values as its template row has columns (规章 three, 行政许可 one).
 */
export function disclosureRows(values: readonly ValueCell[], era: '2019' | '2021'): LineNames {
  const defs = DISCLOSURE[era].rows;
  const rows = [
    ...new Set(values.filter((v) => v.parsed.kind === 'number' && v.labels.length > 0).map((v) => v.cell.row)),
  ];
  const width = (row: number): number => disclosureValues(values, row).length;
  return nameByShape(
    rows,
    rowsInOrder(values, (v) => disclosureRow(v, era), defs),
    rowForms(defs),
    (row, id) => defs.some((d) => d.id === id && d.columns.length === width(row)),
  );
}

/** The application row of each grid row with values (rows in the template's order). */
export function applicationRows(values: readonly ValueCell[]): LineNames {
  const named = rowsInOrder(values, (v) => applicationRow(v.labels)?.id ?? null, APPLICATION_ROWS);
  return nameByShape(valueRows(values), named, rowForms(APPLICATION_ROWS));
}

/** A header that names a period of its own (2019年项目数量): another quantity, never placed as ours. */
function namesAnotherPeriod(v: ValueCell): boolean {
  return v.headers.some((h) => /\d{4}\s*年/u.test(h));
}

/** The template columns a disclosure row prints, in the template's column order. */
function columnsOfRow(row: RowDef, era: '2019' | '2021'): ColumnDef[] {
  return DISCLOSURE[era].columns.filter((c) => row.columns.includes(c.id));
}

function mapDisclosure(
  v: ValueCell,
  era: '2019' | '2021',
  rows: LineNames,
  values: readonly ValueCell[],
): Named | null {
  const own = disclosureRow(v, era);
  const id = own ?? rows.names.get(v.cell.row);
  const row = DISCLOSURE[era].rows.find((r) => r.id === id);
  if (!row) return null;
  const columns = columnsOfRow(row, era);
  const header = firstColumn(v.headers, columns);
  const byRowPlace = !own && rows.byPlace.has(v.cell.row);
  if (header) return { id: cellId('disclosure', row.id, header.id), byPlace: byRowPlace };
  if (namesAnotherPeriod(v)) return null;
  // Headers not read: the row's values, left to right, are its template columns where they are
  // as many and every header read among them stands at its place.
  const inRow = disclosureValues(values, v.cell.row);
  const at = inRow.indexOf(v);
  if (inRow.length !== row.columns.length || at < 0) {
    // Fewer values than the template's columns (a column not printed): only a header read
    // badly but far likelier one of the row's columns than any other (处中决定娄基) names it.
    const likely = firstColumn(v.headers, columns, LIKELY_HEADER) ?? sameColumnElsewhere(v, columns, values);
    return likely ? { id: cellId('disclosure', row.id, likely.id), byPlace: true } : null;
  }
  const inPlace = inRow.every((w, k) => {
    const read = firstColumn(w.headers, columns);
    return !read || read.id === row.columns[k];
  });
  return inPlace ? { id: cellId('disclosure', row.id, row.columns[at]!), byPlace: true } : null;
}

/**
 * Text cells where a disclosure row's value belongs: right of the row's label, under a header of
 * one of its columns, or at a column's place where the row prints as many cells right of its
 * label as the template has columns (1.8533 万元 read as l.8S33刀元 under a garbled header). In a
 * one-row block (政府集中采购) no other number of the column tells such a cell is a value, and
 * report.structure requires only the columns read: taken for a label, the value would be lost
 * without a word. Kept empty at confidence 0 with its raw text, it is named for a reviewer.
 */
function misreadDisclosureValues(index: TableIndex, era: '2019' | '2021'): Array<{ v: ValueCell; id: string }> {
  const out: Array<{ v: ValueCell; id: string }> = [];
  for (const cell of index.table.cells) {
    if (!index.isText(cell) || cell.col === 0 || cell.rowSpan !== 1) continue;
    const v: ValueCell = {
      cell,
      parsed: { kind: 'text' },
      headers: index.headersAbove(cell),
      labels: index.labelsLeft(cell),
    };
    const own = disclosureRow(v, era);
    const row = DISCLOSURE[era].rows.find((r) => r.id === own);
    if (!row) continue;
    const columns = columnsOfRow(row, era);
    const right = index.cellsRightOfLabel(cell);
    const column =
      firstColumn(v.headers, columns) ??
      (right.length === row.columns.length ? columns.find((c) => c.id === row.columns[right.indexOf(cell)]) : null);
    if (column) out.push({ v, id: cellId('disclosure', row.id, column.id) });
  }
  return out;
}

/**
 * The column of the row's that another block of the table heads at the same place (same grid
 * column and width): 第二十条第（五）项 and （六）项 print the same headers one above the other, so
 * where OCR garbled one (处理决定数量 as 处再状定教直) the other tells it. By place: flagged.
 */
function sameColumnElsewhere(
  v: ValueCell,
  columns: readonly ColumnDef[],
  values: readonly ValueCell[],
): ColumnDef | null {
  const read = new Set<ColumnDef>();
  for (const w of values) {
    if (w.cell.row === v.cell.row || w.cell.col !== v.cell.col || w.cell.colSpan !== v.cell.colSpan) continue;
    const header = firstColumn(w.headers.slice(0, 1), columns, LIKELY_HEADER);
    if (header) read.add(header);
  }
  return read.size === 1 ? [...read][0]! : null;
}

/** Likeness a misread header needs to its column, and its lead over the row's other columns. */
const LIKELY_HEADER: MatchOptions = { threshold: 0.34, margin: 0.2 };

/** Frames of the pages read by OCR: boxes found there are mapped back onto the printed page. */
export type PageFrames = ReadonlyMap<number, NonNullable<PageModel['frame']>>;

function printedBox(box: Box, frame: NonNullable<PageModel['frame']> | undefined): Box {
  return frame ? frameBox(box, frame) : box;
}

/** The confidence of a value named only by where it stands: low enough for extraction.confidence. */
const BY_PLACE_CONFIDENCE = 0.5;

/** Boxes of the cells the OCR reader's ink test found blank, by page (PageModel.blanks). */
export type PageBlanks = ReadonlyMap<number, readonly Box[]>;

/** Whether the ink test found this cell blank: a checked cell's box holds the cell's centre. */
function checkedBlank(v: ValueCell, blanks: PageBlanks): boolean {
  return (blanks.get(v.cell.page) ?? []).some((k) => centreIn(v.cell.bbox, k));
}

function toCell(v: ValueCell, source: 'text' | 'ocr', pages: OcrPages, unit: string | undefined): Cell {
  const words = v.cell.words;
  // An empty cell read by OCR is as sure as the ink test that found it empty; one no ink test
  // saw may hold a glyph OCR dropped, and a misread one is not sure at all.
  const unchecked = source === 'ocr' && v.parsed.kind === 'blank' && !checkedBlank(v, pages.blanks);
  const read =
    v.parsed.kind === 'text'
      ? 0
      : words.length
        ? Math.min(...words.map((w) => w.confidence))
        : unchecked
          ? BY_PLACE_CONFIDENCE
          : 1;
  // Its row's label was read with glyphs missing: the row it names may not be the printed one;
  // or its unit was misread, so its number may be too.
  const confidence = source === 'ocr' && (v.labelUnread || v.unitMisread) ? Math.min(read, BY_PLACE_CONFIDENCE) : read;
  const frames = pages.frames;
  return {
    value: v.parsed.kind === 'number' ? v.parsed.value : null,
    page: v.cell.page,
    bbox: printedBox(v.cell.bbox, frames.get(v.cell.page)).map((x) => Math.round(x * 100) / 100) as Cell['bbox'],
    source,
    confidence: Math.max(0, Math.min(1, confidence)),
    raw: v.cell.text,
    ...(unit ? { unit } : {}),
  };
}

/** The unit printed for a value of the newer tables: in its cell (80 万元), else in its header (本年收费金额（万元）). */
function unitOf(v: ValueCell): string | undefined {
  return unitIn(v.cell.text) ?? v.headers.map(unitIn).find((u) => u);
}

export interface NormalisedTables {
  cells: Record<string, Cell>;
  /** Kinds of the tables found, in order. */
  kinds: Array<TableKind | null>;
}

/**
 * Maps every table's value cells onto cell ids of `era`. The first printing of an id wins.
 * `year`, the report's, tells the old table's current column (2013年度) from other years'.
 */
/** What normalising needs to know of the pages read by OCR. */
export interface OcrPages {
  frames: PageFrames;
  blanks: PageBlanks;
}

export function normaliseTables(
  tables: readonly Table[],
  era: Era | null,
  frames: PageFrames = new Map(),
  year: number | null = null,
  blanks: PageBlanks = new Map(),
  /** Each table's kind when known beforehand (tableKinds: by the heading above it too). */
  known: ReadonlyArray<TableKind | null> = [],
): NormalisedTables {
  const ocrPages: OcrPages = { frames, blanks };
  const cells: Record<string, Cell> = {};
  const kinds: Array<TableKind | null> = [];
  // The columns of the last old table read, for a part of it below with no header of its own.
  let lastLegacy: LegacyColumns | null = null;
  for (const [i, table] of tables.entries()) {
    const index = new TableIndex(table);
    const kind = known[i] ?? classifyTable(index.texts());
    kinds.push(kind);
    if (!kind || !era) continue;
    if ((kind === 'legacy') !== (era === '2008')) continue;
    const values = index.valueCells();
    // Pages read by OCR have a frame; their cells are OCR cells even when empty.
    const source = (v: ValueCell): 'text' | 'ocr' =>
      frames.has(v.cell.page) || v.cell.words.some((w) => w.source === 'ocr') ? 'ocr' : 'text';
    // A misread value is kept, empty at confidence 0 with its raw text, so the reviewer sees
    // where it is: extraction.confidence names it from OCR, report.structure from a text layer.
    const put = (v: ValueCell, id: string | null, unit: string | undefined): void => {
      if (id && !(id in cells)) cells[id] = toCell(v, source(v), ocrPages, unit);
    };
    // Named by the table's shape alone: right only if the table is the template's, so a reviewer
    // checks it. Only where OCR could not read the labels: a text layer's labels say what they
    // say, and one that names no template row is another table's.
    const putNamed = (v: ValueCell, named: Named | null): void => {
      if (!named || named.id in cells || (named.byPlace && source(v) === 'text')) return;
      put(v, named.id, unitOf(v));
      if (named.byPlace)
        cells[named.id] = {
          ...cells[named.id]!,
          confidence: Math.min(cells[named.id]!.confidence, BY_PLACE_CONFIDENCE),
        };
    };
    if (kind === 'legacy') {
      const legacy = readLegacyTable(values, index, year, (v) => source(v) === 'ocr', lastLegacy);
      lastLegacy = legacy.columns.valueCols.length > 0 ? legacy.columns : null;
      for (const c of legacy.cells) {
        const id = cellId('legacy', c.id, 'value');
        put(c.value, id, c.unit);
        // Its label was misread: the value is the row's only by its place, so a reviewer checks it.
        if (c.byPlace && cells[id])
          cells[id] = { ...cells[id], confidence: Math.min(cells[id].confidence, BY_PLACE_CONFIDENCE) };
      }
      continue;
    }
    if (kind === 'applications') {
      const columns = applicationColumns(values);
      const rows = applicationRows(values);
      for (const v of values) putNamed(v, mapApplications(v, columns, rows));
    } else if (kind === 'appeals') {
      const columns = appealColumns(values);
      for (const v of values) putNamed(v, mapAppeals(v, columns));
    } else if (era !== '2008') {
      const rows = disclosureRows(values, era);
      for (const v of values) putNamed(v, mapDisclosure(v, era, rows, values));
      for (const { v, id } of misreadDisclosureValues(index, era)) put(v, id, undefined);
    }
  }
  return { cells, kinds };
}
