import type { ChatStatus } from '../resources/chat/record.js';

/**
 * What the control API's inspection verbs answer (token-routes.ts, inspect-routes.ts), as types only: the verb table
 * (verbs.ts) names them as replies without importing the handlers.
 */

export type TokenKind = 'access_token' | 'refresh_token' | 'pat';
/** `gone`: not held any more and not revoked: it expired long enough ago to be swept. */
export type TokenState = 'live' | 'expired' | 'rotated' | 'revoked' | 'gone';

/** A family member: which token, what kind, where it stands. */
export interface FamilyMember {
  fingerprint: string;
  kind: TokenKind;
  state: TokenState;
  /** Unix seconds. */
  expiresAt?: number;
  revokedBecause?: string;
}

/** What a token stands for, on the mock's clock. */
export interface TokenSummary extends FamilyMember {
  /** The grant that issued it (`authorization_code`, `refresh_token`, `device_code`, `jwt_bearer`); none for a PAT. */
  grant?: string;
  clientId?: string;
  userId: string;
  workspaceId?: string;
  permissions: string[];
  /** Unix seconds. */
  issuedAt?: number;
  sessionName?: string;
}

/** A token and, for user tokens, every member of its refresh family (issue order). */
export interface TokenDetail extends TokenSummary {
  family?: FamilyMember[];
}

/** A device authorization as the control API lists it (never the device code: that is the device's credential). */
export interface DeviceCodeView {
  /** As shown to the person: `WDJB-MJHT`. */
  userCode: string;
  clientId: string;
  appName: string | undefined;
  status: 'pending' | 'approved' | 'denied' | 'consumed';
  workspaceId?: string;
  /** Unix seconds. */
  expiresAt: number;
}

/** A conversation as the inspector shows it: the newest messages (content cut to 500 characters) and its chats. */
export interface ConversationView {
  id: string;
  botId: string;
  creatorId: string;
  name: string;
  /** Unix seconds. */
  createdAt: number;
  messages: { id: string; role: string; type: string; content: string; chatId: string; createdAt: number }[];
  chats: { id: string; botId: string; status: ChatStatus; createdAt: number; lastError?: { code: number; msg: string } }[];
}
