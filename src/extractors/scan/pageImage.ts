/**
 * The page as a grey image for OCR. When the page is one upright image (how scanners write PDFs:
 * filling the page, or placed on it with a margin), that image as pdfjs decoded it (CCITT, JBIG2, JPEG, JPX, Flate,
 * indexed,
 * CMYK: pdfjs turns them all into pixels), with no resampling. Anything else (several image
 * strips, an image mask, a rotating or stretching transform, page /Rotate, vector drawing over the
 * scan) is rendered by pdfjs, at the scan's own resolution when an image tells it. An encoded
 * stream is never read as pixels here.
 */
import { OPS, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Matrix } from '../geometry.js';
import { cappedScale } from '../pdf/document.js';
import { walkOperators } from '../pdf/operators.js';
import { renderPage } from '../pdf/render.js';
import type { AcquireSettings } from '../settings.js';
import { splitRed, toGray, type GrayImage } from './image.js';

export interface PageImage {
  image: GrayImage;
  /** With red dropped from `image`: the red ink alone (splitRed), where red rules are looked for. */
  red?: GrayImage;
  /** Image pixels per PDF point, both ways. */
  pxPerPoint: number;
  /** How it was made. */
  origin: 'embedded' | 'rendered';
}

interface PdfImage {
  width: number;
  height: number;
  kind: number;
  data?: Uint8Array | Uint8ClampedArray;
}

interface PaintedImage {
  id: string;
  /** Device matrix (viewport at scale 1 × CTM): the image's unit square → page points, y down. */
  m: Matrix;
}

/** What the operator list paints: its images with their matrices, and whether anything else is drawn. */
interface PagePaint {
  images: PaintedImage[];
  /** Image masks, inline images or vector fills and strokes: the page is more than its images. */
  other: boolean;
}

const OTHER_PAINT = new Set<number>([
  OPS.paintImageMaskXObject,
  OPS.paintImageMaskXObjectGroup,
  OPS.paintImageMaskXObjectRepeat,
  OPS.paintSolidColorImageMask,
  OPS.paintInlineImageXObject,
  OPS.paintInlineImageXObjectGroup,
  OPS.paintImageXObjectRepeat,
  OPS.fill,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.stroke,
  OPS.closeStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
  OPS.shadingFill,
]);

async function paintedImages(page: PDFPageProxy): Promise<PagePaint> {
  const ops = await page.getOperatorList();
  const images: PaintedImage[] = [];
  let other = false;
  walkOperators(ops, page.getViewport({ scale: 1 }).transform as Matrix, null, (fn, args, ctm) => {
    if (fn === OPS.paintImageXObject) images.push({ id: args[0] as string, m: ctm });
    else if (OTHER_PAINT.has(fn)) other = true;
    return null;
  });
  return { images, other };
}

/**
 * Where matrix m puts a width × height image upright on a w × h page without resampling: its
 * pixels per point (the same both ways, within 0.5%) and its top-left corner in points (y down);
 * null when it is turned, mirrored, stretched or reaches off the page.
 */
function uprightPlacement(
  m: Matrix,
  width: number,
  height: number,
  w: number,
  h: number,
): { s: number; x: number; y: number } | null {
  // Upright: no rotation or shear, x to the right, the first image row at the top (y down).
  if (Math.abs(m[1]) > 1e-6 || Math.abs(m[2]) > 1e-6 || m[0] <= 0 || m[3] >= 0) return null;
  const sx = width / m[0];
  const sy = height / -m[3];
  if (Math.abs(sx - sy) > 0.005 * sx) return null;
  const x = m[4];
  const y = m[5] + m[3];
  const slack = 0.01 * Math.max(w, h);
  if (x < -slack || y < -slack || x + m[0] > w + slack || y - m[3] > h + slack) return null;
  return { s: sx, x, y };
}

