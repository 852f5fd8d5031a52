/**
 * Prints the token count of the whole `openai` request for the seed README
 * with its 90 tags, with a real tokenizer (js-tiktoken), so the cost claim in
 * the README can be re-measured:
 *
 *   node scripts/count-tokens.ts [SEED_FILE] [--encoding o200k_base] [--max-tags 3]
 *
 * Counted: each message's content, the chat format's overhead (OpenAI's
 * published formula: 3 tokens a message plus 1 for its role, 3 to prime the
 * reply), and the response_format's json_schema as JSON text. Approximated:
 * OpenAI renders the schema for the model in its own internal form, not as
 * JSON; its real cost is of the same order but not exactly this.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { getEncoding, type TiktokenEncoding } from 'js-tiktoken';
import { buildPrompt, estimateRequestTokens } from '../src/classify/prompt.ts';
import { DEFAULT_MAX_README_TOKENS, DEFAULT_MODEL } from '../src/classify/openai.ts';
import { parseVocabulary } from '../src/tags.ts';

export const SEED_SENTENCE = 'serverless open-source alternative to AWS Aurora Postgres';
const DEFAULT_SEED = new URL('../../shared/seed/neon-readme-tagging-request.txt', import.meta.url);

/** The seed file is a README followed by `", Assign ... from the tags list I provide: [...]" ...`. */
export function parseSeed(text: string): { readme: string; tagsJson: string } {
  const assign = text.indexOf('\n", Assign');
  if (assign < 0) throw new Error('seed file: no `", Assign` line after the README');
  const marker = 'list I provide: ';
  const start = text.indexOf(marker, assign);
  if (start < 0) throw new Error(`seed file: no "${marker}" before the tag list`);
  const open = start + marker.length;
  const close = text.indexOf(']', open);
  return { readme: text.slice(0, assign), tagsJson: text.slice(open, close + 1) };
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { encoding: { type: 'string', default: 'o200k_base' }, 'max-tags': { type: 'string', default: '3' } },
  });
  const seed = parseSeed(readFileSync(positionals[0] ?? DEFAULT_SEED, 'utf8'));
  const vocabulary = parseVocabulary(seed.tagsJson, 'seed tags').tags;
  const maxTags = Number(values['max-tags']);
  const prompt = buildPrompt({ readme: seed.readme, vocabulary, maxTags, maxReadmeTokens: DEFAULT_MAX_README_TOKENS });

  const enc = getEncoding(values.encoding as TiktokenEncoding);
  const count = (text: string) => enc.encode(text).length;
  const [system, user] = prompt.messages.map((m) => 3 + count(m.role) + count(m.content));
  const schema = count(JSON.stringify(prompt.responseFormat.json_schema));
  const total = 3 + system + user + schema;
  const estimate = estimateRequestTokens(prompt.messages, prompt.responseFormat.json_schema);

  const rows: [string, number | string][] = [
    ['model (default)', DEFAULT_MODEL],
    ['encoding', values.encoding!],
    ['vocabulary', `${vocabulary.length} tags, max ${maxTags}`],
    ['README raw', `${seed.readme.length} chars`],
    ['README sent', `${prompt.readme.length} chars, ${count(prompt.readme)} tokens${prompt.truncated ? ' (cut)' : ''}`],
    ['system message', system],
    ['user message', user],
    ['response schema', schema],
    ['reply priming', 3],
    ['whole request', total],
    ['run-time estimate', estimate],
    ['keeps seed sentence', String(prompt.messages[1].content.includes(SEED_SENTENCE))],
  ];
  for (const [label, value] of rows) console.log(`${label.padEnd(20)} ${value}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
