/**
 * Builds the national-template tables (disclosure, applications, appeals, the 2008 statistics
 * table) as merged-cell grids for the renderer, taking the label wording from the seed's rows
 * and the printed values from the sample's value set. Each builder also returns the truth:
 * cell id → value as printed (sign and unit stripped).
 */
import {
  APPLICATION_ROWS,
  APPLICATION_COLUMNS,
  APPEAL_ROWS,
  APPEAL_COLUMNS,
  DISCLOSURE_ROWS,
  NATIONAL_LEGACY_ROWS,
  OTHER_ONE_ROW,
  OTHER_THREE_ROWS,
  cellId,
} from '../../src/schema/cells.js';
import type { BorderStyle, TableCell, TableSpec } from './pdf.js';

export type Printed = Map<string, string>;
export type Truth = Map<string, number>;

export interface TableLook {
  border: BorderStyle;
  fontSize: number;
  /** Grey fill on header cells. */
  shadeHeader: boolean;
  repeatHeader: boolean;
  keepTogether: boolean;
  /** Bold row labels for 一、二、四、 rows and header cells. */
  boldLabels: boolean;
  minRowHeight: number;
}

/** The number a printed cell stands for: "+7" → 7, "80 万元" → 80, "0.0000" → 0. */
export function printedValue(s: string): number {
  const m = /^\s*([+\-−]?)\s*(\d+(?:\.\d+)?)/u.exec(s);
  if (!m) throw new Error(`not a number: "${s}"`);
  const v = Number(m[2]);
  return m[1] === '-' || m[1] === '−' ? -v : v;
}

const nonEmpty = (row: string[]): string[] => row.map((c) => c.trim()).filter((c) => c !== '');
const isNumber = (s: string): boolean => /^[+\-−]?\d+(\.\d+)?(\s*万元)?$/u.test(s.trim());

function spec(
  id: string,
  colWidths: number[],
  nRows: number,
  cells: TableCell[],
  look: TableLook,
  headerRows: number,
): TableSpec {
  return {
    id,
    colWidths,
    nRows,
    cells,
    headerRows,
    repeatHeader: look.repeatHeader,
    keepTogether: look.keepTogether,
    fontSize: look.fontSize,
    minRowHeight: look.minRowHeight,
    padX: 2,
    padY: 2.5,
    lineFactor: 1.3,
    border: look.border,
  };
}

function value(printed: Printed, truth: Truth, id: string, fallback?: string): string {
  const p = printed.get(id) ?? fallback;
  if (p === undefined) throw new Error(`no printed value for ${id}`);
  truth.set(id, printedValue(p));
  return p;
}

// ── 二、主动公开政府信息情况 ─────────────────────────────────────────────────────────

interface DisclosureBlock {
  heading: string;
  header: string[];
  rows: Array<{ label: string; seedValues: string[] }>;
}

function disclosureBlocks(rows: string[][]): DisclosureBlock[] {
  const blocks: DisclosureBlock[] = [];
  for (const row of rows) {
    const ne = nonEmpty(row);
    if (ne.length === 0) continue;
    if (ne.length === 1 && /^第.*项$/u.test(ne[0]!)) blocks.push({ heading: ne[0]!, header: [], rows: [] });
    else if (ne[0] === '信息内容') blocks[blocks.length - 1]!.header = ne.slice(1);
    else blocks[blocks.length - 1]!.rows.push({ label: ne[0]!, seedValues: ne.slice(1) });
  }
  return blocks;
}

export type DisclosureLayout = 'inline' | 'separate';

export type Rendered = { kind: 'table'; spec: TableSpec } | { kind: 'caption'; text: string };

/**
 * The disclosure tables. `inline`: one table, each 第二十条 heading a full-width shaded row;
 * `separate`: one small table per heading, the heading as a caption line above it.
 */
