/**
 * Every tolerance of the extraction in one tree, passed whole down every stage (after
 * pdfplumber's TableSettings.resolve): `resolveSettings(partial)` lays the parts given over the
 * defaults and checks the result. Lengths are in PDF points unless a field says otherwise, so
 * one setting serves a text layer, a 150 dpi scan and a 400 dpi one.
 */
import { z } from 'zod';

const length = z.number().nonnegative();
const share = z.number().min(0).max(1);
const count = z.number().int().nonnegative();

const lineOrder = {
  /** Words are taken by their centre, their top, or their top then their left. */
  order: z.enum(['centre', 'top', 'topLeft']),
  /** A word joins the last line begun, or the first line it fits. */
  join: z.enum(['last', 'first']),
};

/**
 * When a word is on a line. By centres: its centre and the line's first word's differ by at
 * most `share` of a height (the line's first word's, the word's own, or the larger of the two),
 * and by at most `atLeast` points whatever the heights (strictly less with `strict`). By overlap:
 * its box and the line's (all its words so far) overlap by `share` of the smaller height, and by
 * something: OCR boxes of one line differ in height and top, lines of a wrapped label do not
 * overlap.
 */
const lineGroupingSchema = z.discriminatedUnion('by', [
  z.strictObject({
    by: z.literal('centres'),
    ...lineOrder,
    share: z.number().nonnegative(),
    of: z.enum(['line', 'word', 'larger']),
    atLeast: length,
    strict: z.boolean(),
  }),
  z.strictObject({ by: z.literal('overlap'), ...lineOrder, share: share }),
]);

