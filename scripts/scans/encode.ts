/**
 * Page pixels → the image encodings scanners put in PDFs: JPEG (grey, RGB, CMYK), CCITT G4
 * (sharp's libtiff writes it; the strip is taken out of the TIFF), raw 1-bit and indexed colour.
 */
import sharp from 'sharp';
import type { ImageData } from './imagePdf.js';

export interface Gray {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface Rgb {
  width: number;
  height: number;
  /** RGB triples, row-major. */
  data: Uint8Array;
}

export async function jpegGray(img: Gray, quality: number): Promise<ImageData> {
  const data = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } })
    .toColourspace('b-w')
    .jpeg({ quality, chromaSubsampling: '4:4:4', mozjpeg: true })
    .toBuffer();
  return { kind: 'jpeg', data, width: img.width, height: img.height, colorSpace: 'DeviceGray' };
}

export async function jpegColour(img: Rgb, quality: number, cmyk = false): Promise<ImageData> {
  let pipeline = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } });
  if (cmyk) pipeline = pipeline.toColourspace('cmyk');
  const data = await pipeline.jpeg({ quality, chromaSubsampling: '4:2:0', mozjpeg: !cmyk }).toBuffer();
  return { kind: 'jpeg', data, width: img.width, height: img.height, colorSpace: cmyk ? 'DeviceCMYK' : 'DeviceRGB' };
}

/** Black where darker than the threshold: what a scanner's black-and-white mode keeps. */
export function binarise(img: Gray, threshold: number): Gray {
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = img.data[i]! < threshold ? 0 : 255;
  return { width: img.width, height: img.height, data };
}

/** Packed 1-bit rows, 1 = white (or 1 = black when `inverted`). */
export function packBits(img: Gray, inverted = false): Buffer {
  const rowBytes = (img.width + 7) >> 3;
  const out = Buffer.alloc(rowBytes * img.height);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const white = img.data[y * img.width + x]! >= 128;
      if (white !== inverted) out[y * rowBytes + (x >> 3)]! |= 128 >> (x & 7);
    }
  }
  return out;
}

export function bits(img: Gray, inverted = false): ImageData {
  return { kind: 'bits', data: packBits(img, inverted), width: img.width, height: img.height, inverted };
}

/** CCITT Group 4 of a 1-bit page, one strip, as a PDF's CCITTFaxDecode stream. */
export async function ccittG4(img: Gray): Promise<ImageData> {
  const tiff = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } })
    .toColourspace('b-w')
    .tiff({ compression: 'ccittfax4', bitdepth: 1, tileHeight: img.height })
    .toBuffer();
  const le = tiff[0] === 0x49;
  const u16 = (o: number): number => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number): number => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd = u32(4);
  const tags = new Map<number, { count: number; value: number }>();
  for (let i = 0; i < u16(ifd); i++) {
    const e = ifd + 2 + i * 12;
    const type = u16(e + 2);
    tags.set(u16(e), { count: u32(e + 4), value: type === 3 ? u16(e + 8) : u32(e + 8) });
  }
  const offsets = tags.get(273);
  const counts = tags.get(279);
  if (!offsets || !counts || offsets.count !== 1) throw new Error('expected a single-strip CCITT TIFF');
  // libtiff codes runs of 0 bits as white; with Photometric 1 (BlackIsZero) those are the black
  // pixels, so a PDF reader must take the coded white for black: BlackIs1 true.
  const photometric = tags.get(262)?.value ?? 0;
  return {
    kind: 'ccitt',
    data: tiff.subarray(offsets.value, offsets.value + counts.value),
    width: img.width,
    height: img.height,
    blackIs1: photometric === 1,
  };
}

/** Indexed colour with a small palette: 16 greys and 8 reds, each pixel its nearest. */
export function indexed(img: Rgb): ImageData {
  const palette: number[] = [];
  for (let k = 0; k < 16; k++) palette.push(k * 17, k * 17, k * 17);
  for (let k = 0; k < 8; k++) palette.push(255, 40 + k * 25, 40 + k * 25);
  const data = Buffer.alloc(img.width * img.height);
  for (let i = 0, j = 0; i < data.length; i++, j += 3) {
    const r = img.data[j]!;
    const g = img.data[j + 1]!;
    const b = img.data[j + 2]!;
    let best = 0;
    let bestD = Infinity;
    for (let p = 0; p < palette.length / 3; p++) {
      const d = (r - palette[3 * p]!) ** 2 + (g - palette[3 * p + 1]!) ** 2 + (b - palette[3 * p + 2]!) ** 2;
      if (d < bestD) {
        bestD = d;
        best = p;
      }
    }
    data[i] = best;
  }
  return { kind: 'indexed', data, width: img.width, height: img.height, palette: Buffer.from(palette) };
}
