/**
 * Which template a report follows, from its table headers (the year only breaks a tie), and
 * which of our tables a printed table is. The words come from the templates.
 */
import { ALL_TABLES, APPEALS, APPLICATIONS, TEMPLATES, type Era, type TableId } from '../../schema/templates/index.js';
import { holdsMarker, normaliseLabel } from './labels.js';

export type TableKind = TableId;

/** Each kind's markers (the disclosure table's two forms share theirs). */
const KIND_MARKERS: ReadonlyMap<TableKind, readonly string[]> = new Map(
  ALL_TABLES.map((t) => [
    t.id,
    [...new Set(ALL_TABLES.filter((x) => x.id === t.id).flatMap((x) => x.markers.map(normaliseLabel)))],
  ]),
);

/** The kind whose markers a table's texts contain most; null below two markers. */
export function classifyTable(texts: readonly string[]): TableKind | null {
  const norm = texts.map(normaliseLabel);
  let best: TableKind | null = null;
  let bestScore = 1;
  for (const [kind, markers] of KIND_MARKERS) {
    const score = markers.filter((m) => norm.some((t) => holdsMarker(t, m))).length;
    if (score > bestScore) {
      best = kind;
      bestScore = score;
    }
  }
  return best;
}

/** Rows only the era-2019/2021 applications and appeals tables print: they fit both eras. */
const MODERN_ONLY = [APPLICATIONS.rows[0]!.labels[0]!, APPEALS.rows.find((r) => r.id === 'suitDirect')!.labels[0]!].map(
  normaliseLabel,
);

/**
 * Era from the header texts of all tables; null when no template's markers are present.
 * `kinds`, the kinds of the tables found, settles a report whose old table prints none of the
 * header words (a provincial form with headers of its own): its rows say what it is.
 */
export function detectEra(
  texts: readonly string[],
  year: number | null,
  kinds: ReadonlyArray<TableKind | null> = [],
): Era | null {
  const norm = texts.map(normaliseLabel);
  const score = (era: Era): number =>
    TEMPLATES[era].markers.map(normaliseLabel).filter((m) => norm.some((t) => holdsMarker(t, m))).length;
  const scores = (['2021', '2019', '2008'] as const)
    .map((era) => [era, score(era)] as const)
    .sort((a, b) => b[1] - a[1]);
  if (scores[0]![1] > 0 && scores[0]![1] > scores[1]![1]) return scores[0]![0];
  // No disclosure header to tell 2019 from 2021: the application table, or the appeals table,
  // alone fits both; the legacy template has neither.
  const modern = year !== null && year < 2021 ? '2019' : '2021';
  if (norm.some((t) => MODERN_ONLY.some((m) => holdsMarker(t, m)))) return modern;
  if (kinds.includes('legacy')) return '2008';
  // The header words all misread (150 dpi 1-bit) but the tables known by their other markers or
  // by the headings above them: an applications or appeals table is of a modern era.
  if (kinds.includes('applications') || kinds.includes('appeals')) return modern;
  return null;
}

/**
 * Era from prose lines that hold a table's words (its grid was not found: a scan's rules too
 * faint): only where they read as one of the tables, by two markers or more, as a table's texts
 * would; a marker alone in a sentence (统计数据) says nothing.
 */
export function detectEraFromProse(lines: readonly string[], year: number | null): Era | null {
  const kind = classifyTable(lines);
  if (kind === null) return null;
  if (kind === 'legacy') return '2008';
  const era = detectEra(lines, year);
  return era === '2008' ? null : era;
}
