import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cutToTokens, fenceSafe } from '../src/classify/prompt.ts';
import { projectNames, readStructure } from '../src/classify/offline/structure.ts';
import { parseReadme } from '../src/readme.ts';

// The patterns of structure.ts rewritten for linear time (issue 7) keep the old regexes' answers;
// these rows were checked against the regexes they replace.
describe('structure.ts readStructure, rewritten patterns', () => {
  const rows: Array<[string, string, Record<string, string>]> = [
    ['npm install as a dependency', 'Install it:\n\n```sh\nnpm install quarry\n```', { lib: 'installed as a dependency', sdk: 'installed as a dependency' }],
    ['npm install -g as a program', 'Install it:\n\n```sh\nnpm install -g quarry\n```', { cli: 'installed as a program' }],
    ['npm install with -g on the next line (\\s takes the newline)', 'Install: npm i quarry\n-g is not needed', { cli: 'installed as a program' }],
    ['npm install in backticks, -g after them', 'Use `npm install quarry` then run with -g', { lib: 'installed as a dependency', sdk: 'installed as a dependency' }],
    ['curl piped to sh', 'curl -fsSL https://get.example/install.sh | sh', { cli: 'installed as a program' }],
    ['curl with the pipe on the next line', 'curl -fsSL https://get.example/install.sh\n| sh', {}],
    ['a require over several lines', '```js\nconst {\n  a,\n  b\n} = require("quarry")\n```', { lib: 'imported in the examples', sdk: 'imported in the examples' }],
    ['a Gradle implementation line', '```gradle\nimplementation ( "org.quarry:quarry:1.0"\n```', { lib: 'installed as a dependency', sdk: 'installed as a dependency' }],
    ['[dependencies] after blank lines', '```\n\n\n   [dependencies]\n```', { lib: 'installed as a dependency', sdk: 'installed as a dependency' }],
    ['its own command with a prompt', '```\n$ tool --fast input.txt\n```', { cli: 'run as `tool` with arguments in the examples' }],
    ['its own command inline', 'Run `tool --fast input.txt` to start.', { cli: 'run as `tool` with arguments in the examples' }],
    ['a call, not a command', '```\ntool(input)\n```', {}],
    ['a command line', '```\ntool input.txt\n```', { cli: 'run as `tool` with arguments in the examples' }],
  ];
  for (const [what, readme, expected] of rows) {
    it(`reads ${what}`, () => {
      const kinds = readStructure(readme, parseReadme(readme), ['tool']).kinds;
      assert.deepEqual(Object.fromEntries(Object.entries(kinds).map(([kind, signal]) => [kind, signal.reason])), expected);
    });
  }

  it('reads code-fence languages from the parse: a "```bash x```" line is inline code, not a fence that hides what follows', () => {
    const links = Array.from({ length: 16 }, (_, i) => `- [part-${i}](https://example.org/part/${i})`).join('\n');
    const readme = `# kit\n\n\`\`\`bash npm test\`\`\` runs the tests.\n\n\`\`\`python\nimport kit\n\`\`\`\n\n\`\`\`js{1,2}\nkit()\n\`\`\`\n\n${links}\n`;
    const structure = readStructure(readme, parseReadme(readme), ['kit']);
    assert.deepEqual(Object.fromEntries(structure.fences), { python: 1, js: 1 });
    assert.equal(structure.kinds.learning?.reason, '16 list items that are links');
  });

  it('reads a README of one 512 KiB line of backticks in linear time', () => {
    const readme = '`'.repeat(512 * 1024);
    const start = performance.now();
    const structure = readStructure(readme, parseReadme(readme), ['kit']);
    assert.ok(performance.now() - start < 2000);
    assert.equal(structure.fences.size, 0);
  });

  it('trims punctuation around title words', () => {
    assert.deepEqual(projectNames('!!!Fast Tool!!!', 'o/rep'), ['rep', 'fast']);
    assert.deepEqual(projectNames('(fnm) Fast Node Manager', 'o/rep'), ['rep', 'fnm', 'manager']);
    assert.deepEqual(projectNames('¡hola! mundo', 'o/rep'), ['rep', 'hola', 'mundo']);
  });
});

describe('prompt.ts, rewritten patterns', () => {
  it('neutralises readme tags with spaces inside', () => {
    assert.equal(fenceSafe('a <readme> b < / README > c </ readme> d <readmes>'), 'a (readme) b (readme) c (readme) d <readmes>');
  });

  it('cuts a paragraph to the token budget word by word, runs of spaces counted as before', () => {
    assert.deepEqual(cutToTokens('one two three four five six seven eight nine ten eleven twelve', 9), {
      text: 'one two three four five six seven eight …',
      tokens: 9,
      truncated: true,
    });
    assert.deepEqual(cutToTokens('alpha  beta\n gamma   delta epsilon zeta eta theta iota kappa', 10), {
      text: 'alpha  beta\n gamma   delta epsilon zeta …',
      tokens: 10,
      truncated: true,
    });
  });
});
