/**
 * Every kind of page image a scanner or office program writes comes out as the page as printed:
 * the ink where it is printed (in points), dark where it is dark, whatever the encoding (JPEG grey,
 * RGB, CMYK; CCITT G4; Flate 1-bit, also with an inverted Decode; indexed colour), however it is
 * placed (strips, a rotating or shrinking transform, page /Rotate).
 */
import { describe, expect, it } from 'vitest';
import { bits, ccittG4, indexed, jpegColour, jpegGray, type Gray, type Rgb } from '../../scripts/scans/encode.js';
import { fillPage, writeImagePdf, type PdfPage, type PlacedImage } from '../../scripts/scans/imagePdf.js';
import { openPdf } from '../../src/extractors/pdf/document.js';
import type { GrayImage } from '../../src/extractors/scan/image.js';
import { pageImage } from '../../src/extractors/scan/pageImage.js';
import { DEFAULT_SETTINGS } from '../../src/extractors/settings.js';

/** The page: 300 × 400 pt. The image: 2.5 px per point (180 dpi). */
const W = 300;
const H = 400;
const S = 2.5;
/** The printed mark, in points of the upright page: a black block. */
const MARK = [60, 80, 160, 120] as const;

function pattern(): Gray {
  const width = W * S;
  const height = H * S;
  const data = new Uint8Array(width * height).fill(250);
  for (let y = MARK[1] * S; y < MARK[3] * S; y++) data.fill(10, y * width + MARK[0] * S, y * width + MARK[2] * S);
  return { width, height, data };
}

/** The pattern in colour, with a red disc (a seal) at (220, 300) pt, radius 40. */
function colourPattern(): Rgb {
  const g = pattern();
  const data = new Uint8Array(g.width * g.height * 3);
  for (let i = 0; i < g.data.length; i++) {
    const x = (i % g.width) / S;
    const y = Math.floor(i / g.width) / S;
    const seal = (x - 220) ** 2 + (y - 300) ** 2 < 40 ** 2;
    data.set(seal ? [210, 30, 35] : [g.data[i]!, g.data[i]!, Math.round(g.data[i]! * 0.9)], i * 3);
  }
  return { width: g.width, height: g.height, data };
}

/** The box (points) of the pixels darker than 100, and the darkest value in it. */
function inkBox(img: GrayImage, pxPerPoint: number): { box: number[]; darkest: number } {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  let darkest = 255;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const v = img.data[y * img.width + x]!;
      if (v < darkest) darkest = v;
      if (v >= 100) continue;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x + 1);
      y1 = Math.max(y1, y + 1);
    }
  }
  return { box: [x0, y0, x1, y1].map((v) => Math.round(v / pxPerPoint)), darkest };
}

async function acquire(
  page: PdfPage,
): Promise<{ box: number[]; darkest: number; origin: string; size: [number, number] }> {
  const doc = await openPdf(new Uint8Array(writeImagePdf([page])));
  try {
    const { image, pxPerPoint, origin } = await pageImage(doc, 1, DEFAULT_SETTINGS.scan.acquire);
    return {
      ...inkBox(image, pxPerPoint),
      origin,
      size: [Math.round(image.width / pxPerPoint), Math.round(image.height / pxPerPoint)],
    };
  } finally {
    await doc.destroy();
  }
}

const upright = (images: PlacedImage[]): PdfPage => ({ width: W, height: H, images });

describe('pageImage: encodings', () => {
  const cases: Array<[string, () => Promise<PlacedImage['image']>]> = [
    ['grey JPEG', () => jpegGray(pattern(), 60)],
    ['RGB JPEG', () => jpegColour(colourPattern(), 60)],
    ['CMYK JPEG', () => jpegColour(colourPattern(), 70, true)],
    ['CCITT G4', () => ccittG4(pattern())],
    ['Flate 1-bit', async () => bits(pattern())],
    ['Flate 1-bit, inverted Decode', async () => bits(pattern(), true)],
    ['indexed colour', async () => indexed(colourPattern())],
  ];
  for (const [name, make] of cases) {
    it(`${name}: the mark where it is printed, black, nothing else dark`, async () => {
      const got = await acquire(upright([{ image: await make(), matrix: fillPage(W, H) }]));
      expect(got.box).toEqual([...MARK]);
      expect(got.darkest).toBeLessThan(60);
      expect(got.size).toEqual([W, H]);
      // One image filling the page upright: its own pixels, not a render.
      expect(got.origin).toBe('embedded');
    });
  }
});