export function disclosureTables(
  rows: string[][],
  era: '2019' | '2021',
  printed: Printed,
  truth: Truth,
  look: TableLook,
  width: number,
  layout: DisclosureLayout,
): Rendered[] {
  const defs = DISCLOSURE_ROWS[era];
  const colWidths = [width * 0.31, width * 0.23, width * 0.23, width * 0.23];
  const out: Rendered[] = [];
  let cells: TableCell[] = [];
  let r = 0;
  const flush = (id: string, headerRows: number): void => {
    if (r === 0) return;
    out.push({ kind: 'table', spec: spec(id, colWidths, r, cells, { ...look, keepTogether: true }, headerRows) });
    cells = [];
    r = 0;
  };
  const spread = (texts: string[], row: number, extra: Partial<TableCell>): void => {
    texts.forEach((t, i) => {
      const last = i === texts.length - 1;
      cells.push({ r: row, c: i + 1, cs: last ? 3 - i : 1, text: t, align: 'center', ...extra });
    });
  };
  for (const [bi, b] of disclosureBlocks(rows).entries()) {
    if (layout === 'separate') {
      flush(`disclosure-${bi}`, 1);
      out.push({ kind: 'caption', text: b.heading });
    } else {
      cells.push({ r, c: 0, cs: 4, text: b.heading, align: 'center', shade: true, bold: look.boldLabels });
      r++;
    }
    cells.push({
      r,
      c: 0,
      text: '信息内容',
      align: 'center',
      bold: look.boldLabels,
      shade: look.shadeHeader && layout === 'separate',
    });
    spread(b.header, r, { bold: look.boldLabels, shade: look.shadeHeader && layout === 'separate' });
    r++;
    for (const row of b.rows) {
      const def = defs.find((d) => d.labels.includes(row.label));
      if (!def) throw new Error(`disclosure row not in era ${era}: ${row.label}`);
      if (def.columns.length !== b.header.length)
        throw new Error(`disclosure ${row.label}: ${b.header.length} headers`);
      cells.push({ r, c: 0, text: row.label, align: look.boldLabels ? 'left' : 'center' });
      spread(
        def.columns.map((col, i) => value(printed, truth, cellId('disclosure', def.id, col), row.seedValues[i])),
        r,
        {},
      );
      r++;
    }
    if (layout === 'separate') flush(`disclosure-${bi}`, 1);
  }
  flush('disclosure', 0);
  return out;
}

// ── 三、收到和处理政府信息公开申请情况 ───────────────────────────────────────────────

export interface ApplicationLabels {
  corner: string;
  applicants: string;
  natural: string;
  orgs: string;
  /** 商业企业 … 其他 as printed. */
  orgCols: string[];
  total: string;
  resultGroup: string;
  groups: Record<'withheld' | 'unavailable' | 'notProcessed' | 'other', string>;
  rows: Map<string, string>;
  otherForm: 'oneRow' | 'threeRows';
}

