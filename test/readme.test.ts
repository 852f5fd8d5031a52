import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanReadme, cleanInline, MAX_PARSED_CHARS, parseReadme } from '../src/readme.ts';
import { decodeReadme, findWorkspaceReadme, MAX_README_BYTES, readReadmeFile } from '../src/readme-load.ts';

const README = `<h1 align="center">Quarry</h1>
<p align="center"><img src="logo.png"></p>

[![CI](https://img.shields.io/badge/ci-passing-green.svg)](https://ci.example) [![npm](https://img.shields.io/npm/v/quarry.svg)](https://npm.im/quarry)

Quarry is a **tiny** query builder for [PostgreSQL](https://postgresql.org) and SQLite.

## Installation

\`\`\`sh
npm install quarry
\`\`\`

## Features

- Typed queries
- Migrations

## License

MIT
`;

describe('readme.ts parseReadme', () => {
  it('finds the title in HTML and the tagline after a badge wall', () => {
    const doc = parseReadme(README);
    assert.equal(doc.title, 'Quarry');
    assert.equal(doc.tagline, 'Quarry is a tiny query builder for PostgreSQL and SQLite.');
  });

  it('marks code and install/licence sections as noise, and the opening as lead', () => {
    const doc = parseReadme(README);
    const byText = (t: string) => doc.blocks.find((b) => b.text.includes(t))!;
    assert.equal(byText('npm install quarry').noise, true);
    assert.equal(byText('npm install quarry').kind, 'code');
    assert.equal(byText('MIT').noise, true);
    assert.equal(byText('Typed queries').noise, false);
    assert.equal(byText('query builder').lead, true);
    assert.equal(byText('Typed queries').lead, false);
  });

  it('reads reStructuredText titles and skips directives', () => {
    const rst = `=======\nGrommet\n=======\n\n.. image:: https://badge.example/x.svg\n   :target: https://ci.example\n\nGrommet is a parser generator for Python.\n\nInstall\n-------\n\n::\n\n    pip install grommet\n`;
    const doc = parseReadme(rst);
    assert.equal(doc.title, 'Grommet');
    assert.equal(doc.tagline, 'Grommet is a parser generator for Python.');
    assert.ok(doc.blocks.find((b) => b.text.includes('pip install'))!.noise);
    assert.ok(!doc.blocks.some((b) => b.text.includes('badge.example')));
  });

  it("reads a banner image's alt text as the tagline when it is a sentence, and drops short alt labels", () => {
    const doc = parseReadme(
      '<p align="center"><img src="logo.png" alt="Logo"></p>\n\n<a href="https://example.org"><img src="banner.png" alt="Quiet, independent publishing. Inkwell is an open source blogging platform for writers." /></a>\n\n## Install\n',
    );
    assert.equal(doc.tagline, 'Quiet, independent publishing. Inkwell is an open source blogging platform for writers.');
    assert.ok(!doc.blocks.some((b) => b.text === 'Logo'));
  });

  it('does not read indentation inside an HTML block as code', () => {
    const doc = parseReadme('<p align="center">\n\t<img src="logo.svg">\n</p>\n<p>\n\tKettle is a tiny web server for static sites.\n</p>\n');
    assert.equal(doc.tagline, 'Kettle is a tiny web server for static sites.');
    assert.ok(!doc.blocks.some((b) => b.kind === 'code'));
  });

  it('treats a long sentence heading as content, not an install section', () => {
    const doc = parseReadme('# Kit\n\n## A zero-config tool that makes installation of dev servers painless\n\nKit starts dev servers.\n');
    assert.ok(doc.blocks.every((b) => !b.noise));
  });

  it('never takes a generic section name for the title, and finds the tagline under a nav bar', () => {
    const doc = parseReadme('## Website • Docs • Chat\n\n## Getting Started\n\nLedgerly is a local-first personal finance app.\n');
    assert.equal(doc.title, '');
    assert.equal(doc.tagline, 'Ledgerly is a local-first personal finance app.');
  });

  it('treats a row of short links as navigation, not the tagline', () => {
    const doc = parseReadme('<p align="center"><a href="/">Website</a> • <a href="/docs">Docs</a> • <a href="/chat">Chat</a></p>\n\nPlover is a static site generator.\n');
    assert.equal(doc.tagline, 'Plover is a static site generator.');
    assert.ok(doc.blocks.find((b) => b.text.includes('Website'))!.noise);
  });

  it('takes a centred <h3> sentence before any title as the tagline, even when it starts with "Build"', () => {
    const doc = parseReadme('<div align="center">\n  <h3>Build durable chat bots as state machines.</h3>\n</div>\n\nBotloom is a framework for chat bots.\n\n## Install\n\npip install botloom\n');
    assert.equal(doc.tagline, 'Build durable chat bots as state machines.');
    assert.ok(doc.blocks.find((b) => b.text.startsWith('Botloom is a framework'))!.lead);
  });

  it('takes a short heading right after the title as the tagline', () => {
    assert.equal(parseReadme('# prism.js\n\n#### Javascript 3D Engine\n\nMore text here.\n').tagline, 'Javascript 3D Engine');
  });

  it('finds a Chinese tagline', () => {
    assert.equal(parseReadme('# 算法\n\n动画图解、一键运行的数据结构与算法教程\n').tagline, '动画图解、一键运行的数据结构与算法教程');
  });

  it('does not take a line before a code fence for a heading', () => {
    const doc = parseReadme('# T\n\nRun this:\n```\nmake\n```\n');
    assert.deepEqual(
      doc.blocks.map((b) => b.kind),
      ['title', 'paragraph', 'code'],
    );
  });
});

