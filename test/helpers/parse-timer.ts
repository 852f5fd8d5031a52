/**
 * Worker for test/readme-linear.test.ts and scripts/bench-parser.ts: builds a
 * README of each requested size from a repeated unit, runs one stage over it
 * and posts the fastest of `runs` times per size. Times are this thread's CPU
 * time (process.threadCpuUsage), which other work on a loaded machine does
 * not inflate the way it inflates wall time. A worker, so that the caller
 * can stop a parse that takes minutes (worker.terminate() ends even a
 * synchronous loop) and report it instead of hanging.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { hostileText, STAGES, type Stage } from './hostile.ts';

export interface TimerJob {
  prefix?: string;
  unit: string;
  suffix?: string;
  stage: Stage;
  /** [size in characters, runs] pairs, measured in this order. */
  sizes: Array<[number, number]>;
}

export interface TimerResult {
  size: number;
  /** CPU milliseconds of the fastest run. */
  ms: number;
}

if (parentPort && workerData) {
  const job = workerData as TimerJob;
  for (const [size, runs] of job.sizes) {
    const text = hostileText(job, size);
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < runs; r++) {
      const start = process.threadCpuUsage();
      STAGES[job.stage](text);
      const used = process.threadCpuUsage(start);
      best = Math.min(best, (used.user + used.system) / 1000);
    }
    parentPort.postMessage({ size, ms: best } satisfies TimerResult);
  }
}
