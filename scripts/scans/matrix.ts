/**
 * The scan matrix: born-digital reports turned into the scans offices make of them, at 150, 200
 * and 300 dpi × grey JPEG (q40–q85), colour JPEG on yellowed paper with a red seal, and 1-bit
 * CCITT G4 (an office scanner's black-and-white mode), with thin (0.5 pt, grey) or thick (1.5 pt,
 * dark) rules, skew up to 3°, and a variant whose table pages were fed sideways. Every choice
 * comes from a seed, so a variant is the same bytes on every run and another seed is another scan.
 *
 * Used by `npm run scans -- --matrix DIR` and by test/e2e/scanMatrix.test.ts (into a temp dir).
 */
import sharp from 'sharp';
import { openPdf } from '../../src/extractors/pdf/document.js';
import { readPageModel } from '../../src/extractors/pdf/pages.js';
import { DEFAULT_SETTINGS } from '../../src/extractors/settings.js';
import { renderPage } from '../../src/extractors/pdf/render.js';
import type { Segment } from '../../src/extractors/model.js';
import { prng, seedOf } from './degrade.js';
import { binarise, ccittG4, jpegColour, jpegGray, type Gray, type Rgb } from './encode.js';
import { fillPage, writeImagePdf, type PdfPage } from './imagePdf.js';

export type Encoding = 'grey' | 'colour' | 'bilevel';

export interface ScanVariant {
  /** e.g. 200dpi-colour-thin: the part of the file name after the source's. */
  name: string;
  dpi: number;
  encoding: Encoding;
  rules: 'thin' | 'thick';
  /** Table pages fed sideways (turned 90° one way or the other, no /Rotate). */
  sideways: boolean;
  /** Skew of each page drawn from ±maxSkew degrees. */
  maxSkew: number;
  /** Tells seeds apart: the same variant with another seed is another scan. */
  seed: string;
}

const A4 = { width: 595.28, height: 841.89 } as const;

/**
 * Every variant of the full matrix for one source: each resolution × encoding once (rules thin or
 * thick by turns, so both appear at every resolution), and the sideways one.
 */
export function fullMatrix(seed = ''): ScanVariant[] {
  const out: ScanVariant[] = [];
  let k = 0;
  for (const dpi of [150, 200, 300]) {
    for (const encoding of ['grey', 'colour', 'bilevel'] as const) {
      const rules = k++ % 2 === 0 ? 'thin' : 'thick';
      out.push({ name: `${dpi}dpi-${encoding}-${rules}`, dpi, encoding, rules, sideways: false, maxSkew: 3, seed });
    }
  }
  out.push({
    name: '200dpi-grey-thin-sideways',
    dpi: 200,
    encoding: 'grey',
    rules: 'thin',
    sideways: true,
    maxSkew: 2,
    seed,
  });
  return out;
}

/** The look of one page, drawn from its seed. */
interface PageLook {
  angle: number;
  dx: number;
  dy: number;
  quality: number;
  paper: number;
  ink: number;
  shading: number;
  noise: number;
  blur: number;
  /** Sideways: +90 (clockwise) or −90. */
  turn: 90 | -90;
  /** Where a seal goes, as a fraction of the page (its centre). */
  seal: { x: number; y: number; r: number; rotation: number };
}

function lookOf(seed: number, variant: ScanVariant): PageLook {
  const rnd = prng(seed);
  const magnitude = 0.2 + (variant.maxSkew - 0.2) * rnd();
  return {
    angle: Math.round((rnd() < 0.5 ? -magnitude : magnitude) * 100) / 100,
    dx: Math.round((rnd() - 0.5) * 20),
    dy: Math.round((rnd() - 0.5) * 20),
    quality: 40 + Math.round(rnd() * 45),
    paper: 228 + Math.round(rnd() * 20),
    ink: 20 + Math.round(rnd() * 40),
    shading: 4 + Math.round(rnd() * 12),
    noise: 1.5 + rnd() * 2.5,
    blur: 0.3 + rnd() * 0.5,
    turn: rnd() < 0.5 ? 90 : -90,
    seal: { x: 0.45 + rnd() * 0.3, y: 0.3 + rnd() * 0.5, r: 0.08 + rnd() * 0.03, rotation: rnd() * Math.PI },
  };
}

