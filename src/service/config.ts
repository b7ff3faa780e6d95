/**
 * The service's settings: environment variables, overridden by command-line flags.
 * Every name is listed in ENV below (and in docs/service.md).
 */
import { isIP } from 'node:net';
import { availableParallelism, hostname } from 'node:os';
import type { OcrMode } from '../extractors/pdf/readPages.js';
import { DEFAULT_VALIDATION_OPTIONS } from '../validate/index.js';
import { resolve } from 'node:path';
import { reprocessFilterSchema, type ReprocessFilter } from '../store/reprocess.js';
import { EXTRACTOR_VERSION } from '../version.js';

export interface ServiceConfig {
  redisUrl: string;
  /** null: the embedded PGlite database in <dataDir>/db. */
  databaseUrl: string | null;
  /** Absolute. Holds files/ (the PDFs by hash), tmp/, db/ (PGlite), pending-tokens/. */
  dataDir: string;
  /** Absolute, or null for no watched folder. */
  watchDir: string | null;
  /** Poll the watched folder instead of file-system events (network shares). */
  watchPolling: boolean;
  watchPollIntervalMs: number;
  /** A new file is read once its size and mtime have not changed for this long. */
  watchStableMs: number;
  /**
   * A watched PDF without its trailer is waited for this long after its last change before it
   * is read as it is; a watched file whose report failed stays in the folder this long after its
   * last change (it is read again if it changes) before it moves to failed/.
   */
  watchGraceMs: number;
  /** How often finished watched files are moved to processed/ or failed/. */
  settleIntervalMs: number;
  host: string;
  port: number;
  /** Sandboxed page reads at once in this process (0: this process reads no pages). */
  pageConcurrency: number;
  /** Report jobs (orchestration, assemble, validate, store) at once in this process. */
  reportConcurrency: number;
  maxPages: number;
  /** Which pages go to OCR: auto (no usable text layer), always, never. Carried in the jobs. */
  ocr: OcrMode;
  /** OCR values below this confidence raise extraction.confidence (as `extract --min-confidence`). */
  minConfidence: number;
  maxUploadBytes: number;
  /** BullMQ job lock: a worker that stops renewing it for this long has its job taken over. */
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
  /** First retry delay of a transient failure (doubles per attempt). */
  backoffMs: number;
  /** How often queued/processing reports are checked against the queue (lost jobs re-queued). */
  reconcileIntervalMs: number;
  /** Cron pattern of scheduled bulk re-processing; null for none. */
  reprocessCron: string | null;
  reprocessScheduleFilter: ReprocessFilter;
  /** Bulk re-processing starts at most this many reports a minute. */
  reprocessPerMinute: number;
  queuePrefix: string;
  workerName: string;
  /** How long to wait at start for Redis to answer before giving up with how to start it. */
  redisWaitMs: number;
  /** Review UI sessions: absolute lifetime and idle limit; Secure cookies (behind HTTPS). */
  sessionMaxAgeMs: number;
  sessionIdleMs: number;
  secureCookies: boolean;
  /**
   * The reverse proxies whose X-Forwarded-For / -Host / -Proto are believed (addresses, CIDRs,
   * or loopback / linklocal / uniquelocal), as fastify's trustProxy; false: none (the client's
   * address is the socket's).
   */
  trustProxy: string | false;
}

