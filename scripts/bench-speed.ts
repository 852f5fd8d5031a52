/**
 * Speed and memory of the whole benchmark set through the bundled CLI, the
 * way a user runs it (process start included):
 *
 *   node scripts/bench-speed.ts [--data ../shared/bench/dev] [--runs 5] [--cli dist/cli/index.js]
 *
 * Writes an items.jsonl of {"id","path"} lines to a temporary folder, runs
 * `node <cli> batch --tags <data>/tags.json --input items.jsonl --output ...`
 * several times, and prints the median and worst wall time, the median CPU
 * time (user + system: on a busy shared machine wall time mostly measures
 * the other processes) and the peak resident memory. Memory comes from `/usr/bin/time -v` when it exists,
 * otherwise from the child's own process.resourceUsage().maxRSS (the same
 * kernel figure, reported by a preloaded module at exit).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/bench/dev' },
    runs: { type: 'string', default: '5' },
    cli: { type: 'string', default: 'dist/cli/index.js' },
    json: { type: 'boolean', default: false },
  },
});

const data = resolve(values.data!);
const cli = resolve(values.cli!);
const runs = Math.max(1, Number(values.runs));
if (!existsSync(cli)) {
  process.stderr.write(`bench-speed: ${values.cli} does not exist; run \`npm run build\` first (or pass --cli).\n`);
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'rt-speed-'));
const labels = readFileSync(join(data, 'labels.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim());
const items = labels.map((line) => {
  const repo = (JSON.parse(line) as { repo: string }).repo;
  return JSON.stringify({ id: repo, path: join(data, 'readmes', `${repo.replace('/', '__')}.md`) });
});
writeFileSync(join(dir, 'items.jsonl'), items.join('\n') + '\n');
const preload = join(dir, 'rss.mjs');
writeFileSync(preload, "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(`\\nmaxrss-kb ${u.maxRSS}\\ncpu-us ${u.userCPUTime + u.systemCPUTime}\\n`); });\n");

const timeBin = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-v', 'true']).status === 0 ? '/usr/bin/time' : undefined;
const cliArgs = [cli, 'batch', '--tags', join(data, 'tags.json'), '--input', join(dir, 'items.jsonl'), '--output', join(dir, 'out.jsonl')];

const wall: number[] = [];
const rssKb: number[] = [];
/** User + system CPU time of the CLI process: on a busy shared machine it moves far less than wall time. */
const cpuMs: number[] = [];
for (let i = 0; i < runs; i++) {
  const [cmd, args] = timeBin ? [timeBin, ['-v', process.execPath, ...cliArgs]] : [process.execPath, ['--import', preload, ...cliArgs]];
  const started = performance.now();
  const run = spawnSync(cmd, args, { encoding: 'utf8' });
  wall.push(performance.now() - started);
  if (run.status !== 0) {
    process.stderr.write(run.stderr);
    throw new Error(`the CLI exited with ${run.status}`);
  }
  const rss = timeBin ? /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr) : /maxrss-kb (\d+)/.exec(run.stderr);
  if (rss) rssKb.push(Number(rss[1]));
  if (timeBin) {
    const user = /User time \(seconds\): ([\d.]+)/.exec(run.stderr);
    const system = /System time \(seconds\): ([\d.]+)/.exec(run.stderr);
    if (user && system) cpuMs.push((Number(user[1]) + Number(system[1])) * 1000);
  } else {
    const cpu = /cpu-us (\d+)/.exec(run.stderr);
    if (cpu) cpuMs.push(Number(cpu[1]) / 1000);
  }
}
const outputs = readFileSync(join(dir, 'out.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim()).length;
rmSync(dir, { recursive: true, force: true });

const sorted = [...wall].sort((a, b) => a - b);
const figures = {
  readmes: items.length,
  outputs,
  runs,
  medianMs: Math.round(sorted[Math.floor((sorted.length - 1) / 2)]),
  worstMs: Math.round(sorted[sorted.length - 1]),
  medianCpuMs: cpuMs.length ? Math.round([...cpuMs].sort((a, b) => a - b)[Math.floor((cpuMs.length - 1) / 2)]) : undefined,
  peakRssMb: rssKb.length ? Math.round(Math.max(...rssKb) / 102.4) / 10 : undefined,
  memorySource: timeBin ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS',
  node: process.version,
};
if (values.json) process.stdout.write(JSON.stringify(figures) + '\n');
else {
  process.stdout.write(
    `bench-speed: ${figures.readmes} READMEs (${figures.outputs} output lines) through \`node ${values.cli} batch\`, ${runs} runs, ${figures.node}\n` +
      `wall time (process start included): median ${figures.medianMs} ms, worst ${figures.worstMs} ms\n` +
      `CPU time (user + system; steadier on a busy machine): median ${figures.medianCpuMs ?? '?'} ms\n` +
      `peak memory: ${figures.peakRssMb ?? '?'} MB (${figures.memorySource})\n`,
  );
}
