/**
 * The page model: what both readers (text layer, OCR) produce and the layout stage consumes.
 * All coordinates are PDF points with the origin at the top-left of the page.
 */
import type { Box, PageFrame } from './geometry.js';

export type { Box };

export interface Word {
  text: string;
  bbox: Box;
  fontSize: number;
  /** 1 for the text layer; the OCR engine's confidence 0..1 otherwise. */
  confidence: number;
  source: 'text' | 'ocr';
}

/** An axis-aligned ruling line piece, as drawn (before merging). */
export interface Segment {
  orientation: 'h' | 'v';
  /** y for horizontal, x for vertical. */
  at: number;
  /** Extent along the line: x0..x1 for horizontal, y0..y1 for vertical. */
  from: number;
  to: number;
}

/**
 * ok: the text layer serves the page; garbled / empty: it does not (OCR the page); pictures: it
 * serves the page except for pictures that hold no text of it (a table pasted as an image),
 * which only OCR can read.
 */
export type TextQuality = 'ok' | 'garbled' | 'empty' | 'pictures';

export interface PageModel {
  /** 1-based page number. */
  page: number;
  width: number;
  height: number;
  words: Word[];
  segments: Segment[];
  /** Area fraction of the page covered by painted images (0..1, capped). */
  imageCoverage: number;
  /** Text-layer quality as judged by the garble detector; OCR pages are 'ok'. */
  textQuality: TextQuality;
  /** With textQuality 'pictures': the pictures' boxes, in points. */
  pictures?: Box[];
  source: 'text' | 'ocr';
  /**
   * For pages read from their pixels: the table cells the ink test found blank. Only these are
   * read as blank for sure; an OCR cell without words elsewhere may hold a glyph OCR dropped.
   */
  blanks?: Box[];
  /**
   * For pages read from their pixels: words and segments are in the page made upright (turned and
   * straightened), whose size width × height is; `framePoint` (geometry.ts) maps them back
   * onto the page as printed.
   */
  frame?: PageFrame;
}