describe('readme.ts cleanInline', () => {
  const cases: Array<[string, string]> = [
    ['[![badge](https://x/y.svg)](https://x) Fast', 'Fast'],
    ['See [the docs](https://docs.example) now', 'See the docs now'],
    ['Use `quarry.select()` **now**', 'Use quarry.select() now'],
    ['Visit https://example.com today', 'Visit today'],
    ['a &amp; b &lt;c&gt;', 'a & b <c>'],
    [':rocket: Launch', 'Launch'],
    ['`Sphinx <https://sphinx-doc.org>`_ docs', 'Sphinx docs'],
    ['A [WSGI] toolkit', 'A WSGI toolkit'],
    ['- [x] done', '- done'],
  ];
  for (const [input, expected] of cases) {
    it(`cleans ${JSON.stringify(input)}`, () => assert.equal(cleanInline(input), expected));
  }
});

describe('readme.ts cleanReadme', () => {
  it('keeps what the project is and drops install noise, code, badges and URLs', () => {
    const text = cleanReadme(README);
    assert.match(text, /^# Quarry/);
    assert.match(text, /tiny query builder for PostgreSQL/);
    assert.match(text, /- Typed queries/);
    assert.doesNotMatch(text, /npm install|shields|https?:|License|MIT|<img/);
  });

  it('cuts at maxChars on a block boundary', () => {
    const long = `# T\n\n${Array.from({ length: 50 }, (_, i) => `Paragraph number ${i} says something about the project.`).join('\n\n')}`;
    const text = cleanReadme(long, { maxChars: 300 });
    assert.ok(text.length <= 300, `length ${text.length}`);
    assert.match(text, /Paragraph number 0/);
  });
});

describe('readme-load.ts', () => {
  it("finds the README in GitHub's order: .github/, then root, then docs/", () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'README.md'), 'docs');
    writeFileSync(join(dir, 'readme.rst'), 'root rst');
    writeFileSync(join(dir, 'README.md'), 'root md');
    return findWorkspaceReadme(dir).then(async (found) => {
      assert.equal(found, join(dir, 'README.md'));
      mkdirSync(join(dir, '.github'));
      writeFileSync(join(dir, '.github', 'Readme'), 'gh');
      assert.equal(await findWorkspaceReadme(dir), join(dir, '.github', 'Readme'));
    });
  });

  it('reads only the start of a huge README and keeps it valid text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-'));
    const path = join(dir, 'README.md');
    writeFileSync(path, '# Big\n\n' + 'é'.repeat(3 * 1024 * 1024));
    const loaded = await readReadmeFile(path, 'README');
    assert.equal(loaded.truncated, true);
    assert.ok(Buffer.byteLength(loaded.text) <= MAX_README_BYTES);
    assert.ok(!loaded.text.includes('\uFFFD'));
  });

  it('rejects binary and non-UTF-8 files with the name in the message', () => {
    assert.throws(() => decodeReadme(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), 'Input "readme-path" (logo.png)'), /logo\.png.*binary/);
    assert.throws(() => decodeReadme(Buffer.from([0x48, 0x69, 0xe9, 0x21]), 'README.md'), /README\.md is not valid UTF-8/);
  });

  it('decodes UTF-16 with a byte-order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# Hi', 'utf16le')]);
    assert.equal(decodeReadme(bytes, 'x'), '# Hi');
  });
});

