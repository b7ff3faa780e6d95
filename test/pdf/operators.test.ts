import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/extractors/geometry.js';
import { walkOperators } from '../../src/extractors/pdf/operators.js';

const FLIP: Matrix = [1, 0, 0, -1, 0, 842];
function ops(...entries: Array<[number, unknown[]]>): { fnArray: number[]; argsArray: unknown[][] } {
  return { fnArray: entries.map((e) => e[0]), argsArray: entries.map((e) => e[1]) };
}

/** The CTM (and the colour state) in force at each image painted. */
function imagesOf(list: ReturnType<typeof ops>): Array<{ ctm: Matrix; colour: string }> {
  const seen: Array<{ ctm: Matrix; colour: string }> = [];
  walkOperators(list, FLIP, 'black', (fn, args, ctm, colour) => {
    if (fn === OPS.setFillRGBColor) return args[0] as string;
    if (fn === OPS.paintImageXObject) seen.push({ ctm, colour });
    return colour;
  });
  return seen;
}

describe('walkOperators', () => {
  it('keeps the CTM and the caller state through save and restore', () => {
    const seen = imagesOf(
      ops(
        [OPS.save, []],
        [OPS.transform, [100, 0, 0, 50, 10, 20]],
        [OPS.setFillRGBColor, ['#ff0000']],
        [OPS.paintImageXObject, ['a']],
        [OPS.restore, []],
        [OPS.paintImageXObject, ['b']],
      ),
    );
    expect(seen).toEqual([
      { ctm: [100, 0, 0, -50, 10, 822], colour: '#ff0000' },
      { ctm: FLIP, colour: 'black' },
    ]);
  });

  it(
    'draws a form XObject in its own matrix (a plain or a typed ' + 'array) and restores what it changed at its end',
    () => {
      const seen = imagesOf(
        ops(
          [OPS.paintFormXObjectBegin, [new Float32Array([2, 0, 0, 2, 5, 5]), [0, 0, 10, 10]]],
          [OPS.setFillRGBColor, ['#00ff00']],
          [OPS.paintImageXObject, ['inside']],
          [OPS.paintFormXObjectBegin, [[1, 0, 0, 1, 3, 0], null]],
          [OPS.paintImageXObject, ['nested']],
          [OPS.paintFormXObjectEnd, []],
          [OPS.paintFormXObjectEnd, []],
          [OPS.paintImageXObject, ['after']],
        ),
      );
      expect(seen).toEqual([
        { ctm: [2, 0, 0, -2, 5, 837], colour: '#00ff00' },
        { ctm: [2, 0, 0, -2, 11, 837], colour: '#00ff00' },
        { ctm: FLIP, colour: 'black' },
      ]);
    },
  );

  it('survives a restore without a save and a form without a matrix', () => {
    const seen = imagesOf(
      ops(
        [OPS.restore, []],
        [OPS.paintFormXObjectBegin, [null, null]],
        [OPS.paintImageXObject, ['x']],
        [OPS.paintFormXObjectEnd, []],
        [OPS.paintFormXObjectEnd, []],
      ),
    );
    expect(seen).toEqual([{ ctm: FLIP, colour: 'black' }]);
  });
});
