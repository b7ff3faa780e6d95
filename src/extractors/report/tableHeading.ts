/**
 * The heading printed above a table (三、收到和处理政府信息公开申请情况), and which of the
 * templates' tables it names. It tells a table's kind when the table's own headers and labels
 * were not read (a 150 dpi black-and-white scan breaks small print apart, while the bold
 * headings above the tables still read).
 */
import { ALL_TABLES } from '../../schema/templates/index.js';
import { isPageFurniture, type Table } from '../layout/stitch.js';
import type { TextLine } from '../layout/textLines.js';
import { classifyTable, type TableKind } from './era.js';
import { labelSimilarity, normaliseLabel } from './labels.js';

/** How far above a table its heading may stand, in points (a line or two of space). */
const HEADING_REACH = 60;
/** Likeness a heading needs to a template's title, and its lead over the next table's title. */
const HEADING_LIKENESS = 0.7;
const HEADING_MARGIN = 0.15;

/**
 * The prose line just above each table's first part: on its page within HEADING_REACH, or the
 * last line of the page before when the table starts a page. Null where there is none.
 */
export function tableHeadings(tables: readonly Table[], lines: readonly TextLine[]): Array<string | null> {
  return tables.map((t) => {
    const page = t.pages[0]!;
    const top = Math.min(...t.cells.filter((c) => c.page === page).map((c) => c.bbox[1]));
    const above = lines.filter((l) => l.page === page && l.top < top && !isPageFurniture(l.text));
    if (above.length) {
      const nearest = above.reduce((a, b) => (b.top > a.top ? b : a));
      return top - nearest.top <= HEADING_REACH ? nearest.text : null;
    }
    const before = lines.filter((l) => l.page === page - 1 && !isPageFurniture(l.text));
    return before.length ? before.reduce((a, b) => (b.top > a.top ? b : a)).text : null;
  });
}

/** The table kind whose template title a heading reads as, clearly ahead of the others; else null. */
export function kindFromHeading(heading: string): TableKind | null {
  const text = normaliseLabel(heading);
  if ([...text].length < 4) return null;
  const scores = new Map<TableKind, number>();
  for (const t of ALL_TABLES)
    scores.set(t.id, Math.max(scores.get(t.id) ?? 0, labelSimilarity(text, normaliseLabel(t.title))));
  const ranked = [...scores].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < HEADING_LIKENESS) return null;
  return !second || best[1] - second[1] >= HEADING_MARGIN ? best[0] : null;
}

/**
 * Each table's kind: by its own headers and labels (classifyTable), else by the heading above it
 * when no other table is of that kind already (a table of its own under the same heading, one of
 * the report's, must not be taken for the template's).
 */
export function tableKinds(
  texts: ReadonlyArray<readonly string[]>,
  headings: ReadonlyArray<string | null>,
): Array<TableKind | null> {
  const own = texts.map(classifyTable);
  return own.map((kind, i) => {
    if (kind) return kind;
    const heading = headings[i];
    const named = heading ? kindFromHeading(heading) : null;
    return named && !own.includes(named) ? named : null;
  });
}
