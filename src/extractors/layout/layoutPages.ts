/**
 * Layout of a whole document: page models → grids per page (lattice where ruling lines
 * exist, text alignment for what is left) and the prose lines outside every table.
 */
import type { PageModel } from '../model.js';
import type { ExtractionSettings } from '../settings.js';
import { findAlignedTables } from './alignment.js';
import { buildGrids, wordsOutside } from './grid.js';
import { mergeSegments } from './lines.js';
import type { PageGrids } from './stitch.js';
import { wordsToLines, type TextLine } from './textLines.js';

/** Layout: page models → page grids (lattice where lines exist, alignment elsewhere) and prose lines. */
export function layoutPages(
  pages: readonly PageModel[],
  settings: ExtractionSettings,
): { pageGrids: PageGrids[]; lines: TextLine[] } {
  const pageGrids: PageGrids[] = [];
  const lines: TextLine[] = [];
  for (const pm of pages) {
    const words = pm.textQuality === 'ok' || pm.textQuality === 'pictures' || pm.source === 'ocr' ? pm.words : [];
    let grids = buildGrids(pm.page, mergeSegments(pm.segments, settings.table), words, settings);
    const rest = wordsOutside(grids, words);
    const aligned = findAlignedTables(pm.page, rest, settings);
    if (aligned.length) grids = [...grids, ...aligned].sort((a, b) => a.bbox[1] - b.bbox[1]);
    const prose = wordsOutside(grids, words);
    pageGrids.push({ page: pm.page, height: pm.height, grids, prose });
    lines.push(...wordsToLines(pm.page, prose, settings.text));
  }
  return { pageGrids, lines };
}