/** Reads the label wording of the applications table from the seed's rows. */
export function applicationLabels(rows: string[][]): ApplicationLabels {
  const [h0, h1, h2] = rows.slice(0, 3).map(nonEmpty);
  if (!h0 || !h1 || !h2 || h2.length !== 5) throw new Error('applications: unexpected header rows');
  const data = rows
    .slice(3)
    .map(nonEmpty)
    .filter((r) => r.length > 0);
  const labelled = data.map((cells) => {
    const texts = cells.filter((c) => !isNumber(c));
    let resultGroup: string | undefined;
    if (texts.length > 1 && /^三、/u.test(texts[0]!)) resultGroup = texts.shift();
    if (texts.length > 1 && /^[一二三四]、$/u.test(texts[0]!)) texts.splice(0, 2, texts[0]! + texts[1]!);
    const group = texts.length === 2 ? texts[0] : undefined;
    return { resultGroup, group, label: texts[texts.length - 1]! };
  });
  const otherForm = labelled.some((l) => /其他处理/u.test(l.label)) ? 'oneRow' : 'threeRows';
  const ids = APPLICATION_ROWS.filter((r) =>
    otherForm === 'oneRow' ? !(OTHER_THREE_ROWS as readonly string[]).includes(r.id) : r.id !== OTHER_ONE_ROW,
  );
  if (ids.length !== labelled.length) throw new Error(`applications: ${labelled.length} rows, expected ${ids.length}`);
  const groups: Partial<ApplicationLabels['groups']> = {};
  const map = new Map<string, string>();
  let resultGroup = '三、本年度办理结果';
  ids.forEach((def, i) => {
    const l = labelled[i]!;
    map.set(def.id, l.label);
    if (l.resultGroup) resultGroup = l.resultGroup;
    if (l.group && def.group) groups[def.group as keyof ApplicationLabels['groups']] = l.group;
  });
  const g = (k: keyof ApplicationLabels['groups'], d: string): string => groups[k] ?? d;
  return {
    corner: h0[0]!,
    applicants: h0.find((c) => c.includes('申请人')) ?? '申请人情况',
    natural: h1.find((c) => c.includes('自然人')) ?? '自然人',
    orgs: h1.find((c) => c.includes('法人')) ?? '法人或其他组织',
    orgCols: h2,
    total: h0.find((c) => c.includes('总计')) ?? '总计',
    resultGroup,
    groups: {
      withheld: g('withheld', '（三）不予公开'),
      unavailable: g('unavailable', '（四）无法提供'),
      notProcessed: g('notProcessed', '（五）不予处理'),
      other: g('other', '（六）其他处理'),
    },
    rows: map,
    otherForm,
  };
}

export function applicationsTable(
  labels: ApplicationLabels,
  printed: Printed,
  truth: Truth,
  look: TableLook,
  width: number,
): TableSpec {
  const labelW = [width * 0.05, width * 0.135, width * 0.3];
  const dataW = (width - labelW.reduce((a, b) => a + b, 0)) / 7;
  const colWidths = [...labelW, ...new Array<number>(7).fill(dataW)];
  const hs = look.shadeHeader;
  const hb = look.boldLabels;
  const cells: TableCell[] = [
    { r: 0, c: 0, rs: 3, cs: 3, text: labels.corner, align: 'left', size: Math.max(9, look.fontSize - 0.5), shade: hs },
    { r: 0, c: 3, cs: 7, text: labels.applicants, shade: hs, bold: hb },
    { r: 1, c: 3, rs: 2, text: labels.natural, shade: hs, bold: hb },
    { r: 1, c: 4, cs: 5, text: labels.orgs, shade: hs, bold: hb },
    { r: 1, c: 9, rs: 2, text: labels.total, shade: hs, bold: hb },
    ...labels.orgCols.map((t, i): TableCell => ({ r: 2, c: 4 + i, text: t, shade: hs, bold: hb })),
  ];
  const ids = APPLICATION_ROWS.filter((r) =>
    labels.otherForm === 'oneRow' ? !(OTHER_THREE_ROWS as readonly string[]).includes(r.id) : r.id !== OTHER_ONE_ROW,
  );
  let r = 3;
  const firstResult = ids.findIndex((d) => d.id === 'granted');
  const totalIdx = ids.findIndex((d) => d.id === 'total');
  for (const [i, def] of ids.entries()) {
    const label = labels.rows.get(def.id)!;
    if (def.id === 'newReceived' || def.id === 'carriedOver' || def.id === 'carriedForward') {
      cells.push({ r, c: 0, cs: 3, text: label, align: 'left', bold: hb });
    } else {
      if (i === firstResult) {
        cells.push({ r, c: 0, rs: totalIdx - firstResult + 1, text: labels.resultGroup, vertical: true, bold: hb });
      }
      const group = def.group as keyof ApplicationLabels['groups'] | undefined;
      const grouped = group !== undefined && !(group === 'other' && labels.otherForm === 'oneRow');
      if (grouped) {
        const members = ids.filter((d) => d.group === group);
        if (members[0] === def)
          cells.push({ r, c: 1, rs: members.length, text: labels.groups[group], align: 'center' });
        cells.push({ r, c: 2, text: label, align: 'left' });
      } else {
        cells.push({ r, c: 1, cs: 2, text: label, align: 'left' });
      }
    }
    APPLICATION_COLUMNS.forEach((col, k) => {
      cells.push({ r, c: 3 + k, text: value(printed, truth, cellId('applications', def.id, col.id)) });
    });
    r++;
  }
  return spec('applications', colWidths, r, cells, look, 3);
}

