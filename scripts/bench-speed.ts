/**
 * Speed and memory of the bundles the way users run them (process start included):
 *
 *   node scripts/bench-speed.ts [--data ../shared/bench/dev] [--runs 5] [--cli dist/cli/index.js]
 *                               [--baseline ../other-checkout/dist/cli/index.js] [--only batch|action]
 *
 * Two measurements, each `--runs` times:
 * - batch: the whole set through `node <cli> batch --tags <data>/tags.json --input items.jsonl
 *   --output ...` (an items.jsonl of {"id","path"} lines written to a temporary folder);
 * - action: `node dist/index.js` (beside the CLI bundle: <cli>/../../index.js) run the way the
 *   runner runs it (INPUT_* variables with action.yml's defaults, GITHUB_OUTPUT,
 *   GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE) on one README of the set in the workspace, provider
 *   offline, topics off, against a fake GitHub API on 127.0.0.1 (test/helpers/github-server.ts)
 *   that answers the repository's description and language.
 *
 * With `--baseline`, the same runs of another build (another checkout's dist/cli/index.js; its
 * action is the dist/index.js beside it) are interleaved with this one's, round by round and in
 * alternating order, so that the load of a busy shared machine falls on both alike; the table
 * gives each build's medians and the ratio this/baseline (below 1: this build is faster).
 * Wall time is what a user waits; CPU time (user + system) moves far less with the other
 * processes on the machine. Memory comes from `/usr/bin/time -v` when it exists, otherwise
 * from the child's own process.resourceUsage() (the same kernel figures, reported by a
 * preloaded module at exit).
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { startFakeGitHub } from '../test/helpers/github-server.ts';
import { median } from './median.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/bench/dev' },
    runs: { type: 'string', default: '5' },
    cli: { type: 'string', default: 'dist/cli/index.js' },
    baseline: { type: 'string' },
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const data = resolve(values.data!);
const runs = Math.max(1, Number(values.runs));
const only = values.only;
if (only !== undefined && only !== 'batch' && only !== 'action') {
  process.stderr.write(`bench-speed: --only must be batch or action, got ${JSON.stringify(only)}.\n`);
  process.exit(2);
}

interface Build {
  label: string;
  cli: string;
  action: string;
}

/** A build named by its CLI bundle (`X/dist/cli/index.js`); its action bundle is `X/dist/index.js`. */
function build(label: string, cliPath: string, flag: string): Build {
  const cli = resolve(cliPath);
  const action = join(dirname(dirname(cli)), 'index.js');
  for (const file of [cli, action]) {
    if (!existsSync(file)) {
      process.stderr.write(`bench-speed: ${file} does not exist; run \`npm run build\` there first (or fix ${flag}).\n`);
      process.exit(2);
    }
  }
  return { label, cli, action };
}

const builds = [build('this build', values.cli!, '--cli'), ...(values.baseline ? [build('baseline', values.baseline, '--baseline')] : [])];

