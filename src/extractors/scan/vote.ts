/**
 * The vote: which reading of a cell to believe, and how much. A cell is read up to five ways
 * (digit composite, three digit rereads, the Chinese model); readings that agree raise the
 * confidence, a plausible one that disagrees or ink that the digits do not fill caps it at
 * DOUBT, so validation flags it: a misread may happen, a silent one may not.
 */
import { parseCellValue } from '../values.js';
import type { OcrWord } from './ocr.js';

export interface Reading {
  words: OcrWord[];
}

/** The confidence a reading is capped at when the evidence disagrees: low enough to be flagged. */
export const DOUBT = 0.5;
export const cjkCount = (t: string): number => (t.match(/[\u3400-\u9fff]/gu) ?? []).length;

/**
 * Whether a cell holds a label. Two Chinese characters make a label; a single one does only when
 * it is read with confidence and no number was found, since a doubtful digit often comes out of
 * the Chinese model as one stray character (3 → 过). A short run of ink (≤ 3 digits wide) read
 * as a number, with only a doubtful Chinese reading against it, stays a number. A number reading
 * counts only when it is not itself worthless: some confidence, and digits that fit the ink (a
 * header of three short lines, 社会公益组织, is not the number 2214 read at confidence 0).
 */
export function isLabelReading(
  label: Reading | undefined,
  number: Reading | undefined,
  aspect: number,
  numberFits = true,
): boolean {
  if (!label) return false;
  const cjk = cjkCount(textOf(label));
  const numeric = parseCellValue(textOf(number)).kind === 'number' && numberFits && confOf(number) >= 0.3;
  if (cjk >= 2) return !(numeric && confOf(label) < DOUBT && aspect < 2.5);
  return cjk === 1 && !numeric && confOf(label) >= 0.7;
}

/** The width of a digit in units of its height, as a range: one font gives a narrow one. */
export interface DigitWidth {
  low: number;
  high: number;
}

/**
 * Digit width from confident readings: the median of a table's own numbers when it has three
 * or more (one table, one font), else the 10th to 90th percentile over the page (a page may mix
 * fonts: 4119 in Times is wider than the digits of the table below it), else null.
 */
export function typicalDigitWidth(
  table: readonly { text: string; aspect: number }[],
  page: readonly { text: string; aspect: number }[],
): DigitWidth | null {
  const perDigit = (samples: readonly { text: string; aspect: number }[]): number[] =>
    samples
      .filter((x) => /^\d+$/u.test(x.text))
      .map((x) => x.aspect / x.text.length)
      .sort((a, b) => a - b);
  const own = perDigit(table);
  if (own.length >= 3) {
    const median = own[Math.floor(own.length / 2)]!;
    return { low: median, high: median };
  }
  const all = perDigit(page);
  if (all.length < 5) return null;
  return { low: all[Math.floor(0.1 * (all.length - 1))]!, high: all[Math.ceil(0.9 * (all.length - 1))]! };
}

/** Whether a reading's characters fill the cell's ink: a dropped digit leaves ink unread. */
export function widthFits(text: string, aspect: number, digit: DigitWidth | null): boolean {
  const chars = [...text.replace(/\s/gu, '')];
  if (chars.length === 0) return false;
  const { low, high } = digit ?? { low: 0.65, high: 0.65 };
  // A plus is as wide as a digit in the fonts reports use; a minus a little less; a point half;
  // a Chinese character (a unit printed in the cell: 元, 万元, 件) about two, its font unknown.
  const range = (c: string): [number, number] =>
    /[\d+]/u.test(c) ? [1, 1] : c === '-' ? [0.7, 0.7] : /[\u3400-\u9fff]/u.test(c) ? [1.6, 2.4] : [0.5, 0.5];
  const narrow = chars.reduce((sum, c) => sum + range(c)[0] * low, 0);
  const wide = chars.reduce((sum, c) => sum + range(c)[1] * high, 0);
  const slack = digit === null ? 0.8 * high : 0.5 * high;
  return aspect >= narrow - 0.75 * low && aspect <= wide + slack;
}

/**
 * The number a cell holds, from its readings (digit composite, digit rereads, Chinese model),
 * by confidence-weighted vote. Readings that agree raise the confidence to the best of them; a
 * plausible reading that disagrees (and is not outvoted), or ink that does not fit the digits,
 * caps it at DOUBT so a human looks.
 */
export function chooseNumber(
  readings: readonly (Reading | undefined)[],
  fits: (text: string) => boolean,
): { reading: Reading; confidence: number } | null {
  const parsed = readings.flatMap((r) => {
    if (!r || r.words.length === 0) return [];
    const text = textOf(r).replace(/\s/gu, '');
    const v = parseCellValue(text);
    return v.kind === 'number' ? [{ reading: r, text, value: v.value, confidence: confOf(r), fit: fits(text) }] : [];
  });
  if (parsed.length === 0) return null;
  // A reading that leaves ink unread (7 for 77) counts for little against one that fills it.
  const support = (value: number): number =>
    parsed.filter((p) => p.value === value).reduce((sum, p) => sum + p.confidence * (p.fit ? 1 : 0.25), 0);
  const best = [...parsed].sort((a, b) => support(b.value) - support(a.value) || b.confidence - a.confidence)[0]!;
  let confidence = Math.max(...parsed.filter((p) => p.value === best.value).map((p) => p.confidence));
  // Dissent counts when it is itself a plausible reading: one that leaves ink unread (1 for 11)
  // is explained by the dropped digit. A lone weak dissent against two or more confident
  // readings that agree (8 at 0.45 against 0, 0, 0 at 0.96) is outvoted.
  const agreeing = parsed.filter((p) => p.value === best.value && p.fit && p.confidence >= 0.8).length;
  const dissent = parsed.filter((p) => p.value !== best.value && p.fit && p.confidence >= 0.3);
  const outvoted = agreeing >= 2 && dissent.reduce((sum, p) => sum + p.confidence, 0) < 0.25 * support(best.value);
  if (dissent.length > 0 && !outvoted) confidence = Math.min(confidence, DOUBT);
  if (!best.fit) confidence = Math.min(confidence, DOUBT);
  return { reading: best.reading, confidence };
}

export const textOf = (r: Reading | undefined): string => (r ? r.words.map((w) => w.text).join('') : '');
export const confOf = (r: Reading | undefined): number =>
  r?.words.length ? Math.min(...r.words.map((w) => w.confidence)) : 0;
