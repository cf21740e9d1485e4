/**
 * A value built on first use and kept: the resources' zod schemas are built when a route first needs them (not at
 * every start of the CLI) and never again per request.
 *
 * @example
 * const body = once(() => z.object({ bot_id: z.string() }));
 * body().safeParse(input);
 */
export function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}
