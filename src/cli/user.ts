/**
 * `nianbao user add NAME --role admin|auditor|viewer | password NAME | role NAME ROLE |
 * disable NAME | enable NAME | list`: people who use the review UI, in the service's database.
 * Passwords are read from stdin (the first line; on a terminal, typed twice without echo) and
 * stored as scrypt hashes. While `nianbao serve` holds the embedded database, `add` and
 * `password` leave the hashed entry in <dataDir>/pending-users/ and the server takes it in (at
 * its start, or at the first login of that name); `role`, `disable`, `enable` and `list` are
 * handed to the running server (src/store/control.ts) and are in force when the command returns.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { sendControl, type ControlReply } from '../store/control.js';
import { DatabaseBusyError, type Queryable } from '../store/db.js';
import { openStore } from '../store/index.js';
import { appendAudit } from '../store/review.js';
import {
  createPendingUser,
  findUserByName,
  hashPassword,
  insertUser,
  isRole,
  listUsers,
  passwordProblem,
  ROLES,
  setUserDisabled,
  setUserPasswordHash,
  setUserRole,
  USER_NAME,
  UserExistsError,
} from '../store/users.js';
import { ConfigError, loadStoreConfig } from '../service/config.js';

export const USER_USAGE = `usage: nianbao user <action> [--data-dir DIR]
  add NAME --role admin|auditor|viewer   add a user; the password is read from stdin
  password NAME                          set a new password (from stdin); ends their sessions
  role NAME ROLE                         change a user's role
  disable NAME | enable NAME             stop a user from logging in (ends their sessions) / allow again
  list                                   the users: name, role, created, disabled
roles: viewer reads; auditor reviews (correct, confirm, approve, reject); admin also manages users and re-processing
passwords: at least 10 characters; on a terminal you are asked twice, otherwise the first line of stdin is used
  e.g.  printf '%s\\n' "$PASSWORD" | nianbao user add alice --role auditor
environment: DATABASE_URL (default: embedded database in NIANBAO_DATA_DIR, ./data)`;

/** One line typed without echo. */
function promptHidden(question: string, input: NodeJS.ReadStream, out: NodeJS.WritableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    out.write(question);
    let value = '';
    input.setRawMode?.(true);
    input.resume();
    input.setEncoding('utf8');
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          done();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          done();
          reject(new Error('cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const done = (): void => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      out.write('\n');
    };
    input.on('data', onData);
  });
}

