/**
 * Commands for a running `nianbao serve` that holds the embedded database. PGlite lets one
 * process open it, so `nianbao token list|revoke` and `nianbao user role|disable|enable|list`
 * cannot open it while the server runs; they leave the command in <dataDir>/control/ instead,
 * the server runs it against its database within a fraction of a second, and writes the answer
 * beside it, which the command prints. When the command returns, the change is in force.
 *
 *   <id>.json         the request (written whole: a temp file renamed into place)
 *   <id>.taken        claimed by the server (renamed, so it runs once)
 *   <id>.reply.json   the answer: exit code, stdout, stderr
 *
 * The folder is inside the data dir (0700): whoever can write there is the service's owner.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';

export interface ControlRequest {
  command: 'token' | 'user';
  args: string[];
  /** Who asked (cli:<OS user>), for the audit trail. */
  who: string;
}

export interface ControlReply {
  code: number;
  stdout: string;
  stderr: string;
}

const controlDir = (dataDir: string): string => join(dataDir, 'control');
const ID = /^[0-9a-f-]{36}$/;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function isRequest(v: unknown): v is ControlRequest {
  const r = v as Partial<ControlRequest> | null;
  return (
    !!r &&
    (r.command === 'token' || r.command === 'user') &&
    Array.isArray(r.args) &&
    r.args.every((a) => typeof a === 'string') &&
    typeof r.who === 'string'
  );
}

/** Leaves the request for the server and waits for its answer; null when no server took it within `timeoutMs`. */
export async function sendControl(
  dataDir: string,
  request: ControlRequest,
  timeoutMs = 15_000,
): Promise<ControlReply | null> {
  const dir = controlDir(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const id = randomUUID();
  await writeFile(join(dir, `${id}.tmp`), JSON.stringify(request), { mode: 0o600 });
  await rename(join(dir, `${id}.tmp`), join(dir, `${id}.json`));
  const replyPath = join(dir, `${id}.reply.json`);
  const read = async (): Promise<ControlReply | null> => {
    try {
      const reply = JSON.parse(await readFile(replyPath, 'utf8')) as ControlReply;
      await unlink(replyPath).catch(() => undefined);
      return reply;
    } catch {
      return null;
    }
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const reply = await read();
    if (reply) return reply;
    await sleep(50);
  }
  // Withdraw it, unless the server has taken it meanwhile (then its answer follows).
  const withdrawn = await unlink(join(dir, `${id}.json`)).then(
    () => true,
    () => false,
  );
  if (withdrawn) return null;
  for (let i = 0; i < 200; i++) {
    const reply = await read();
    if (reply) return reply;
    await sleep(50);
  }
  return null;
}

/** The server's side: runs the requests left in the folder, in the order they came, every `intervalMs`. */
export function startControlInbox(
  dataDir: string,
  handle: (request: ControlRequest) => Promise<ControlReply>,
  log: Logger,
  intervalMs = 200,
): { close(): Promise<void> } {
  const dir = controlDir(dataDir);
  let closed = false;
  let running: Promise<void> | null = null;
  const once = async (): Promise<void> => {
    const names = (await readdir(dir).catch(() => [] as string[]))
      .filter((f) => f.endsWith('.json') && !f.endsWith('.reply.json') && ID.test(f.slice(0, -5)))
      .sort();
    for (const name of names) {
      const id = name.slice(0, -5);
      const taken = join(dir, `${id}.taken`);
      try {
        await rename(join(dir, name), taken);
      } catch {
        continue; // withdrawn
      }
      let reply: ControlReply;
      try {
        const request: unknown = JSON.parse(await readFile(taken, 'utf8'));
        reply = isRequest(request)
          ? await handle(request)
          : { code: 2, stdout: '', stderr: 'not a nianbao control request\n' };
        log.info({ request, code: reply.code }, 'ran a command handed over by the command line');
      } catch (err) {
        log.error({ err }, 'a command handed over by the command line failed');
        reply = {
          code: 1,
          stdout: '',
          stderr: `the server could not run it: ${err instanceof Error ? err.message : String(err)}\n`,
        };
      }
      await writeFile(join(dir, `${id}.reply.tmp`), JSON.stringify(reply), { mode: 0o600 });
      await rename(join(dir, `${id}.reply.tmp`), join(dir, `${id}.reply.json`));
      await unlink(taken).catch(() => undefined);
    }
  };
  const timer = setInterval(() => {
    if (closed || running) return;
    running = once()
      .catch((err: unknown) => log.warn({ err }, 'could not read the control folder'))
      .finally(() => (running = null));
  }, intervalMs);
  timer.unref();
  return {
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
    },
  };
}
