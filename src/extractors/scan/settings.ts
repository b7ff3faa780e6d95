import { MAX_RENDER_PIXELS } from '../pdf/document.js';

/**
 * Every tolerance of the OCR page reader in one object, passed whole down every stage (after
 * pdfplumber's TableSettings): lengths in points, so one setting serves 150 dpi and 400 dpi.
 */

export interface AcquireSettings {
  /** Resolution for pages that must be rendered when no image tells the scan's own resolution. */
  renderDpi: number;
  /** Images finer than this are read at this resolution (tesseract gains nothing above it). */
  maxDpi: number;
  /** Images coarser than this are rendered up to it (a 100 dpi scan's glyphs are a few pixels). */
  minDpi: number;
  /** A page image never has more pixels than this (a 4000 × 4000 pt page is scaled down; the review UI's renders use the same cap). */
  maxPixels: number;
  /** Red ink (a seal or stamp across the table) is made paper-coloured before anything is read. */
  dropRed: boolean;
}

export interface PrepareSettings {
  /** The paper's brightness is estimated over windows this wide: wider than any stroke. */
  backgroundWindow: number;
  /** Largest skew looked for, degrees; coarse step, then a fine search around the best. */
  maxSkew: number;
  coarseStep: number;
  fineStep: number;
  /** Whether pages turned by 90°, 180° or 270° are looked for. */
  detectOrientation: boolean;
  /** The upright reading of the orientation probe is taken when its mean confidence reaches this. */
  uprightConfidence: number;
}

export interface PixelLineSettings {
  /**
   * A line pixel is darker than the paper by at least this share of the paper-to-ink contrast:
   * a thin grey rule (180 on 250 paper) is a line although it is lighter than the text.
   */
  lineContrast: number;
  /** Gaps up to this long inside a run of line pixels are bridged (dropouts, JPEG). */
  maxGap: number;
  /** Shortest piece of a line, horizontal and vertical: glyph strokes are shorter. */
  minPieceH: number;
  minPieceV: number;
  /** Pieces within this many points across are one line (measured from the first, not chained). */
  snap: number;
  /** Shortest joined line. */
  minLineH: number;
  minLineV: number;
  /**
   * At most this share of a line's length may be crossed by ink (dark on both sides): other rules
   * cross a rule a few per cent of its length; glyph strokes cross a row of text much more.
   */
  maxCrossed: number;
  /** A line is at most this thick (a solid shaded block is not a line). */
  maxThickness: number;
  /**
   * A line must meet at least this many lines across, each crossing it or ending within
   * `touchTolerance` of it: text rows in a cell stop short of the cell's borders.
   */
  minCrossings: number;
  touchTolerance: number;
  /** Lines that meet form a table only this wide and high at least (a glyph's strokes meet too). */
  minTableWidth: number;
  minTableHeight: number;
  /** A table lower than this must be at least `lowTableWidth` wide (a few bold glyphs are not). */
  lowTable: number;
  lowTableWidth: number;
  /** The typical distance between a table's neighbouring lines is at least this (a cell). */
  minCellSize: number;
}

export interface OcrPassSettings {
  /** Characters the number pass may read. */
  digitWhitelist: string;
  /** A number read with less confidence than this is also read as a label. */
  numberConfidence: number;
  /** Points kept clear of a cell's borders when it is cut out. */
  inset: number;
  /** Ink wider than this many times its height is text, not a number. */
  maxNumberAspect: number;
  /** A number read with less confidence than this is read again on its own. */
  retryConfidence: number;
  /** Cells of a scan below this resolution are read enlarged by a whole factor that reaches it. */
  minReadDpi: number;
  /** Prose words read with less confidence than this are noise, not text. */
  proseFloor: number;
  /** Blank space (points) that separates blocks of prose, each read on its own. */
  blockGap: number;
}

export interface ScanSettings {
  acquire: AcquireSettings;
  prepare: PrepareSettings;
  lines: PixelLineSettings;
  ocr: OcrPassSettings;
}

export const DEFAULT_SCAN_SETTINGS: ScanSettings = {
  acquire: { renderDpi: 300, maxDpi: 400, minDpi: 150, maxPixels: MAX_RENDER_PIXELS, dropRed: true },
  prepare: { backgroundWindow: 9, maxSkew: 6, coarseStep: 0.2, fineStep: 0.02, detectOrientation: true, uprightConfidence: 0.75 },
  lines: {
    lineContrast: 0.2,
    maxGap: 1.5,
    minPieceH: 6,
    minPieceV: 6,
    minLineH: 20,
    minLineV: 10,
    snap: 1.2,
    maxCrossed: 0.12,
    maxThickness: 2.5,
    minCrossings: 2,
    touchTolerance: 1.5,
    minTableWidth: 48,
    minTableHeight: 12,
    lowTable: 24,
    lowTableWidth: 120,
    minCellSize: 8,
  },
  ocr: {
    digitWhitelist: '0123456789.-+',
    numberConfidence: 0.6,
    inset: 1.1,
    maxNumberAspect: 8,
    retryConfidence: 0.93,
    minReadDpi: 200,
    proseFloor: 0.3,
    blockGap: 24,
  },
};

export type ScanSettingsInput = { [K in keyof ScanSettings]?: Partial<ScanSettings[K]> };

/** The defaults with the given parts replaced. */
export function resolveScanSettings(partial: ScanSettingsInput = {}): ScanSettings {
  return {
    acquire: { ...DEFAULT_SCAN_SETTINGS.acquire, ...partial.acquire },
    prepare: { ...DEFAULT_SCAN_SETTINGS.prepare, ...partial.prepare },
    lines: { ...DEFAULT_SCAN_SETTINGS.lines, ...partial.lines },
    ocr: { ...DEFAULT_SCAN_SETTINGS.ocr, ...partial.ocr },
  };
}
