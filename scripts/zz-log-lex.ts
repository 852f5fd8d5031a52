import { parse, Lexer } from 'yaml';
for (const [name, text] of [
  ['compact seq', '- '.repeat(500000) + 'x'],
  ['compact map', 'a: '.repeat(300000) + 'x'],
  ['mixed', '- a: '.repeat(200000) + 'x'],
]) {
  let t = Date.now();
  const toks: Record<string, number> = {};
  let n = 0;
  for (const tok of new Lexer().lex(text)) {
    n++;
    if (n < 20) toks[JSON.stringify(tok)] = (toks[JSON.stringify(tok)] ?? 0) + 1;
  }
  console.log(name, 'lex', Date.now() - t, 'ms', n, JSON.stringify(toks));
  t = Date.now();
  try {
    parse(text);
    console.log(name, 'ok', Date.now() - t);
  } catch (e) {
    console.log(name, Date.now() - t, 'ms', String((e as Error).message).slice(0, 60));
  }
}
