/** Hand-made page inputs for the layout tests. */
import type { Segment, Word } from '../../src/extractors/model.js';

export const h = (at: number, from: number, to: number): Segment => ({ orientation: 'h', at, from, to });
export const v = (at: number, from: number, to: number): Segment => ({ orientation: 'v', at, from, to });

/** A word centred in the box [x0, y0, x1, y1]. */
export function word(text: string, x0: number, y0: number, x1: number, y1: number, fontSize = 10): Word {
  return { text, bbox: [x0, y0, x1, y1], fontSize, confidence: 1, source: 'text' };
}

/** A full ruled grid: every boundary drawn edge to edge. */
export function ruledGrid(xs: number[], ys: number[]): Segment[] {
  return [...ys.map((y) => h(y, xs[0]!, xs[xs.length - 1]!)), ...xs.map((x) => v(x, ys[0]!, ys[ys.length - 1]!))];
}

/** The same borders drawn as short pieces (as WPS does), each `piece` long with tiny jitter. */
export function piecewise(segments: Segment[], piece: number): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    for (let a = s.from, k = 0; a < s.to; a += piece, k++)
      out.push({ ...s, at: s.at + (k % 2 ? 0.3 : -0.3), from: a, to: Math.min(s.to, a + piece + 0.4) });
  }
  return out;
}
