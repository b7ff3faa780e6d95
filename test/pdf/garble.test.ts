import { describe, expect, it } from 'vitest';
import { judgeTextQuality } from '../../src/extractors/pdf/garble.js';
import { word } from '../helpers/synthetic.js';

describe('judgeTextQuality', () => {
  it('accepts real text', () => {
    expect(judgeTextQuality([word('三、收到和处理政府信息公开申请情况', 0, 0, 1, 1), word('21', 0, 0, 1, 1)], 0)).toBe('ok');
  });
  it('rejects text that is mostly replacement, private-use or (cid:) glyphs', () => {
    expect(judgeTextQuality([word('\uFFFD\uFFFD\uFFFD\uE001\uE002政', 0, 0, 1, 1)], 0)).toBe('garbled');
    expect(judgeTextQuality([word('(cid:123)(cid:45)(cid:9)', 0, 0, 1, 1)], 0)).toBe('garbled');
  });
  it('marks a page with images and (almost) no text as empty', () => {
    expect(judgeTextQuality([], 1)).toBe('empty');
    expect(judgeTextQuality([word('- 3 -', 0, 0, 1, 1)], 0.95)).toBe('empty');
  });
});
