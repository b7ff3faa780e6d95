import { describe, expect, it } from 'vitest';
import {
  crop,
  deepenInk,
  encodePgm,
  enlarge,
  otsuThreshold,
  pad,
  repeatAcross,
  rotateQuarter,
  toGray,
  type GrayImage,
} from '../../src/extractors/scan/image.js';
import { findTextBlocks } from '../../src/extractors/scan/passes.js';
import { blank, fillRect, pixel, prng } from '../helpers/draw.js';

/** A bimodal page: ink around `ink` on a quarter of the pixels, paper around `paper`, ±spread noise. */
function bimodal(ink: number, paper: number, spread: number): GrayImage {
  const img = blank(200, 100);
  const rnd = prng(11);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const base = x < 50 ? ink : paper;
      img.data[y * img.width + x] = Math.max(0, Math.min(255, Math.round(base + (rnd() * 2 - 1) * spread)));
    }
  }
  return img;
}

describe('otsuThreshold', () => {
  it('splits a bimodal image between its two modes', () => {
    for (const [ink, paper] of [
      [40, 220],
      [90, 200],
      [20, 250],
    ] as const) {
      const img = bimodal(ink, paper, 15);
      const t = otsuThreshold(img);
      expect(t).toBeGreaterThanOrEqual(ink + 15);
      expect(t).toBeLessThan(paper - 15);
      // Every ink pixel is darker than the threshold, no paper pixel is.
      for (let y = 0; y < img.height; y++) {
        expect(pixel(img, 10, y)).toBeLessThan(t);
        expect(pixel(img, 150, y)).toBeGreaterThanOrEqual(t);
      }
    }
  });

  it('returns the default 128 for a single-valued image', () => {
    expect(otsuThreshold(blank(10, 10, 255))).toBe(128);
  });

  it('splits a 1-bit page so that its black is ink (a threshold above 0)', () => {
    const img = blank(10, 10, 255);
    fillRect(img, 0, 0, 3, 10, 0);
    const t = otsuThreshold(img);
    expect(pixel(img, 0, 0)).toBeLessThan(t);
    expect(pixel(img, 9, 9)).toBeGreaterThanOrEqual(t);
  });
});

describe('crop', () => {
  const img = blank(100, 60);
  for (let i = 0; i < img.data.length; i++) img.data[i] = i % 256;

  it('cuts the box, widening fractional edges outwards', () => {
    const c = crop(img, 10.4, 20.6, 50.2, 40.1);
    expect([c.width, c.height]).toEqual([41, 21]);
    expect(pixel(c, 0, 0)).toBe(pixel(img, 10, 20));
    expect(pixel(c, 40, 20)).toBe(pixel(img, 50, 40));
  });

  it('clips to the image', () => {
    const c = crop(img, -5, -5, 10, 10);
    expect([c.width, c.height]).toEqual([10, 10]);
    expect(pixel(c, 0, 0)).toBe(pixel(img, 0, 0));
    const d = crop(img, 90, 50, 130, 80);
    expect([d.width, d.height]).toEqual([10, 10]);
    expect(pixel(d, 9, 9)).toBe(pixel(img, 99, 59));
  });

  it('never returns an empty image', () => {
    const c = crop(img, 30, 30, 30, 30);
    expect(c.width).toBeGreaterThanOrEqual(1);
    expect(c.height).toBeGreaterThanOrEqual(1);
    expect(c.data.length).toBe(c.width * c.height);
  });
});

describe('pad', () => {
  it('adds a white margin on every side and keeps the content', () => {
    const img = blank(30, 20);
    fillRect(img, 0, 0, 30, 20, 7);
    const p = pad(img, 8);
    expect([p.width, p.height]).toEqual([46, 36]);
    expect(pixel(p, 0, 0)).toBe(255);
    expect(pixel(p, 7, 8)).toBe(255);
    expect(pixel(p, 8, 8)).toBe(7);
    expect(pixel(p, 37, 27)).toBe(7);
    expect(pixel(p, 38, 27)).toBe(255);
    expect(pixel(p, 45, 35)).toBe(255);
    expect(p.data.filter((v) => v === 7).length).toBe(600);
  });
});

