import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/extractors/geometry.js';
import { findRulingSegments } from '../../src/extractors/pdf/vectors.js';
import { DEFAULT_SETTINGS } from '../../src/extractors/settings.js';

const FLIP: Matrix = [1, 0, 0, -1, 0, 842]; // PDF user space → top-left page points (A4)

/** constructPath in pdfjs 5 form: [paint op, [path data], minMax]. */
function path(paint: number, ...cmds: number[]): [number, unknown[]] {
  return [OPS.constructPath, [paint, [new Float32Array(cmds)], null]];
}
const rect = (x: number, y: number, w: number, hgt: number): number[] => [
  0,
  x,
  y,
  1,
  x + w,
  y,
  1,
  x + w,
  y + hgt,
  1,
  x,
  y + hgt,
  4,
];
function ops(...entries: Array<[number, unknown[]]>): { fnArray: number[]; argsArray: unknown[][] } {
  return { fnArray: entries.map((e) => e[0]), argsArray: entries.map((e) => e[1]) };
}

describe('findRulingSegments', () => {
  it('turns stroked lines into segments in top-left coordinates', () => {
    const r = findRulingSegments(
      ops(path(OPS.stroke, 0, 100, 742, 1, 300, 742), path(OPS.stroke, 0, 100, 742, 1, 100, 642)),
      FLIP,
      595 * 842,
      DEFAULT_SETTINGS.vector,
    );
    expect(r.segments).toEqual([
      { orientation: 'h', at: 100, from: 100, to: 300 },
      { orientation: 'v', at: 100, from: 100, to: 200 },
    ]);
  });

  it('treats thin filled rectangles as borders and ignores shading', () => {
    const r = findRulingSegments(
      ops(path(OPS.fill, ...rect(50, 500, 200, 0.5)), path(OPS.fill, ...rect(50, 400, 200, 30))),
      FLIP,
      595 * 842,
      DEFAULT_SETTINGS.vector,
    );
    expect(r.segments).toHaveLength(1);
    expect(r.segments[0]).toMatchObject({ orientation: 'h', from: 50, to: 250 });
    expect(r.segments[0]!.at).toBeCloseTo(341.75);
  });

  it('applies the current transform and restores it', () => {
    const r = findRulingSegments(
      ops(
        [OPS.save, []],
        [OPS.transform, [1, 0, 0, 1, 10, -20]],
        path(OPS.stroke, 0, 0, 742, 1, 50, 742),
        [OPS.restore, []],
        path(OPS.stroke, 0, 0, 742, 1, 50, 742),
      ),
      FLIP,
      595 * 842,
      DEFAULT_SETTINGS.vector,
    );
    expect(r.segments.map((s) => [s.at, s.from])).toEqual([
      [120, 10],
      [100, 0],
    ]);
  });

  it('skips white strokes and fills, curves and clip-only paths', () => {
    const r = findRulingSegments(
      ops(
        [OPS.setStrokeRGBColor, ['#ffffff']],
        path(OPS.stroke, 0, 0, 700, 1, 100, 700),
        [OPS.setStrokeRGBColor, ['#000000']],
        path(OPS.stroke, 0, 0, 700, 2, 10, 710, 20, 710, 30, 700),
        path(OPS.endPath, ...rect(0, 0, 100, 0.5)),
      ),
      FLIP,
      595 * 842,
      DEFAULT_SETTINGS.vector,
    );
    expect(r.segments).toEqual([]);
  });

  it('measures image coverage', () => {
    const r = findRulingSegments(
      ops([OPS.save, []], [OPS.transform, [595, 0, 0, 842, 0, 0]], [OPS.paintImageXObject, ['img']], [OPS.restore, []]),
      FLIP,
      595 * 842,
      DEFAULT_SETTINGS.vector,
    );
    expect(r.imageCoverage).toBeCloseTo(1);
  });
});