describe('pageImage: placements', () => {
  it('a page made of strips: the strips put together where they are placed', async () => {
    const g = pattern();
    const rows = g.height / 4;
    const strips: PlacedImage[] = [];
    for (let k = 0; k < 4; k++) {
      const part: Gray = {
        width: g.width,
        height: rows,
        data: g.data.subarray(k * rows * g.width, (k + 1) * rows * g.width),
      };
      strips.push({ image: await jpegGray(part, 70), matrix: [W, 0, 0, H / 4, 0, H - ((k + 1) * H) / 4] });
    }
    const got = await acquire(upright(strips));
    expect(got.origin).toBe('rendered');
    expect(got.box).toEqual([...MARK]);
  });

  it('an image placed smaller than the page, with a margin', async () => {
    const got = await acquire(
      upright([{ image: await jpegGray(pattern(), 70), matrix: [W / 2, 0, 0, H / 2, 20, 40] }]),
    );
    // The mark shrinks by half about the image's corner at (20, 40) from the bottom: top-left y = H − 40 − H/2.
    const top = H - 40 - H / 2;
    expect(got.box).toEqual([20 + MARK[0] / 2, top + MARK[1] / 2, 20 + MARK[2] / 2, top + MARK[3] / 2]);
    // Upright and unstretched: its own pixels, on a white page.
    expect(got.origin).toBe('embedded');
    expect(got.size).toEqual([W, H]);
  });

  it('an image stretched to the page (another scale across than down) is rendered', async () => {
    const got = await acquire(
      upright([{ image: await jpegGray(pattern(), 70), matrix: [W, 0, 0, H * 0.9, 0, H * 0.05] }]),
    );
    expect(got.origin).toBe('rendered');
    expect(got.box).toEqual([
      MARK[0],
      Math.round(H * 0.05 + MARK[1] * 0.9),
      MARK[2],
      Math.round(H * 0.05 + MARK[3] * 0.9),
    ]);
  });

  it('an image drawn turned by a quarter (a rotating transform) on a landscape page', async () => {
    // The portrait image turned clockwise onto a H × W landscape page: image x → page −y.
    const page: PdfPage = {
      width: H,
      height: W,
      images: [{ image: await jpegGray(pattern(), 70), matrix: [0, -W, H, 0, 0, W] }],
    };
    const got = await acquire(page);
    expect(got.size).toEqual([H, W]);
    // Upright (x, y) lands at (y, W − x) in the top-left frame of the printed landscape page… turned
    // the other way: a point at the image's top-left ends at the page's top-right.
    expect(got.box).toEqual([H - MARK[3], MARK[0], H - MARK[1], MARK[2]]);
  });

  it('page /Rotate 90: the page as shown, landscape', async () => {
    const got = await acquire({
      width: W,
      height: H,
      rotate: 90,
      images: [{ image: await jpegGray(pattern(), 70), matrix: fillPage(W, H) }],
    });
    expect(got.origin).toBe('rendered');
    expect(got.size).toEqual([H, W]);
    expect(got.box).toEqual([H - MARK[3], MARK[0], H - MARK[1], MARK[2]]);
  });
});

describe('pageImage: size', () => {
  it('scales a 4000 × 4000 pt page down to the pixel cap instead of an 8000 × 8000 image', async () => {
    const doc = await openPdf(
      new Uint8Array(
        writeImagePdf([
          {
            width: 4000,
            height: 4000,
            images: [{ image: await jpegGray(pattern(), 70), matrix: fillPage(4000, 4000) }],
          },
        ]),
      ),
    );
    try {
      const { image, pxPerPoint } = await pageImage(doc, 1, DEFAULT_SETTINGS.scan.acquire);
      expect(image.width * image.height).toBeLessThanOrEqual(DEFAULT_SETTINGS.scan.acquire.maxPixels);
      expect(Math.round(image.width / pxPerPoint)).toBe(4000);
    } finally {
      await doc.destroy();
    }
  });
});

describe('pageImage: red ink', () => {
  it('drops a red seal and keeps the black ink it does not cover', async () => {
    const got = await acquire(upright([{ image: await jpegColour(colourPattern(), 80), matrix: fillPage(W, H) }]));
    // Only the black mark is dark: the seal at (180..260, 260..340) is not.
    expect(got.box).toEqual([...MARK]);
  });
});