describe('encodePgm', () => {
  it('writes a binary P5 header and the pixels as they are', () => {
    const img = blank(7, 3);
    for (let i = 0; i < img.data.length; i++) img.data[i] = i * 10;
    const pgm = encodePgm(img);
    const header = 'P5\n7 3\n255\n';
    expect(pgm.subarray(0, header.length).toString('latin1')).toBe(header);
    expect(pgm.length).toBe(header.length + 21);
    expect([...pgm.subarray(header.length)]).toEqual([...img.data]);
  });

  it('encodes only the image of a view into a larger buffer', () => {
    const backing = new Uint8Array(100).fill(9);
    backing.fill(1, 40, 46);
    const img: GrayImage = { width: 3, height: 2, data: backing.subarray(40, 46) };
    const pgm = encodePgm(img);
    expect(pgm.length).toBe('P5\n3 2\n255\n'.length + 6);
    expect([...pgm.subarray(pgm.length - 6)]).toEqual([1, 1, 1, 1, 1, 1]);
  });
});

describe('toGray', () => {
  it('converts RGB, RGBA and 1-bit pdfjs images to grey', () => {
    expect([...toGray(2, 1, Uint8Array.from([255, 255, 255, 0, 0, 0]), 2).data]).toEqual([255, 0]);
    expect([...toGray(2, 1, Uint8ClampedArray.from([255, 255, 255, 255, 0, 0, 0, 255]), 3).data]).toEqual([255, 0]);
    // 1 bpp, rows padded to whole bytes: 0b10100000 → white, black, white.
    expect([...toGray(3, 1, Uint8Array.from([0b10100000]), 1).data]).toEqual([255, 0, 255]);
    expect(() => toGray(1, 1, Uint8Array.from([0]), 9)).toThrow(/unsupported/);
  });

  it('with dropRed makes a red seal paper-light and keeps black ink under it black', () => {
    // Seal red, a pale seal edge, black ink, then yellowed paper: the last far from any red.
    const paper = [240, 228, 190];
    const rgb = Uint8Array.from([
      200,
      30,
      40,
      235,
      170,
      170,
      20,
      15,
      15,
      ...paper,
      ...paper,
      ...paper,
      ...paper,
      ...paper,
    ]);
    const plain = toGray(8, 1, rgb, 2).data;
    const dropped = toGray(8, 1, rgb, 2, true).data;
    expect(plain[0]).toBeLessThan(100);
    expect(dropped[0]).toBe(255);
    expect(dropped[1]).toBeGreaterThan(plain[1]!);
    expect(dropped[2]).toBe(plain[2]);
    expect(dropped[7]).toBe(plain[7]);
  });

  it(
    'with dropRed reads the smeared edge of a seal stroke in red alone: light, while a grey rule beside the seal ' +
      'stays',
    () => {
      // red | the stroke's edge (dark, little red of its own, light in red) | red | a grey rule | red | black ink
      const rgb = Uint8Array.from([200, 30, 40, 180, 150, 150, 200, 30, 40, 140, 140, 140, 200, 30, 40, 30, 25, 25]);
      const plain = toGray(6, 1, rgb, 2).data;
      const dropped = toGray(6, 1, rgb, 2, true).data;
      expect(plain[1]).toBeLessThan(175);
      expect(dropped[1]).toBe(180);
      expect(dropped[3]).toBe(140);
      expect(dropped[5]).toBe(plain[5]);
    },
  );
});