/** Paints the page's rules again in the variant's style: erased where drawn, then drawn thin or thick. */
function restyleRules(
  img: Rgb,
  segments: readonly Segment[],
  s: number,
  rules: 'thin' | 'thick',
  bilevel: boolean,
): void {
  const paint = (x0: number, y0: number, x1: number, y1: number, v: number): void => {
    const ax = Math.max(0, Math.floor(x0));
    const bx = Math.min(img.width, Math.ceil(x1));
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(img.height, Math.ceil(y1)); y++)
      for (let x = ax; x < bx; x++) img.data.fill(v, (y * img.width + x) * 3, (y * img.width + x) * 3 + 3);
  };
  const half = 0.9 * s;
  for (const g of segments) {
    if (g.orientation === 'h') paint(g.from * s - half, g.at * s - half, g.to * s + half, g.at * s + half, 255);
    else paint(g.at * s - half, g.from * s - half, g.at * s + half, g.to * s + half, 255);
  }
  const width = Math.max(1, rules === 'thin' ? 0.5 * s : 1.5 * s);
  // A thin rule is printed grey (web pages, LibreOffice); in a black-and-white scan it must stay
  // dark enough to be kept at all, as a scanner keeps a printed black hairline.
  const grey = rules === 'thick' ? 25 : bilevel ? 100 : 150;
  for (const g of segments) {
    if (g.orientation === 'h')
      paint(g.from * s, g.at * s - width / 2, g.to * s + width / 2, g.at * s + width / 2, grey);
    else paint(g.at * s - width / 2, g.from * s, g.at * s + width / 2, g.to * s + width / 2, grey);
  }
}

/** A red seal: a ring, a star, and a ring of glyph-like marks, multiplied onto the page. */
function drawSeal(img: Rgb, look: PageLook, rnd: () => number): void {
  const cx = look.seal.x * img.width;
  const cy = look.seal.y * img.height;
  const r = look.seal.r * img.width;
  const red = [205, 35 + Math.round(rnd() * 30), 45] as const;
  const strength = 0.55 + rnd() * 0.35;
  const mark = (x: number, y: number): void => {
    if (x < 0 || y < 0 || x >= img.width || y >= img.height) return;
    const i = (Math.round(y) * img.width + Math.round(x)) * 3;
    for (let c = 0; c < 3; c++)
      img.data[i + c] = Math.round(img.data[i + c]! * (1 - strength + (strength * red[c]!) / 255));
  };
  for (let y = Math.floor(cy - r); y <= cy + r; y++) {
    for (let x = Math.floor(cx - r); x <= cx + r; x++) {
      const d = Math.hypot(x - cx, y - cy);
      const a = Math.atan2(y - cy, x - cx) + look.seal.rotation;
      // The ring, ink dropping out here and there as a stamp does.
      if (d > 0.9 * r && d <= r && rnd() > 0.1) mark(x, y);
      // A five-pointed star in the middle.
      const star = 0.28 * r * (0.55 + 0.45 * Math.cos(5 * a));
      if (d < star) mark(x, y);
      // Glyph-like marks around the inside of the ring.
      if (d > 0.62 * r && d < 0.82 * r && Math.sin(14 * a) > 0.2 && rnd() > 0.25) mark(x, y);
    }
  }
}

/** A table of standard normal values drawn from `rnd`, read round-robin: noise without a log per pixel. */
function gaussTable(rnd: () => number): Float32Array {
  const t = new Float32Array(1 << 16);
  for (let i = 0; i < t.length; i++)
    t[i] = Math.sqrt(-2 * Math.log(Math.max(1e-12, rnd()))) * Math.cos(2 * Math.PI * rnd());
  return t;
}

/**
 * Rotation, offset, paper and ink levels, lamp unevenness, noise and blur, per channel alike, on
 * an image of 1 (grey) or 3 (colour) channels.
 */
