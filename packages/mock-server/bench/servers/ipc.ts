/**
 * The bench's child-process side: every server under test (a reference or the mock) runs in its own process and talks
 * to bench/run.ts over IPC. It announces `ready` with its URL, answers `cpu` with `process.cpuUsage()` (so the bench
 * can charge the server's own CPU per request) and exits on `stop`. Extra commands answer with whatever they return.
 */

/** A message from the bench: `cpu`, `stop`, or a custom command with its fields. */
export type Command = { type: string; [key: string]: unknown };

/**
 * Hooks this process to its parent.
 *
 * @example
 * answerBench(url, () => server.close(), { heap: (message) => measureHeap(message) });
 */
export function answerBench(
  url: string,
  close: () => Promise<void> | void,
  extra: Record<string, (message: Command) => Promise<unknown> | unknown> = {},
  ready: Record<string, unknown> = {},
): void {
  process.on('message', async (message: Command) => {
    if (message.type === 'cpu') process.send?.({ type: 'cpu', usage: process.cpuUsage() });
    else if (message.type === 'stop') {
      await close();
      process.exit(0);
    } else {
      const handler = extra[message.type];
      const reply = handler ? await handler(message) : { error: `unknown command ${message.type}` };
      process.send?.({ type: message.type, reply });
    }
  });
  // Never outlive the bench: a parent that died leaves the IPC channel closed.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready', url, ...ready });
}
