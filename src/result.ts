/** The seed's result object: `{"id":"2090","tags":[...]}`, with `id` only when given. Pure. */
export function resultObject(id: string | undefined, tags: readonly string[]): { id?: string; tags: string[] } {
  return id !== undefined ? { id, tags: [...tags] } : { tags: [...tags] };
}
