/**
 * Reading a printed cell as a value, exactly as printed: 21, 7730.28, +7 → 7, 减3 → −3,
 * 80 万元 → 80. Blanks, 无 and dashes are null (the raw text is kept by the caller).
 */
export type ParsedValue = { kind: 'number'; value: number } | { kind: 'blank' } | { kind: 'text' };

const BLANK = /^(?:|无|—+|-+|－+|―+|─+|\/|／|空|\\)$/u;
const NUMBER = /^(增|减|[+＋]|[-−－])?(\d+(?:\.\d+)?)(?:万元|元|件|条|个|人次|人|次|项|篇|万|%)?$/u;

/**
 * The cell's text without spaces and thousands separators, or null where it holds two numbers
 * ("10 1"): the cell was misread, and gluing them would make 101.
 */
function compactCell(raw: string): string | null {
  const s = raw.normalize('NFKC');
  return /\d\s+\d/u.test(s) ? null : s.replace(/[\s,，]/gu, '');
}

export function parseCellValue(raw: string): ParsedValue {
  const s = compactCell(raw);
  if (s === null) return { kind: 'text' };
  if (BLANK.test(s)) return { kind: 'blank' };
  const m = NUMBER.exec(s);
  if (!m) return { kind: 'text' };
  const sign = m[1];
  const n = Number(m[2]);
  const negative = sign === '减' || sign === '-' || sign === '−' || sign === '－';
  return { kind: 'number', value: negative ? -n : n };
}

/** Last characters of the units printed after a number (万元, 元, 件, 条, 个, 人次, 次, 项, 篇). */
const UNIT_ENDINGS = '元件条个人次项篇';
/** A number, then one or two other glyphs the last of which ends a unit: 1.8533刀元 (万元 read as 刀元). */
const NUMBER_BEFORE_UNIT = new RegExp(`^(\\d+(?:\\.\\d+)?)[^\\d\\s.]?[${UNIT_ENDINGS}]$`, 'u');

/**
 * The number of an OCR reading whose unit was misread (1.8533刀元 for 1.8533万元), or null. The
 * number was read; only the unit glyphs were not, so the value is kept (never converted) and
 * its reader marks it for a reviewer. Not for text layers: there 1.8533刀元 is what is printed.
 */
export function numberBeforeMisreadUnit(raw: string): number | null {
  const s = compactCell(raw);
  if (s === null || NUMBER.test(s)) return null;
  const m = NUMBER_BEFORE_UNIT.exec(s);
  return m ? Number(m[1]) : null;
}
