/**
 * The old statistics table (era 2008) in any of its forms: a label column, often a unit
 * column, one or more value columns. The value column is the one its header names as the
 * current year's (统计数, 本年度, 年末统计, 2013年度 …), never a cumulative or last year's one
 * (历年累计); rows are matched by meaning against the template's wordings; the unit printed for
 * a row is kept. A row with no schema id is left out.
 */
import { LEGACY, LEGACY_HEADERS, OTHER_QUANTITIES, UNITS } from '../../schema/templates/index.js';
import { labelSimilarity, normaliseLabel, scoreLabel } from './labels.js';
import type { TableIndex, ValueCell } from './tableCells.js';

export type LegacyColumnRole = 'value' | 'notCurrent' | 'unit' | 'label';

const norm = (words: readonly string[]): string[] => words.map(normaliseLabel);
const HEADERS = {
  label: norm(LEGACY_HEADERS.label),
  unit: norm(LEGACY_HEADERS.unit),
  value: norm(LEGACY_HEADERS.value),
  notCurrent: norm(LEGACY_HEADERS.notCurrent),
};

/** A header word in the text, or the text close to it (OCR: 年未统计 for 年末统计). */
function names(text: string, words: readonly string[]): boolean {
  return words.some((w) => text.includes(w) || ([...w].length >= 3 && labelSimilarity(text, w) >= 0.75));
}

const YEAR = /((?:19|20)\d{2})\s*年/u;

/**
 * What a column of the old table holds, from its header: the current year's values, values
 * that are not the current year's (cumulative, last year), units, labels; null when unknown.
 */
export function legacyColumnRole(header: string | null, year: number | null): LegacyColumnRole | null {
  if (header === null) return null;
  const raw = header.normalize('NFKC').replace(/\s+/gu, '');
  const text = normaliseLabel(header) || raw;
  if (HEADERS.notCurrent.some((w) => text.includes(w))) return 'notCurrent';
  const y = YEAR.exec(raw);
  if (y) return year === null || Number(y[1]) === year ? 'value' : 'notCurrent';
  if (
    HEADERS.unit.includes(text) ||
    names(
      text,
      HEADERS.unit.filter((w) => [...w].length >= 3),
    )
  )
    return 'unit';
  if (names(text, HEADERS.value)) return 'value';
  if (HEADERS.label.some((w) => text.includes(w))) return 'label';
  return null;
}

const UNIT_ALTERNATIVES = UNITS.join('|');
const UNIT_ONLY = new RegExp(`^[（(]?(${UNIT_ALTERNATIVES})[)）]?$`, 'u');
const UNIT_IN_BRACKETS = new RegExp(`[（(]\\s*(?:单位[:：]?\\s*)?(${UNIT_ALTERNATIVES})\\s*[)）]`, 'u');
const UNIT_AFTER_NUMBER = new RegExp(`\\d\\s*(${UNIT_ALTERNATIVES})$`, 'u');

/** A cell that holds nothing but a unit (条, （万元）). */
export function isUnitText(text: string): boolean {
  return UNIT_ONLY.test(text.normalize('NFKC').replace(/\s+/gu, ''));
}

/** The unit a text prints: alone (a unit cell), after a number (80万元), or in brackets (费用（万元）). */
export function unitIn(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const s = text.normalize('NFKC').replace(/\s+/gu, '');
  return UNIT_ONLY.exec(s)?.[1] ?? UNIT_AFTER_NUMBER.exec(s)?.[1] ?? UNIT_IN_BRACKETS.exec(s)?.[1];
}

export interface LegacyCell {
  value: ValueCell;
  id: string;
  unit?: string;
  /** Named by its place between rows that matched, not by its (misread) label: to be checked. */
  byPlace?: true;
}

/** Where an old table's columns start, and which of them holds the current year's values. */
export interface LegacyColumns {
  xs: number[];
  valueCols: number[];
}

/** The left edge of each column of a table (its single-column cells'), in points. */
function columnStarts(index: TableIndex): number[] {
  const xs: number[] = [];
  for (const c of index.table.cells) if (c.colSpan === 1) xs[c.col] = Math.min(xs[c.col] ?? Infinity, c.bbox[0]);
  return Array.from({ length: index.table.colCount }, (_, i) => xs[i] ?? Number.NaN);
}

/** Two tables' columns start at the same places: within 3% of the table's width. */
function sameColumns(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length || a.length < 2) return false;
  const width = Math.max(...a.filter(Number.isFinite)) - Math.min(...a.filter(Number.isFinite));
  return a.every(
    (x, i) => Number.isFinite(x) && Number.isFinite(b[i]!) && Math.abs(x - b[i]!) <= 0.03 * Math.max(width, 1) + 2,
  );
}