const dir = mkdtempSync(join(tmpdir(), 'rt-speed-'));
const labels = readFileSync(join(data, 'labels.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((line) => (JSON.parse(line) as { repo: string }).repo);
const readmeOf = (repo: string) => join(data, 'readmes', `${repo.replace('/', '__')}.md`);
writeFileSync(join(dir, 'items.jsonl'), labels.map((repo) => JSON.stringify({ id: repo, path: readmeOf(repo) })).join('\n') + '\n');
const preload = join(dir, 'rss.mjs');
writeFileSync(preload, "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(`\\nmaxrss-kb ${u.maxRSS}\\ncpu-us ${u.userCPUTime + u.systemCPUTime}\\n`); });\n");
const timeBin = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-v', 'true']).status === 0 ? '/usr/bin/time' : undefined;

// The action's README: the set's README of median size (a typical one, not the smallest or a giant).
const bySize = [...labels].sort((a, b) => statSync(readmeOf(a)).size - statSync(readmeOf(b)).size || a.localeCompare(b));
const actionRepo = bySize[Math.floor((bySize.length - 1) / 2)];
const workspace = join(dir, 'workspace');
mkdirSync(workspace);
copyFileSync(readmeOf(actionRepo), join(workspace, 'README.md'));
copyFileSync(join(data, 'tags.json'), join(workspace, 'tags.json'));
const github = await startFakeGitHub({ 'octo/widget': { description: null, language: null } });

interface Sample {
  wallMs: number;
  cpuMs?: number;
  rssKb?: number;
}

/** Runs one child (asynchronously: the fake GitHub API answers from this process) and reads its wall, CPU and memory figures. */
function measure(args: string[], env?: NodeJS.ProcessEnv, cwd?: string): Promise<Sample> {
  const [cmd, argv] = timeBin ? [timeBin, ['-v', process.execPath, ...args]] : [process.execPath, ['--import', preload, ...args]];
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}:\n${stderr.slice(-2000)}`));
      const rss = timeBin ? /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr) : /maxrss-kb (\d+)/.exec(stderr);
      let cpuMs: number | undefined;
      if (timeBin) {
        const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
        const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
        if (user && system) cpuMs = (Number(user[1]) + Number(system[1])) * 1000;
      } else {
        const cpu = /cpu-us (\d+)/.exec(stderr);
        if (cpu) cpuMs = Number(cpu[1]) / 1000;
      }
      resolvePromise({ wallMs, cpuMs, rssKb: rss ? Number(rss[1]) : undefined });
    });
  });
}

function runBatch(b: Build): Promise<Sample> {
  const out = join(dir, 'out.jsonl');
  rmSync(out, { force: true });
  return measure([b.cli, 'batch', '--tags', join(data, 'tags.json'), '--input', join(dir, 'items.jsonl'), '--output', out]).then((sample) => {
    const lines = readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => l.trim()).length;
    if (lines !== labels.length) throw new Error(`${b.cli} batch wrote ${lines} lines for ${labels.length} items`);
    return sample;
  });
}

const actionInputs = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };

async function runAction(b: Build): Promise<Sample> {
  const runner = mkdtempSync(join(dir, 'runner-'));
  const outputFile = join(runner, 'output');
  writeFileSync(outputFile, '');
  writeFileSync(join(runner, 'summary'), '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: runner,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: join(runner, 'summary'),
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: 'http://127.0.0.1',
    GITHUB_GRAPHQL_URL: `${github.url}/graphql`,
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'octo/widget',
    RUNNER_TEMP: runner,
  };
  for (const [name, spec] of Object.entries(actionInputs.inputs)) {
    env[`INPUT_${name.toUpperCase()}`] = (spec.default ?? '').replace('${{ github.repository }}', 'octo/widget').replace('${{ github.token }}', 'ghs_bench_token');
  }
  Object.assign(env, { 'INPUT_TAGS-FILE': 'tags.json', INPUT_PROVIDER: 'offline', INPUT_TOPICS: 'off' });
  const sample = await measure([b.action], env, workspace);
  if (!/^tags<</m.test(readFileSync(outputFile, 'utf8'))) throw new Error(`${b.action} set no "tags" output`);
  return sample;
}

const kinds = (only ? [only] : ['batch', 'action']) as Array<'batch' | 'action'>;
const samples = new Map<string, Sample[]>();
const key = (kind: string, b: Build) => `${kind} ${b.label}`;
try {
  for (let round = 0; round < runs; round++) {
    // Alternate which build goes first, so neither always runs on the warmer (or busier) side.
    const order = round % 2 ? [...builds].reverse() : builds;
    for (const kind of kinds) {
      for (const b of order) {
        const sample = kind === 'batch' ? await runBatch(b) : await runAction(b);
        samples.set(key(kind, b), [...(samples.get(key(kind, b)) ?? []), sample]);
      }
    }
  }
} finally {
  await github.close();
  rmSync(dir, { recursive: true, force: true });
}

const medianOf = (xs: number[]) => (xs.length ? median(xs) : undefined);
const round1 = (x: number | undefined) => (x === undefined ? undefined : Math.round(x));

interface Figures {
  kind: 'batch' | 'action';
  build: string;
  bundle: string;
  runs: number;
  medianWallMs?: number;
  worstWallMs?: number;
  medianCpuMs?: number;
  peakRssMb?: number;
}

const figures: Figures[] = [];
for (const kind of kinds) {
  for (const b of builds) {
    const s = samples.get(key(kind, b)) ?? [];
    const rss = s.map((x) => x.rssKb).filter((x): x is number => x !== undefined);
    figures.push({
      kind,
      build: b.label,
      bundle: kind === 'batch' ? b.cli : b.action,
      runs: s.length,
      medianWallMs: round1(medianOf(s.map((x) => x.wallMs))),
      worstWallMs: round1(Math.max(...s.map((x) => x.wallMs))),
      medianCpuMs: round1(medianOf(s.map((x) => x.cpuMs).filter((x): x is number => x !== undefined))),
      peakRssMb: rss.length ? Math.round(Math.max(...rss) / 102.4) / 10 : undefined,
    });
  }
}
const ratio = (kind: string, field: 'medianWallMs' | 'medianCpuMs') => {
  const [mine, base] = ['this build', 'baseline'].map((label) => figures.find((f) => f.kind === kind && f.build === label)?.[field]);
  return mine !== undefined && base ? Math.round((mine / base) * 1000) / 1000 : undefined;
};
const ratios = Object.fromEntries(kinds.map((kind) => [kind, { wall: ratio(kind, 'medianWallMs'), cpu: ratio(kind, 'medianCpuMs') }]));

if (values.json) {
  process.stdout.write(
    JSON.stringify({ readmes: labels.length, actionReadme: actionRepo, runs, node: process.version, memorySource: timeBin ? '/usr/bin/time -v' : 'process.resourceUsage()', figures, ratios }) + '\n',
  );
} else {
  const rel = (p: string) => (p.startsWith(ROOT + '/') ? p.slice(ROOT.length + 1) : p);
  process.stdout.write(
    `bench-speed: batch = ${labels.length} READMEs of ${values.data} through \`node CLI batch\`; action = \`node dist/index.js\` on ${actionRepo}'s README, offline, topics off; ` +
      `${runs} rounds${builds.length > 1 ? ' interleaved' : ''}; ${process.version}; memory from ${timeBin ? '/usr/bin/time -v' : 'process.resourceUsage()'}\n\n` +
      `| run | build | median wall ms | worst wall ms | median CPU ms | peak MB |\n| --- | --- | --- | --- | --- | --- |\n`,
  );
  for (const f of figures) {
    process.stdout.write(`| ${f.kind} | ${f.build} (${rel(f.bundle)}) | ${f.medianWallMs} | ${f.worstWallMs} | ${f.medianCpuMs ?? '?'} | ${f.peakRssMb ?? '?'} |\n`);
  }
  if (builds.length > 1) {
    process.stdout.write('\n');
    for (const kind of kinds) process.stdout.write(`${kind}: this/baseline median wall ${ratios[kind].wall}, median CPU ${ratios[kind].cpu}\n`);
  }
}
