import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { selectTags } from '../src/classify/parse.ts';
import type { Tag } from '../src/classify/types.ts';

describe('parse.ts', () => {
  it('matches each vocabulary by its own names, the same on every call (its index is built once per vocabulary)', () => {
    const web: Tag[] = [
      { name: 'Web App', topic: 'web-app' },
      { name: 'cli', topic: 'cli' },
    ];
    const data: Tag[] = [
      { name: 'database', topic: 'database' },
      { name: 'cli-tool', topic: 'cli' },
    ];
    for (let round = 0; round < 2; round++) {
      assert.deepEqual(selectTags(['web_app', 'database', 'CLI'], web, 3), { tags: [{ name: 'Web App' }, { name: 'cli' }], dropped: ['database'] });
      assert.deepEqual(selectTags(['web_app', 'database', 'CLI'], data, 3), { tags: [{ name: 'database' }, { name: 'cli-tool' }], dropped: ['web_app'] });
    }
    assert.deepEqual(selectTags(['cli', 'web-app'], web, 1).tags, [{ name: 'cli' }]);
  });
});
