/**
 * The jobs of ci.yml that run the action with `uses: ./` are run here, step by
 * step, as the runner would: the `uses: ./` step through the runner-faithful
 * harness (test/helpers/action.ts) on this repository's own README, the `run:`
 * steps with bash, with `${{ steps.<id>.outputs.<name> }}` filled in from the
 * earlier steps. The GitHub API is a fake on 127.0.0.1; the openai job starts
 * the project's fake OpenAI-compatible server itself (scripts/fake-openai-server.ts).
 * So the assertions CI makes on the outputs are known to pass, and to fail on wrong ones.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { exec, parseOutputFile, ROOT, runAction } from './helpers/action.ts';
import { startFakeGitHub, type FakeGitHub } from './helpers/github-server.ts';

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
  run?: string;
}
const ci = parseYaml(readFileSync(join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
const PATH = [join(ROOT, 'node_modules', '.bin'), process.env.PATH ?? ''].join(delimiter);

/** Fills in `${{ steps.ID.outputs.NAME }}`; any other expression is not something this runner knows. */
function expand(value: string, outputs: Record<string, Record<string, string>>): string {
  const filled = value.replace(/\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}/g, (_, id: string, name: string) => outputs[id]?.[name] ?? '');
  assert.ok(!filled.includes('${{'), `an expression this test cannot evaluate: ${value}`);
  return filled;
}

interface JobRun {
  outputs: Record<string, Record<string, string>>;
  logs: string[];
  runnerTemp: string;
}

async function runJob(jobId: string, github: FakeGitHub): Promise<JobRun> {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'rt-ci-job-'));
  const run: JobRun = { outputs: {}, logs: [], runnerTemp };
  try {
    for (const [index, step] of ci.jobs[jobId].steps.entries()) {
      const id = step.id ?? `step${index}`;
      if (step.uses === './') {
        const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(String(v), run.outputs)]));
        const result = await runAction({ inputs, apiUrl: github.url, workspace: ROOT, repository: 'octo/readme-tagger' });
        run.logs.push(result.stdout, result.stderr);
        assert.equal(result.code, 0, `${jobId}: the uses: ./ step failed:\n${result.stdout}\n${result.stderr}`);
        run.outputs[id] = result.outputs;
      } else if (step.uses) {
        assert.match(step.uses, /^actions\/(checkout|setup-node)@/, `${jobId}: a step this test does not know how to stand in for`);
      } else if (step.run) {
        const outputFile = join(runnerTemp, `output-${index}`);
        writeFileSync(outputFile, '');
        const env: Record<string, string> = { PATH, HOME: runnerTemp, RUNNER_TEMP: runnerTemp, GITHUB_OUTPUT: outputFile };
        for (const [name, value] of Object.entries(step.env ?? {})) env[name] = expand(String(value), run.outputs);
        const result = await exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', expand(step.run, run.outputs)], { env, cwd: ROOT });
        run.logs.push(result.stdout, result.stderr);
        assert.equal(result.code, 0, `${jobId}: step ${index} failed:\n${result.stdout}\n${result.stderr}`);
        run.outputs[id] = parseOutputFile(readFileSync(outputFile, 'utf8'));
      }
    }
  } finally {
    // The fake server the openai job starts in the background: ended by the pid its step recorded.
    const pidFile = join(runnerTemp, 'fake-openai.pid');
    if (existsSync(pidFile)) {
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
  return run;
}

describe('ci.yml jobs that run the action with uses: ./ (run here step by step)', () => {
  const servers: FakeGitHub[] = [];
  after(() => Promise.all(servers.map((s) => s.close())));
  const github = async () => {
    const server = await startFakeGitHub({ 'octo/readme-tagger': { description: 'Tags READMEs', topics: ['cli', 'database', 'not-in-the-vocabulary'] } });
    servers.push(server);
    return server;
  };

  it('action-offline: tags this README offline in a dry run with topics: sync, and its check step passes', async () => {
    const gh = await github();
    const run = await runJob('action-offline', gh);
    const outputs = run.outputs.tagger;
    assert.ok(outputs.tags.length > 0);
    assert.equal(outputs.changed, 'false');
    assert.equal(outputs.provider, 'offline');
    assert.deepEqual(gh.puts(), [], 'a dry run writes no topics');
    assert.match(run.logs.join('\n'), /outputs ok: tags=/);
  });

  it('action-openai: starts the fake server, runs the openai provider against it, and its check step passes', async () => {
    const gh = await github();
    const run = await runJob('action-openai', gh);
    assert.match(run.outputs.fake['base-url'], /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    assert.equal(run.outputs.tagger.tags, 'database,cli');
    assert.equal(run.outputs.tagger.provider, 'openai');
    const requests = readFileSync(join(run.runnerTemp, 'fake-openai.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(requests.length, 1);
    assert.equal(requests[0].path, '/v1/chat/completions');
    assert.equal(requests[0].model, 'gpt-fake');
    assert.ok(requests[0].userChars > 100, 'the README was sent');
  });
});

describe('scripts/check-action-outputs.mjs', () => {
  const check = (env: Record<string, string>, args: string[]) =>
    exec(process.execPath, [join(ROOT, 'scripts', 'check-action-outputs.mjs'), '--vocabulary', 'examples/tags.json', ...args], { env: { PATH, ...env }, cwd: ROOT });

  it('fails, naming each problem, when a tag is outside the vocabulary, json does not parse and changed is true', async () => {
    const run = await check({ OUTPUT_TAGS: 'cli,not-a-tag', OUTPUT_TAGS_JSON: '["cli","not-a-tag"]', OUTPUT_JSON: '{"tags":', OUTPUT_CHANGED: 'true', OUTPUT_PROVIDER: 'openai' }, [
      '--provider',
      'offline',
    ]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /not-a-tag is in examples\/tags\.json/);
    assert.match(run.stderr, /OUTPUT_JSON is JSON/);
    assert.match(run.stderr, /changed is false \(it is "true"\)/);
    assert.match(run.stderr, /provider is offline/);
  });

  it('fails on empty tags', async () => {
    const run = await check({ OUTPUT_TAGS: '', OUTPUT_TAGS_JSON: '[]', OUTPUT_JSON: '{"tags":[]}', OUTPUT_CHANGED: 'false' }, []);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /tags is not empty/);
  });
});

describe('scripts/release-notes.mjs', () => {
  const notes = (version: string) => exec(process.execPath, [join(ROOT, 'scripts', 'release-notes.mjs'), version], { env: { PATH }, cwd: ROOT });

  it("prints the 0.1.0 section of CHANGELOG.md without its heading or the next version's", async () => {
    const run = await notes('0.1.0');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^The first version/);
    assert.match(run.stdout, /### Added/);
    assert.doesNotMatch(run.stdout, /## \[|Unreleased|\]: https/);
  });

  it('fails, saying what to add, for a version the changelog does not have', async () => {
    const run = await notes('9.9.9');
    assert.equal(run.code, 1);
    assert.match(run.stderr, /no "## \[9\.9\.9\]" section/);
  });
});
