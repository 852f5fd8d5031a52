/**
 * GitHub's own workflow and action.yml parser (@actions/workflow-parser, the
 * one behind the Actions language service), as a validator for the tests.
 *
 * The package imports its JSON schemas without `with { type: 'json' }`, which
 * Node refuses (actions/languageservices#387): a synchronous module hook adds
 * the attribute for that package's .json files only, before it is loaded.
 */
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    if (resolved.url.includes('/@actions/workflow-parser/') && resolved.url.endsWith('.json')) {
      return { ...resolved, importAttributes: { ...context.importAttributes, type: 'json' } };
    }
    return resolved;
  },
});

const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import('@actions/workflow-parser');
const { parseAction, convertActionTemplate } = await import('@actions/workflow-parser/actions/index');

const trace = new NoOperationTraceWriter();

/** Every error GitHub's parser finds in a workflow file, as `name: message` strings ([] when it is valid). */
export async function workflowErrors(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, trace);
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parsed.value && errors.length === 0) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    for (const e of template.errors ?? []) errors.push(e.Message);
  }
  if (!parsed.value && errors.length === 0) errors.push(`${name}: not a workflow`);
  return errors;
}

/** Every error GitHub's parser finds in an action.yml ([] when it is valid). */
export function actionErrors(name: string, content: string): string[] {
  const parsed = parseAction({ name, content }, trace);
  if (parsed.value && parsed.context.errors.getErrors().length === 0) convertActionTemplate(parsed.context, parsed.value);
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (!parsed.value && errors.length === 0) errors.push(`${name}: not an action`);
  return errors;
}
