/**
 * Words outside tables → text lines in reading order (top to bottom, left to right), for meta,
 * sections and the prose checks.
 */
import type { Word } from '../model.js';

export interface TextLine {
  page: number;
  text: string;
  top: number;
  left: number;
  fontSize: number;
}

export function wordsToLines(page: number, words: readonly Word[]): TextLine[] {
  const sorted = [...words].sort((a, b) => (a.bbox[1] + a.bbox[3]) / 2 - (b.bbox[1] + b.bbox[3]) / 2);
  const groups: Word[][] = [];
  for (const w of sorted) {
    const g = groups[groups.length - 1];
    const cy = (w.bbox[1] + w.bbox[3]) / 2;
    if (g) {
      const ref = g[0]!;
      const refCy = (ref.bbox[1] + ref.bbox[3]) / 2;
      if (Math.abs(cy - refCy) <= 0.45 * Math.max(ref.bbox[3] - ref.bbox[1], w.bbox[3] - w.bbox[1])) {
        g.push(w);
        continue;
      }
    }
    groups.push([w]);
  }
  return groups.map((g) => {
    g.sort((a, b) => a.bbox[0] - b.bbox[0]);
    let text = '';
    for (let i = 0; i < g.length; i++) {
      const w = g[i]!;
      const prev = g[i - 1];
      // Keep a space only where there was a visible gap between Latin/digit words.
      if (prev && w.bbox[0] - prev.bbox[2] > 0.2 * w.fontSize && /[0-9A-Za-z]$/.test(prev.text) && /^[0-9A-Za-z]/.test(w.text)) text += ' ';
      text += w.text;
    }
    return {
      page,
      text,
      top: Math.min(...g.map((w) => w.bbox[1])),
      left: Math.min(...g.map((w) => w.bbox[0])),
      fontSize: Math.max(...g.map((w) => w.fontSize)),
    };
  });
}