// Each pattern rewritten for linear time (text-scan.ts) keeps the old regex's output exactly;
// these rows were checked against the regexes they replace.
describe('readme.ts cleanInline, rewritten patterns', () => {
  const rows: Array<[string, string, string]> = [
    ['badges and links', 'See [![CI](https://ci/x.svg)](https://ci) the [docs](https://d) now', 'See the docs now'],
    ['reference badges and images', 'A [![npm][npm-img]][npm-url] badge and ![logo](l.png) and ![alt][ref] gone', 'A badge and and gone'],
    ['reference, empty and shortcut links', 'Links [text][ref] and [](empty) and [Shortcut] stay, [not](', 'Links text and and Shortcut stay, [not]('],
    ['brackets that never close', '[[[[ brackets [ never closed', '[[[[ brackets [ never closed'],
    ['task-list boxes', '- [x] done and [ ] open', '- done and open'],
    ['alerts and half a badge', '[!NOTE] an alert and [![ half a badge', 'an alert and [![ half a badge'],
    ['reStructuredText links', 'RST `Sphinx <https://sphinx.org>`_ and `  <u>`__ and `<u>`_ link', 'RST Sphinx and and link'],
    ['code spans and roles', 'a `code span` and ``double ticks``_ role :ref:`target` end', 'a code span and double ticks role target end'],
    ['e-mail addresses', 'mail me@example.com, or a.b+c@d-e.org. or @handle or x@y or .@a.b', 'mail , or . or @handle or x@y or .@a.b'],
    ['an e-mail local part with no domain', 'a.a.a.a.@ nothing', 'a.a.a.a.@ nothing'],
    ['autolinks, tags and a tag never closed', 'an <https://auto.link> and <b>bold</b> and <a never closed', 'an and bold and <a never closed'],
    ['strong emphasis', 'some **strong** text, __also__, ** not strong**, **a **b', 'some strong text, also, * not strong*, **a **b'],
    ['emphasis', 'an *em* word, (_paren_), a*b*c, *not closed, *a* *b*.', 'an em word, (paren), a*b*c, not closed, *a b.'],
    ['both, strike-through and emoji', '***both*** and ~~gone~~ and :emoji: kept', 'both and gone and kept'],
    ['entities', '&amp; &lt;tag&gt; &#x41; &#66; &nbsp;x', '& <tag> A B x'],
  ];
  for (const [what, input, expected] of rows) {
    it(`cleans ${what}`, () => assert.equal(cleanInline(input), expected));
  }
});

describe('readme.ts parseReadme, rewritten patterns', () => {
  const rows: Array<[string, string, string[]]> = [
    [
      'ATX headings with and without closing hashes',
      '# Title #\n\nPara.\n\n## Closed ##   \n\n### Spaced   #   \n\n#### Hash#tag\n\n# #\n\n#\n',
      // `# #` is an empty heading in CommonMark (the closing sequence is the whole content), as GitHub renders it.
      ['title: Title', 'paragraph: Para.', 'heading: Closed', 'heading: Spaced', 'heading: Hash#tag'],
    ],
    ['table separator rows', '# Title\n\n| a | b |\n| --- | :-: |\n|   |   |\n| c | d |\n', ['title: Title', 'table: a | b\nc | d']],
    ['HTML comments, one never closed', '# T\n\n<!-- hidden --> shown <!-- never closed\n\nafter', ['title: T', 'paragraph: shown <!-- never closed', 'paragraph: after']],
    [
      'script and style elements, one never closed',
      '# T\n\n<script>var x = 1;</script>Kept <STYLE>a{}</style >\n\n<script> never closed\n\nafter',
      ['title: T', 'paragraph: Kept', 'paragraph: never closed', 'paragraph: after'],
    ],
    [
      'pre and heading elements, some never closed',
      '# T\n\n<pre class="x">code <b>here</b></pre>\n\nText <pre> open\n\n<h2 id="a">Sub <i>head</i></h2>\n\nBody <h3>open',
      ['title: T', 'code: code  here ', 'paragraph: Text open', 'heading: Sub head', 'paragraph: Body open'],
    ],
    [
      'images, HTML blocks, list items and a block tag never closed',
      '<h1 align="center"><img src="l.png" alt="A fast, small tool that does one thing well."></h1>\n\n<p align="center">\n    Centered <b>text</b>\n</p>\n\n<ul><li>one</li><li>two</li></ul>\n\n<div <div never closed',
      ['paragraph: Centered text', 'list: one\ntwo', 'paragraph: <div <div never closed'],
    ],
    [
      'list items and a directive',
      '# T\n\n-    spaced item\n-\n1) numbered\n\n.. note:: directive arg\n   body\n\nAfter the directive.',
      // A lone `-` is an empty list item in CommonMark, not a paragraph; `1)` starts another list.
      ['title: T', 'list: spaced item', 'list: numbered', 'paragraph: After the directive.'],
    ],
    ['line and paragraph separators as spaces', '# T\n\n- item\u2028with a separator\n\nA\u2029B', ['title: T', 'list: item with a separator', 'paragraph: A B']],
  ];
  for (const [what, input, expected] of rows) {
    it(`reads ${what}`, () =>
      assert.deepEqual(
        parseReadme(input).blocks.map((b) => `${b.kind}: ${b.text}`),
        expected,
      ));
  }
});

