/** Every tolerance of the table finder in one place (points), in the manner of pdfplumber. */
export interface TableSettings {
  /** Collinear pieces whose positions differ by less than this are one line. */
  snapTolerance: number;
  /** Pieces on one line with a gap shorter than this are joined. */
  joinTolerance: number;
  /** How far a line may stop short of another and still meet it. */
  intersectionTolerance: number;
  /** A border counts as drawn when lines cover this share of it. */
  borderCoverage: number;
  /** Merged lines shorter than this are ignored (underlines of single glyphs, ticks). */
  minEdgeLength: number;
  /** Grid positions closer than this collapse into one. */
  positionTolerance: number;
}

export const DEFAULT_TABLE_SETTINGS: TableSettings = {
  snapTolerance: 2.5,
  joinTolerance: 3,
  intersectionTolerance: 3,
  borderCoverage: 0.5,
  minEdgeLength: 5,
  positionTolerance: 2.5,
};