/** Below this likeness a misread label is not given the one row its neighbours leave. */
const PLACE_LIKENESS = 0.5;
/** Labels read with less mean confidence than this are taken for misread. */
const MISREAD_LABEL = 0.8;

/** Below this a label names no row: a row of a provincial form with no schema id is left out. */
const ROW_THRESHOLD = 0.7;
/** A best row this close to another row's score is ambiguous (unless the labels are the same). */
const ROW_MARGIN = 0.05;
/**
 * The same for a label read by OCR, whose dropped or misread glyphs move scores: 信函、传真申请数
 * read as 信六、传真申请数 is 0.92 like 传真申请数 (the fax row) and 0.86 like its own row.
 */
const OCR_ROW_MARGIN = 0.1;

/** The wording of `def` closest to a printed label. */
function closestWording(label: string, labels: readonly string[]): string {
  const printed = normaliseLabel(label);
  let best = '';
  let bestScore = -1;
  for (const l of labels) {
    const score = labelSimilarity(printed, normaliseLabel(l));
    if (score > bestScore) [best, bestScore] = [normaliseLabel(l), score];
  }
  return best;
}

/** The two-character words of a text. */
const bigrams = (text: string): string[] => [...text].slice(1).map((c, i) => [...text][i]! + c);

/**
 * A close rival wording is told apart from the best by what was read: the label prints a word of
 * the best wording that the rival lacks, and none of the rival's that the best lacks (减免 of
 * 政府信息公开收费减免金额 read as 政府们息公并收费减免金额, against 政府信息公开收费金额).
 */
function toldApart(printed: string, best: string, rival: string): boolean {
  const has = (words: readonly string[], other: string): boolean =>
    words.some((w) => printed.includes(w) && !other.includes(w));
  return has(bigrams(best), rival) && !has(bigrams(rival), best);
}

/**
 * The row a value's labels name, or null when none is close or two are about as close. Rows
 * worded the same (被依法纠错数 under 复议 and 诉讼) tie: the first after the last row matched
 * wins, as the template's outline runs.
 */
function rowOf(labels: readonly string[], lastIndex: number, margin: number): { index: number; score: number } | null {
  let best: { index: number; score: number } | null = null;
  for (const label of labels) {
    const scores = scoreLabel(label, LEGACY.rows).map((s, index) => ({ ...s, index }));
    const top = Math.max(0, ...scores.map((s) => s.score));
    if (top < ROW_THRESHOLD || (best && top <= best.score)) continue;
    const tied = scores.filter((s) => s.score >= top - 1e-9);
    const wordings = new Set(tied.map((t) => closestWording(label, t.def.labels)));
    const printed = normaliseLabel(label);
    const rival = scores.some(
      (s) =>
        s.score < top - 1e-9 &&
        s.score >= top - margin &&
        !toldApart(printed, [...wordings][0]!, closestWording(label, s.def.labels)),
    );
    if (wordings.size !== 1 || (top < 1 && rival)) continue;
    const wording = [...wordings][0]!;
    if (OTHER_QUANTITIES.some((w) => printed.includes(w) && !wording.includes(w))) continue;
    best = { index: (tied.find((t) => t.index > lastIndex) ?? tied[0]!).index, score: top };
  }
  return best;
}

/**
 * The value cells of an old table named by row id, in reading order, with the unit printed for
 * each. On a page read by OCR (`misreadable`) a row whose label names no row is not taken for a
 * provincial row without an id when it stands where template rows are missing and is like one of
 * them: it gets that row's id, marked `byPlace`, so it is shown to be checked and never dropped.
 */