async function readPassword(input: NodeJS.ReadStream, err: NodeJS.WritableStream): Promise<string> {
  if (input.isTTY) {
    const first = await promptHidden('password: ', input, err);
    const again = await promptHidden('again: ', input, err);
    if (first !== again) throw new Error('the two passwords differ');
    return first;
  }
  let text = '';
  input.setEncoding('utf8');
  for await (const chunk of input) {
    text += chunk as string;
    if (text.includes('\n') || text.length > 4096) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/** `user list | role NAME ROLE | disable NAME | enable NAME` against a database: here, or inside the running server. */
export async function userAction(db: Queryable, args: readonly string[], who: string): Promise<ControlReply> {
  const [action, name, arg] = args;
  const audit = { userName: who, userId: null };
  if (action === 'list') {
    const lines = (await listUsers(db)).map(
      (u) =>
        `${u.name}\t${u.role}\tcreated ${u.createdAt.toISOString()}${
          u.disabledAt ? `\tdisabled ${u.disabledAt.toISOString()}` : ''
        }\n`,
    );
    return { code: 0, stdout: lines.join(''), stderr: '' };
  }
  if (action !== 'role' && action !== 'disable' && action !== 'enable')
    return { code: 2, stdout: '', stderr: `unknown action "${action}"\n` };
  if (!name || !USER_NAME.test(name)) return { code: 2, stdout: '', stderr: `${action} needs a user name\n` };
  const user = await findUserByName(db, name);
  if (!user) return { code: 1, stdout: '', stderr: `no user named "${name}"\n` };
  if (action === 'role') {
    if (!isRole(arg)) return { code: 2, stdout: '', stderr: `role must be one of ${ROLES.join(', ')}\n` };
    await setUserRole(db, user.id, arg);
    await appendAudit(db, {
      ...audit,
      action: 'user_role',
      oldValue: `${user.name}: ${user.role}`,
      newValue: `${user.name}: ${arg}`,
    });
    return { code: 0, stdout: `${user.name} is now ${arg}\n`, stderr: '' };
  }
  await setUserDisabled(db, user.id, action === 'disable');
  await appendAudit(db, {
    ...audit,
    action: action === 'disable' ? 'user_disable' : 'user_enable',
    newValue: user.name,
  });
  return { code: 0, stdout: `${user.name} ${action}d\n`, stderr: '' };
}

export interface UserCommandIo {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

export async function runUser(argv: readonly string[], io: UserCommandIo = {}): Promise<number> {
  const stdin = io.stdin ?? process.stdin;
  const out = io.stdout ?? process.stdout;
  const err = io.stderr ?? process.stderr;
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        role: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    err.write(`${(e as Error).message}\n${USER_USAGE}\n`);
    return 2;
  }
  const [action, name, arg] = positionals;
  if (values.help || !action) {
    (values.help ? out : err).write(USER_USAGE + '\n');
    return values.help ? 0 : 2;
  }
  if (!['add', 'password', 'role', 'disable', 'enable', 'list'].includes(action)) {
    err.write(`unknown action "${action}"\n${USER_USAGE}\n`);
    return 2;
  }
  if (action !== 'list' && (!name || !USER_NAME.test(name))) {
    err.write(`${action} needs a user name (1–64 of A–Z a–z 0–9 . _ @ -)\n`);
    return 2;
  }
  const role = action === 'add' ? values.role : action === 'role' ? arg : undefined;
  if ((action === 'add' || action === 'role') && !isRole(role)) {
    err.write(`${action === 'add' ? '--role' : 'role'} must be one of ${ROLES.join(', ')}\n`);
    return 2;
  }

  let passwordHash: string | null = null;
  if (action === 'add' || action === 'password') {
    let password: string;
    try {
      password = await readPassword(stdin, err);
    } catch (e) {
      err.write(`${(e as Error).message}\n`);
      return 1;
    }
    const problem = passwordProblem(password);
    if (problem) {
      err.write(`${problem} (the password is read from stdin)\n`);
      return 2;
    }
    passwordHash = await hashPassword(password);
  }

  let store;
  try {
    store = loadStoreConfig(process.env, { dataDir: values['data-dir'] });
  } catch (e) {
    if (e instanceof ConfigError) {
      err.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const whoName = `cli:${userInfo().username}`;
  const print = (reply: ControlReply): number => {
    out.write(reply.stdout);
    err.write(reply.stderr);
    return reply.code;
  };
  let db;
  try {
    db = await openStore(store);
  } catch (e) {
    if (e instanceof DatabaseBusyError && passwordHash && (action === 'add' || action === 'password')) {
      await createPendingUser(store.dataDir, {
        action,
        name: name!,
        ...(action === 'add' ? { role: role as (typeof ROLES)[number] } : {}),
        passwordHash,
      });
      err.write(
        'the database is held by a running nianbao serve: it takes the change in at the first login of that name (or ' +
          'at its next start)\n',
      );
      return 0;
    }
    if (e instanceof DatabaseBusyError && action !== 'add' && action !== 'password') {
      // role / disable / enable / list: the running server does it, now.
      const reply = await sendControl(store.dataDir, { command: 'user', args: positionals, who: whoName });
      if (!reply) {
        err.write(`${e.message}\n(no running nianbao serve took the command)\n`);
        return 1;
      }
      return print(reply);
    }
    if (e instanceof DatabaseBusyError) {
      err.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const who = { userName: whoName, userId: null };
  try {
    if (action !== 'add' && action !== 'password') return print(await userAction(db, positionals, whoName));
    if (action === 'add') {
      try {
        const user = await insertUser(db, {
          name: name!,
          role: role as (typeof ROLES)[number],
          passwordHash: passwordHash!,
        });
        await appendAudit(db, { ...who, action: 'user_add', newValue: `${user.name} (${user.role})` });
        out.write(`user ${user.name} (${user.role}) added\n`);
        return 0;
      } catch (e) {
        if (e instanceof UserExistsError) {
          err.write(`${e.message} (to change it: nianbao user password|role ${name})\n`);
          return 1;
        }
        throw e;
      }
    }
    const user = await findUserByName(db, name!);
    if (!user) {
      err.write(`no user named "${name}"\n`);
      return 1;
    }
    await setUserPasswordHash(db, user.id, passwordHash!);
    await appendAudit(db, { ...who, action: 'user_password', newValue: user.name });
    out.write(`password of ${user.name} set\n`);
    return 0;
  } finally {
    await db.close();
  }
}
