import { describe, expect, it } from 'vitest';
import { judgeTextQuality, textlessPictures } from '../../src/extractors/pdf/garble.js';
import { word } from '../helpers/synthetic.js';
import { DEFAULT_SETTINGS } from '../../src/extractors/settings.js';

describe('judgeTextQuality', () => {
  it('accepts real text', () => {
    expect(
      judgeTextQuality(
        [word('三、收到和处理政府信息公开申请情况', 0, 0, 1, 1), word('21', 0, 0, 1, 1)],
        0,
        DEFAULT_SETTINGS.garble,
      ),
    ).toBe('ok');
  });
  it('rejects text that is mostly replacement, private-use or (cid:) glyphs', () => {
    expect(judgeTextQuality([word('\uFFFD\uFFFD\uFFFD\uE001\uE002政', 0, 0, 1, 1)], 0, DEFAULT_SETTINGS.garble)).toBe(
      'garbled',
    );
    expect(judgeTextQuality([word('(cid:123)(cid:45)(cid:9)', 0, 0, 1, 1)], 0, DEFAULT_SETTINGS.garble)).toBe(
      'garbled',
    );
  });
  it('marks a page with images and (almost) no text as empty', () => {
    expect(judgeTextQuality([], 1, DEFAULT_SETTINGS.garble)).toBe('empty');
    expect(judgeTextQuality([word('- 3 -', 0, 0, 1, 1)], 0.95, DEFAULT_SETTINGS.garble)).toBe('empty');
  });
});

describe('textlessPictures', () => {
  const W = 595;
  const H = 842;
  const prose = [word('一、总体情况', 80, 80, 200, 95), word('本年度共受理申请21件', 80, 100, 300, 115)];

  it('names a large picture that holds none of the text layer (a table pasted as an image)', () => {
    const table: [number, number, number, number] = [70, 300, 525, 420];
    expect(textlessPictures(prose, [table], W, H, DEFAULT_SETTINGS.garble)).toEqual([table]);
  });

  it('leaves alone small pictures, pictures under text, and a whole-page scan', () => {
    const seal: [number, number, number, number] = [400, 600, 500, 700]; // 10 000 pt² < 8% of the page
    const underText: [number, number, number, number] = [60, 70, 520, 200]; // the prose lies on it
    const page: [number, number, number, number] = [0, 0, W, H];
    expect(textlessPictures(prose, [seal, underText, page], W, H, DEFAULT_SETTINGS.garble)).toEqual([]);
  });

  it('allows a caption of a few characters laid over the picture', () => {
    const picture: [number, number, number, number] = [70, 300, 525, 420];
    expect(
      textlessPictures([...prose, word('附表', 80, 305, 110, 318)], [picture], W, H, DEFAULT_SETTINGS.garble),
    ).toEqual([picture]);
    expect(
      textlessPictures(
        [...prose, word('附表一收到申请情况', 80, 305, 200, 318)],
        [picture],
        W,
        H,
        DEFAULT_SETTINGS.garble,
      ),
    ).toEqual([]);
  });
});