async function scanLook(
  img: { width: number; height: number; data: Uint8Array },
  channels: 1 | 3,
  look: PageLook,
  rnd: () => number,
): Promise<{ width: number; height: number; data: Uint8Array }> {
  const { data: rotated, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels } })
    .rotate(look.angle, { background: { r: 255, g: 255, b: 255 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const out = new Uint8Array(img.width * img.height * channels).fill(255);
  const ox = Math.round((info.width - img.width) / 2) - look.dx;
  const oy = Math.round((info.height - img.height) / 2) - look.dy;
  const span = look.paper - look.ink;
  // Yellowed paper: less blue, a little less green.
  const tint = channels === 3 ? [1, 0.965, 0.86] : [1];
  const gauss = gaussTable(rnd);
  let k = Math.floor(rnd() * gauss.length);
  for (let y = 0; y < img.height; y++) {
    const sy = y + oy;
    const inside = sy >= 0 && sy < info.height;
    for (let x = 0; x < img.width; x++) {
      const sx = x + ox;
      const shade = look.shading * (0.6 * (y / img.height) + 0.4 * (x / img.width));
      const n = gauss[k++ & 0xffff]! * look.noise;
      // Stride through the table unevenly, so rows do not repeat its pattern.
      if ((k & 0xfff) === 0) k += 7919;
      const i = (y * img.width + x) * channels;
      for (let c = 0; c < channels; c++) {
        const src = inside && sx >= 0 && sx < info.width ? rotated[(sy * info.width + sx) * info.channels + c]! : 255;
        const v = (look.ink + (src / 255) * span - shade) * (src > 200 ? tint[c]! : 1) + n;
        out[i + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
      }
    }
  }
  const { data: blurred, info: done } = await sharp(out, { raw: { width: img.width, height: img.height, channels } })
    .blur(look.blur)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    width: img.width,
    height: img.height,
    data: firstChannels(new Uint8Array(blurred), done.channels, channels),
  };
}

function toGrey(img: Rgb): Gray {
  const data = new Uint8Array(img.width * img.height);
  for (let i = 0, j = 0; i < data.length; i++, j += 3)
    data[i] = (img.data[j]! * 77 + img.data[j + 1]! * 150 + img.data[j + 2]! * 29) >> 8;
  return { width: img.width, height: img.height, data };
}

/** The first `want` channels of each pixel: sharp may hand a grey image back with more. */
function firstChannels(data: Uint8Array, have: number, want: number): Uint8Array {
  if (have === want) return data;
  const n = data.length / have;
  const out = new Uint8Array(n * want);
  for (let i = 0; i < n; i++) for (let c = 0; c < want; c++) out[i * want + c] = data[i * have + c]!;
  return out;
}

async function turned(
  img: Gray | Rgb,
  channels: 1 | 3,
  angle: 90 | -90,
): Promise<{ width: number; height: number; data: Uint8Array }> {
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels } })
    .rotate(angle)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: firstChannels(new Uint8Array(data), info.channels, channels) };
}

/** The scan of a born-digital PDF as `variant`: the bytes of an image-only PDF. `name` seeds it. */
export async function makeScan(source: Uint8Array, variant: ScanVariant, name: string): Promise<Buffer> {
  const doc = await openPdf(source);
  const pages: PdfPage[] = [];
  try {
    const s = variant.dpi / 72;
    for (let n = 1; n <= doc.numPages; n++) {
      const seed = seedOf(`${name}#${variant.name}#${variant.seed}#${n}`);
      const look = lookOf(seed, variant);
      const rnd = prng(seed ^ 0x5bd1e995);
      const page = await doc.getPage(n);
      const model = await readPageModel(doc, n, DEFAULT_SETTINGS);
      // Always the A4 frame, whatever the source's page box: the scanner's platen.
      const w = Math.round(A4.width * s);
      const h = Math.round(A4.height * s);
      const rgb = await renderPage(doc, page, s, (c) => {
        const px = c.pixels();
        const data = new Uint8Array(w * h * 3).fill(255);
        for (let y = 0; y < Math.min(h, c.height); y++)
          for (let x = 0; x < Math.min(w, c.width); x++)
            data.set(px.subarray((y * c.width + x) * 4, (y * c.width + x) * 4 + 3), (y * w + x) * 3);
        return { width: w, height: h, data };
      });
      page.cleanup();
      restyleRules(rgb, model.segments, s, variant.rules, variant.encoding === 'bilevel');
      const tablePage = model.segments.length >= 12;
      if (variant.encoding === 'colour' && (tablePage || n === doc.numPages)) drawSeal(rgb, look, rnd);
      const sideways = variant.sideways && tablePage;
      let image;
      let size: { width: number; height: number } = { width: A4.width, height: A4.height };
      if (variant.encoding === 'colour') {
        const scanned = await scanLook(rgb, 3, look, rnd);
        const img = sideways ? await turned(scanned, 3, look.turn) : scanned;
        image = await jpegColour(img, Math.max(45, look.quality));
      } else {
        const grey = await scanLook(toGrey(rgb), 1, look, rnd);
        const img = sideways ? await turned(grey, 1, look.turn) : grey;
        image =
          variant.encoding === 'grey'
            ? await jpegGray(img, look.quality)
            : await ccittG4(binarise(img, (look.paper + look.ink) / 2 + 10));
      }
      if (sideways) size = { width: A4.height, height: A4.width };
      pages.push({ ...size, images: [{ image, matrix: fillPage(size.width, size.height) }] });
    }
  } finally {
    await doc.destroy();
  }
  return writeImagePdf(pages);
}
