// Lists every line longer than 120 characters in the git-tracked sources (issue 12); exits 1 when there is one.
// biome's formatter cannot break comments, string literals or regexes, so this check covers what it leaves.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const maxLength = 120;
const roots = ['src', 'test', 'scripts', 'bench', 'bin'];
const sourceFile = /\.(ts|js|mjs)$/;
// Third-party files are not ours to wrap.
const skipped = [/\/vendor\//];

// Paths are the repository's, wherever the script is started from.
const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
const tracked = execFileSync('git', ['ls-files', '-z', '--', ...roots], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter((path) => sourceFile.test(path) && !skipped.some((pattern) => pattern.test(path)));

let longLines = 0;
for (const path of tracked) {
  const lines = readFileSync(join(root, path), 'utf8').split('\n');
  lines.forEach((line, index) => {
    // Code points, not UTF-16 units: a Chinese character counts once.
    const length = [...line].length;
    if (length > maxLength) {
      longLines += 1;
      console.log(`${path}:${index + 1}: ${length} characters`);
    }
  });
}
if (longLines > 0) {
  console.log(`${longLines} line(s) longer than ${maxLength} characters`);
  process.exit(1);
}
