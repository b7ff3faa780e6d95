/**
 * Ruling lines from pixels: long horizontal and vertical runs of ink in a straightened page
 * become the same Segment model the text layer's operator list gives, so one grid builder
 * serves both paths. The runs are also erased before OCR (lines ruin table recognition).
 */
import type { Segment } from '../model.js';
import type { GrayImage } from './image.js';

export interface PixelLineSettings {
  /** Shortest horizontal / vertical run that is a line, in points. */
  minHorizontal: number;
  minVertical: number;
  /**
   * Gaps up to this many points inside a run are bridged (JPEG noise, faint print), but never
   * less than one pixel or more than two. In points: two pixels at 150 dpi bridge the space
   * between glyphs, and a row of characters' bottom strokes becomes a line that splits a cell.
   */
  maxGap: number;
}

export const DEFAULT_PIXEL_LINE_SETTINGS: PixelLineSettings = { minHorizontal: 24, minVertical: 14, maxGap: 0.6 };

export interface Run {
  orientation: 'h' | 'v';
  /** Row (h) or column (v) index. */
  at: number;
  from: number;
  to: number;
}

/** Long runs of pixels darker than `threshold`, along rows and along columns. */
export function findLineRuns(img: GrayImage, threshold: number, pxPerPoint: number, settings = DEFAULT_PIXEL_LINE_SETTINGS): Run[] {
  const runs: Run[] = [];
  const { width: w, height: h, data } = img;
  const minH = settings.minHorizontal * pxPerPoint;
  const minV = settings.minVertical * pxPerPoint;
  // One pass per direction over pixel offsets (first pixel of the line, step between pixels).
  const scan = (orientation: 'h' | 'v', lines: number, length: number, lineStep: number, posStep: number, min: number): void => {
    const maxGap = Math.min(2, Math.max(1, Math.round(settings.maxGap * pxPerPoint)));
    for (let line = 0; line < lines; line++) {
      let start = -1;
      let lastDark = -1;
      let offset = line * lineStep;
      for (let pos = 0; pos <= length; pos++, offset += posStep) {
        if (pos < length && data[offset]! < threshold) {
          if (start < 0) start = pos;
          lastDark = pos;
        } else if (start >= 0 && pos - lastDark > maxGap) {
          if (lastDark - start + 1 >= min) runs.push({ orientation, at: line, from: start, to: lastDark + 1 });
          start = -1;
        }
      }
    }
  };
  scan('h', h, w, w, 1, minH);
  scan('v', w, h, 1, w, minV);
  return runs;
}

/** Runs in pixels → segments in points (the page model's units). */
export function runsToSegments(runs: readonly Run[], pxPerPoint: number): Segment[] {
  return runs.map((r) => ({ orientation: r.orientation, at: (r.at + 0.5) / pxPerPoint, from: r.from / pxPerPoint, to: r.to / pxPerPoint }));
}

/** A copy of the image with the runs (and a pixel either side) painted white. */
export function eraseRuns(img: GrayImage, runs: readonly Run[]): GrayImage {
  const out = new Uint8Array(img.data);
  const { width: w, height: h } = img;
  for (const r of runs) {
    for (let d = -1; d <= 1; d++) {
      const line = r.at + d;
      if (r.orientation === 'h') {
        if (line < 0 || line >= h) continue;
        out.fill(255, line * w + r.from, line * w + r.to);
      } else {
        if (line < 0 || line >= w) continue;
        for (let y = r.from; y < r.to; y++) out[y * w + line] = 255;
      }
    }
  }
  return { width: w, height: h, data: out };
}
