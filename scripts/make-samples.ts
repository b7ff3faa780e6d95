/**
 * Renders the five seed reports (../shared/seeds/*.txt) into born-digital sample PDFs that look
 * like WPS/Word exports of the national templates, each with a truth file in the form of
 * ../shared/corpus/truth/*.json.
 *
 *   npm run samples   →  samples/<seed>.pdf, samples/truth/<seed>.json, samples/README.md
 *
 * Deterministic: fixed dates in the PDF info, no randomness, so a rerun gives the same bytes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NATIONAL_LEGACY_ROWS, cellId, cellIdsForEra } from '../src/schema/cells.js';
import { SAMPLES, type Figures, type SampleConfig } from './samples/config.js';
import { A4, Renderer, type TableSpec } from './samples/pdf.js';
import { parseSeed, type Item } from './samples/seed.js';
import {
  appealsTable,
  applicationLabels,
  applicationsTable,
  disclosureTables,
  genericTable,
  legacyTable,
  provincialTable,
  type Printed,
  type Rendered,
  type Truth,
} from './samples/tables.js';
import { appealsPrinted, applicationsPrinted, failingRules, ZERO_APPEALS } from './samples/values.js';
import { zhongningSeed } from './samples/zhongning.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const SEEDS = join(ROOT, '..', 'shared', 'seeds');
const OUT = join(ROOT, 'samples');

/** The CJK fonts ship in @embedpdf/fonts-sc; its exports only name the JS entry, so go from there. */
function fontPaths(): { regular: string; bold: string } {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@embedpdf/fonts-sc');
  const dir = join(dirname(dirname(entry)), 'fonts');
  return { regular: join(dir, 'NotoSansHans-Regular.otf'), bold: join(dir, 'NotoSansHans-Bold.otf') };
}

interface Built {
  pdf: Buffer;
  truth: Record<string, unknown>;
  pages: number;
  tables: Renderer['tables'];
  rules: string[];
}

function chineseDate([y, m, d]: [number, number, number]): string {
  return `${y}年${m}月${d}日`;
}

