/**
 * Preparing a page image for the line finder and OCR: flat paper (background.ts), the ink
 * threshold, straightening (deskew.ts), and quarter turns once the orientation is known. Pure
 * functions: image in, prepared page out.
 */
import { flattenBackground } from './background.js';
import type { PageFrame } from '../geometry.js';
import { estimateSkew, rotateImage } from './deskew.js';
import { histogram, otsuOfHistogram, rotateQuarter, type GrayImage } from './image.js';
import type { PrepareSettings } from '../settings.js';

export interface PreparedPage {
  /** The page upright and straight, on flat paper (255). */
  image: GrayImage;
  pxPerPoint: number;
  /** Ink is darker than this. */
  threshold: number;
  /** The typical grey of the ink (the median of the pixels darker than the threshold). */
  ink: number;
  /** How the image was made from the page as printed. */
  frame: PageFrame;
  /** The red ink alone (image.ts splitRed), straightened and turned with the page, when red was dropped. */
  red?: GrayImage;
}

/**
 * The ink threshold of a flat page: Otsu's split, kept within bounds, since a page of nearly
 * blank paper would otherwise split its noise; and the ink's typical grey.
 */
export function measureInk(img: GrayImage): { threshold: number; ink: number } {
  const hist = histogram(img);
  const threshold = Math.min(230, Math.max(64, otsuOfHistogram(hist)));
  let n = 0;
  for (let v = 0; v < threshold; v++) n += hist[v]!;
  let seen = 0;
  let ink = 0;
  for (let v = 0; v < threshold; v++) {
    seen += hist[v]!;
    if (seen >= n / 2) {
      ink = v;
      break;
    }
  }
  return { threshold, ink };
}

/** Flat paper, threshold, and (with `straighten`) the skew undone; not yet turned. */
export function prepareImage(
  img: GrayImage,
  pxPerPoint: number,
  settings: PrepareSettings,
  straighten = true,
  red?: GrayImage,
): PreparedPage {
  // A 1-bit scan is flat paper already: black and white, nothing between.
  const hist = histogram(img);
  const bilevel = hist[0]! + hist[255]! === img.data.length;
  const flat = bilevel ? img : flattenBackground(img, settings.backgroundWindow * pxPerPoint);
  // A 1-bit page's threshold is the midpoint: straightening blends its pixels, and a pixel
  // darker than half was mostly ink (a 1 px stroke turned by a degree or two is grey, not black).
  const { threshold, ink } = bilevel ? { threshold: 128, ink: 0 } : measureInk(flat);
  const angle = straighten ? estimateSkew(flat, threshold, settings) : 0;
  const width = img.width / pxPerPoint;
  const height = img.height / pxPerPoint;
  return {
    image: rotateImage(flat, angle),
    pxPerPoint,
    threshold,
    ink,
    frame: { angle, turns: 0, cx: width / 2, cy: height / 2, width, height },
    ...(red ? { red: rotateImage(red, angle) } : {}),
  };
}

/** The prepared page turned clockwise by further quarter turns. */
export function turnPage(page: PreparedPage, turns: number): PreparedPage {
  if (turns % 4 === 0) return page;
  return {
    ...page,
    image: rotateQuarter(page.image, turns),
    frame: { ...page.frame, turns: (page.frame.turns + turns) % 4 },
    ...(page.red ? { red: rotateQuarter(page.red, turns) } : {}),
  };
}
