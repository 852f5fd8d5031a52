/**
 * readme-load.ts readmeFromApi: the one decoder of `GET /repos/{o}/{r}/readme` answers, for
 * the action's client and the fleet's gate; loadReadme: the one loader (workspace, then API)
 * for the action, the CLI and the fleet.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadReadme, MAX_README_BYTES, readmeFromApi } from '../src/readme-load.ts';

const TEXT = '# Widget\n\nA small command-line tool.\n';
const options = (fetchRaw: () => Promise<unknown>) => ({ label: 'The README of octo/widget', source: 'api:octo/widget/README.md', fetchRaw });
const noRaw = async () => assert.fail('the raw file was asked for although the answer had content');

describe('readme-load.ts readmeFromApi', () => {
  it('decodes base64 content without asking for the raw file', async () => {
    const loaded = await readmeFromApi({ content: Buffer.from(TEXT).toString('base64'), encoding: 'base64', path: 'README.md' }, options(noRaw));
    assert.deepEqual(loaded, { text: TEXT, source: 'api:octo/widget/README.md', truncated: false });
  });

  it('asks for the raw file once when the answer has no content (over 1 MB), as text or as bytes', async () => {
    for (const body of [TEXT, new TextEncoder().encode(TEXT).buffer]) {
      let asked = 0;
      const loaded = await readmeFromApi(
        { encoding: 'none', path: 'README.md' },
        options(async () => (asked++, body)),
      );
      assert.equal(asked, 1);
      assert.equal(loaded.text, TEXT);
    }
  });

  it('keeps only the first 512 KiB of a raw file and says it was cut', async () => {
    const loaded = await readmeFromApi(
      { encoding: 'none' },
      options(async () => `${TEXT}${'x'.repeat(MAX_README_BYTES)}`),
    );
    assert.equal(loaded.truncated, true);
    assert.equal(Buffer.byteLength(loaded.text), MAX_README_BYTES);
  });

  it('passes on a failure of the raw request', async () => {
    await assert.rejects(
      readmeFromApi(
        {},
        options(async () => Promise.reject(new Error('raw request failed'))),
      ),
      /raw request failed/,
    );
  });
});

describe('readme-load.ts loadReadme', () => {
  const api = (body: unknown, calls: string[] = []) => ({
    label: 'The README of octo/widget',
    source: (path: string) => `api:octo/widget/${path}`,
    get: async (raw: boolean) => (calls.push(raw ? 'raw' : 'json'), typeof body === 'function' ? (body as () => unknown)() : body),
    isMissing: (error: unknown) => (error as { status?: number }).status === 404,
  });
  const json = { content: Buffer.from(TEXT).toString('base64'), encoding: 'base64', path: 'docs/README.md' };

  it('reads the workspace first and asks the API only when the workspace has no README', async () => {
    const calls: string[] = [];
    const ws = mkdtempSync(join(tmpdir(), 'rt-load-'));
    assert.deepEqual(await loadReadme({ folder: { dir: ws, workspace: true }, api: api(json, calls) }), { text: TEXT, source: 'api:octo/widget/docs/README.md', truncated: false });
    assert.deepEqual(calls, ['json']);
    writeFileSync(join(ws, 'README.md'), '# Here\n');
    assert.deepEqual(await loadReadme({ folder: { dir: ws, workspace: true }, api: api(json, calls) }), { text: '# Here\n', source: 'README.md', truncated: false });
    assert.deepEqual(calls, ['json'], 'no API call when the workspace has one');
  });

  it('uses a README already in hand before the API, and a named file alone', async () => {
    const calls: string[] = [];
    assert.equal((await loadReadme({ known: { text: TEXT, source: 'README.md' }, api: api(json, calls) }))!.text, TEXT);
    assert.deepEqual(calls, []);
    const ws = mkdtempSync(join(tmpdir(), 'rt-load-'));
    await assert.rejects(loadReadme({ file: { path: join(ws, 'nope.md'), label: 'Input "readme-path" (nope.md)' }, api: api(json, calls) }), /^Error: Input "readme-path" \(nope\.md\): no such file/);
    assert.deepEqual(calls, [], 'a named file that is missing is an error, not a reason to ask the API');
  });

  it('returns null on the API 404 and passes other failures through describeError', async () => {
    const notFound = Object.assign(new Error('Not Found'), { status: 404 });
    assert.equal(await loadReadme({ api: api(() => Promise.reject(notFound)) }), null);
    const broken = Object.assign(new Error('Server Error'), { status: 502 });
    await assert.rejects(
      loadReadme({ api: { ...api(() => Promise.reject(broken)), describeError: (e: unknown) => new Error(`described: ${(e as Error).message}`) } }),
      /^Error: described: Server Error$/,
    );
    assert.equal(await loadReadme({}), null);
  });

  it('reads a stream up to 512 KiB, dropping a character the cut splits', async () => {
    async function* chunks() {
      yield 'a'.repeat(MAX_README_BYTES - 1);
      yield 'é and more';
    }
    const loaded = await loadReadme({ stream: { input: chunks(), label: 'standard input', source: 'standard input' } });
    assert.equal(loaded!.truncated, true);
    assert.equal(loaded!.text, 'a'.repeat(MAX_README_BYTES - 1));
  });
});
