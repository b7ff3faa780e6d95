/**
 * Garble detection: a text layer that is mostly replacement, private-use or (cid:…) glyphs,
 * or a page with images but no text, goes to OCR instead of being parsed into nonsense.
 */
import type { Box, TextQuality, Word } from '../model.js';
import type { GarbleSettings } from '../settings.js';

export function isBadChar(c: number): boolean {
  return (
    c === 0xfffd ||
    (c >= 0xe000 && c <= 0xf8ff) || // private use
    (c >= 0xf0000 && c <= 0x10ffff) ||
    (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)
  );
}

export function judgeTextQuality(words: readonly Word[], imageCoverage: number, settings: GarbleSettings): TextQuality {
  let total = 0;
  let bad = 0;
  for (const w of words) {
    const cidRefs = w.text.match(/\(cid:\d+\)/g);
    if (cidRefs) {
      bad += cidRefs.length;
      total += cidRefs.length;
    }
    for (const ch of w.text.replace(/\(cid:\d+\)/g, '')) {
      if (/\s/.test(ch)) continue;
      total++;
      if (isBadChar(ch.codePointAt(0)!)) bad++;
    }
  }
  if (total === 0) return 'empty';
  if (bad / total > settings.maxBadShare) return 'garbled';
  if (imageCoverage >= settings.scanCoverage && total - bad < settings.minCharsWithImages) return 'empty';
  return 'ok';
}

/**
 * Pictures on a page whose text layer is sound that hold none of its text: a table or a passage
 * pasted as an image, which the text layer does not have. Small pictures (logos, seals) are left
 * alone, and so is a page that is itself one big picture (that is a scan: judgeTextQuality).
 */
export function textlessPictures(
  words: readonly Word[],
  images: readonly Box[],
  pageWidth: number,
  pageHeight: number,
  settings: GarbleSettings,
): Box[] {
  const pageArea = pageWidth * pageHeight;
  return images.filter((b) => {
    const area = (b[2] - b[0]) * (b[3] - b[1]);
    if (area < settings.pictureShare * pageArea || area > settings.maxPictureShare * pageArea) return false;
    let chars = 0;
    for (const w of words) {
      const cx = (w.bbox[0] + w.bbox[2]) / 2;
      const cy = (w.bbox[1] + w.bbox[3]) / 2;
      if (cx >= b[0] && cx <= b[2] && cy >= b[1] && cy <= b[3]) chars += [...w.text.replace(/\s/gu, '')].length;
    }
    return chars <= settings.maxCharsOnPicture;
  });
}
