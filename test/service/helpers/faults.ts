/** What every fault test asserts afterwards: nothing lost, nothing duplicated. */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { listVersions, type Report } from '../../../src/store/reports.js';
import { FAILED_DIR, PROCESSED_DIR } from '../../../src/workers/watcher.js';
import type { TestService } from './service.js';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Waits until every named file has left the watched folder for processed/ or failed/. */
export async function waitSettled(t: TestService, names: readonly string[], timeoutMs = 60_000): Promise<void> {
  const watch = t.config.watchDir!;
  await waitFor(
    `${names.join(', ')} in processed/ or failed/`,
    async () =>
      names.every(
        (n) =>
          !existsSync(join(watch, n)) &&
          (existsSync(join(watch, PROCESSED_DIR, n)) || existsSync(join(watch, FAILED_DIR, n))),
      ),
    timeoutMs,
  );
}

/**
 * Nothing lost: every file dropped is in processed/ or failed/ exactly once (a failed one with its
 * reason beside it), none left behind. Nothing duplicated: every report finished, each run stored
 * once, and one report per distinct input (no twin of a half-read file).
 */
export async function expectAccounted(
  t: TestService,
  o: { dropped: readonly string[]; reports: readonly Report[]; distinctInputs: number },
): Promise<void> {
  const watch = t.config.watchDir;
  if (watch && o.dropped.length) {
    const processed = await readdir(join(watch, PROCESSED_DIR));
    const failed = await readdir(join(watch, FAILED_DIR));
    for (const name of o.dropped) {
      const places = [
        processed.includes(name) ? PROCESSED_DIR : null,
        failed.includes(name) ? FAILED_DIR : null,
      ].filter(Boolean);
      expect(places, `${name}: in processed/ or failed/, once`).toHaveLength(1);
      expect(existsSync(join(watch, name)), `${name} left in the folder`).toBe(false);
      if (places[0] === FAILED_DIR) expect(failed, `${name}: its reason beside it`).toContain(`${name}.error.txt`);
    }
  }
  expect(new Set(o.reports.map((r) => r.sha256)).size).toBe(o.distinctInputs);
  for (const r of o.reports) {
    expect(['passed', 'flagged', 'failed'], `report ${r.id} (${r.fileName})`).toContain(r.status);
    const versions = await listVersions(t.service.db!, r.id);
    // Every run stored once: versions 1…run, none missing, none twice.
    if (r.status !== 'failed')
      expect(
        versions.map((v) => v.run),
        `report ${r.id} versions`,
      ).toEqual(Array.from({ length: r.run }, (_, i) => i + 1));
  }
}
