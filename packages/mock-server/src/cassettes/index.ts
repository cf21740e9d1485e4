import { readFileSync } from 'node:fs';
import { ConfigError, configErrorOf } from '../config/schema.js';
import type { MockContext } from '../context.js';
import { oauthErrors } from '../errors.js';
import { botScriptBody } from '../resources/bots/schemas.js';
import { MAX_QUEUED_SCRIPTS } from '../resources/bots/scripts.js';
import { cassetteSchema, type Cassette } from './format.js';
import { cassetteRules, type SkippedExchange } from './replay.js';

export { CASSETTE_FORMAT, cassetteSchema, type Cassette, type CassetteExchange, type CassetteInput } from './format.js';
export { stableJson } from './stable-json.js';
export type { SkippedExchange } from './replay.js';

/** What loading a cassette into a mock did. */
export interface CassetteLoad {
  /** The ids of the scripted replies it added (source `cassettes`). */
  rules: string[];
  /** The ids of the bot scripts it queued: recorded chats with the mock's own bots, played by its chat. */
  scripts: string[];
  /** Recorded exchanges the mock answers itself, or that cannot be replayed, with the reason. */
  skipped: SkippedExchange[];
}

/**
 * Validates a parsed cassette.
 *
 * @example
 * const cassette = parseCassette(JSON.parse(text), 'chat.cassette.json');
 * @throws ConfigError naming each bad field, e.g. `exchanges[2].response.status: …`
 */
export function parseCassette(input: unknown, source = 'cassette'): Cassette {
  const result = cassetteSchema().safeParse(input);
  if (!result.success) throw configErrorOf(result.error, source);
  return result.data;
}

/**
 * Reads and validates a cassette file.
 *
 * @example
 * const cassette = readCassetteFile('/abs/chat.cassette.json');
 * @throws ConfigError when it cannot be read, is not JSON or is not a cassette
 */
export function readCassetteFile(path: string): Cassette {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the cassette ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`the cassette ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseCassette(json, path);
}

/**
 * Adds a cassette's scripted replies and bot scripts to a mock (all of them, or none when the reply book or the script
 * queue is full, in entries or in bytes).
 *
 * @example
 * const { rules, scripts, skipped } = replayCassette(app.mock, readCassetteFile(path), { speed: 1 });
 */
export function replayCassette(mock: MockContext, cassette: Cassette, options: { speed: number }): CassetteLoad {
  const queue = mock.store.resources.scripts;
  const { rules, scripts, skipped } = cassetteRules(cassette, { ...options, knownBots: new Set(mock.fixtures.bots.map((bot) => bot.id)) });
  if (queue.list().length + scripts.length > MAX_QUEUED_SCRIPTS) throw oauthErrors.capacity(`bot scripts (at most ${MAX_QUEUED_SCRIPTS} queued)`);
  const added: string[] = [];
  try {
    for (const rule of rules) added.push(mock.replies.add(rule, 'cassettes').id);
  } catch (error) {
    for (const id of added) mock.replies.delete(id);
    throw error;
  }
  const queued: string[] = [];
  try {
    for (const { index, botId, script } of scripts) {
      const parsed = botScriptBody.safeParse(script);
      if (parsed.success) queued.push(queue.add(botId, parsed.data).id);
      else skipped.push({ index, method: 'POST', path: '/v3/chat', reason: `not a valid bot script: ${parsed.error.issues[0]?.message}` });
    }
  } catch (error) {
    for (const id of queued) queue.delete(id);
    for (const id of added) mock.replies.delete(id);
    throw error;
  }
  // Listed in recorded order (they were added last first, so that the first recorded is served first).
  return { rules: added.reverse(), scripts: queued, skipped: skipped.sort((a, b) => a.index - b.index) };
}

/**
 * The `replay` option: reads the cassette once and answers from it now and after every reset (`replay()` again).
 *
 * @example
 * const replay = replayOption(mock, { cassette: '/abs/chat.cassette.json', speed: 1 });
 * replay(); // after mock.replies.clear()
 * @throws ConfigError when the file is not a cassette
 */
export function replayOption(mock: MockContext, option: { cassette: string; speed: number }): () => CassetteLoad {
  const cassette = readCassetteFile(option.cassette);
  const replay = () => replayCassette(mock, cassette, { speed: option.speed });
  replay();
  return replay;
}
