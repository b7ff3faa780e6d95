/** Grey images as plain byte arrays: the form every scan routine here takes and returns. */

export interface GrayImage {
  width: number;
  height: number;
  /** One byte per pixel, 0 black … 255 white, row-major. */
  data: Uint8Array;
}

/** Redness at or above this is red ink; from RED_FROM it blends in. */
const RED_FROM = 25;
const RED_FULL = 65;
/** Pixels darker than this are black ink (also under a seal), never lightened. */
const INK_UNDER_RED = 90;

/**
 * pdfjs image kinds (1 = 1 bit per pixel, 1 white; 2 = RGB; 3 = RGBA) → grey. With `dropRed`,
 * red ink (a seal or stamp, which often lies across a table or the signature) is made about as
 * light as the paper, while black ink under it stays black (splitRed).
 */
export function toGray(
  width: number,
  height: number,
  data: Uint8Array | Uint8ClampedArray,
  kind: number,
  dropRed = false,
  reach = 2,
): GrayImage {
  if (dropRed && (kind === 2 || kind === 3)) return splitRed(width, height, data, kind, reach).grey;
  const out = new Uint8Array(width * height);
  if (kind === 2 || kind === 3) {
    const step = kind === 2 ? 3 : 4;
    for (let i = 0, j = 0; i < out.length; i++, j += step)
      out[i] = (data[j]! * 77 + data[j + 1]! * 150 + data[j + 2]! * 29) >> 8;
  } else if (kind === 1) {
    const rowBytes = (width + 7) >> 3;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) out[y * width + x] = data[y * rowBytes + (x >> 3)]! & (128 >> (x & 7)) ? 255 : 0;
    }
  } else throw new Error(`unsupported image kind ${kind}`);
  return { width, height, data: out };
}

/**
 * An RGB(A) image in grey with its red ink taken away, and that red ink alone on white (null
 * when there was none). A JPEG stores colour at half the resolution of brightness, so a seal
 * stroke's edge is dark with little red of its own: redness counts within `reach` pixels
 * around, and what is not black ink there is lightened too. The red ink is kept apart because
 * a seal is not all that is printed red: web-style templates rule their tables in crimson, and
 * the line finder looks for those rules in it, where a seal's ring and characters make no long
 * straight lines that cross.
 */
export function splitRed(
  width: number,
  height: number,
  data: Uint8Array | Uint8ClampedArray,
  kind: 2 | 3,
  reach = 2,
): { grey: GrayImage; red: GrayImage | null } {
  const step = kind === 2 ? 3 : 4;
  const out = new Uint8Array(width * height);
  const redness = new Int16Array(width * height);
  for (let i = 0, j = 0; i < out.length; i++, j += step) {
    const r = data[j]!;
    const g = data[j + 1]!;
    const b = data[j + 2]!;
    out[i] = (r * 77 + g * 150 + b * 29) >> 8;
    redness[i] = r - Math.max(g, b);
  }
  const red = new Uint8Array(width * height).fill(255);
  let anyRed = false;
  const near = maxAround(redness, width, height, reach);
  const blend = (v: number): number => Math.min(1, Math.max(0, (v - RED_FROM) / (RED_FULL - RED_FROM)));
  for (let i = 0, j = 0; i < out.length; i++, j += step) {
    const own = blend(redness[i]!);
    const around = out[i]! >= INK_UNDER_RED ? blend(near[i]!) : 0;
    const k = Math.max(own, around);
    if (k === 0) continue;
    red[i] = Math.round(255 - k * (255 - out[i]!));
    anyRed = true;
    // A stamp's red is darker than the paper in red too: lifted by its redness, it is paper.
    // A stroke's edge beside it is read in red alone, as a scanner's colour dropout does: the
    // edge is light in red, a grey rule or black text under the seal is not.
    const lifted = own >= around ? Math.min(255, data[j]! + Math.max(0, redness[i]!) / 2) : data[j]!;
    out[i] = Math.round(out[i]! + (lifted - out[i]!) * k);
  }
  return { grey: { width, height, data: out }, red: anyRed ? { width, height, data: red } : null };
}

/** Each value's maximum over the (2·reach+1)² square around it (separable). */
function maxAround(values: Int16Array, width: number, height: number, reach: number): Int16Array {
  if (reach <= 0) return values;
  const rows = new Int16Array(values.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let m = -32768;
      for (let d = Math.max(0, x - reach); d <= Math.min(width - 1, x + reach); d++)
        if (values[row + d]! > m) m = values[row + d]!;
      rows[row + x] = m;
    }
  }
  const out = new Int16Array(values.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let m = -32768;
      for (let d = Math.max(0, y - reach); d <= Math.min(height - 1, y + reach); d++)
        if (rows[d * width + x]! > m) m = rows[d * width + x]!;
      out[y * width + x] = m;
    }
  }
  return out;
}

