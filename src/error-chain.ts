/**
 * An error and its causes, outermost first (at most 8: a cycle of causes ends there). Its own
 * module, free of heavy imports, so both the GitHub client (github.ts) and the fleet's gate
 * (fleet/gate.ts, bundled into the CLI's main file) can use it without pulling Octokit along.
 */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e && chain.length < 8; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}
