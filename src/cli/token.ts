/**
 * `nianbao token create [--name N] | list | revoke ID`: API bearer tokens, stored hashed in the
 * service's database (the embedded one in the data dir, or DATABASE_URL). `create` prints the
 * token once. While `nianbao serve` holds the embedded database, `create` leaves the hashed
 * token in the data dir and the server takes it in on first use; `list` and `revoke` are handed
 * to the running server (src/store/control.ts), so a revocation is in force when the command returns.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { sendControl, type ControlReply } from '../store/control.js';
import { DatabaseBusyError, type Queryable } from '../store/db.js';
import { openStore } from '../store/index.js';
import { appendAudit } from '../store/review.js';
import { createPendingToken, createToken, listTokens, revokeToken } from '../store/tokens.js';
import { ConfigError, loadStoreConfig } from '../service/config.js';

/** `token list` and `token revoke ID` against a database: here, or inside the running server. */
export async function tokenAction(db: Queryable, args: readonly string[], who: string): Promise<ControlReply> {
  const [action, arg] = args;
  if (action === 'list') {
    const lines = (await listTokens(db)).map(
      (t) =>
        `${t.id}\t${t.name}\tcreated ${t.createdAt.toISOString()}\tlast used ` +
        `${t.lastUsedAt?.toISOString() ?? '-'}${t.revokedAt ? `\trevoked ${t.revokedAt.toISOString()}` : ''}\n`,
    );
    return { code: 0, stdout: lines.join(''), stderr: '' };
  }
  if (action === 'revoke') {
    const id = Number(arg);
    if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647)
      return { code: 2, stdout: '', stderr: 'revoke needs a token id (see "nianbao token list")\n' };
    if (!(await revokeToken(db, id))) return { code: 1, stdout: '', stderr: `no active token ${id}\n` };
    await appendAudit(db, { userName: who, userId: null, action: 'token_revoke', newValue: `token ${id}` });
    return { code: 0, stdout: `token ${id} revoked\n`, stderr: '' };
  }
  return { code: 2, stdout: '', stderr: `unknown action "${action}"\n` };
}

const USAGE = `usage: nianbao token <create [--name NAME] | list | revoke ID> [--data-dir DIR]
  create   make a token, print it (once), store its hash
  list     the tokens: id, name, created, last used, revoked
  revoke   stop a token from working
environment: DATABASE_URL (default: embedded database in NIANBAO_DATA_DIR, ./data)`;

export async function runToken(argv: readonly string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        name: { type: 'string', default: 'default' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [action, arg] = positionals;
  if (values.help || !action) {
    (values.help ? out : process.stderr).write(USAGE + '\n');
    return values.help ? 0 : 2;
  }
  if (!['create', 'list', 'revoke'].includes(action)) {
    process.stderr.write(`unknown action "${action}"\n${USAGE}\n`);
    return 2;
  }
  let store;
  try {
    store = loadStoreConfig(process.env, { dataDir: values['data-dir'] });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const who = `cli:${userInfo().username}`;
  const print = (reply: ControlReply): number => {
    out.write(reply.stdout);
    process.stderr.write(reply.stderr);
    return reply.code;
  };
  let db;
  try {
    db = await openStore(store);
  } catch (err) {
    if (err instanceof DatabaseBusyError && action === 'create') {
      const token = await createPendingToken(store.dataDir, values.name);
      out.write(`${token}\n`);
      process.stderr.write(
        'the database is held by a running nianbao serve: the token takes effect on its first use there\n',
      );
      return 0;
    }
    if (err instanceof DatabaseBusyError) {
      // list / revoke: the running server does it, now.
      const reply = await sendControl(store.dataDir, {
        command: 'token',
        args: [action, ...(arg !== undefined ? [arg] : [])],
        who,
      });
      if (!reply) {
        process.stderr.write(`${err.message}\n(no running nianbao serve took the command)\n`);
        return 1;
      }
      return print(reply);
    }
    throw err;
  }
  try {
    if (action === 'create') {
      const { id, token } = await createToken(db, values.name);
      out.write(`${token}\n`);
      process.stderr.write(`token ${id} (${values.name}) created; it is shown only now: keep it\n`);
      return 0;
    }
    return print(await tokenAction(db, [action, ...(arg !== undefined ? [arg] : [])], who));
  } finally {
    await db.close();
  }
}
