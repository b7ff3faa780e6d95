/**
 * Agencies across the years (migration 005): each normalised name key (src/validate/agency.ts)
 * belongs to one agency. Keys of new reports are taken in when an agency page or the API asks
 * (`syncAgencies`): a key joins the agency of a key it is a place-prefixed form of (淮安市洪泽区 /
 * 洪泽区), else it makes a new agency. An admin merges two agencies (all keys of one move to the
 * other) or splits a key off into an agency of its own; both are in the audit trail, and the
 * automatic matching never moves a key again once it is placed.
 */
import type { ReportRecord } from '../schema/record.js';
import { agencyKey, agencyMatch } from '../validate/agency.js';
import type { Db, Queryable } from './db.js';
import { appendAudit } from './review.js';

export interface Agency {
  id: number;
  /** The name most recently printed by its reports (the stored name when it has none). */
  name: string;
  keys: string[];
  /** Every printed form of its name, most recent year first. */
  names: string[];
  reports: AgencyReport[];
}

export interface AgencyReport {
  id: number;
  agency: string;
  year: number | null;
  era: string | null;
  status: string;
  rules: string[];
  fileName: string;
}

interface ReportNameRow {
  id: number;
  agency: string;
  year: number | null;
  era: string | null;
  status: string;
  rules: string[] | null;
  file_name: string;
}

/** Takes in the keys of reports not yet placed. Returns how many keys were added. */
export async function syncAgencies(db: Db): Promise<number> {
  const names = await db.query<{ agency: string }>(`SELECT DISTINCT agency FROM reports WHERE agency IS NOT NULL`);
  const known = new Map(
    (await db.query<{ key: string; agency_id: number }>('SELECT key, agency_id FROM agency_keys')).rows.map((r) => [
      r.key,
      r.agency_id,
    ]),
  );
  let added = 0;
  for (const { agency } of names.rows) {
    const key = agencyKey(agency);
    if (key === null || known.has(key)) continue;
    // A place-prefixed form of a known key is that agency (rank 1 of agencyMatch on the keys).
    const near = [...known.entries()].find(([k]) => agencyMatch(k, key) > 0);
    await db.transaction(async (tx) => {
      const id = near
        ? near[1]
        : (await tx.query<{ id: number }>('INSERT INTO agencies (name) VALUES ($1) RETURNING id', [agency])).rows[0]!
            .id;
      await tx.query('INSERT INTO agency_keys (key, agency_id) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
        key,
        id,
      ]);
      known.set(key, id);
    });
    added++;
  }
  return added;
}

/** Every agency with its reports, by name. */
export async function listAgencies(db: Db): Promise<Agency[]> {
  await syncAgencies(db);
  const agencies = await db.query<{ id: number; name: string }>('SELECT id, name FROM agencies ORDER BY id');
  const keys = await db.query<{ key: string; agency_id: number }>(
    'SELECT key, agency_id FROM agency_keys ORDER BY key',
  );
  const reports = await db.query<ReportNameRow>(
    `SELECT id, agency, year, era, status, rules, file_name FROM reports WHERE agency IS NOT NULL ORDER BY year ` +
      `NULLS LAST, id`,
  );
  const byKey = new Map(keys.rows.map((k) => [k.key, k.agency_id]));
  const out = new Map<number, Agency>(
    agencies.rows.map((a) => [a.id, { id: a.id, name: a.name, keys: [], names: [], reports: [] }]),
  );
  for (const k of keys.rows) out.get(k.agency_id)?.keys.push(k.key);
  for (const r of reports.rows) {
    const id = byKey.get(agencyKey(r.agency) ?? '');
    const a = id === undefined ? undefined : out.get(id);
    if (!a) continue;
    a.reports.push({
      id: r.id,
      agency: r.agency,
      year: r.year,
      era: r.era,
      status: r.status,
      rules: r.rules ?? [],
      fileName: r.file_name,
    });
  }
  for (const a of out.values()) {
    const recent = [...a.reports].sort((x, y) => (y.year ?? 0) - (x.year ?? 0) || y.id - x.id);
    a.names = [...new Set(recent.map((r) => r.agency))];
    if (a.names[0]) a.name = a.names[0];
  }
  return [...out.values()]
    .filter((a) => a.reports.length > 0 || a.keys.length > 0)
    .sort((x, y) => x.name.localeCompare(y.name, 'zh-Hans-CN'));
}

export async function getAgency(db: Db, id: number): Promise<Agency | null> {
  return (await listAgencies(db)).find((a) => a.id === id) ?? null;
}

