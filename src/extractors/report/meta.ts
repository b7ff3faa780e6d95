/**
 * Report metadata from the prose: agency and year from the title, publishedOn from the
 * signature date at the end, and the numbered section headings.
 */
import type { Section } from '../../schema/record.js';
import type { TextLine } from '../layout/textLines.js';

const CN_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  O: 0,
  o: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 二〇二四 → 2024; 二十 → 20; 十二 → 12; 三十一 → 31. */
export function chineseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[〇零Oo一二三四五六七八九十]+$/u.test(s)) return null;
  if (!s.includes('十')) return Number([...s].map((c) => CN_DIGITS[c]).join(''));
  const [tens, ones] = s.split('十') as [string, string];
  return (tens ? CN_DIGITS[tens]! : 1) * 10 + (ones ? CN_DIGITS[ones]! : 0);
}

const DATE =
  /([0-9]{4}|[〇零Oo一二三四五六七八九]{4})\s*年\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日/gu;

export function parseDates(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(DATE)) {
    const y = chineseNumber(m[1]!);
    const mo = chineseNumber(m[2]!);
    const d = chineseNumber(m[3]!);
    if (y === null || mo === null || d === null || mo < 1 || mo > 12 || d < 1 || d > 31 || y < 2000 || y > 2100)
      continue;
    out.push(`${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  }
  return out;
}

const YEAR = '([0-9]{4}|[〇零一二三四五六七八九]{4})';
/** 年度报告, 年报, and 年度报告 with 度 lost by OCR (年报告). */
const REPORT = '(?:年度?)?报告|年报';
/** 洪泽区人民政府2023年政府信息公开工作年度报告 / …关于2023年度… */
const TITLE = new RegExp(`^(.*?)(?:关于)?${YEAR}年度?(?:政府)?信息公开(?:工作)?(?:${REPORT})`, 'u');
/** 2023年度洪泽区人民政府政府信息公开工作年度报告 */
const TITLE_YEAR_FIRST = new RegExp(`^${YEAR}年度?(.+?)(?:政府)?信息公开(?:工作)?(?:${REPORT})`, 'u');

export interface TitleInfo {
  agency: string | null;
  year: number | null;
}

function cleanAgency(s: string): string | null {
  return s.replace(/^[\s《]+|[\s》]+$/gu, '').replace(/关于$/u, '') || null;
}

/**
 * Lines above a title that are not part of it: a web page's 发布时间：… 来源：…, a document
 * number (莆统〔2021〕2号), a date.
 */
export function isTitleFurniture(text: string): boolean {
  const s = text.replace(/\s+/gu, '');
  return (
    /[:：]/u.test(s) ||
    /[〔［[【(（]\d{4}[〕］\]】)）]第?\d+号/u.test(s) ||
    /^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}/u.test(s)
  );
}

/** Agency and year from the title lines (the first lines of page 1 up to 年度报告). */
export function readTitle(lines: readonly TextLine[]): TitleInfo {
  const first = lines
    .filter((l) => l.page === lines[0]?.page)
    .slice(0, 6)
    .filter((l) => !isTitleFurniture(l.text));
  let joined = '';
  for (const l of first) {
    joined += l.text.replace(/\s+/gu, '');
    const m = TITLE.exec(joined);
    if (m?.[1]) return { agency: cleanAgency(m[1]), year: chineseNumber(m[2]!) };
    const y = TITLE_YEAR_FIRST.exec(joined);
    // "2019年政府信息公开…" has no agency: the lazy group caught only 政府.
    if (y) return { agency: y[2]!.length >= 3 ? cleanAgency(y[2]!) : null, year: chineseNumber(y[1]!) };
    if (m) return { agency: null, year: chineseNumber(m[2]!) };
  }
  return { agency: null, year: null };
}

/** The year the statistics cover, when the title does not say: 统计期限自 2023 年 1 月 1 日… */
export function readPeriodYear(text: string): number | null {
  const m = /(?:统计期限|统计时限|数据统计期|统计期)[^。]{0,10}?自?\s*([0-9]{4})\s*年\s*1\s*月\s*1\s*日/u.exec(text);
  return m ? Number(m[1]) : null;
}

/** The signature date: the last date in the closing lines of the report. */
export function readPublishedOn(lines: readonly TextLine[]): string | null {
  const tail = lines
    .slice(-12)
    .map((l) => l.text.replace(/\s+/gu, ''))
    .join('\n');
  const dates = parseDates(tail);
  return dates[dates.length - 1] ?? null;
}

/** The signing body: a short line just above the signature date, when there is one. */
export function readSignatory(lines: readonly TextLine[]): string | null {
  for (let i = lines.length - 1; i > Math.max(0, lines.length - 12); i--) {
    if (parseDates(lines[i]!.text.replace(/\s+/gu, '')).length) {
      const prev = lines[i - 1]?.text.replace(/\s+/gu, '');
      if (prev && prev.length <= 30 && /(政府|局|委员会|办公室|管委会|委|厅|院|中心|办)$/u.test(prev)) return prev;
      return null;
    }
  }
  return null;
}

const HEADING = /^([一二三四五六七八九十]{1,3})[、.．]\s*(.{2,40})$/u;

/** Top-level numbered headings (一、总体情况 …) in order, each number once. */
export function readSections(lines: readonly TextLine[]): Section[] {
  const out: Section[] = [];
  const seen = new Set<string>();
  for (const l of lines) {
    const m = HEADING.exec(l.text.trim());
    if (!m || seen.has(m[1]!)) continue;
    const title = m[2]!.replace(/\s+/gu, '');
    // A heading is a short line, not a sentence of prose.
    if (/[。；;，,]$/u.test(title) || title.length > 30) continue;
    seen.add(m[1]!);
    out.push({ no: m[1]!, title, page: l.page });
  }
  return out;
}