// ── 四、行政复议、行政诉讼 ─────────────────────────────────────────────────────────────

export function appealsTable(printed: Printed, truth: Truth, look: TableLook, width: number): TableSpec {
  const colWidths = new Array<number>(15).fill(width / 15);
  const hs = look.shadeHeader;
  const hb = look.boldLabels;
  const cols = APPEAL_COLUMNS.map((c) => c.labels[0]!);
  const cells: TableCell[] = [
    { r: 0, c: 0, cs: 5, text: '行政复议', shade: hs, bold: hb },
    { r: 0, c: 5, cs: 10, text: '行政诉讼', shade: hs, bold: hb },
    ...cols.map((t, i): TableCell => ({ r: 1, c: i, rs: 2, text: t, shade: hs })),
    { r: 1, c: 5, cs: 5, text: '未经复议直接起诉', shade: hs },
    { r: 1, c: 10, cs: 5, text: '复议后起诉', shade: hs },
    ...cols.map((t, i): TableCell => ({ r: 2, c: 5 + i, text: t, shade: hs })),
    ...cols.map((t, i): TableCell => ({ r: 2, c: 10 + i, text: t, shade: hs })),
  ];
  APPEAL_ROWS.forEach((row, ri) =>
    APPEAL_COLUMNS.forEach((col, ci) => {
      cells.push({ r: 3, c: ri * 5 + ci, text: value(printed, truth, cellId('appeals', row.id, col.id)) });
    }),
  );
  return spec('appeals', colWidths, 4, cells, { ...look, keepTogether: true }, 3);
}

// ── 政府信息公开情况统计表 (era 2008) ─────────────────────────────────────────────────

export function legacyTable(
  rows: string[][],
  printed: Printed,
  truth: Truth,
  look: TableLook,
  width: number,
): TableSpec {
  const colWidths = [width * 0.68, width * 0.13, width * 0.19];
  const [head, ...body] = rows.map((r) => r.map((c) => c.trim()));
  if (head?.[0] !== '统计指标') throw new Error('legacy: no header row');
  // Join a label the seed wrapped onto a second row (unbalanced bracket, empty unit and value).
  const merged: string[][] = [];
  for (const row of body) {
    if (row.every((c) => c === '')) continue;
    const prev = merged[merged.length - 1];
    const open = (s: string): number => (s.match(/[（(]/gu)?.length ?? 0) - (s.match(/[）)]/gu)?.length ?? 0);
    if (prev && !row[1] && !row[2] && open(prev[0]!) > 0) prev[0] += row[0]!;
    else merged.push([row[0] ?? '', row[1] ?? '', row[2] ?? '']);
  }
  const data = merged.filter((r) => r[1] !== '');
  if (data.length !== NATIONAL_LEGACY_ROWS.length)
    throw new Error(`legacy: ${data.length} value rows, expected ${NATIONAL_LEGACY_ROWS.length}`);
  const hs = look.shadeHeader;
  const cells: TableCell[] = ['统计指标', '单位', '统计数'].map((t, c) => ({
    r: 0,
    c,
    text: t,
    shade: hs,
    bold: true,
  }));
  let r = 1;
  let k = 0;
  for (const [label, unit, v] of merged) {
    if (unit === '') {
      const top = /^[一二三四五六七八九十]+、/u.test(label!);
      cells.push({ r, c: 0, cs: 3, text: label!, align: 'left', bold: top && look.boldLabels, shade: top && hs });
    } else {
      const def = NATIONAL_LEGACY_ROWS[k++]!;
      cells.push({ r, c: 0, text: label!, align: 'left' });
      cells.push({ r, c: 1, text: unit! });
      cells.push({ r, c: 2, text: value(printed, truth, cellId('legacy', def.id, 'value'), v) });
    }
    r++;
  }
  return spec('legacy', colWidths, r, cells, look, 1);
}

