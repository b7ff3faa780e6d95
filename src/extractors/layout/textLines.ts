/**
 * Words → lines of text: the one grouper behind cell text (grid.ts), rows of tables without
 * lines (alignment.ts), page-number marks in the margin (stitch.ts) and the prose outside tables
 * (wordsToLines, for meta, sections and the prose checks). Each caller's tolerance is a setting
 * (settings.ts, LineGrouping): by centres, or, for a cell's OCR boxes, by overlap.
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

interface Line {
  words: Word[];
  /** The extent of its words' boxes, top to bottom. */
  top: number;
  bottom: number;
}

/** Whether `w` is on `line`. */
function onLine(line: Line, w: Word, g: LineGrouping): boolean {
  if (g.by === 'overlap') {
    const overlap = Math.min(line.bottom, w.bbox[3]) - Math.max(line.top, w.bbox[1]);
    const height = Math.min(line.bottom - line.top, heightOf(w));
    return overlap >= Math.max(0, g.share * height) && overlap > 0;
  }
  const first = line.words[0]!;
  const height =
    g.of === 'line' ? heightOf(first) : g.of === 'word' ? heightOf(w) : Math.max(heightOf(first), heightOf(w));
  const tolerance = Math.max(g.atLeast, g.share * height);
  const distance = Math.abs(centreY(w) - centreY(first));
  return g.strict ? distance < tolerance : distance <= tolerance;
}

/** The words in lines, top to bottom, each line left to right. */
export function groupLines(words: readonly Word[], grouping: LineGrouping): Word[][] {
  const lines: Line[] = [];
  for (const w of [...words].sort(ORDERS[grouping.order])) {
    const line = grouping.join === 'last' ? lines[lines.length - 1] : lines.find((l) => onLine(l, w, grouping));
    if (line && onLine(line, w, grouping)) {
      line.words.push(w);
      line.top = Math.min(line.top, w.bbox[1]);
      line.bottom = Math.max(line.bottom, w.bbox[3]);
    } else lines.push({ words: [w], top: w.bbox[1], bottom: w.bbox[3] });
  }
  return lines.map((l) => l.words.sort((a, b) => a.bbox[0] - b.bbox[0]));
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
      if (
        prev &&
        w.bbox[0] - prev.bbox[2] > settings.spaceGap * w.fontSize &&
        /[0-9A-Za-z]$/.test(prev.text) &&
        /^[0-9A-Za-z]/.test(w.text)
      )
        text += ' ';
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
