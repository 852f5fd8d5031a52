// Prints the CHANGELOG.md section of one version (keep-a-changelog: "## [X.Y.Z] - DATE"),
// without its heading, as the body of the release's notes.
//
//   node scripts/release-notes.mjs 0.1.0 [CHANGELOG.md]
//
// Exits 1 when the changelog has no section for that version, or an empty one.
import { readFileSync } from 'node:fs';

const [version, file = 'CHANGELOG.md'] = process.argv.slice(2);
if (!version || !/^\d+\.\d+\.\d+$/.test(version)) {
  process.stderr.write('release-notes: give the version as X.Y.Z, e.g. node scripts/release-notes.mjs 0.1.0\n');
  process.exit(2);
}
const lines = readFileSync(file, 'utf8').split('\n');
const start = lines.findIndex((line) => line.startsWith(`## [${version}]`));
if (start < 0) {
  process.stderr.write(`release-notes: ${file} has no "## [${version}]" section: add one (move the Unreleased entries under it) before releasing.\n`);
  process.exit(1);
}
const end = lines.findIndex((line, i) => i > start && (line.startsWith('## ') || /^\[[^\]]+\]: /.test(line)));
const body = lines
  .slice(start + 1, end < 0 ? undefined : end)
  .join('\n')
  .trim();
if (!body) {
  process.stderr.write(`release-notes: the ${version} section of ${file} is empty.\n`);
  process.exit(1);
}
process.stdout.write(`${body}\n`);