// ── provincial forms of the statistics table (era 2008) ─────────────────────────────

/** A provincial form of the old table: its header and its rows as printed. */
export interface ProvincialForm {
  /** Label, unit, then one header per value column (the first is the current year's). */
  header: string[];
  /**
   * Label, unit, the row's schema id (null: a row the schema has no id for, left out of the
   * truth), then the printed values, the current year's first.
   */
  rows: Array<[label: string, unit: string, id: string | null, ...values: string[]]>;
}

export function provincialTable(form: ProvincialForm, truth: Truth, look: TableLook, width: number): TableSpec {
  const n = form.header.length;
  const colWidths =
    n === 3
      ? [width * 0.6, width * 0.16, width * 0.24]
      : [width * 0.5, width * 0.14, ...new Array<number>(n - 2).fill((width * 0.36) / (n - 2))];
  const hs = look.shadeHeader;
  const cells: TableCell[] = form.header.map((t, c) => ({ r: 0, c, text: t, shade: hs, bold: look.boldLabels }));
  form.rows.forEach(([label, unit, id, ...values], i) => {
    if (values.length !== n - 2)
      throw new Error(`provincial table: row ${label} has ${values.length} values for ${n - 2} columns`);
    cells.push({ r: i + 1, c: 0, text: label, align: 'left' }, { r: i + 1, c: 1, text: unit });
    values.forEach((v, k) => cells.push({ r: i + 1, c: 2 + k, text: v }));
    if (id) truth.set(cellId('legacy', id, 'value'), printedValue(values[0]!));
  });
  return spec('legacy', colWidths, form.rows.length + 1, cells, look, 1);
}

// ── other tables in the prose (web-page info boxes, lists) ──────────────────────────

export function genericTable(
  id: string,
  rows: string[][],
  look: TableLook,
  width: number,
  measure: (s: string) => number,
): TableSpec {
  const trimmed = rows.map((r) => r.map((c) => c.trim()));
  const nCols = Math.max(...trimmed.map((r) => r.length));
  const pad = 6;
  // Natural width (whole text on one line) and minimum width (longest unbreakable run) per column.
  const natural = new Array<number>(nCols).fill(24);
  const minimum = new Array<number>(nCols).fill(24);
  const lastOf = (row: string[]): number => row.reduce((a, c, i) => (c !== '' ? i : a), 0);
  for (const row of trimmed) {
    const last = lastOf(row);
    row.forEach((c, i) => {
      if (i > last || (i === last && last !== nCols - 1)) return; // spans to the right edge
      natural[i] = Math.max(natural[i]!, measure(c) + pad);
      const runs = c.match(/[A-Za-z0-9@._\-:/%+]+/gu) ?? [];
      minimum[i] = Math.max(minimum[i]!, ...runs.map((t) => measure(t) + pad));
    });
  }
  const sNat = natural.reduce((a, b) => a + b, 0);
  const sMin = minimum.reduce((a, b) => a + b, 0);
  const colWidths =
    sNat <= width
      ? natural.map((w) => (w * width) / sNat)
      : sMin >= width
        ? minimum.map((w) => (w * width) / sMin)
        : natural.map((n, i) => minimum[i]! + ((n - minimum[i]!) * (width - sMin)) / (sNat - sMin));
  const cells: TableCell[] = [];
  trimmed.forEach((row, r) => {
    const last = lastOf(row);
    for (let c = 0; c <= last; c++) {
      cells.push({ r, c, cs: c === last ? nCols - last : 1, text: row[c] ?? '', align: 'left' });
    }
  });
  return spec(id, colWidths, trimmed.length, cells, { ...look, shadeHeader: false }, 0);
}
