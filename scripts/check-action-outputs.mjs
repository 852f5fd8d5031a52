// Checks the outputs of a run of the action (CI's `uses: ./` jobs): read from
// OUTPUT_* environment variables, so no output is ever pasted into a script.
//
//   OUTPUT_TAGS=... OUTPUT_TAGS_JSON=... OUTPUT_JSON=... OUTPUT_CHANGED=... OUTPUT_PROVIDER=... OUTPUT_USAGE=...
//   node scripts/check-action-outputs.mjs --vocabulary examples/tags.json --provider offline [--expect-tags a,b] [--id ID] [--total-tokens N]
//
// Exits 1 naming every check that failed. Plain JavaScript: runs on the runner's own Node.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    vocabulary: { type: 'string' },
    provider: { type: 'string' },
    'expect-tags': { type: 'string' },
    id: { type: 'string' },
    'total-tokens': { type: 'string' },
  },
});
const env = process.env;
const failures = [];
const check = (ok, what) => {
  if (!ok) failures.push(what);
};
const parse = (name) => {
  try {
    return JSON.parse(env[name] ?? '');
  } catch {
    failures.push(`${name} is JSON (it is ${JSON.stringify(env[name] ?? null)})`);
    return undefined;
  }
};

if (!values.vocabulary) {
  process.stderr.write('check-action-outputs: --vocabulary FILE is required\n');
  process.exit(2);
}
const vocabulary = new Set(JSON.parse(readFileSync(values.vocabulary, 'utf8')).map((t) => (typeof t === 'string' ? t : t.name).trim()));
const tags = (env.OUTPUT_TAGS ?? '').split(',').filter(Boolean);
check(tags.length > 0, `tags is not empty (it is ${JSON.stringify(env.OUTPUT_TAGS ?? '')})`);
for (const tag of tags) check(vocabulary.has(tag), `${tag} is in ${values.vocabulary}`);
const tagsJson = parse('OUTPUT_TAGS_JSON');
check(JSON.stringify(tagsJson) === JSON.stringify(tags), 'tags-json holds the same names as tags');
const result = parse('OUTPUT_JSON');
check(result && JSON.stringify(result.tags) === JSON.stringify(tags), 'json.tags holds the same names as tags');
if (values.id !== undefined) check(result?.id === values.id, `json.id is ${values.id}`);
check(env.OUTPUT_CHANGED === 'false', `changed is false (it is ${JSON.stringify(env.OUTPUT_CHANGED ?? null)})`);
if (values.provider) check(env.OUTPUT_PROVIDER === values.provider, `provider is ${values.provider} (it is ${JSON.stringify(env.OUTPUT_PROVIDER ?? null)})`);
if (values['total-tokens'] !== undefined) check(parse('OUTPUT_USAGE')?.totalTokens === Number(values['total-tokens']), `usage.totalTokens is ${values['total-tokens']}`);
if (values['expect-tags']) check(tags.join(',') === values['expect-tags'], `tags are ${values['expect-tags']}`);

if (failures.length > 0) {
  process.stderr.write(`The action's outputs are wrong:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`outputs ok: tags=${tags.join(',')} provider=${env.OUTPUT_PROVIDER ?? ''} changed=${env.OUTPUT_CHANGED}\n`);
