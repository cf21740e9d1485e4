import type * as z from 'zod';
import type { faultBody } from '../control/schemas.js';
import type { ReplyBook, ReplyRule } from './index.js';

/**
 * `POST /__mock/faults`, the shorthand it always was, kept on top of scripted replies: a fault is a body-less error
 * reply (so a Coze-shaped error) for the next `count` requests under `pathPrefix`.
 */

/** A planned failure as `/__mock/faults` shows it. */
export interface FaultRule {
  id: number;
  pathPrefix: string;
  method?: string;
  status: 429 | 500 | 503;
  remaining: number;
  delayMs: number;
}

const viewOf = (rule: ReplyRule): FaultRule => ({
  id: Number(rule.id.replace(/^reply_/, '')),
  pathPrefix: rule.match.pathPrefix ?? '/',
  ...(rule.match.method ? { method: rule.match.method } : {}),
  status: rule.reply?.status as FaultRule['status'],
  remaining: rule.remaining ?? 0,
  delayMs: rule.delayMs,
});

/**
 * @example
 * addFault(mock.replies, { pathPrefix: '/api/permission/oauth2/token', status: 503, count: 2 });
 */
export function addFault(book: ReplyBook, input: z.output<typeof faultBody>): FaultRule {
  const rule = book.add(
    {
      match: { pathPrefix: input.pathPrefix ?? '/', ...(input.method ? { method: input.method.toUpperCase() } : {}) },
      reply: { status: input.status },
      times: input.count ?? 1,
      delayMs: input.delayMs ?? 0,
    },
    'faults',
  );
  return viewOf(rule);
}

export const listFaults = (book: ReplyBook): FaultRule[] => book.list('faults').map(viewOf);
