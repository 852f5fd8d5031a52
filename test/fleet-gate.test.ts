import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GitHubGate, rateLimitWait, StopRun, WRITES_PER_HOUR, WRITES_PER_MINUTE } from '../src/fleet/gate.ts';

const NOW = 1_800_000_000_000;
const httpError = (status: number, headers: Record<string, string>, message = 'x') => Object.assign(new Error(message), { status, response: { headers, data: { message } } });

describe('fleet/gate.ts', () => {
  const cases: Array<[string, unknown, { ms: number; why: string } | undefined]> = [
    ['a secondary limit with retry-after', httpError(403, { 'retry-after': '30' }), { ms: 30_000, why: 'secondary rate limit' }],
    ['a 429 with retry-after', httpError(429, { 'retry-after': '2' }), { ms: 2000, why: 'secondary rate limit' }],
    ['a secondary limit without retry-after', httpError(403, {}, 'You have exceeded a secondary rate limit'), { ms: 60_000, why: 'secondary rate limit' }],
    ['an exhausted primary limit', httpError(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 120) }), { ms: 121_000, why: 'primary rate limit' }],
    [
      'a GraphQL RATE_LIMITED answer',
      Object.assign(new Error('x'), { errors: [{ type: 'RATE_LIMITED' }], headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 10) } }),
      { ms: 11_000, why: 'primary rate limit' },
    ],
    [
      'a client error wrapping the response in its cause',
      Object.assign(new Error('GitHub wrapped it'), { status: 403, kind: 'rate-limit', cause: httpError(403, { 'retry-after': '5' }) }),
      { ms: 5000, why: 'secondary rate limit' },
    ],
    ['a plain 403', httpError(403, { 'x-ratelimit-remaining': '4000' }, 'Resource not accessible by integration'), undefined],
    ['a 422', httpError(422, { 'retry-after': '1' }), undefined],
    ['a 502', httpError(502, {}), undefined],
  ];
  for (const [name, error, expected] of cases) {
    it(`reads the wait of ${name}`, () => assert.deepEqual(rateLimitWait(error, NOW), expected));
  }

  it('paces writes under the content-creation limit, and stops rather than wait past the run', async () => {
    const gate = new GitHubGate({ deadline: Date.now() + 5000, writesPerMinute: 2 });
    assert.equal(await gate.run('read', async () => 'reads are not paced'), 'reads are not paced');
    await gate.run('write', async () => 1);
    await gate.run('write', async () => 2);
    await assert.rejects(
      gate.run('write', async () => 3),
      (e: Error) => e instanceof StopRun && /limit of 80 content writes a minute asks to wait \d+ s, which would outlast this run/.test(e.message),
    );
    assert.equal(gate.writes, 2);
    await assert.rejects(
      gate.run('read', async () => 'sent'),
      StopRun,
      'after a stop nothing more is sent',
    );
  });

  it('runs one request at a time', async () => {
    const gate = new GitHubGate({ deadline: Date.now() + 60_000 });
    let inFlight = 0;
    let most = 0;
    const call = async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
    };
    await Promise.all(Array.from({ length: 10 }, () => gate.run('read', call)));
    assert.equal(most, 1);
    assert.equal(gate.reads, 10);
  });
});

describe('fleet/gate.ts pacing', () => {
  it("keeps under GitHub's content-creation limits (80 a minute, 500 an hour) by default, with a margin", () => {
    assert.ok(WRITES_PER_MINUTE < 80 && WRITES_PER_MINUTE >= 70, String(WRITES_PER_MINUTE));
    assert.ok(WRITES_PER_HOUR < 500 && WRITES_PER_HOUR >= 450, String(WRITES_PER_HOUR));
  });

  it('paces writes under the hourly limit too, and stops rather than wait past the run', async () => {
    const gate = new GitHubGate({ deadline: Date.now() + 5000, writesPerMinute: 100, writesPerHour: 2 });
    await gate.run('write', async () => 1);
    await gate.run('write', async () => 2);
    await assert.rejects(
      gate.run('write', async () => 3),
      (e: Error) => e instanceof StopRun && /limit of 500 content writes an hour asks to wait \d+ s, which would outlast this run/.test(e.message),
    );
    assert.equal(gate.writes, 2);
  });
});

describe('fleet/gate.ts stops', () => {
  it('starts no request once the run deadline has passed', async () => {
    const gate = new GitHubGate({ deadline: Date.now() - 1 });
    let called = 0;
    await assert.rejects(
      gate.run('read', async () => ++called),
      (e: Error) => e instanceof StopRun && !e.stalled && /time budget ended/.test(e.message),
    );
    assert.equal(called, 0);
  });

  it('sends nothing more after a stop: queued reads and writes get the same stop', async () => {
    const gate = new GitHubGate({ deadline: Date.now() + 60_000 });
    const timeout = () => Promise.reject(Object.assign(new Error('POST http://127.0.0.1:1/graphql timed out'), { kind: 'timeout' }));
    let later = 0;
    const first = gate.run('read', timeout);
    const queued = [gate.run('read', async () => ++later), gate.run('write', async () => ++later)];
    await assert.rejects(first, (e: Error) => e instanceof StopRun && e.stalled && /GitHub stopped answering: 2 requests in a row timed out/.test(e.message));
    for (const q of queued) await assert.rejects(q, (e: Error) => e instanceof StopRun && e.stalled);
    assert.equal(later, 0);
    assert.equal(gate.writes, 0);
  });
});
