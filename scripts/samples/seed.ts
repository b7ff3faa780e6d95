/**
 * Reads a seed report (../shared/seeds/*.txt) into a flat list of document items: title,
 * headings, paragraphs, tables (tab-separated rows, classified by the section they sit in),
 * and the signature block when the seed has one.
 */

export type SeedTableKind = 'disclosure' | 'applications' | 'appeals' | 'legacy' | 'generic';

export type Item =
  | { kind: 'title'; lines: string[] }
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'para'; text: string; indent?: boolean; align?: 'left' | 'center' | 'right'; bold?: boolean; size?: number }
  | { kind: 'lines'; lines: string[] }
  | { kind: 'table'; table: SeedTableKind; rows: string[][] }
  | { kind: 'signature'; agency: string; date: string; note?: string }
  | { kind: 'pageBreak' };

export interface ParseOptions {
  /** How many leading blocks form the title. */
  titleBlocks: number;
  legacy: boolean;
}

const TERMINAL = new Set(Array.from('。；：！？…”」』）)】>'));
const H1 = /^[一二三四五六七八九十]+、\S/u;
const H2 = /^[（(][一二三四五六七八九十]+[)）]/u;
const DATE = /^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$/u;

export function isHeading(text: string): 0 | 1 | 2 {
  if (text.includes('。') || text.length > 40) return 0;
  if (H1.test(text)) return 1;
  if (H2.test(text) && text.length <= 30) return 2;
  return 0;
}

/** Splits on blank lines; each block keeps its lines. */
function blocks(text: string): string[][] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u3000]*\n/u)
    .map((b) => b.split('\n').filter((l) => l.trim() !== ''))
    .filter((b) => b.length > 0);
}

function tableKind(section: string, firstRow: string[], legacy: boolean): SeedTableKind {
  if (legacy) return firstRow[0]?.trim() === '统计指标' ? 'legacy' : 'generic';
  if (section.startsWith('二、主动公开')) return 'disclosure';
  if (section.startsWith('三、收到和处理')) return 'applications';
  if (/^四、.*(行政复议|行政诉讼)/u.test(section)) return 'appeals';
  return 'generic';
}

export function parseSeed(text: string, opts: ParseOptions): Item[] {
  const bs = blocks(text);
  const items: Item[] = [];
  items.push({ kind: 'title', lines: bs.slice(0, opts.titleBlocks).map((b) => b.join('').trim()) });
  let section = '';
  let table: { kind: SeedTableKind; rows: string[][] } | null = null;
  const closeTable = (): void => {
    if (table) items.push({ kind: 'table', table: table.kind, rows: table.rows });
    table = null;
  };
  for (const b of bs.slice(opts.titleBlocks)) {
    if (b.some((l) => l.includes('\t'))) {
      const rows = b.map((l) => l.split('\t'));
      if (table) table.rows.push(...rows);
      else {
        closeTable();
        table = { kind: tableKind(section, rows[0]!, opts.legacy), rows };
      }
      continue;
    }
    closeTable();
    if (b.length > 1) {
      items.push({ kind: 'lines', lines: b.map((l) => l.trim()) });
      continue;
    }
    const t = b[0]!.trim();
    const h = isHeading(t);
    if (h === 1) section = t;
    if (h) {
      items.push({ kind: 'heading', level: h, text: t });
      continue;
    }
    // A paragraph cut by a page break in the source: join it back.
    const prev = items[items.length - 1];
    if (
      prev?.kind === 'para' &&
      prev.text.length >= 25 &&
      !TERMINAL.has(Array.from(prev.text).pop()!) &&
      !/^[\d（(]/u.test(t) &&
      !t.startsWith('附件')
    ) {
      prev.text += t;
      continue;
    }
    items.push({ kind: 'para', text: t, indent: true });
  }
  closeTable();
  // Signature block at the end: agency, date, optional note.
  const n = items.length;
  const asText = (it: Item | undefined): string | null => (it?.kind === 'para' ? it.text : null);
  for (const back of [2, 3]) {
    const agency = asText(items[n - back]);
    const date = asText(items[n - back + 1]);
    if (agency && date && DATE.test(date) && agency.length < 30) {
      const note = back === 3 ? (asText(items[n - 1]) ?? undefined) : undefined;
      items.splice(n - back, back, { kind: 'signature', agency, date, ...(note ? { note } : {}) });
      break;
    }
  }
  return items;
}

/** Display width in character cells: CJK 1, ASCII ½. */
function cells(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) < 0x2e80 ? 0.5 : 1;
  return w;
}

/**
 * Turns a layout-less dump (hard-wrapped lines, blank line after each) back into one block per
 * paragraph: a line starts a paragraph after a heading, or after a short line that ends a
 * sentence. Spaces the dump left between two Chinese characters are dropped.
 */
export function reflowDump(text: string, titleLines: number): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const full = Math.max(...lines.map(cells));
  const out: string[] = lines.slice(0, titleLines);
  let cur = '';
  let prev = '';
  for (const l of lines.slice(titleLines)) {
    const newPara =
      cur === '' ||
      isHeading(l) !== 0 ||
      /^[（(][一二三四五六七八九十]+[)）]/u.test(l) ||
      l.startsWith('下一步') ||
      isHeading(prev) !== 0 ||
      (/[。：；！？]$/u.test(prev) && cells(prev) < full - 1.5);
    if (newPara && cur !== '') {
      out.push(cur);
      cur = '';
    }
    cur += l;
    prev = l;
  }
  if (cur) out.push(cur);
  const cjk = '\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef“”';
  const gap = new RegExp(`([${cjk}])[ \\t]+(?=[${cjk}])`, 'gu');
  return out.map((p, i) => (i < titleLines ? p : p.replace(gap, '$1'))).join('\n\n');
}