export const extractionSettingsSchema = z.strictObject({
  /** Ruling pieces from a page's operator list (pdf/vectors.ts). */
  vector: z.strictObject({
    /** A filled rectangle thinner than this is a border, not shading. */
    maxBorderThickness: length,
    /** How far from exactly horizontal/vertical a piece may be (over its length). */
    axisTolerance: length,
    /** Pieces shorter than this are dots or glyph bits, not borders. */
    minLength: length,
    /** A colour whose every channel (0..255, a #rrggbb colour) is above this is white: not drawn on paper. */
    whiteByte: z.number().min(0).max(255),
    /** … and a grey or RGB colour (0..1) whose every component is above this. */
    whiteLevel: share,
  }),
  /** Is the text layer usable (pdf/garble.ts)? */
  garble: z.strictObject({
    /** Share of bad characters above which the page's text is garbage. */
    maxBadShare: share,
    /** Fewer meaningful characters than this on an image-covered page: treat as image-only. */
    minCharsWithImages: count,
    /** Image coverage from which an almost text-less page is a scan. */
    scanCoverage: share,
    /** A picture covering this share of the page, with no text of the layer on it, holds content only OCR reads … */
    pictureShare: share,
    /** … unless it covers more than this share: then it is the page itself (a scan, judged as a whole). */
    maxPictureShare: share,
    /** Text-layer characters a picture may carry and still count as text-less (a caption laid over it). */
    maxCharsOnPicture: count,
  }),
  /** The table finder: ruling lines → lattice → cells (layout/lines.ts, layout/grid.ts). */
  table: z.strictObject({
    /** Collinear pieces whose positions differ by less than this are one line. */
    snapTolerance: length,
    /** Pieces on one line with a gap shorter than this are joined. */
    joinTolerance: length,
    /** How far a line may stop short of another and still meet it. */
    intersectionTolerance: length,
    /** A border counts as drawn when lines cover this share of it. */
    borderCoverage: share,
    /** Merged lines shorter than this are ignored (underlines of single glyphs, ticks). */
    minEdgeLength: length,
    /** Grid positions closer than this collapse into one. */
    positionTolerance: length,
  }),
  /** Tables without ruling lines (layout/alignment.ts). */
  alignment: z.strictObject({
    /** Words further apart than this many font sizes are separate chunks (cells). */
    chunkGap: z.number().nonnegative(),
    /** Lines further apart than this many line heights end a block. */
    maxLineGap: z.number().nonnegative(),
    minRows: count,
    minNumberRows: count,
    /** Which words make one row. */
    rows: lineGroupingSchema,
  }),
  /** Tables across page breaks (layout/stitch.ts). */
  stitch: z.strictObject({
    /** The widths of the two parts may differ by this much … */
    edgeTolerance: length,
    /**
     * … or by this share of the width: a scanned page's image is scaled onto the page box, and
     * pages scanned or cropped differently come out a few per cent larger or smaller.
     */
    scaleTolerance: share,
    /** The two parts may be shifted sideways by this much: scans sit differently on the platen. */
    shiftTolerance: length,
    /** Column boundaries closer than this are the same column. */
    columnTolerance: length,
    /** A first row on the next page at least this alike to the table's first row is its header printed again. */
    repeatSimilarity: share,
    /** Running headers and footers are looked for in this share of the page's height at its top and bottom. */
    runningBand: share,
    /** OCR's short lines in this share of the page's height at its top and bottom are page numbers … */
    marginBand: share,
    /** … when they have at most this many characters … */
    marginMaxChars: count,
    /** … within this width. */
    marginMaxWidth: length,
    /** Which margin words make one line. */
    marginLines: lineGroupingSchema,
  }),
  /** Words → lines of text (layout/textLines.ts, layout/grid.ts). */
  text: z.strictObject({
    /** Which words outside tables make one line of prose. */
    proseLines: lineGroupingSchema,
    /** Which words of a cell make one line of its text. */
    cellLines: lineGroupingSchema,
    /** Latin or digit words further apart than this many font sizes keep a space between them. */
    spaceGap: z.number().nonnegative(),
  }),
  /** The OCR page reader (scan/). */
  scan: z.strictObject({
    acquire: z.strictObject({
      /** Resolution for pages that must be rendered when no image tells the scan's own resolution (dpi). */
      renderDpi: z.number().positive(),
      /** Images finer than this are read at this resolution (tesseract gains nothing above it). */
      maxDpi: z.number().positive(),
      /** Images coarser than this are rendered up to it (a 100 dpi scan's glyphs are a few pixels). */
      minDpi: z.number().positive(),
      /**
       * A page image never has more pixels than this: 2^24 (16.7 Mpx, e.g. 4096×4096, 64 MB as RGBA).
       * A4 at 300 dpi is 8.7 Mpx, A3 at 300 dpi 17.4 Mpx (read at ~290 dpi); a 4000 × 4000 pt page is
       * scaled down. The default is also the review UI's render cap (pdf/document.ts MAX_RENDER_PIXELS).
       */
      maxPixels: z.number().int().positive(),
      /** Red ink (a seal or stamp across the table) is made paper-coloured before anything is read. */
      dropRed: z.boolean(),
    }),
    prepare: z.strictObject({
      /** The paper's brightness is estimated over windows this wide: wider than any stroke. */
      backgroundWindow: z.number().positive(),
      /** Largest skew looked for, degrees; coarse step, then a fine search around the best. */
      maxSkew: z.number().nonnegative(),
      coarseStep: z.number().positive(),
      fineStep: z.number().positive(),
      /** Whether pages turned by 90°, 180° or 270° are looked for. */
      detectOrientation: z.boolean(),
      /** The upright reading of the orientation probe is taken when its mean confidence reaches this. */
      uprightConfidence: share,
    }),
    lines: z.strictObject({
      /**
       * A line pixel is darker than the paper by at least this share of the paper-to-ink contrast:
       * a thin grey rule (180 on 250 paper) is a line although it is lighter than the text.
       */
      lineContrast: share,
      /** Gaps up to this long inside a run of line pixels are bridged (dropouts, JPEG). */
      maxGap: length,
      /** Shortest piece of a line, horizontal and vertical: glyph strokes are shorter. */
      minPieceH: length,
      minPieceV: length,
      /** Pieces within this many points across are one line (measured from the first, not chained). */
      snap: length,
      /** Shortest joined line. */
      minLineH: length,
      minLineV: length,
      /**
       * At most this share of a line's length may be crossed by ink (dark on both sides): other rules
       * cross a rule a few per cent of its length; glyph strokes cross a row of text much more.
       */
      maxCrossed: share,
      /** A line is at most this thick (a solid shaded block is not a line). */
      maxThickness: length,
      /**
       * A line must meet at least this many lines across, each crossing it or ending within
       * `touchTolerance` of it: text rows in a cell stop short of the cell's borders.
       */
      minCrossings: count,
      touchTolerance: length,
      /** Lines that meet form a table only this wide and high at least (a glyph's strokes meet too). */
      minTableWidth: length,
      minTableHeight: length,
      /** A table lower than this must be at least `lowTableWidth` wide (a few bold glyphs are not). */
      lowTable: length,
      lowTableWidth: length,
      /** The typical distance between a table's neighbouring lines is at least this (a cell). */
      minCellSize: length,
    }),
    ocr: z.strictObject({
      /** Characters the number pass may read. */
      digitWhitelist: z.string().min(1),
      /** A number read with less confidence than this is also read as a label. */
      numberConfidence: share,
      /** Points kept clear of a cell's borders when it is cut out. */
      inset: length,
      /** Ink wider than this many times its height is text, not a number. */
      maxNumberAspect: z.number().positive(),
      /** A number read with less confidence than this is read again on its own. */
      retryConfidence: share,
      /** Cells of a scan below this resolution are read enlarged by a whole factor that reaches it (dpi). */
      minReadDpi: z.number().positive(),
      /** Prose words read with less confidence than this are noise, not text. */
      proseFloor: share,
      /** Blank space that separates blocks of prose, each read on its own. */
      blockGap: length,
      /** Strokes thinner than this on average (pixels, as scanned) are thickened by one for OCR. */
      thinStroke: z.number().nonnegative(),
    }),
  }),
});

