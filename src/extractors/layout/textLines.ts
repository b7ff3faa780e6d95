/**
 * Words → lines of text: the one grouper behind cell text (grid.ts), rows of tables without
 * lines (alignment.ts), page-number marks in the margin (stitch.ts) and the prose outside tables
 * (wordsToLines, for meta, sections and the prose checks). Each caller's tolerance is a setting
 * (settings.ts, LineGrouping): a cell's lines sit closer than a page's.
 */
import type { Word } from '../model.js';
import type { LineGrouping, TextSettings } from '../settings.js';

const centreY = (w: Word): number => (w.bbox[1] + w.bbox[3]) / 2;
const heightOf = (w: Word): number => w.bbox[3] - w.bbox[1];

const ORDERS: Record<LineGrouping['order'], (a: Word, b: Word) => number> = {
  centre: (a, b) => centreY(a) - centreY(b),
  top: (a, b) => a.bbox[1] - b.bbox[1],
  topLeft: (a, b) => a.bbox[1] - b.bbox[1] || a.bbox[0] - b.bbox[0],
};

/** Whether `w` is on the line begun by `first`. */
function onLine(first: Word, w: Word, g: LineGrouping): boolean {
  const height = g.of === 'line' ? heightOf(first) : g.of === 'word' ? heightOf(w) : Math.max(heightOf(first), heightOf(w));
  const tolerance = Math.max(g.atLeast, g.share * height);
  const distance = Math.abs(centreY(w) - centreY(first));
  return g.strict ? distance < tolerance : distance <= tolerance;
}

/** The words in lines, top to bottom, each line left to right. */
export function groupLines(words: readonly Word[], grouping: LineGrouping): Word[][] {
  const lines: Word[][] = [];
  for (const w of [...words].sort(ORDERS[grouping.order])) {
    const line = grouping.join === 'last' ? lines[lines.length - 1] : lines.find((l) => onLine(l[0]!, w, grouping));
    if (line && onLine(line[0]!, w, grouping)) line.push(w);
    else lines.push([w]);
  }
  return lines.map((l) => l.sort((a, b) => a.bbox[0] - b.bbox[0]));
}

export interface TextLine {
  page: number;
  text: string;
  top: number;
  left: number;
  fontSize: number;
}

/** Words outside tables → text lines in reading order (top to bottom, left to right). */
export function wordsToLines(page: number, words: readonly Word[], settings: TextSettings): TextLine[] {
  return groupLines(words, settings.proseLines).map((g) => {
    let text = '';
    for (let i = 0; i < g.length; i++) {
      const w = g[i]!;
      const prev = g[i - 1];
      // Keep a space only where there was a visible gap between Latin/digit words.
      if (prev && w.bbox[0] - prev.bbox[2] > settings.spaceGap * w.fontSize && /[0-9A-Za-z]$/.test(prev.text) && /^[0-9A-Za-z]/.test(w.text)) text += ' ';
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
