/**
 * How a scanned cell's number is decided from its OCR readings: the vote, the ink-width check
 * and the doubt that sends a cell to a human. (The OCR itself is tested end to end in
 * test/e2e/scan.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import {
  chooseNumber,
  isLabelReading,
  typicalDigitWidth,
  widthFits,
  type Reading,
} from '../../src/extractors/scan/vote.js';

const read = (text: string, confidence: number): Reading => ({
  words: text ? [{ text, bbox: [0, 0, 10, 10], confidence }] : [],
});
const one = (w: number) => ({ low: w, high: w });
/** Ink 0.6 of its height wide per digit, as in the samples' font. */
const fitsInk = (digits: number) => (text: string) => widthFits(text, 0.6 * digits, one(0.6));

describe('widthFits', () => {
  it('accepts digits that fill the ink and refuses a dropped or an extra digit', () => {
    expect(widthFits('77', 1.25, one(0.6))).toBe(true);
    expect(widthFits('7', 1.25, one(0.6))).toBe(false);
    expect(widthFits('777', 1.25, one(0.6))).toBe(false);
    expect(widthFits('+7', 1.3, one(0.62))).toBe(true);
    expect(widthFits('7730.28', 6 * 0.6 + 0.3, one(0.6))).toBe(true);
  });

  it('allows the page’s range of digit widths where a table has too few numbers of its own', () => {
    const mixed = { low: 0.56, high: 0.74 };
    expect(widthFits('4119', 2.95, mixed)).toBe(true);
    expect(widthFits('4119', 2.95, one(0.59))).toBe(false);
    expect(widthFits('419', 2.95, mixed)).toBe(false);
  });
});

describe('typicalDigitWidth', () => {
  const samples = [
    { text: '361', aspect: 1.95 },
    { text: '48', aspect: 1.33 },
    { text: '0', aspect: 0.64 },
    { text: '12', aspect: 1.3 },
    { text: '2', aspect: 0.62 },
  ];
  it('takes a table’s own median when it has three numbers or more', () => {
    expect(typicalDigitWidth(samples.slice(0, 3), [])).toEqual(one(0.65));
  });

  it('falls back to the page’s 10th–90th percentile, and to nothing below five readings', () => {
    const wide = [...samples, { text: '4119', aspect: 2.95 }, { text: '0', aspect: 0.74 }];
    const range = typicalDigitWidth(wide.slice(-1), wide)!;
    expect(range.low).toBeCloseTo(0.62, 2);
    expect(range.high).toBeCloseTo(0.74, 2);
    expect(typicalDigitWidth([], [{ text: '1', aspect: 0.5 }])).toBeNull();
  });
});

describe('chooseNumber', () => {
  it('keeps the confidence when the readings agree', () => {
    const chosen = chooseNumber([read('23', 0.61), read('23', 0.93), read('23', 0.96)], fitsInk(2));
    expect(textOf(chosen!.reading)).toBe('23');
    expect(chosen!.confidence).toBeCloseTo(0.96);
  });

  it('prefers the reading that fills the ink over a more confident one that drops a digit, and doubts it', () => {
    const chosen = chooseNumber([read('7', 0.73), read('7', 0.52), read('77', 0.58)], fitsInk(2));
    expect(textOf(chosen!.reading)).toBe('77');
    expect(chosen!.confidence).toBeLessThan(0.6);
  });

  it('doubts a number when a plausible reading disagrees, however confident the winner', () => {
    const chosen = chooseNumber([read('8', 0.39), read('3', 0.96), undefined], fitsInk(1));
    expect(textOf(chosen!.reading)).toBe('3');
    expect(chosen!.confidence).toBe(0.5);
  });

  it('lets two or more confident readings that agree outvote a lone weak dissent, but not a strong one', () => {
    const outvoted = chooseNumber([read('8', 0.45), read('0', 0.96), read('0', 0.96), read('0', 0.95)], fitsInk(1));
    expect(textOf(outvoted!.reading)).toBe('0');
    expect(outvoted!.confidence).toBeCloseTo(0.96);
    const standing = chooseNumber([read('8', 0.89), read('3', 0.9), read('3', 0.85)], fitsInk(1));
    expect(standing!.confidence).toBe(0.5);
  });

  it('does not count a reading that leaves ink unread as dissent', () => {
    const chosen = chooseNumber([read('1', 0.91), read('11', 0.95), read('11', 0.96)], fitsInk(2));
    expect(textOf(chosen!.reading)).toBe('11');
    expect(chosen!.confidence).toBeCloseTo(0.96);
  });

  it('returns nothing when no reading is a number', () => {
    expect(chooseNumber([read('过', 0.35), read('', 0)], fitsInk(1))).toBeNull();
  });
});

describe('isLabelReading', () => {
  it('takes two Chinese characters for a label, one stray one only without a number', () => {
    expect(isLabelReading(read('商业企业', 0.94), undefined, 0.87)).toBe(true);
    expect(isLabelReading(read('过', 0.35), read('8', 0.39), 0.57)).toBe(false);
    expect(isLabelReading(read('池', 0.8), undefined, 0.6)).toBe(true);
    expect(isLabelReading(read('直多', 0.2), read('3', 0.52), 0.62)).toBe(false);
  });
});

function textOf(r: Reading): string {
  return r.words.map((w) => w.text).join('');
}
