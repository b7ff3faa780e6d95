/**
 * Garble detection: a text layer that is mostly replacement, private-use or (cid:…) glyphs,
 * or a page with images but no text, goes to OCR instead of being parsed into nonsense.
 */
import type { TextQuality, Word } from '../model.js';

export interface GarbleSettings {
  /** Share of bad characters above which the page's text is garbage. */
  maxBadShare: number;
  /** Fewer meaningful characters than this on an image-covered page: treat as image-only. */
  minCharsWithImages: number;
  /** Image coverage from which an almost text-less page is a scan. */
  scanCoverage: number;
}

export const DEFAULT_GARBLE_SETTINGS: GarbleSettings = { maxBadShare: 0.3, minCharsWithImages: 20, scanCoverage: 0.3 };

export function isBadChar(c: number): boolean {
  return (
    c === 0xfffd ||
    (c >= 0xe000 && c <= 0xf8ff) || // private use
    (c >= 0xf0000 && c <= 0x10ffff) ||
    (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)
  );
}

export function judgeTextQuality(words: readonly Word[], imageCoverage: number, settings = DEFAULT_GARBLE_SETTINGS): TextQuality {
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
