/**
 * CSV as both shells write it (the CLI's `--format csv`, the review UI's /export.csv): RFC 4180
 * quoting, and text that a spreadsheet would run as a formula (= + - @ tab CR at the start)
 * defused with an apostrophe. Numbers are written as they are: -3 stays a number.
 */

export type CsvValue = string | number | null | undefined;

/** One field: empty for null and undefined, quoted when it holds a quote, comma or line break. */
export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A header line and one line per row, each ended by `eol`. */
export function toCsv(
  header: readonly string[],
  rows: Iterable<readonly CsvValue[]>,
  eol: '\n' | '\r\n' = '\n',
): string {
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return lines.join(eol) + eol;
}