describe('readme.ts parseReadme on a CommonMark + GFM parser', () => {
  const kinds = (text: string) => parseReadme(text).blocks.map((b) => `${b.kind}: ${b.text}`);

  it('keeps the language of each fenced code block', () => {
    const doc = parseReadme('# T\n\nText.\n\n```Python title="x"\nimport t\n```\n\n~~~\nplain\n~~~\n\n    indented\n');
    assert.deepEqual(
      doc.blocks.filter((b) => b.kind === 'code').map((b) => [b.lang, b.text]),
      [
        ['python', 'import t'],
        ['', 'plain'],
        ['', 'indented'],
      ],
    );
  });

  it('does not open a code fence on a line whose backtick info string holds backticks (inline code)', () => {
    const doc = parseReadme('# T\n\n```bash ./run.sh``` \n\nTool unlocks a phone by trying every PIN.\n');
    assert.deepEqual(
      doc.blocks.map((b) => b.kind),
      ['title', 'paragraph', 'paragraph'],
    );
    assert.equal(doc.tagline, 'Tool unlocks a phone by trying every PIN.');
  });

  it('reads a GFM table by its cells and a loose list as one list', () => {
    assert.deepEqual(kinds('# T\n\n| Tool | Use |\n|---|:-:|\n| a \\| b | [docs](https://x) |\n\n- one\n\n- two\n  continued\n'), [
      'title: T',
      'table: Tool | Use\na | b | docs',
      'list: one\ntwo continued',
    ]);
  });

  it('drops YAML front matter', () => {
    assert.deepEqual(kinds('---\ntitle: Widget\nlayout: page\n---\n# Widget\n\nWidget draws charts.\n'), ['title: Widget', 'paragraph: Widget draws charts.']);
  });

  it('reads reStructuredText titles under ~, * and # underlines and drops substitution rows and grid borders', () => {
    const doc = parseReadme('Spindle\n#######\n\n| |build| |docs|\n\nSpindle spins threads.\n\nUsage\n~~~~~\n\nCall it.\n\nNotes\n*****\n\n+---+---+\n| a, b |\n+---+---+\n');
    assert.equal(doc.title, 'Spindle');
    assert.deepEqual(
      doc.blocks.map((b) => `${b.kind}: ${b.text}`),
      ['title: Spindle', 'paragraph: Spindle spins threads.', 'heading: Usage', 'paragraph: Call it.', 'heading: Notes', 'paragraph: | a, b |'],
    );
  });

  it('keeps a one-column Markdown table whose header looks like a substitution', () => {
    assert.deepEqual(kinds('# T\n\n|Docs|\n| :---: |\n|[site](https://x)|\n'), ['title: T', 'table: Docs\nsite']);
  });

  it('cuts block quotes and lists nested deeper than MAX_NESTING on one line, keeping their text', () => {
    const deep = `${'> '.repeat(10_000)}deep words`;
    const doc = parseReadme(`# T\n\n${deep}\n\n${'- '.repeat(10_000)}item words\n`);
    assert.deepEqual(
      doc.blocks.map((b) => `${b.kind}: ${b.text}`),
      ['title: T', 'quote: deep words', 'list: item words'],
    );
  });

  it('parses at most MAX_PARSED_CHARS and keeps what it parsed as the source', () => {
    const text = `# T\n\n${'word '.repeat(MAX_PARSED_CHARS / 5)}\n\nAfter the cap.\n`;
    const doc = parseReadme(text);
    assert.equal(doc.source, text.slice(0, MAX_PARSED_CHARS));
    assert.ok(!doc.blocks.some((b) => b.text.includes('After the cap')));
  });

  it('cleans a parsed README as it cleans its text', () => {
    assert.equal(cleanReadme(parseReadme(README)), cleanReadme(README));
  });
});