function isoDate([y, m, d]: [number, number, number]): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function parseChineseDate(s: string): [number, number, number] {
  const m = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/u.exec(s);
  if (!m) throw new Error(`not a date: ${s}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function applyEdits(text: string, cfg: SampleConfig, f: Figures): string {
  let out = text;
  for (const [from, to] of cfg.edits ?? []) {
    const n = out.split(from).length - 1;
    if (n !== 1) throw new Error(`${cfg.name}: edit "${from.slice(0, 20)}…" matches ${n} times`);
    out = out.replace(from, to(f));
  }
  return out;
}

async function build(cfg: SampleConfig, fonts: { regular: string; bold: string }): Promise<Built> {
  const raw = readFileSync(join(SEEDS, `${cfg.seed ?? cfg.name}.txt`), 'utf8');
  const seedOfYear = cfg.seedYear ? raw.replaceAll(`${cfg.seedYear}年`, `${cfg.year}年`) : raw;
  const seedText = cfg.dump ? zhongningSeed(seedOfYear) : seedOfYear;

  // Printed values.
  const printed: Printed = new Map();
  let figures: Figures = { newReceived: 0, carriedOver: 0, total: 0, carriedForward: 0, review: 0, suits: 0 };
  const legacy = cfg.era === '2008';
  let otherForm: 'oneRow' | 'threeRows' = 'threeRows';
  if (!legacy) {
    // The table's form of （六）其他处理 comes from the seed; read it before computing values.
    const probe = parseSeed(seedText, { titleBlocks: cfg.titleBlocks, legacy });
    const appRows = probe.find(
      (i): i is Extract<Item, { kind: 'table' }> => i.kind === 'table' && i.table === 'applications',
    );
    if (!appRows) throw new Error(`${cfg.name}: no applications table in the seed`);
    otherForm = applicationLabels(appRows.rows).otherForm;
    const apps = applicationsPrinted(cfg.applications ?? { results: {} }, otherForm);
    const appeals = cfg.appeals ?? ZERO_APPEALS;
    for (const [k, v] of [...apps.printed, ...appealsPrinted(appeals)]) printed.set(k, v);
    const total = (a: number[]): number => a.reduce((s, v) => s + v, 0);
    figures = {
      newReceived: apps.newReceived,
      carriedOver: apps.carriedOver,
      total: apps.total,
      carriedForward: apps.carriedForward,
      review: total(appeals.review),
      suits: total(appeals.suitDirect) + total(appeals.suitAfterReview),
    };
    for (const [k, v] of Object.entries(cfg.disclosure ?? {})) printed.set(`disclosure.${k}`, v);
  }
  for (const [k, v] of Object.entries(cfg.legacy ?? {})) printed.set(`legacy.${k}.value`, v);

  let items = parseSeed(applyEdits(seedText, cfg, figures), { titleBlocks: cfg.titleBlocks, legacy });
  let sig = items.find((i): i is Extract<Item, { kind: 'signature' }> => i.kind === 'signature');
  if (!sig) {
    if (!cfg.signature) throw new Error(`${cfg.name}: no signature in the seed and none configured`);
    sig = { kind: 'signature', agency: cfg.signature.agency, date: chineseDate(cfg.signature.date) };
    items = cfg.post ? cfg.post(items, sig) : [...items, sig];
  } else if (cfg.post) items = cfg.post(items, sig);
  const signed = parseChineseDate(sig.date);
  const title = (items[0] as Extract<Item, { kind: 'title' }>).lines.map((l) => l.replace(/\s+/gu, '')).join('');
  const when = new Date(Date.UTC(signed[0], signed[1] - 1, signed[2], 1, 30, 0));

  const r = new Renderer(fonts, cfg.page, {
    Title: title,
    Author: cfg.agency,
    Subject: '政府信息公开工作年度报告',
    Creator: 'nianbao scripts/make-samples.ts',
    Producer: 'PDFKit',
    CreationDate: when,
    ModDate: when,
  });
  const width = A4.width - cfg.page.margins.left - cfg.page.margins.right;
  const truth: Truth = new Map();
  const measure = (s: string): number => r.width(s, 'R', cfg.look.fontSize - 1) * 1.02;

  const tablesFor = (item: Extract<Item, { kind: 'table' }>, index: number): Rendered[] => {
    const look = cfg.look;
    switch (item.table) {
      case 'disclosure':
        return disclosureTables(
          item.rows,
          cfg.era as '2019' | '2021',
          printed,
          truth,
          look,
          width,
          cfg.disclosureLayout,
        );
      case 'applications':
        return [{ kind: 'table', spec: applicationsTable(applicationLabels(item.rows), printed, truth, look, width) }];
      case 'appeals':
        return [{ kind: 'table', spec: appealsTable(printed, truth, look, width) }];
      case 'legacy':
        return [
          {
            kind: 'table',
            spec: cfg.provincial
              ? provincialTable(cfg.provincial, truth, look, width)
              : legacyTable(item.rows, printed, truth, look, width),
          },
        ];
      case 'generic':
        return [
          {
            kind: 'table',
            spec: genericTable(
              `table-${index}`,
              item.rows,
              { ...look, fontSize: look.fontSize - 1, keepTogether: true },
              width,
              measure,
            ),
          },
        ];
    }
  };
  const rendered = items.map((it, i) => (it.kind === 'table' ? tablesFor(it, i) : null));

  items.forEach((it, i) => {
    switch (it.kind) {
      case 'title':
        r.title(it.lines);
        break;
      case 'heading': {
        // Keep a heading with the start of the table that follows it.
        const next = rendered[i + 1]?.[0];
        const keep =
          next?.kind === 'table' ? r.tableHeights(next.spec).firstChunk + 8 : next ? cfg.page.bodyLeading * 2 : 0;
        r.paragraph(it.text, {
          bold: it.level === 1,
          indent: true,
          keepWithNext: Math.max(keep, cfg.page.bodyLeading * 2),
        });
        break;
      }
      case 'para':
        r.paragraph(it.text, { indent: it.indent, bold: it.bold, size: it.size, align: it.align });
        break;
      case 'lines':
        for (const l of it.lines) r.paragraph(l, { indent: false });
        break;
      case 'pageBreak':
        r.pageBreak();
        break;
      case 'signature':
        r.signature(it.agency, it.date, it.note);
        break;
      case 'table':
        for (const part of rendered[i]!) {
          if (part.kind === 'caption') {
            const next = rendered[i]![rendered[i]!.indexOf(part) + 1] as { spec: TableSpec } | undefined;
            const keep = next ? r.tableHeights(next.spec).firstChunk : 0;
            r.paragraph(part.text, {
              indent: false,
              align: 'center',
              size: cfg.look.fontSize + 1,
              bold: true,
              keepWithNext: keep + 4,
            });
          } else r.table(part.spec);
        }
        break;
    }
  });
  const pdf = await r.end();

  // Truth: exactly the cell ids of the era (and form of （六）); the old table's national rows,
  // or the rows with an id that its provincial form prints.
  const expected = cfg.provincial
    ? cfg.provincial.rows.flatMap(([, , id]) => (id ? [cellId('legacy', id, 'value')] : []))
    : legacy
      ? NATIONAL_LEGACY_ROWS.map((r) => cellId('legacy', r.id, 'value'))
      : cellIdsForEra(cfg.era, { otherForm });
  const got = [...truth.keys()];
  const missing = expected.filter((id) => !truth.has(id));
  const extra = got.filter((id) => !expected.includes(id));
  if (missing.length || extra.length)
    throw new Error(`${cfg.name}: truth keys differ: missing ${missing.join(',')} extra ${extra.join(',')}`);
  const cells: Record<string, number> = {};
  for (const id of expected) cells[id] = truth.get(id)!;
  const rules = failingRules(cells);
  if (rules.join() !== cfg.intent.join()) {
    throw new Error(`${cfg.name}: the printed values break [${rules.join(', ')}], intended [${cfg.intent.join(', ')}]`);
  }

  // Page-split expectations.
  const stat = (id: string): Renderer['tables'][number] | undefined => r.tables.find((t) => t.id === id);
  const split = cfg.split;
  if (split === 'none') {
    const apps = stat('applications');
    if (apps && apps.pages.length !== 1)
      throw new Error(`${cfg.name}: applications table split over pages ${apps.pages.join(',')}`);
  } else {
    const t = stat(split.table);
    if (!t || t.pages.length < 2) throw new Error(`${cfg.name}: ${split.table} table is not split across pages`);
    const headerRows = split.table === 'legacy' ? 1 : 3;
    if (t.rowsPerPage[0]!.length <= headerRows)
      throw new Error(`${cfg.name}: split leaves only the header on page ${t.pages[0]}`);
    if (t.repeatedHeader.some((x) => x !== split.repeatedHeader))
      throw new Error(`${cfg.name}: header repetition is not as intended`);
  }
  if (pdf.length > 1_000_000) throw new Error(`${cfg.name}: PDF is ${pdf.length} bytes`);

  const truthJson = {
    file: fileOf(cfg),
    meta: { agency: cfg.agency, year: cfg.year, era: cfg.era, publishedOn: isoDate(signed) },
    expectFlagged: rules.length > 0,
    expectRules: rules,
    note: cfg.note.replace('{newReceived}', String(figures.newReceived)),
    cells,
  };
  return { pdf, truth: truthJson, pages: r.page, tables: r.tables, rules };
}

/** The sample's PDF, relative to samples/. */
function fileOf(cfg: SampleConfig): string {
  return cfg.dir ? `${cfg.dir}/${cfg.name}.pdf` : `${cfg.name}.pdf`;
}

function readme(results: Array<{ cfg: SampleConfig; built: Built }>): string {
  const lines = [
    '# samples/',
    '',
    'Generated by `npm run samples` (scripts/make-samples.ts) from the five seed reports in',
    '`../shared/seeds/`, and `provincial/` from the 沙坡头区 seed with the old statistics table in',
    'two provincial forms. Do not edit by hand: rerun the script. Each `<name>.pdf` is a born-digital',
    'A4 report laid out like a WPS/Word export of the national template (title, prose, the tables',
    'with ruling lines and merged cells, signature, `- n -` page numbers); `truth/<name>.json` holds',
    'every printed cell by cell id (signs and units stripped), in the form of',
    '`../shared/corpus/truth/*.json` plus `meta.publishedOn`. `expectRules` is computed from the',
    'truth cells by the checker in the script (applications.balance / results / rowSum,',
    'appeals.total, legacy.sums) and asserted against the intent of each sample.',
    '',
    '| sample | era | pages | table pages | breaks (expectRules) | published |',
    '|---|---|---|---|---|---|',
  ];
  for (const { cfg, built } of results) {
    const t = built.tables
      .filter((x) => ['applications', 'legacy'].includes(x.id))
      .map(
        (x) =>
          `${x.id} p.${x.pages.join('–')}${
            x.pages.length > 1 ? (x.repeatedHeader[0] ? ' (header repeated)' : ' (header not repeated)') : ''
          }`,
      )
      .join('; ');
    const meta = built.truth.meta as { publishedOn: string };
    lines.push(
      `| ${fileOf(cfg).replace(/\.pdf$/u, '')} | ${cfg.era} | ${built.pages} | ${t} | ${
        built.rules.join(', ') || '—'
      } | ${meta.publishedOn} |`,
    );
  }
  lines.push('', '## What each sample exercises', '');
  for (const { cfg } of results) lines.push(`- **${cfg.name}** — ${cfg.exercises}.`);
  lines.push(
    '',
    'Caveats: the prose is the seed text (a few sentences about 依申请公开 rewritten to state the',
    'invented figures); the sample values are invented where the seeds print zeros. The 中宁 tables',
    'are reconstructed from the template, since its seed is a dump without table layout. The',
    "provincial forms carry a Ningxia agency's prose on Fujian's layouts of the table: synthetic, to",
    'exercise the layouts; `samples/scan/` holds copies of the top-level samples only.',
    '',
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const fonts = fontPaths();
  mkdirSync(join(OUT, 'truth'), { recursive: true });
  const results: Array<{ cfg: SampleConfig; built: Built }> = [];
  for (const cfg of SAMPLES) {
    const built = await build(cfg, fonts);
    if (cfg.dir) mkdirSync(join(OUT, cfg.dir), { recursive: true });
    writeFileSync(join(OUT, fileOf(cfg)), built.pdf);
    writeFileSync(join(OUT, 'truth', `${cfg.name}.json`), `${JSON.stringify(built.truth, null, 1)}\n`);
    results.push({ cfg, built });
    const split = built.tables
      .filter((t) => t.pages.length > 1)
      .map((t) => `${t.id} p.${t.pages.join('/')}${t.repeatedHeader[0] ? ' +header' : ''}`)
      .join(', ');
    console.log(
      `${cfg.name}.pdf  ${built.pages} pages, ${(built.pdf.length / 1024).toFixed(0)} KB, rules ` +
        `[${built.rules.join(', ')}]${split ? `, split: ${split}` : ''}`,
    );
  }
  writeFileSync(join(OUT, 'README.md'), readme(results));
}

await main();