/** The agency a printed name belongs to, if its key is placed. */
export async function agencyIdOf(db: Db, name: string | null): Promise<number | null> {
  const key = agencyKey(name);
  if (key === null) return null;
  await syncAgencies(db);
  const r = await db.query<{ agency_id: number }>('SELECT agency_id FROM agency_keys WHERE key = $1', [key]);
  return r.rows[0]?.agency_id ?? null;
}

export interface SeriesRecord {
  reportId: number;
  versionId: number;
  record: ReportRecord;
  text: string;
}

/** The current records (and prose) of the given reports. */
export async function currentRecords(db: Queryable, reportIds: readonly number[]): Promise<SeriesRecord[]> {
  if (reportIds.length === 0) return [];
  const r = await db.query<{ report_id: number; version_id: number; record: ReportRecord; text: string }>(
    `SELECT r.id AS report_id, v.id AS version_id, v.record, v.text FROM reports r JOIN report_versions v ON v.id = ` +
      `r.current_version_id WHERE r.id = ANY($1::int[])`,
    [[...reportIds]],
  );
  return r.rows.map((row) => ({
    reportId: row.report_id,
    versionId: row.version_id,
    record: row.record,
    text: row.text,
  }));
}

/** The current records of a year's reports, other than one (text reuse across agencies). */
export async function recordsOfYear(
  db: Queryable,
  year: number,
  exceptReportId: number,
  limit = 500,
): Promise<Array<SeriesRecord & { agency: string | null }>> {
  const r = await db.query<{
    report_id: number;
    version_id: number;
    record: ReportRecord;
    text: string;
    agency: string | null;
  }>(
    `SELECT r.id AS report_id, v.id AS version_id, v.record, v.text, r.agency FROM reports r JOIN report_versions v ` +
      `ON v.id = r.current_version_id
     WHERE r.year = $1 AND r.id <> $2 ORDER BY r.id LIMIT $3`,
    [year, exceptReportId, limit],
  );
  return r.rows.map((row) => ({
    reportId: row.report_id,
    versionId: row.version_id,
    record: row.record,
    text: row.text,
    agency: row.agency,
  }));
}

export class AgencyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface AgencyActor {
  id: number;
  name: string;
}

/** Moves every key of `from` to `into` and removes `from`. */
export async function mergeAgencies(db: Db, into: number, from: number, actor: AgencyActor): Promise<void> {
  if (into === from) throw new AgencyError(400, 'an agency cannot be merged into itself');
  await db.transaction(async (tx) => {
    const both = await tx.query<{ id: number; name: string }>(
      'SELECT id, name FROM agencies WHERE id = ANY($1::int[]) FOR UPDATE',
      [[into, from]],
    );
    if (both.rows.length !== 2) throw new AgencyError(404, 'no such agency');
    const moved = await tx.query<{ key: string }>(
      'UPDATE agency_keys SET agency_id = $1, assigned_by = $3 WHERE agency_id = $2 RETURNING key',
      [into, from, actor.id],
    );
    await tx.query('DELETE FROM agencies WHERE id = $1', [from]);
    await appendAudit(tx, {
      userName: actor.name,
      userId: actor.id,
      action: 'agency_merge',
      oldValue: String(from),
      newValue: String(into),
      detail: { keys: moved.rows.map((r) => r.key) },
    });
  });
}

/** Moves one key of an agency into a new agency of its own; returns the new agency's id. */
export async function splitAgency(db: Db, id: number, key: string, actor: AgencyActor): Promise<number> {
  return db.transaction(async (tx) => {
    const keys = await tx.query<{ key: string }>('SELECT key FROM agency_keys WHERE agency_id = $1 FOR UPDATE', [id]);
    if (!keys.rows.some((k) => k.key === key)) throw new AgencyError(404, 'the agency has no such name key');
    if (keys.rows.length < 2) throw new AgencyError(400, 'an agency with one name key cannot be split');
    const created = await tx.query<{ id: number }>('INSERT INTO agencies (name) VALUES ($1) RETURNING id', [key]);
    const newId = created.rows[0]!.id;
    await tx.query('UPDATE agency_keys SET agency_id = $1, assigned_by = $3 WHERE key = $2', [newId, key, actor.id]);
    await appendAudit(tx, {
      userName: actor.name,
      userId: actor.id,
      action: 'agency_split',
      oldValue: String(id),
      newValue: String(newId),
      detail: { key },
    });
    return newId;
  });
}