describe('rotateQuarter', () => {
  // 3 × 2: a b c / d e f
  const img: GrayImage = { width: 3, height: 2, data: Uint8Array.from([1, 2, 3, 4, 5, 6]) };

  it('turns clockwise by quarter turns, and four turns are none', () => {
    const cw = rotateQuarter(img, 1);
    expect([cw.width, cw.height]).toEqual([2, 3]);
    expect([...cw.data]).toEqual([4, 1, 5, 2, 6, 3]);
    expect([...rotateQuarter(img, 2).data]).toEqual([6, 5, 4, 3, 2, 1]);
    expect([...rotateQuarter(img, 3).data]).toEqual([3, 6, 2, 5, 1, 4]);
    expect(rotateQuarter(rotateQuarter(cw, 1), 2).data).toEqual(img.data);
    expect(rotateQuarter(img, 4)).toBe(img);
  });
});

describe('repeatAcross', () => {
  it('lays copies of a glyph side by side', () => {
    const img = blank(3, 2);
    fillRect(img, 1, 0, 2, 2);
    const row = repeatAcross(img, 3, 4);
    expect([row.width, row.height]).toEqual([3 * 3 + 2 * 4, 2]);
    expect([1, 8, 15].map((x) => pixel(row, x, 1))).toEqual([0, 0, 0]);
    expect(pixel(row, 5, 1)).toBe(255);
  });
});

describe('enlarge', () => {
  it('doubles the size with smooth edges: flat areas stay flat, a step gets an in-between grey', () => {
    const img = blank(4, 2);
    fillRect(img, 0, 0, 2, 2, 0); // left half black, right half white
    const big = enlarge(img, 2);
    expect([big.width, big.height]).toEqual([8, 4]);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((x) => pixel(big, x, 1))).toEqual([0, 0, 0, 64, 191, 255, 255, 255]);
    expect(enlarge(img, 1)).toBe(img);
  });
});

describe('findTextBlocks', () => {
  it('splits prose at blank gaps wider than the given one, not between lines of a paragraph', () => {
    const img = blank(400, 600);
    // A heading, a two-line paragraph (10 px apart) and a page number far below.
    fillRect(img, 100, 20, 300, 40);
    fillRect(img, 20, 200, 380, 220);
    fillRect(img, 20, 230, 200, 250);
    fillRect(img, 190, 560, 210, 575);
    const blocks = findTextBlocks(img, 128, 50);
    expect(blocks).toHaveLength(3);
    expect(blocks[1]).toEqual([12, 192, 388, 258]);
    expect(blocks[2]![0]).toBeGreaterThanOrEqual(180);
  });
});

describe('deepenInk', () => {
  it('makes paper white, the darkest ink black and light strokes darker than a straight stretch', () => {
    // Paper 240 on most pixels, a stem at 60 and a faint diagonal at 170 (a light grey 4).
    const img = blank(20, 10);
    img.data.fill(240);
    fillRect(img, 2, 2, 4, 8, 60);
    fillRect(img, 6, 4, 8, 5, 170);
    const out = deepenInk(img);
    expect(pixel(out, 0, 0)).toBe(255);
    expect(pixel(out, 3, 3)).toBe(0);
    const linear = (255 * (170 - 60)) / (240 - 60);
    expect(pixel(out, 7, 4)).toBeLessThan(linear - 40);
    // Noise just under paper stays light: it must not turn into strokes.
    expect(deepenInk({ ...img, data: img.data.map((v) => (v === 240 ? 235 : v)) }).data[0]).toBeGreaterThan(200);
  });

  it('leaves a cut with no contrast (paper only) and a 1-bit cut as they are', () => {
    const paper = blank(8, 8);
    paper.data.fill(250);
    fillRect(paper, 1, 1, 2, 2, 230);
    expect(deepenInk(paper)).toBe(paper);
    const bilevel = blank(8, 8);
    fillRect(bilevel, 1, 1, 4, 4, 0);
    expect([...deepenInk(bilevel).data]).toEqual([...bilevel.data]);
  });
});
