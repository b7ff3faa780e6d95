/** The CLI's folder arguments: PDFs found through links, and a folder with none said so. */
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runExtract } from '../../src/cli/extract.js';
import { collectInputs } from '../../src/cli/files.js';
import { sink } from '../helpers/sink.js';

describe('folder arguments', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'nianbao-files-'));
    await mkdir(join(root, 'store', 'deep'), { recursive: true });
    await writeFile(join(root, 'store', 'a.pdf'), '%PDF-1.4\n');
    await writeFile(join(root, 'store', 'deep', 'b.PDF'), '%PDF-1.4\n');
    await writeFile(join(root, 'store', 'notes.txt'), 'x');
    // A folder of links, as an archive picks its files: to files, to a folder, a broken one, a loop.
    await mkdir(join(root, 'links'));
    await symlink(join(root, 'store', 'a.pdf'), join(root, 'links', 'one.pdf'));
    await symlink(join(root, 'store', 'deep'), join(root, 'links', 'deep'));
    await symlink(join(root, 'store', 'gone.pdf'), join(root, 'links', 'broken.pdf'));
    await symlink(join(root, 'links'), join(root, 'links', 'loop'));
    await mkdir(join(root, 'empty'));
  });

  it('reads PDFs through links to files and folders, once, skipping broken links', async () => {
    const { files, problems } = await collectInputs([join(root, 'links')]);
    expect(files).toEqual([join(root, 'links', 'deep', 'b.PDF'), join(root, 'links', 'one.pdf')]);
    expect(problems).toEqual([]);
  });

  it('says a folder holds no PDF and a path does not exist', async () => {
    const { files, problems } = await collectInputs([join(root, 'empty'), join(root, 'nowhere')]);
    expect(files).toEqual([]);
    expect(problems).toEqual([
      { path: join(root, 'empty'), reason: 'no PDF files in this folder' },
      { path: join(root, 'nowhere'), reason: 'no such file or folder' },
    ]);
  });

  it('exits 1 with the reason when a folder given holds no PDF', async () => {
    const s = sink();
    const code = await runExtract([join(root, 'empty'), '--out', join(root, 'out')], s.stream);
    expect(code).toBe(1);
    expect(s.text()).toMatch(/empty.*no PDF files in this folder/u);
  });
});
