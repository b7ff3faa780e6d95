/** The `nianbao` command: dispatches to the subcommands. */
import { runExplain } from './explain.js';
import { runExtract } from './extract.js';
import { runReprocess } from './reprocess.js';
import { runServe } from './serve.js';
import { runToken } from './token.js';
import { runUser } from './user.js';
import { runWorker } from './worker.js';

const USAGE = `usage: nianbao <command> [options]

commands:
  extract <files or folders…> --out DIR   extract reports to JSON (no Redis needed)
  explain FILE --page N --out DIR         the page as the reader saw it: lines, cells, values (PNG + JSON)
  serve                                   the service: HTTP API, watched folder, workers (needs Redis)
  worker                                  more workers for a running service (needs Redis)
  reprocess --all|--year Y|--agency A|--extractor-older-than V   re-extract stored reports
  token create|list|revoke                API bearer tokens
  user add NAME --role admin|auditor|viewer   review UI users (password from stdin);
       password NAME | role NAME ROLE | disable NAME | enable NAME | list

run "nianbao <command> --help" for a command's options`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  // The service's commands make files in the data dir (the database, the store, pending
  // entries): those are the owner's alone. `extract` writes where the user says, as they set it.
  if (command === 'serve' || command === 'worker' || command === 'token' || command === 'user') process.umask(0o077);
  switch (command) {
    case 'extract':
      return runExtract(rest);
    case 'explain':
      return runExplain(rest);
    case 'serve':
      return runServe(rest);
    case 'worker':
      return runWorker(rest);
    case 'reprocess':
      return runReprocess(rest);
    case 'token':
      return runToken(rest);
    case 'user':
      return runUser(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE + '\n');
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
}
