/**
 * One agency's reports as a series by year: the key figures (./figures.ts), the cross-year
 * rules between each year and the one before (archive.carryOver, archive.inForce — run here on
 * the pair, so a chain an admin made by merging agencies is checked too), and the share of each
 * report's prose repeating the year before (./reuse.ts). Pure.
 */
import type { ReportRecord, ValidationIssue } from '../schema/record.js';
import { checkCarryOver, checkInForce } from '../validate/archive.js';
import { figuresOf, type Figures } from './figures.js';
import { measureReuse } from '../validate/textReuse.js';

export interface SeriesInput {
  reportId: number;
  record: ReportRecord;
  text: string;
}

export interface ChainCheck {
  rule: 'archive.carryOver' | 'archive.inForce';
  /** null: the pair has nothing to compare for this rule (a figure not printed, another template). */
  holds: boolean | null;
  issues: ValidationIssue[];
}

export interface SeriesYear {
  year: number;
  reportId: number;
  agency: string | null;
  era: string | null;
  status: 'passed' | 'flagged';
  publishedOn: string | null;
  figures: Figures;
  /** The report of the year before in the series, when there is one. */
  previousReportId: number | null;
  chain: ChainCheck[];
  /** Share of the prose repeating the year before (null: no year before, or too short). */
  reuse: number | null;
}

export function agencySeries(entries: readonly SeriesInput[]): SeriesYear[] {
  // One report per year: the latest stored (highest id) when a year has two.
  const byYear = new Map<number, SeriesInput>();
  for (const e of entries) {
    const y = e.record.meta.year;
    if (y === null) continue;
    const had = byYear.get(y);
    if (!had || had.reportId < e.reportId) byYear.set(y, e);
  }
  const years = [...byYear.keys()].sort((a, b) => a - b);
  return years.map((year) => {
    const e = byYear.get(year)!;
    const prev = byYear.get(year - 1) ?? null;
    const { meta, cells } = e.record;
    const chain: ChainCheck[] = [];
    let reuse: number | null = null;
    if (prev) {
      // The pair is one agency by the series' say (names may differ after a merge).
      const previous = { meta: { ...prev.record.meta, agency: meta.agency }, cells: prev.record.cells };
      const carry = checkCarryOver(meta, cells, previous);
      const carryComparable =
        'applications.carriedOver.total' in cells && 'applications.carriedForward.total' in prev.record.cells;
      chain.push({ rule: 'archive.carryOver', holds: carryComparable ? carry.length === 0 : null, issues: carry });
      const inForce = checkInForce(meta, cells, previous);
      const inForceComparable =
        meta.era === '2021' &&
        prev.record.meta.era === '2021' &&
        ['disclosure.rules.inForce', 'disclosure.normativeDocs.inForce'].some(
          (id) => id in cells && id in prev.record.cells,
        );
      chain.push({ rule: 'archive.inForce', holds: inForceComparable ? inForce.length === 0 : null, issues: inForce });
      reuse = measureReuse(e.text, prev.text)?.share ?? null;
    }
    return {
      year,
      reportId: e.reportId,
      agency: meta.agency,
      era: meta.era,
      status: e.record.validation.status,
      publishedOn: meta.publishedOn,
      figures: figuresOf(meta.era, cells),
      previousReportId: prev?.reportId ?? null,
      chain,
      reuse,
    };
  });
}
