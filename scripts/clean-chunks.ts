/**
 * Removes the chunk files (`NNN.index.js`) of dist/ and dist/cli/ before `npm run build` writes them
 * again: ncc does not empty its output folder, so a chunk that a change of the code renumbers or drops
 * would otherwise stay in dist/ (and in the package) unused. The CI's check of dist/ then sees it go.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const CHUNK = /^\d+\.index\.js$/;
for (const dir of ['dist', join('dist', 'cli')]) {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    continue; // no dist/ yet
  }
  for (const name of names) if (CHUNK.test(name)) rmSync(join(dir, name));
}