export type ExtractionSettings = z.infer<typeof extractionSettingsSchema>;
export type LineGrouping = ExtractionSettings['text']['proseLines'];
export type VectorSettings = ExtractionSettings['vector'];
export type GarbleSettings = ExtractionSettings['garble'];
export type TableSettings = ExtractionSettings['table'];
export type AlignmentSettings = ExtractionSettings['alignment'];
export type StitchSettings = ExtractionSettings['stitch'];
export type TextSettings = ExtractionSettings['text'];
export type ScanSettings = ExtractionSettings['scan'];
export type AcquireSettings = ScanSettings['acquire'];
export type PrepareSettings = ScanSettings['prepare'];
export type PixelLineSettings = ScanSettings['lines'];
export type OcrPassSettings = ScanSettings['ocr'];

/** Any part of the tree, at any depth: what callers give. */
export type SettingsInput = { [K in keyof ExtractionSettings]?: PartialTree<ExtractionSettings[K]> };
type PartialTree<T> = T extends object ? { [K in keyof T]?: PartialTree<T[K]> } : T;

export const DEFAULT_SETTINGS: ExtractionSettings = extractionSettingsSchema.parse({
  vector: { maxBorderThickness: 3, axisTolerance: 1, minLength: 2, whiteByte: 242, whiteLevel: 0.95 },
  garble: {
    maxBadShare: 0.3,
    minCharsWithImages: 20,
    scanCoverage: 0.3,
    pictureShare: 0.08,
    maxPictureShare: 0.9,
    maxCharsOnPicture: 4,
  },
  table: {
    snapTolerance: 2.5,
    joinTolerance: 3,
    intersectionTolerance: 3,
    borderCoverage: 0.5,
    minEdgeLength: 5,
    positionTolerance: 2.5,
  },
  alignment: {
    chunkGap: 1.2,
    maxLineGap: 2.5,
    minRows: 3,
    minNumberRows: 2,
    rows: { by: 'centres', order: 'centre', join: 'last', share: 0.4, of: 'word', atLeast: 0, strict: false },
  },
  stitch: {
    edgeTolerance: 6,
    scaleTolerance: 0.03,
    shiftTolerance: 16,
    columnTolerance: 3,
    repeatSimilarity: 0.8,
    runningBand: 0.12,
    marginBand: 0.08,
    marginMaxChars: 6,
    marginMaxWidth: 60,
    // A page number's glyphs as OCR boxes them vary in height: any line whose centre is near.
    marginLines: { by: 'centres', order: 'top', join: 'first', share: 0.5, of: 'word', atLeast: 4, strict: true },
  },
  text: {
    proseLines: { by: 'centres', order: 'centre', join: 'last', share: 0.45, of: 'larger', atLeast: 0, strict: false },
    cellLines: { by: 'overlap', order: 'topLeft', join: 'last', share: 0.5 },
    spaceGap: 0.2,
  },
  scan: {
    acquire: { renderDpi: 300, maxDpi: 400, minDpi: 150, maxPixels: 2 ** 24, dropRed: true },
    prepare: {
      backgroundWindow: 9,
      maxSkew: 6,
      coarseStep: 0.2,
      fineStep: 0.02,
      detectOrientation: true,
      uprightConfidence: 0.75,
    },
    lines: {
      lineContrast: 0.2,
      maxGap: 1.5,
      minPieceH: 6,
      minPieceV: 6,
      snap: 1.2,
      minLineH: 20,
      minLineV: 10,
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
      thinStroke: 2.5,
    },
  },
});

const isTree = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function mergeTree(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const under = out[key];
    out[key] = isTree(under) && isTree(value) ? mergeTree(under, value) : value;
  }
  return out;
}

/**
 * The defaults with the given parts laid over them, at any depth. Throws a ZodError naming the
 * field when a value is out of range or a key is not a setting (a misspelt tolerance must not
 * pass as the default).
 */
export function resolveSettings(partial: SettingsInput = {}): ExtractionSettings {
  return extractionSettingsSchema.parse(mergeTree(DEFAULT_SETTINGS, partial as Record<string, unknown>));
}
