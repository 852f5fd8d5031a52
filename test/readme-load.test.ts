/**
 * readme-load.ts readmeFromApi: the one decoder of `GET /repos/{o}/{r}/readme` answers, for
 * the action's client and the fleet's gate.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_README_BYTES, readmeFromApi } from '../src/readme-load.ts';

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
