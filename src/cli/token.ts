/**
 * `nianbao token create [--name N] | list | revoke ID`: API bearer tokens, stored hashed in the
 * service's database (the embedded one in the data dir, or DATABASE_URL). `create` prints the
 * token once. While `nianbao serve` holds the embedded database, `create` leaves the hashed
 * token in the data dir and the server takes it in on first use.
 */
import { parseArgs } from 'node:util';
import { DatabaseBusyError } from '../store/db.js';
import { openStore } from '../store/index.js';
import { createPendingToken, createToken, listTokens, revokeToken } from '../store/tokens.js';
import { ConfigError, loadStoreConfig } from '../workers/config.js';

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
  let db;
  try {
    db = await openStore(store);
  } catch (err) {
    if (err instanceof DatabaseBusyError && action === 'create') {
      const token = await createPendingToken(store.dataDir, values.name);
      out.write(`${token}\n`);
      process.stderr.write('the database is held by a running nianbao serve: the token takes effect on its first use there\n');
      return 0;
    }
    if (err instanceof DatabaseBusyError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
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
    if (action === 'list') {
      for (const t of await listTokens(db)) {
        out.write(`${t.id}\t${t.name}\tcreated ${t.createdAt.toISOString()}\tlast used ${t.lastUsedAt?.toISOString() ?? '-'}${t.revokedAt ? `\trevoked ${t.revokedAt.toISOString()}` : ''}\n`);
      }
      return 0;
    }
    const id = Number(arg);
    if (!Number.isInteger(id) || id <= 0) {
      process.stderr.write(`revoke needs a token id (see "nianbao token list")\n`);
      return 2;
    }
    if (!(await revokeToken(db, id))) {
      process.stderr.write(`no active token ${id}\n`);
      return 1;
    }
    out.write(`token ${id} revoked\n`);
    return 0;
  } finally {
    await db.close();
  }
}
