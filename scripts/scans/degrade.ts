/**
 * Turns a clean rendered page into something that looks like it came off an office scanner:
 * greyscale, a small skew, a slight offset on the platen, uneven paper brightness, washed-out
 * ink (contrast loss), sensor noise, a touch of optical blur, JPEG. Every random choice comes
 * from a seeded PRNG, so the same page always degrades to the same bytes.
 */
import sharp from 'sharp';

export interface Gray {
  width: number;
  height: number;
  /** One byte per pixel, 0 black … 255 white. */
  data: Uint8Array;
}

/** mulberry32: small, fast, good enough for noise; deterministic across platforms. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string: the seed of a page from its file name and number. */
export function seedOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export interface ScanLook {
  /** Skew, degrees (sharp rotates clockwise for positive angles). */
  angle: number;
  /** Offset of the page on the platen, pixels. */
  dx: number;
  dy: number;
  /** Paper and ink levels after contrast loss (0..255). */
  paper: number;
  ink: number;
  /** Brightness falls off by up to this much across the page (lamp unevenness). */
  shading: number;
  /** Standard deviation of the sensor noise, grey levels. */
  noise: number;
  /** Gaussian blur sigma, pixels. */
  blur: number;
  quality: number;
}

/** The degradation of one page, drawn from the page's seed. */
export function lookFor(seed: number, quality: number): ScanLook {
  const rnd = prng(seed);
  // A visible skew in either direction: |angle| in 0.3..1.5 degrees.
  const magnitude = 0.3 + 1.2 * rnd();
  const angle = Math.round((rnd() < 0.5 ? -magnitude : magnitude) * 100) / 100;
  return {
    angle,
    dx: Math.round((rnd() - 0.5) * 16),
    dy: Math.round((rnd() - 0.5) * 16),
    paper: 232 + Math.round(rnd() * 12),
    ink: 28 + Math.round(rnd() * 24),
    shading: 6 + Math.round(rnd() * 8),
    noise: 2 + rnd() * 1.5,
    blur: 0.6 + rnd() * 0.2,
    quality,
  };
}

/** RGBA canvas pixels → grey (Rec. 601 weights, as a scanner's grey mode). */
export function rgbaToGray(width: number, height: number, rgba: Uint8Array | Uint8ClampedArray): Gray {
  const data = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < data.length; i++, j += 4)
    data[i] = (rgba[j]! * 77 + rgba[j + 1]! * 150 + rgba[j + 2]! * 29) >> 8;
  return { width, height, data };
}

/** Rotates about the centre (white comes in at the corners) and cuts back to the page size, shifted by (dx, dy). */
async function skew(img: Gray, look: ScanLook): Promise<Gray> {
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } })
    .rotate(look.angle, { background: { r: 255, g: 255, b: 255 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  // A colour background makes sharp hand back 3 channels (all equal): read the first.
  const step = info.channels;
  const out = new Uint8Array(img.width * img.height).fill(255);
  // The rotated image is larger; its centre is the page's centre, moved by the platen offset.
  const ox = Math.round((info.width - img.width) / 2) - look.dx;
  const oy = Math.round((info.height - img.height) / 2) - look.dy;
  for (let y = 0; y < img.height; y++) {
    const sy = y + oy;
    if (sy < 0 || sy >= info.height) continue;
    for (let x = 0; x < img.width; x++) {
      const sx = x + ox;
      if (sx >= 0 && sx < info.width) out[y * img.width + x] = data[(sy * info.width + sx) * step]!;
    }
  }
  return { width: img.width, height: img.height, data: out };
}

/** Contrast loss, uneven lamp and sensor noise, in place. */
function tone(img: Gray, look: ScanLook, rnd: () => number): void {
  const { width: w, height: h, data } = img;
  const span = look.paper - look.ink;
  let spare: number | null = null;
  const gauss = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = Math.max(1e-12, rnd());
    const v = rnd();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  for (let y = 0; y < h; y++) {
    // Darker towards the bottom-right corner, as a lamp that does not light the platen evenly.
    const fy = y / h;
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const shade = look.shading * (0.6 * fy + 0.4 * (x / w));
      const v = look.ink + (data[i]! / 255) * span - shade + gauss() * look.noise;
      data[i] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
}

/** One page: clean grey render in, scanner-like JPEG out. */
export async function degradePage(img: Gray, look: ScanLook, seed: number): Promise<Buffer> {
  const skewed = await skew(img, look);
  tone(skewed, look, prng(seed ^ 0x5bd1e995));
  return (
    sharp(skewed.data, { raw: { width: skewed.width, height: skewed.height, channels: 1 } })
      .blur(look.blur)
      .toColourspace('b-w')
      // mozjpeg (trellis quantisation): a third smaller than libjpeg at the same quality.
      .jpeg({ quality: look.quality, chromaSubsampling: '4:4:4', mozjpeg: true })
      .toBuffer()
  );
}
