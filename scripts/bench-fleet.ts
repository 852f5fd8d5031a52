/**
 * Fleet benchmark: GitHub requests per repository (reads and writes
 * separately), wall time, rate-limit waits and peak memory, for fleets of
 * 100 and 1,000 repositories (and 3,000 for the memory trend), dry run and
 * merge, against the loopback fake GitHub of the tests.
 *
 *   npm run bench:fleet                 # the table
 *   npm run bench:fleet -- --json       # one JSON line per scenario
 *   npm run bench:fleet -- --sizes 100,1000
 *
 * The fake runs in this process; each scenario runs the fleet pipeline
 * (src/fleet/run.ts, the code the action and the CLI bundle) in a child
 * process, so its peak RSS is the pipeline's alone. Every scenario has one
 * injected secondary rate limit (retry-after: 1 s) so the wait shows
 * separately from our own time. Write pacing (75 a minute, GitHub's
 * content-creation limit) is off in the child, or a 1,000-repository merge
 * would spend 13 minutes waiting; the table says what pacing would add.
 * Medians of --runs runs (default 3).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeFleet, startFakeFleetGitHub, fleetOctokit } from '../test/helpers/fake-github-fleet.ts';

const { values } = parseArgs({
  options: {
    child: { type: 'string' },
    sizes: { type: 'string', default: '100,1000,3000' },
    runs: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
  },
});

interface ChildResult {
  seconds: number;
  waitedMs: number;
  reads: number;
  writes: number;
  maxRssMb: number;
  /** The largest V8 heap in use after a full GC, sampled after every fifth page and at the end: the live set. */
  liveHeapMb: number;
  counts: Record<string, number>;
}

if (values.child) {
  // The child: run the pipeline against the fake at the URL given, print one JSON line.
  const [url, mode] = values.child.split(' ');
  const { runFleet } = await import('../src/fleet/run.ts');
  const { parsePatterns } = await import('../src/fleet/patterns.ts');
  const { createClassifier } = await import('../src/classify/index.ts');
  const { parseVocabulary } = await import('../src/tags.ts');
  const { silentLogger } = await import('../src/classify/types.ts');
  let pages = 0;
  let liveHeap = 0;
  const sampleLiveHeap = () => {
    (globalThis as { gc?: () => void }).gc?.();
    liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
  };
  const result = await runFleet({
    client: fleetOctokit({ url }),
    graphqlUrl: `${url}/graphql`,
    patterns: parsePatterns('acme/*', 'bench'),
    vocabulary: parseVocabulary('database, cli, game, testing, storage, serverless', 'bench').tags,
    maxTags: 3,
    classifier: createClassifier({ provider: 'offline' }),
    topics: 'merge',
    dryRun: mode === 'dry-run',
    includeForks: false,
    maxWrites: 0,
    logger: silentLogger,
    gate: { writesPerMinute: 0, writesPerHour: 0 },
    onProgress: () => {
      if (++pages % 5 === 0) sampleLiveHeap();
    },
  });
  sampleLiveHeap();
  const out: ChildResult = {
    seconds: result.seconds,
    waitedMs: result.gate.waitedMs,
    reads: result.gate.reads,
    writes: result.gate.writes,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    liveHeapMb: liveHeap / 1024 / 1024,
    counts: result.report.counts,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
} else {
  const self = fileURLToPath(import.meta.url);
  const sizes = values.sizes!.split(',').map(Number);
  const runs = Number(values.runs);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rows: Array<Record<string, string | number>> = [];
  for (const size of sizes) {
    for (const mode of ['dry-run', 'merge']) {
      const samples: Array<ChildResult & { graphql: number; readme: number; puts: number; other: number }> = [];
      for (let r = 0; r < runs; r++) {
        // A fresh fleet each run, so every merge writes the same number of repositories.
        const gh = await startFakeFleetGitHub(makeFleet({ owner: 'acme', size, archivedEvery: 50, forkEvery: 40, readOnlyEvery: 30, noReadmeEvery: 45, elsewhereEvery: 60 }), {
          secondaryLimitOnRequest: 3,
          retryAfterSeconds: 1,
        });
        const child = await new Promise<ChildResult>((resolve, reject) =>
          execFile(process.execPath, ['--expose-gc', self, '--child', `${gh.url} ${mode}`], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
            error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as ChildResult),
          ),
        );
        samples.push({ ...child, graphql: gh.count('graphql'), readme: gh.count('readme'), puts: gh.count('topics-put'), other: gh.count('other') + gh.count('topics-get') });
        await gh.close();
      }
      const m = (f: (s: (typeof samples)[number]) => number) => median(samples.map(f));
      const reads = m((s) => s.graphql + s.readme + s.other);
      const writes = m((s) => s.puts);
      const row = {
        repositories: size,
        mode,
        'graphql requests': m((s) => s.graphql),
        'rest readme reads': m((s) => s.readme),
        'reads / repo': +(reads / size).toFixed(3),
        writes,
        'writes / repo': +(writes / size).toFixed(3),
        'wall s': +m((s) => s.seconds).toFixed(2),
        'rate-limit wait s': +(m((s) => s.waitedMs) / 1000).toFixed(2),
        'own time s': +m((s) => s.seconds - s.waitedMs / 1000).toFixed(2),
        'pacing would add s': Math.max(0, Math.ceil(writes / 75) - 1) * 60,
        'peak RSS MB': +m((s) => s.maxRssMb).toFixed(0),
        'live heap MB': +m((s) => s.liveHeapMb).toFixed(1),
      };
      rows.push(row);
      if (values.json) process.stdout.write(`${JSON.stringify({ ...row, counts: samples[0].counts })}\n`);
    }
  }
  if (!values.json) {
    const headers = Object.keys(rows[0]);
    process.stdout.write(`| ${headers.join(' | ')} |\n| ${headers.map(() => '---').join(' | ')} |\n`);
    for (const row of rows) process.stdout.write(`| ${headers.map((h) => row[h]).join(' | ')} |\n`);
    process.stdout.write(`\nMedians of ${runs} runs; node ${process.version}; one injected secondary limit (retry-after 1 s) per run.\n`);
  }
}
