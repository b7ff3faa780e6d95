/**
 * Reading a printed cell as a value, exactly as printed: 21, 7730.28, +7 → 7, 减3 → −3,
 * 80 万元 → 80. Blanks, 无 and dashes are null (the raw text is kept by the caller).
 */
export type ParsedValue = { kind: 'number'; value: number } | { kind: 'blank' } | { kind: 'text' };

const BLANK = /^(?:|无|—+|-+|－+|―+|─+|\/|／|空|\\)$/u;
const NUMBER = /^(增|减|[+＋]|[-−－])?(\d+(?:\.\d+)?)(?:万元|元|件|条|个|人次|人|次|项|篇|万|%)?$/u;

export function parseCellValue(raw: string): ParsedValue {
  const n0 = raw.normalize('NFKC');
  // Two numbers in one cell ("10 1") mean the cell was misread: never glue them into 101.
  if (/\d\s+\d/u.test(n0)) return { kind: 'text' };
  const s = n0.replace(/[\s,，]/gu, '');
  if (BLANK.test(s)) return { kind: 'blank' };
  const m = NUMBER.exec(s);
  if (!m) return { kind: 'text' };
  const sign = m[1];
  const n = Number(m[2]);
  const negative = sign === '减' || sign === '-' || sign === '−' || sign === '－';
  return { kind: 'number', value: negative ? -n : n };
}