/** The image turned clockwise by `turns` quarter turns (a sideways page made upright). */
export function rotateQuarter(img: GrayImage, turns: number): GrayImage {
  const t = ((turns % 4) + 4) % 4;
  if (t === 0) return img;
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h);
  if (t === 2) {
    for (let i = 0, n = w * h; i < n; i++) out[n - 1 - i] = data[i]!;
    return { width: w, height: h, data: out };
  }
  // Clockwise: source (x, y) → (h − 1 − y, x); counter-clockwise: (x, y) → (y, w − 1 − x).
  const W = h;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      if (t === 1) out[x * W + (h - 1 - y)] = data[row + x]!;
      else out[(w - 1 - x) * W + y] = data[row + x]!;
    }
  }
  return { width: W, height: w, data: out };
}

/** Binary PGM (P5): tesseract.js reads it without the cost of PNG encoding. */
export function encodePgm(img: GrayImage): Buffer {
  const header = Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, 'latin1');
  return Buffer.concat([header, Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength)]);
}

export function crop(img: GrayImage, x0: number, y0: number, x1: number, y1: number): GrayImage {
  const ax = Math.max(0, Math.floor(x0));
  const ay = Math.max(0, Math.floor(y0));
  const bx = Math.min(img.width, Math.ceil(x1));
  const by = Math.min(img.height, Math.ceil(y1));
  const w = Math.max(1, bx - ax);
  const h = Math.max(1, by - ay);
  const out = new Uint8Array(w * h).fill(255);
  for (let y = 0; y < h && ay + y < img.height; y++)
    out.set(
      img.data.subarray((ay + y) * img.width + ax, (ay + y) * img.width + ax + Math.min(w, img.width - ax)),
      y * w,
    );
  return { width: w, height: h, data: out };
}

/** Adds a white margin (tesseract reads glyphs touching the edge badly). */
export function pad(img: GrayImage, margin: number): GrayImage {
  const w = img.width + 2 * margin;
  const h = img.height + 2 * margin;
  const out = new Uint8Array(w * h).fill(255);
  for (let y = 0; y < img.height; y++)
    out.set(img.data.subarray(y * img.width, (y + 1) * img.width), (y + margin) * w + margin);
  return { width: w, height: h, data: out };
}

/**
 * Otsu's threshold over the histogram: the split that best separates ink from paper, as the
 * lowest grey level of the paper class, so "ink is darker than the threshold" holds for a 1-bit
 * page too (ink 0, paper 255: threshold 1).
 */
export function otsuThreshold(img: GrayImage): number {
  return otsuOfHistogram(histogram(img));
}

/** Pixels per grey level. */
export function histogram(img: GrayImage): Uint32Array {
  const hist = new Uint32Array(256);
  const data = img.data;
  for (let i = 0; i < data.length; i++) hist[data[i]!]!++;
  return hist;
}

/** Otsu's threshold of a histogram (as otsuThreshold). */
export function otsuOfHistogram(hist: Uint32Array): number {
  let total = 0;
  for (let i = 0; i < 256; i++) total += hist[i]!;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      threshold = t + 1;
    }
  }
  return threshold;
}

/**
 * Enlarged by an integer factor with bilinear interpolation: smooth strokes for OCR of text
 * that is too small at the scan's resolution (nearest-neighbour steps read as noise).
 */
export function enlarge(img: GrayImage, factor: number): GrayImage {
  if (factor <= 1) return img;
  const w = img.width * factor;
  const h = img.height * factor;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(img.height - 1, Math.max(0, (y + 0.5) / factor - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(img.height - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(img.width - 1, Math.max(0, (x + 0.5) / factor - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(img.width - 1, x0 + 1);
      const fx = sx - x0;
      const top = img.data[y0 * img.width + x0]! * (1 - fx) + img.data[y0 * img.width + x1]! * fx;
      const bottom = img.data[y1 * img.width + x0]! * (1 - fx) + img.data[y1 * img.width + x1]! * fx;
      out[y * w + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width: w, height: h, data: out };
}

/** `copies` copies of an image side by side, `gap` white pixels apart. */
export function repeatAcross(img: GrayImage, copies: number, gap: number): GrayImage {
  const w = img.width * copies + gap * (copies - 1);
  const out = new Uint8Array(w * img.height).fill(255);
  for (let k = 0; k < copies; k++) {
    for (let y = 0; y < img.height; y++)
      out.set(img.data.subarray(y * img.width, (y + 1) * img.width), y * w + k * (img.width + gap));
  }
  return { width: w, height: img.height, data: out };
}

/**
 * Faint strokes made dark: paper (the median, most of a cut is paper) to white, the darkest ink
 * to black, the greys between on a square curve, so a light stroke is kept whole by tesseract's
 * own threshold (the thin diagonal of a light grey 4, lost, reads as 1) while paper noise,
 * close to white, stays light.
 */
export function deepenInk(img: GrayImage): GrayImage {
  const hist = histogram(img);
  const n = img.data.length;
  let seen = 0;
  let paper = 255;
  for (let v = 0; v < 256; v++) {
    seen += hist[v]!;
    if (seen >= n / 2) {
      paper = v;
      break;
    }
  }
  let ink = 0;
  while (ink < 255 && hist[ink] === 0) ink++;
  if (paper - ink < 32) return img;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) {
    const t = Math.min(1, Math.max(0, (v - ink) / (paper - ink)));
    lut[v] = Math.round(255 * t * t);
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = lut[img.data[i]!]!;
  return { width: img.width, height: img.height, data: out };
}
