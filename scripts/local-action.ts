/**
 * Runs the bundled action (dist/index.js) on this machine the way the runner
 * does, through the tests' runner-faithful harness (test/helpers/action.ts):
 * INPUT_* variables with action.yml's defaults, GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE. Prints the log, the outputs and the
 * job summary.
 *
 *   npm run local-action -- --input tags-file=examples/tags.json --input dry-run=true
 *   npm run local-action -- --env-file .env --workspace ../other-repo --repository owner/name
 *
 * Inputs come from --env-file (INPUT_TAGS=..., as in .env.example; default .env
 * when it exists) and then --input name=value. GITHUB_TOKEN and OPENAI_API_KEY
 * are passed on from the environment or the env file when set. The GitHub API
 * is https://api.github.com unless --api-url (or GITHUB_API_URL) says otherwise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, parseEnv } from 'node:util';
import { runAction } from '../test/helpers/action.ts';

const { values } = parseArgs({
  options: {
    input: { type: 'string', multiple: true, default: [] },
    'env-file': { type: 'string' },
    workspace: { type: 'string' },
    repository: { type: 'string' },
    'api-url': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write('npm run local-action -- [--input name=value]... [--env-file .env] [--workspace DIR] [--repository owner/name] [--api-url URL]\n');
  process.exit(0);
}

const envFile = values['env-file'] ?? (existsSync('.env') ? '.env' : undefined);
const fileEnv: Record<string, string> = envFile ? (parseEnv(readFileSync(envFile, 'utf8')) as Record<string, string>) : {};
const inputs: Record<string, string> = {};
for (const [key, value] of Object.entries(fileEnv)) if (key.startsWith('INPUT_')) inputs[key.slice('INPUT_'.length).toLowerCase()] = value;
for (const pair of values.input) {
  const eq = pair.indexOf('=');
  if (eq <= 0) {
    process.stderr.write(`local-action: --input ${pair}: write it as name=value, e.g. --input tags=cli,database\n`);
    process.exit(2);
  }
  inputs[pair.slice(0, eq)] = pair.slice(eq + 1);
}
const pick = (name: string) => process.env[name] ?? fileEnv[name];
const env: Record<string, string> = {};
for (const name of ['OPENAI_API_KEY', 'ACTIONS_STEP_DEBUG', 'RUNNER_DEBUG']) {
  const value = pick(name);
  if (value) env[name] = value;
}

const run = await runAction({
  inputs,
  apiUrl: values['api-url'] ?? pick('GITHUB_API_URL') ?? 'https://api.github.com',
  workspace: resolve(values.workspace ?? process.cwd()),
  repository: values.repository ?? pick('GITHUB_REPOSITORY') ?? 'local/readme-tagger',
  token: pick('GITHUB_TOKEN') ?? '',
  env,
});
process.stdout.write(run.stdout);
process.stderr.write(run.stderr);
process.stdout.write(
  `\n--- outputs ---\n${Object.entries(run.outputs)
    .map(([name, value]) => `${name}=${value}`)
    .join('\n')}\n--- job summary ---\n${run.summary}\n--- exit status ${run.code} ---\n`,
);
process.exitCode = run.code;
