import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrlCredentials } from '../src/options.ts';

describe('options.ts', () => {
  const cases: Array<[string | undefined, string[]]> = [
    ['https://user:pa55-word@proxy.example/v1', ['user:pa55-word', 'pa55-word']],
    ['http://only-a-token@127.0.0.1:8080/v1', ['only-a-token']],
    ['https://api.openai.com/v1', []],
    ['https://host/v1?next=http://a@b', []],
    [undefined, []],
  ];
  for (const [url, secrets] of cases) {
    it(`finds the secrets in the base URL ${JSON.stringify(url)}`, () => assert.deepEqual(baseUrlCredentials(url), secrets));
  }
});
