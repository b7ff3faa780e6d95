/**
 * /api/agencies: agencies across the years (src/store/agencies.ts) and one agency's series
 * (src/series/agencySeries.ts). The review UI's agency pages (./ui/agencies.ts) show the same.
 *
 *   GET /api/agencies         {items: [{id, name, names, keys, reports: [{id, year, agency, era, status, rules}]}]}
 *   GET /api/agencies/:id     {id, name, names, keys, series: [{year, reportId, figures, chain, reuse, …}]}
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { agencySeries, type SeriesYear } from '../series/agencySeries.js';
import { FIGURE_LABELS } from '../series/figures.js';
import { currentRecords, getAgency, listAgencies, type Agency } from '../store/agencies.js';
import type { Db } from '../store/db.js';
import { withTitle } from '../validate/ruleTitles.js';

export interface AgencyWithSeries {
  agency: Agency;
  series: SeriesYear[];
}

/** One agency and its series by year, from the current records of its reports. */
export async function agencySeriesOf(db: Db, id: number): Promise<AgencyWithSeries | null> {
  const agency = await getAgency(db, id);
  if (!agency) return null;
  const records = await currentRecords(
    db,
    agency.reports.map((r) => r.id),
  );
  return { agency, series: agencySeries(records) };
}

const idParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export function registerAgencyRoutes(app: FastifyInstance, deps: { db: Db }): void {
  app.get('/api/agencies', async () => {
    const items = await listAgencies(deps.db);
    return {
      items: items.map((a) => ({
        id: a.id,
        name: a.name,
        names: a.names,
        keys: a.keys,
        reports: a.reports.map((r) => ({
          id: r.id,
          year: r.year,
          agency: r.agency,
          era: r.era,
          status: r.status,
          rules: r.rules,
        })),
      })),
    };
  });

  app.get('/api/agencies/:id', async (request, reply) => {
    const params = idParam.safeParse(request.params);
    if (!params.success) return reply.code(400).send({ error: 'id: not an agency id' });
    const found = await agencySeriesOf(deps.db, params.data.id);
    if (!found) return reply.code(404).send({ error: `no agency ${params.data.id}` });
    const { agency, series } = found;
    return {
      id: agency.id,
      name: agency.name,
      names: agency.names,
      keys: agency.keys,
      figures: FIGURE_LABELS,
      series: series.map((y) => ({ ...y, chain: y.chain.map((c) => ({ ...c, issues: c.issues.map(withTitle) })) })),
    };
  });
}