/** The environment variables read, with what each means. */
export const ENV = {
  REDIS_URL: 'Redis for the job queues, e.g. redis://127.0.0.1:6379 (required)',
  DATABASE_URL: 'PostgreSQL, e.g. postgres://user@host/db; unset: embedded PGlite in the data dir',
  NIANBAO_DATA_DIR: 'data directory (default ./data)',
  NIANBAO_WATCH_DIR: 'folder to watch for new PDFs (default: none)',
  NIANBAO_WATCH_POLL: '1 to poll the watched folder (network shares)',
  NIANBAO_WATCH_POLL_MS: 'polling interval (default 1000)',
  NIANBAO_WATCH_STABLE_MS: 'size and mtime unchanged this long before a file is read (default 2000)',
  NIANBAO_WATCH_GRACE_S:
    'a watched file still incomplete (no PDF trailer), or failed, is re-checked this long after its last change ' +
    '(default 60)',
  NIANBAO_SETTLE_MS: 'how often finished files move to processed/ or failed/ (default 1000)',
  NIANBAO_HOST: 'HTTP bind address (default 127.0.0.1)',
  NIANBAO_PORT: 'HTTP port (default 8080)',
  NIANBAO_CONCURRENCY: 'sandboxed page reads at once per process (default: number of cores)',
  NIANBAO_REPORT_CONCURRENCY: 'report jobs at once per process (default 4)',
  NIANBAO_MAX_PAGES: 'refuse PDFs with more pages (default 1000)',
  NIANBAO_OCR: 'auto (pages without a usable text layer), always or never (default auto)',
  NIANBAO_MIN_CONFIDENCE: 'OCR values below this (0..1) raise extraction.confidence (default 0.8)',
  NIANBAO_MAX_UPLOAD_MB: 'upload size limit in MiB (default 100)',
  NIANBAO_LOCK_DURATION_MS: 'job lock duration (default 30000)',
  NIANBAO_STALLED_INTERVAL_MS: 'stalled-job check interval (default 30000)',
  NIANBAO_MAX_STALLED: 'times a job may stall before it fails (default 2)',
  NIANBAO_BACKOFF_MS: 'first retry delay, doubling per attempt (default 2000)',
  NIANBAO_RECONCILE_MS: 'how often unfinished reports are checked against the queue (default 30000)',
  NIANBAO_REPROCESS_CRON: 'cron pattern for scheduled bulk re-processing (default: none)',
  NIANBAO_REPROCESS_FILTER: 'JSON filter of the scheduled run (default {"extractorOlderThan":"<this version>"})',
  NIANBAO_REPROCESS_PER_MINUTE: 'bulk re-processing rate limit, reports a minute (default 60)',
  NIANBAO_QUEUE_PREFIX: 'Redis key prefix of the queues (default nianbao)',
  NIANBAO_WORKER_NAME: 'this process in job records and logs (default host:pid)',
  NIANBAO_REDIS_WAIT_MS: 'how long to wait at start for Redis to answer (default 10000)',
  NIANBAO_LOG_LEVEL: 'pino log level (default info)',
  NIANBAO_SESSION_HOURS: 'review UI sessions end this many hours after login (default 12)',
  NIANBAO_SESSION_IDLE_MIN: 'review UI sessions unused this many minutes end (default 60)',
  NIANBAO_SECURE_COOKIES: '1 when the service is reached over HTTPS: cookies get the Secure flag',
  NIANBAO_TRUST_PROXY:
    'reverse proxies in front of the service whose X-Forwarded-* headers are believed: addresses, CIDRs, loopback ' +
    '(default: none)',
} as const;

/** A setting that cannot be used, with the reason in words. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const REDIS_HELP =
  `nianbao keeps its job queues in Redis (6.2 or newer). Start one and point nianbao at it, ` +
  `for example:
  redis-server --port 6379 --appendonly yes --maxmemory-policy noeviction
  export REDIS_URL=redis://127.0.0.1:6379
or, with Docker:  docker compose up -d redis`;

type Env = Record<string, string | undefined>;

function int(env: Env, name: keyof typeof ENV, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name}=${raw} is not a whole number ≥ ${min}`);
  return n;
}

function fraction(env: Env, name: keyof typeof ENV, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!(n >= 0 && n <= 1)) throw new ConfigError(`${name}=${raw} is not a number from 0 to 1`);
  return n;
}

function ocrMode(raw: string | undefined): OcrMode {
  const mode = raw?.trim() || 'auto';
  if (mode !== 'auto' && mode !== 'always' && mode !== 'never')
    throw new ConfigError(`NIANBAO_OCR=${raw}: use auto, always or never`);
  return mode;
}

function bool(env: Env, name: keyof typeof ENV): boolean {
  return /^(1|true|yes|on)$/i.test(env[name]?.trim() ?? '');
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** NIANBAO_TRUST_PROXY: a comma-separated list of addresses, CIDRs and proxy-addr's names. Never "trust everyone". */
function trustProxy(raw: string | undefined): string | false {
  const value = raw?.trim();
  if (!value) return false;
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const e of entries) {
    const [address, bits, ...rest] = e.split('/');
    const family = isIP(address ?? '');
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!PROXY_NAMES.has(e) && (family === 0 || !okBits || rest.length > 0)) {
      throw new ConfigError(
        `NIANBAO_TRUST_PROXY=${raw}: "${e}" is not an address, a CIDR or one of loopback, linklocal, uniquelocal`,
      );
    }
  }
  return entries.join(',');
}

function nonEmpty(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== '' ? value.trim() : null;
}

export function defaultReprocessFilter(): ReprocessFilter {
  return { extractorOlderThan: EXTRACTOR_VERSION };
}

/** The data directory of every command: `override` (a flag), else NIANBAO_DATA_DIR, else ./data. */
export function dataDirOf(env: Env = process.env, override?: string): string {
  return resolve(override ?? nonEmpty(env.NIANBAO_DATA_DIR) ?? 'data');
}

/** Only what the database needs (for commands that do not touch Redis, like `nianbao token`). */
export function loadStoreConfig(
  env: Env = process.env,
  overrides: { dataDir?: string; databaseUrl?: string | null } = {},
): { dataDir: string; databaseUrl: string | null } {
  const databaseUrl = overrides.databaseUrl !== undefined ? overrides.databaseUrl : nonEmpty(env.DATABASE_URL);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigError(`DATABASE_URL=${databaseUrl} is not a postgres:// URL`);
  return { dataDir: dataDirOf(env, overrides.dataDir), databaseUrl: databaseUrl ?? null };
}

