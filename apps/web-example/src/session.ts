import { createHash, randomBytes } from 'node:crypto';
import type { OAuthToken } from '@coze/api';

/** The signed-in user as `users.me` returns it. */
export interface SignedInUser {
  user_id: string;
  user_name: string;
  nick_name: string;
}

/** A browser's session, kept on the server: the browser only holds an opaque, HttpOnly session id. */
export interface Session {
  user: SignedInUser;
  token: OAuthToken;
  /** Set by the last refresh: what the token was before, to show that it rotated. */
  rotatedFrom?: OAuthToken;
  /** The last message to the bot and how it answered (or why it failed). */
  lastChat?: { question: string; answer: string; failure?: string };
}

/**
 * A short, non-reversible name for a secret, safe to show: `sha256:` and the first 12 hex digits of its hash.
 *
 * @example
 * fingerprint('czu_abc…'); // 'sha256:3f1e0c9a7b21'
 */
export function fingerprint(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 12)}`;
}

/**
 * A random URL-safe value for session ids and OAuth `state`.
 *
 * @example
 * const state = randomId(); // 32 base64url characters
 */
export function randomId(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Sessions in memory (an example: a real app would use its own store).
 *
 * @example
 * const sessions = createSessionStore();
 * const id = sessions.create({ user, token });
 * sessions.get(id)?.user.nick_name;
 */
export function createSessionStore() {
  const sessions = new Map<string, Session>();
  return {
    create(session: Session): string {
      const id = randomId();
      sessions.set(id, session);
      return id;
    },
    get: (id: string | undefined): Session | undefined => (id ? sessions.get(id) : undefined),
    delete: (id: string | undefined): void => void (id && sessions.delete(id)),
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
