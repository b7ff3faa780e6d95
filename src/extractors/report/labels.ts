/**
 * Matching printed labels to schema ids by meaning, tolerant of typos, wrapping, numbering
 * and explanatory remarks: 2.其他法律行政止公开 → withheld.lawProhibited.
 */
import type { LabelledId } from '../../schema/cells.js';
import { lcsLength } from '../textSimilarity.js';

export { lcsLength };

/**
 * Outline numbering: （七） also as OCR reads its brackets ({七), 〈七〉, [七]), its dot as a comma (4,) or loses it
 * (2传真申请数).
 */
// The alternatives of outline numbering, built from named parts to keep each line short.
const OPEN = '[（({〈<［[【]';
const CLOSE = String.raw`[)）}〉>］\]】]`;
const CHINESE_NUMBER = '[一二三四五六七八九十]+';
const DOT = '[、.．,，]';
const NUMBERING_PARTS = [
  `${OPEN}?${CHINESE_NUMBER}${CLOSE}`,
  `${CHINESE_NUMBER}${DOT}`,
  String.raw`${OPEN}?\d+${CLOSE}`,
  String.raw`\d+${DOT}`,
  String.raw`\d{1,2}(?=[\u4e00-\u9fff])`,
  '[①-⑳]',
  '其中[:：]',
];
const NUMBERING = new RegExp(`^(?:${NUMBERING_PARTS.join('|')})+`, 'u');

/**
 * Canonical form of a label: NFKC, no spaces, no leading outline numbering, no remarks in
 * brackets (when something else remains), quotes and punctuation removed.
 */
export function normaliseLabel(raw: string): string {
  let s = raw.normalize('NFKC').replace(/\s+/gu, '');
  for (let i = 0; i < 3; i++) s = s.replace(NUMBERING, '');
  // Numbering OCR could not read at all ((一) as CD), {五 as {fi): Latin letters and brackets
  // before the text; no label of the templates starts with them. Digits stay (2019年项目数量).
  const garbled = s.replace(/^[A-Za-z()（）{}〈〉<>［］[\]【】|!:;,.、]+/u, '');
  if ((garbled.match(/[\u3400-\u9fff]/gu) ?? []).length >= 2) s = garbled;
  // Remarks in brackets; OCR often turns （ into 〈, [ or {, so any opening bracket counts.
  const withoutRemarks = s.replace(/[（({〈<［[【][^（({〈<［[【)）}〉>］\]】]*[)）}〉>］\]】]/gu, '');
  if (withoutRemarks.length > 0) s = withoutRemarks;
  return s.replace(/[“”"'‘’「」《》<>、，,。.．:：;；!！?？·・\-—_/]/gu, '');
}

/**
 * Similarity 0..1 of a printed label to a template label, both normalised: 2·LCS / (|a| + |b|),
 * or, when the printed label starts with a long template label and goes on (an explanation
 * whose brackets OCR lost: 本年收费金额单位万元保留4位小数), how much of the template its start holds.
 */
export function labelSimilarity(printed: string, template: string): number {
  const a = [...printed];
  const b = [...template];
  if (a.length === 0 || b.length === 0) return 0;
  if (printed === template) return 1;
  const dice = (2 * lcsLength(printed, template)) / (a.length + b.length);
  if (b.length < 4 || a.length <= b.length) return dice;
  const head = a.slice(0, b.length + 2).join('');
  return Math.max(dice, (0.92 * lcsLength(head, template)) / b.length);
}

export interface LabelMatch<T extends LabelledId> {
  def: T;
  score: number;
}

export interface MatchOptions {
  /** Below this a label matches nothing. */
  threshold?: number;
  /** The best must beat the second best (another id) by this much. */
  margin?: number;
}

/** Each definition's similarity to a printed label (its best variant), in the given order. */
export function scoreLabel<T extends LabelledId>(raw: string, defs: readonly T[]): Array<LabelMatch<T>> {
  const label = normaliseLabel(raw);
  if (!label) return [];
  return defs.map((def) => ({
    def,
    score: Math.max(...def.labels.map((l) => labelSimilarity(label, normaliseLabel(l)))),
  }));
}

/** Best-matching definition for a printed label, or null when none is close or it is ambiguous. */
export function matchLabel<T extends LabelledId>(
  raw: string,
  defs: readonly T[],
  options: MatchOptions = {},
): LabelMatch<T> | null {
  const threshold = options.threshold ?? 0.6;
  const margin = options.margin ?? 0.08;
  const scored = scoreLabel(raw, defs).sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best || best.score < threshold) return null;
  const second = scored.find((s) => s.def.id !== best.def.id);
  if (second && best.score < 1 && best.score - second.score < margin) return null;
  return best;
}

/**
 * Whether a normalised text holds a marker word: as it stands, or, for a marker of four or more
 * characters, with one of them misread (OCR: 行政事业性收费 as i政事业性收费, 数量 as 数重), within
 * a window of about the marker's length so scattered characters of a long text do not count.
 */
export function holdsMarker(text: string, marker: string): boolean {
  if (text.includes(marker)) return true;
  const m = [...marker];
  if (m.length < 4) return false;
  const t = [...text];
  for (let i = 0; i + m.length - 1 <= t.length; i++)
    if (lcsLength(t.slice(i, i + m.length + 1).join(''), marker) >= m.length - 1) return true;
  return false;
}