/**
 * Reads the settings. `overrides` (from flags) win over the environment. Throws ConfigError
 * when REDIS_URL is missing (with how to start Redis) or a value does not parse.
 */
export function loadConfig(env: Env = process.env, overrides: Partial<ServiceConfig> = {}): ServiceConfig {
  const redisUrl = overrides.redisUrl ?? nonEmpty(env.REDIS_URL);
  if (!redisUrl) throw new ConfigError(`REDIS_URL is not set.\n${REDIS_HELP}`);
  if (!/^rediss?:\/\//.test(redisUrl))
    throw new ConfigError(`REDIS_URL=${redisUrl} is not a redis:// or rediss:// URL`);
  const databaseUrl = overrides.databaseUrl !== undefined ? overrides.databaseUrl : nonEmpty(env.DATABASE_URL);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigError(`DATABASE_URL=${databaseUrl} is not a postgres:// URL`);
  let scheduleFilter = defaultReprocessFilter();
  const rawFilter = nonEmpty(env.NIANBAO_REPROCESS_FILTER);
  if (rawFilter) {
    try {
      scheduleFilter = reprocessFilterSchema.parse(JSON.parse(rawFilter));
    } catch (err) {
      throw new ConfigError(`NIANBAO_REPROCESS_FILTER is not a valid filter: ${(err as Error).message}`);
    }
  }
  const watch = overrides.watchDir !== undefined ? overrides.watchDir : nonEmpty(env.NIANBAO_WATCH_DIR);
  const config: ServiceConfig = {
    redisUrl,
    databaseUrl: databaseUrl ?? null,
    dataDir: dataDirOf(env),
    watchDir: watch ? resolve(watch) : null,
    watchPolling: bool(env, 'NIANBAO_WATCH_POLL'),
    watchPollIntervalMs: int(env, 'NIANBAO_WATCH_POLL_MS', 1000, 10),
    watchStableMs: int(env, 'NIANBAO_WATCH_STABLE_MS', 2000, 50),
    watchGraceMs: int(env, 'NIANBAO_WATCH_GRACE_S', 60, 0) * 1000,
    settleIntervalMs: int(env, 'NIANBAO_SETTLE_MS', 1000, 10),
    host: nonEmpty(env.NIANBAO_HOST) ?? '127.0.0.1',
    port: int(env, 'NIANBAO_PORT', 8080, 0),
    pageConcurrency: int(env, 'NIANBAO_CONCURRENCY', availableParallelism(), 0),
    reportConcurrency: int(env, 'NIANBAO_REPORT_CONCURRENCY', 4, 1),
    maxPages: int(env, 'NIANBAO_MAX_PAGES', 1000, 1),
    ocr: ocrMode(env.NIANBAO_OCR),
    minConfidence: fraction(env, 'NIANBAO_MIN_CONFIDENCE', DEFAULT_VALIDATION_OPTIONS.confidenceThreshold),
    maxUploadBytes: int(env, 'NIANBAO_MAX_UPLOAD_MB', 100, 1) * 1024 * 1024,
    lockDurationMs: int(env, 'NIANBAO_LOCK_DURATION_MS', 30_000, 100),
    stalledIntervalMs: int(env, 'NIANBAO_STALLED_INTERVAL_MS', 30_000, 100),
    maxStalledCount: int(env, 'NIANBAO_MAX_STALLED', 2, 0),
    backoffMs: int(env, 'NIANBAO_BACKOFF_MS', 2000, 1),
    reconcileIntervalMs: int(env, 'NIANBAO_RECONCILE_MS', 30_000, 100),
    reprocessCron: nonEmpty(env.NIANBAO_REPROCESS_CRON),
    reprocessScheduleFilter: scheduleFilter,
    reprocessPerMinute: int(env, 'NIANBAO_REPROCESS_PER_MINUTE', 60, 1),
    queuePrefix: nonEmpty(env.NIANBAO_QUEUE_PREFIX) ?? 'nianbao',
    workerName: nonEmpty(env.NIANBAO_WORKER_NAME) ?? `${hostname()}:${process.pid}`,
    redisWaitMs: int(env, 'NIANBAO_REDIS_WAIT_MS', 10_000, 0),
    sessionMaxAgeMs: int(env, 'NIANBAO_SESSION_HOURS', 12, 1) * 3_600_000,
    sessionIdleMs: int(env, 'NIANBAO_SESSION_IDLE_MIN', 60, 1) * 60_000,
    secureCookies: bool(env, 'NIANBAO_SECURE_COOKIES'),
    trustProxy: trustProxy(env.NIANBAO_TRUST_PROXY),
  };
  const merged = {
    ...config,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  } as ServiceConfig;
  if (merged.dataDir) merged.dataDir = resolve(merged.dataDir);
  if (merged.watchDir) merged.watchDir = resolve(merged.watchDir);
  return merged;
}