export function readLegacyTable(
  values: readonly ValueCell[],
  index: TableIndex,
  year: number | null,
  misreadable: (v: ValueCell) => boolean = () => false,
  above: LegacyColumns | null = null,
): { cells: LegacyCell[]; columns: LegacyColumns } {
  const titleOf = (v: ValueCell): string | null => index.columnHeader(v.cell);
  const roleOf = new Map<number, LegacyColumnRole | null>();
  for (const v of values) if (!roleOf.has(v.cell.col)) roleOf.set(v.cell.col, legacyColumnRole(titleOf(v), year));
  let valueCols = [...roleOf].filter(([, r]) => r === 'value').map(([c]) => c);
  // No header names the value column (its header is on a page of its own, or unreadable): a
  // table with one column of numbers, none of them named as another year's, has it there. A
  // column mostly of units is the unit column, whatever OCR took a few of its units for (件 as 5).
  if (valueCols.length === 0) {
    const mostlyNumbers = (col: number): boolean => {
      const units = index.table.cells.filter((c) => c.col === col && c.colSpan === 1 && isUnitText(c.text)).length;
      return values.filter((v) => v.cell.col === col && v.parsed.kind === 'number').length > units;
    };
    const numberCols = [...new Set(values.filter((v) => v.parsed.kind === 'number').map((v) => v.cell.col))].filter(
      mostlyNumbers,
    );
    if (numberCols.length === 1 && ![...roleOf.values()].includes('notCurrent')) valueCols = numberCols;
  }
  // A table with no header of its own under one that had it, on the same columns, is its
  // continuation (a rule between them read broken): its value column is the one above.
  const xs = columnStarts(index);
  if (valueCols.length === 0 && above && sameColumns(above.xs, xs)) valueCols = above.valueCols;
  // Reading order: each value with the template row it matched (or null).
  const read: Array<{
    v: ValueCell;
    labels: string[];
    unit: string | undefined;
    index: number | null;
    labelConfidence: number;
  }> = [];
  let lastIndex = -1;
  for (const v of values) {
    if (!valueCols.includes(v.cell.col)) continue;
    const units = v.labels.filter(isUnitText);
    const labels = v.labels.filter((l) => !isUnitText(l));
    const match = rowOf(labels, lastIndex, misreadable(v) ? OCR_ROW_MARGIN : ROW_MARGIN);
    if (match) lastIndex = match.index;
    const unit =
      unitIn(v.cell.text) ?? unitIn(units[units.length - 1]) ?? labels.map(unitIn).find((u) => u) ?? unitIn(titleOf(v));
    read.push({ v, labels, unit, index: match?.index ?? null, labelConfidence: v.labelConfidence ?? 1 });
  }
  const taken = new Set(read.map((r) => r.index).filter((i): i is number => i !== null));
  const out: LegacyCell[] = [];
  // The row each value was given so far, by its label or by its place: a row placed stands
  // before the rows after it as one matched does (the rows run in the template's order).
  const placed: Array<number | null> = [];
  for (let k = 0; k < read.length; k++) {
    const r = read[k]!;
    const place = r.index === null && misreadable(r.v) ? rowByPlace(read, placed, k, taken) : null;
    if (place !== null) taken.add(place);
    const index = r.index ?? place;
    placed.push(index);
    if (index === null) continue;
    out.push({
      value: r.v,
      id: LEGACY.rows[index]!.id,
      ...(r.unit ? { unit: r.unit } : {}),
      ...(r.index === null ? { byPlace: true as const } : {}),
    });
  }
  return { cells: out, columns: { xs, valueCols } };
}

/**
 * The template row a misread label stands for: the untaken row most like it between the row
 * given before it (`placed`: matched or placed) and the row matched after it, or, when none is
 * like it, the first of those rows.
 */
function rowByPlace(
  read: ReadonlyArray<{ labels: string[]; index: number | null; labelConfidence: number }>,
  placed: ReadonlyArray<number | null>,
  k: number,
  taken: ReadonlySet<number>,
): number | null {
  const before =
    placed
      .slice(0, k)
      .reverse()
      .find((i) => i !== null) ?? -1;
  const after = read.slice(k + 1).find((r) => r.index !== null)?.index ?? LEGACY.rows.length;
  const printed = read[k]!.labels.map(normaliseLabel).filter((l) => /[\u3400-\u9fff]/u.test(l));
  if (printed.length === 0) return null;
  const open: number[] = [];
  for (let i = before + 1; i < after; i++) if (!taken.has(i)) open.push(i);
  let best: { index: number; score: number } | null = null;
  for (const i of open) {
    const score = Math.max(
      ...printed.flatMap((p) => LEGACY.rows[i]!.labels.map((l) => labelSimilarity(p, normaliseLabel(l)))),
    );
    if (score >= PLACE_LIKENESS && (!best || score > best.score)) best = { index: i, score };
  }
  if (best) return best.index;
  // A label too misread to be like anything (信函申请数 read as 舍凡中请数, OCR unsure of it)
  // between two rows that were read: the next row by the template's order. Its value is checked
  // either way; dropped, it could pass unseen where no sum covers the row. A label read with
  // confidence that names no row is a provincial row without an id, as on a text layer.
  const between = before >= 0 && read.slice(k + 1).some((r) => r.index !== null);
  return between && read[k]!.labelConfidence < MISREAD_LABEL ? (open[0] ?? null) : null;
}
