/**
 * Words with boxes from a page's text layer. pdfjs gives text items (one per showText, more or
 * less); an item can hold several cells' worth of text separated by spaces, so items are split
 * at whitespace and each piece gets a box estimated from character advances.
 */
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { applyMatrix, multiply, type Matrix } from '../geometry.js';
import type { Box, Word } from '../model.js';

/** Rough advance of a character in ems: CJK and full-width forms are square, Latin is about half. */
export function charAdvance(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  if (c === 0x20) return 0.25;
  if (c >= 0x2e80 || (c >= 0xff00 && c <= 0xffef)) return 1;
  return 0.5;
}

export function textAdvance(s: string): number {
  let n = 0;
  for (const ch of s) n += charAdvance(ch);
  return n;
}

/**
 * Converts pdfjs text items to words in top-left page points. Vertical or rotated items are
 * kept whole with their transformed box (pdfjs already drops most vertical CJK text).
 */
export function wordsFromTextItems(items: ReadonlyArray<TextItem | { type: string }>, viewport: Matrix): Word[] {
  const words: Word[] = [];
  for (const it of items) {
    if (!('str' in it)) continue;
    const item = it as TextItem;
    if (!item.str?.trim()) continue;
    const tm = item.transform as Matrix;
    const m = multiply(tm, viewport); // glyph space (1 unit = font size) → page points
    const fontSize = Math.hypot(tm[2], tm[3]) || Math.abs(item.height) || 1;
    const horizontal = Math.abs(tm[1]) < 1e-3 && Math.abs(tm[2]) < 1e-3;
    const totalAdvance = textAdvance(item.str);
    // item.width is in user units along the baseline; convert it to the glyph-space scale.
    const scaleX = Math.hypot(tm[0], tm[1]) || fontSize;
    const widthEm = item.width > 0 ? item.width / scaleX : totalAdvance;
    const emPerAdvance = totalAdvance > 0 ? widthEm / totalAdvance : 1;
    if (!horizontal) {
      words.push({ text: item.str.trim(), bbox: boxOf(m, 0, widthEm), fontSize, confidence: 1, source: 'text' });
      continue;
    }
    let pos = 0;
    for (const piece of item.str.split(/(\s+)/)) {
      const adv = textAdvance(piece) * emPerAdvance;
      if (piece.trim())
        words.push({ text: piece, bbox: boxOf(m, pos, pos + adv), fontSize, confidence: 1, source: 'text' });
      pos += adv;
    }
  }
  return words;
}

/** Box of glyph-space x range [from, to] (ems), with ascent 0.88 and descent 0.12 em. */
function boxOf(m: Matrix, from: number, to: number): Box {
  const corners = [
    applyMatrix(m, from, -0.12),
    applyMatrix(m, to, -0.12),
    applyMatrix(m, from, 0.88),
    applyMatrix(m, to, 0.88),
  ];
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
