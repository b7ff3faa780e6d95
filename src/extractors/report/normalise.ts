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
import { matchLabel, normaliseLabel, scoreLabel } from './labels.js';
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
function firstColumn(texts: readonly string[], defs: readonly ColumnDef[]): ColumnDef | null {
  for (const t of texts) {
    const header = normaliseLabel(t);
    const candidates = defs.filter((d) => !d.requires || d.requires.some((w) => header.includes(w)));
    const m = matchLabel(t, candidates);
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

/** The single-column number cells of the columns full of numbers (not a stray one in a label column). */
function numberColumns(values: readonly ValueCell[]): ValueCell[] {
  const numbers = values.filter((v) => v.cell.colSpan === 1 && v.parsed.kind === 'number');
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
 * (自然人 as 直多人) is named by the template's order (nameByOrder).
 */
export function applicationColumns(values: readonly ValueCell[]): Map<number, string> {
  const byCol = readColumns(numberColumns(values), (v) => firstMatch(v.headers, APPLICATION_COLUMNS)?.id ?? null);
  return nameByOrder(
    byCol,
    APPLICATION_COLUMNS.map((c) => c.id),
  );
}

/** The same for the appeals table, within each of its groups (行政复议, the two kinds of 诉讼). */
export function appealColumns(values: readonly ValueCell[]): Map<number, string> {
  const groups = new Map<string, ValueCell[]>();
  for (const v of numberColumns(values)) {
    const group = appealGroup(v);
    if (group) groups.set(group, [...(groups.get(group) ?? []), v]);
  }
  const out = new Map<number, string>();
  for (const members of groups.values()) {
    const byCol = readColumns(members, (v) => firstMatch(v.headers, APPEAL_COLUMNS)?.id ?? null);
    for (const [col, id] of nameByOrder(
      byCol,
      APPEAL_COLUMNS.map((c) => c.id),
    ))
      out.set(col, id);
  }
  return out;
}

function mapApplications(
  v: ValueCell,
  columns: ReadonlyMap<number, string>,
  rows: ReadonlyMap<number, string>,
): string | null {
  const col =
    firstMatch(v.headers, APPLICATION_COLUMNS)?.id ?? (v.cell.colSpan === 1 ? columns.get(v.cell.col) : undefined);
  const row = applicationRow(v.labels)?.id ?? rows.get(v.cell.row);
  return col && row ? cellId('applications', row, col) : null;
}

const appealGroup = (v: ValueCell): string | null =>
  firstMatch([...v.headers, ...[...v.labels].reverse()], APPEAL_ROWS)?.id ?? null;

function mapAppeals(v: ValueCell, columns: ReadonlyMap<number, string>): string | null {
  const col = firstMatch(v.headers, APPEAL_COLUMNS)?.id ?? (v.cell.colSpan === 1 ? columns.get(v.cell.col) : undefined);
  const row = appealGroup(v);
  return col && row ? cellId('appeals', row, col) : null;
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

export function disclosureRows(values: readonly ValueCell[], era: '2019' | '2021'): Map<number, string> {
  return rowsInOrder(values, (v) => disclosureRow(v, era), DISCLOSURE[era].rows);
}

/** The application row of each grid row with values (rows in the template's order). */
export function applicationRows(values: readonly ValueCell[]): Map<number, string> {
  return rowsInOrder(values, (v) => applicationRow(v.labels)?.id ?? null, APPLICATION_ROWS);
}

function mapDisclosure(v: ValueCell, era: '2019' | '2021', rows: ReadonlyMap<number, string>): string | null {
  const id = disclosureRow(v, era) ?? rows.get(v.cell.row);
  const row = DISCLOSURE[era].rows.find((r) => r.id === id);
  if (!row) return null;
  const columns = DISCLOSURE[era].columns.filter((c) => row.columns.includes(c.id));
  const col = firstColumn(v.headers, columns);
  return col ? cellId('disclosure', row.id, col.id) : null;
}

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
  // Its row's label was read with glyphs missing: the row it names may not be the printed one.
  const confidence = source === 'ocr' && v.labelUnread ? Math.min(read, BY_PLACE_CONFIDENCE) : read;
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
): NormalisedTables {
  const ocrPages: OcrPages = { frames, blanks };
  const cells: Record<string, Cell> = {};
  const kinds: Array<TableKind | null> = [];
  // The columns of the last old table read, for a part of it below with no header of its own.
  let lastLegacy: LegacyColumns | null = null;
  for (const table of tables) {
    const index = new TableIndex(table);
    const kind = classifyTable(index.texts());
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
    const columns =
      kind === 'applications'
        ? applicationColumns(values)
        : kind === 'appeals'
          ? appealColumns(values)
          : new Map<number, string>();
    const rows =
      kind === 'disclosure' && era !== '2008'
        ? disclosureRows(values, era)
        : kind === 'applications'
          ? applicationRows(values)
          : new Map<number, string>();
    for (const v of values) {
      if (kind === 'applications') put(v, mapApplications(v, columns, rows), unitOf(v));
      else if (kind === 'appeals') put(v, mapAppeals(v, columns), unitOf(v));
      else if (era !== '2008') put(v, mapDisclosure(v, era, rows), unitOf(v));
    }
  }
  return { cells, kinds };
}