/** A grey image made from a decoded one, on a white page of w × h points at its own resolution. */
function placeOnPage(grey: GrayImage, at: { s: number; x: number; y: number }, w: number, h: number): GrayImage {
  const x0 = Math.round(at.x * at.s);
  const y0 = Math.round(at.y * at.s);
  if (x0 === 0 && y0 === 0 && Math.abs(grey.width - w * at.s) < 2 && Math.abs(grey.height - h * at.s) < 2) return grey;
  const W = Math.round(w * at.s);
  const H = Math.round(h * at.s);
  const data = new Uint8Array(W * H).fill(255);
  for (let y = 0; y < grey.height; y++) {
    const ty = y0 + y;
    if (ty < 0 || ty >= H) continue;
    const from = Math.max(0, -x0);
    const to = Math.min(grey.width, W - x0);
    if (to > from) data.set(grey.data.subarray(y * grey.width + from, y * grey.width + to), ty * W + x0 + from);
  }
  return { width: W, height: H, data };
}

/** The decoded image in grey (and its red ink, when red is dropped) placed on the page where m puts it. */
function onPage(
  img: PdfImage & { data: Uint8Array | Uint8ClampedArray },
  at: { s: number; x: number; y: number },
  w: number,
  h: number,
  dropRed: boolean,
): { image: GrayImage; red?: GrayImage } {
  if (!dropRed || (img.kind !== 2 && img.kind !== 3))
    return { image: placeOnPage(toGray(img.width, img.height, img.data, img.kind), at, w, h) };
  const { grey, red } = splitRed(img.width, img.height, img.data, img.kind);
  const image = placeOnPage(grey, at, w, h);
  return red ? { image, red: placeOnPage(red, at, w, h) } : { image };
}

function imageObject(page: PDFPageProxy, id: string): Promise<PdfImage | null> {
  return new Promise((resolve) => page.objs.get(id, (img: unknown) => resolve((img as PdfImage | null) ?? null)));
}

/** Pixels per point of an image placed by m (its finer direction). */
function imageScale(img: { width: number; height: number }, m: Matrix): number {
  const across = Math.hypot(m[0], m[1]);
  const down = Math.hypot(m[2], m[3]);
  return Math.max(img.width / Math.max(1e-6, across), img.height / Math.max(1e-6, down));
}

export async function pageImage(
  doc: PDFDocumentProxy,
  pageNumber: number,
  settings: AcquireSettings,
): Promise<PageImage> {
  const page = await doc.getPage(pageNumber);
  try {
    const viewport = page.getViewport({ scale: 1 });
    const { images, other } = await paintedImages(page);
    const maxScale = cappedScale(viewport.width, viewport.height, settings.maxDpi / 72, settings.maxPixels);
    let scale = settings.renderDpi / 72;
    if (images.length > 0) {
      // The finest image sets the resolution the page is read at.
      const found = await Promise.all(images.map(async (p) => ({ p, img: await imageObject(page, p.id) })));
      const decoded = found.filter((f): f is { p: PaintedImage; img: PdfImage } => f.img !== null);
      const single = decoded.length === 1 && images.length === 1 && !other ? decoded[0]! : null;
      const at =
        single?.img.data && [1, 2, 3].includes(single.img.kind)
          ? uprightPlacement(single.p.m, single.img.width, single.img.height, viewport.width, viewport.height)
          : null;
      if (single && at && at.s <= maxScale && at.s * 72 >= settings.minDpi) {
        const img = single.img as PdfImage & { data: Uint8Array | Uint8ClampedArray };
        return {
          ...onPage(img, at, viewport.width, viewport.height, settings.dropRed),
          pxPerPoint: at.s,
          origin: 'embedded',
        };
      }
      if (decoded.length > 0) scale = Math.max(...decoded.map((f) => imageScale(f.img, f.p.m)));
    }
    scale = Math.min(maxScale, Math.max(settings.minDpi / 72, scale));
    // A page too large for the pixel cap is read at less than the lowest resolution: better than none.
    return { ...(await renderGray(doc, page, scale, settings.dropRed)), pxPerPoint: scale, origin: 'rendered' };
  } finally {
    page.cleanup();
  }
}

/** The page rendered (page /Rotate applied, as printed), in grey, and its red ink when red is dropped. */
function renderGray(
  doc: PDFDocumentProxy,
  page: PDFPageProxy,
  scale: number,
  dropRed: boolean,
): Promise<{ image: GrayImage; red?: GrayImage }> {
  return renderPage(doc, page, scale, (c) => {
    if (!dropRed) return { image: toGray(c.width, c.height, c.pixels(), 3) };
    const { grey, red } = splitRed(c.width, c.height, c.pixels(), 3);
    return red ? { image: grey, red } : { image: grey };
  });
}
