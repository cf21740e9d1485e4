import { writeFileSync } from 'node:fs';
import { awaitRedirect } from './live-consent.js';
import { readLiveConfig, type LiveConfig } from './live-config.js';
import { UnsupportedByTarget, type Requirement, type Target } from './target.js';

/** What the live target asks of the person running it (interactive flows only). */
export type LivePrompt =
  | { kind: 'open-url'; url: string; redirectUri: string }
  | { kind: 'enter-user-code'; verificationUri: string; userCode: string };

/** Options of {@link createLiveTarget}. */
export interface LiveTargetOptions {
  /** Shows a prompt to the person; default: prints it to stderr. Tests replace it with a scripted person. */
  prompt?: (prompt: LivePrompt) => void | Promise<void>;
  /** How long to wait for the browser to come back from the consent page. Default 180 s. */
  consentTimeoutMs?: number;
}

const printPrompt = (prompt: LivePrompt) => {
  process.stderr.write(
    prompt.kind === 'open-url'
      ? `\n[live] Open this URL in a browser, sign in and approve:\n  ${prompt.url}\n  (waiting for the redirect to ${prompt.redirectUri})\n`
      : `\n[live] Go to ${prompt.verificationUri}?user_code=${prompt.userCode} and approve the code ${prompt.userCode}\n`,
  );
};

/** Why each capability or credential is unavailable on this live configuration. */
function unmetOf(config: LiveConfig): (requirement: Requirement) => string | undefined {
  const reasons: Partial<Record<Requirement, string>> = {
    clock: 'live Coze cannot have its clock moved',
    control: 'live Coze has no control API (journal, introspection, fault injection)',
    scriptedUser: 'on live Coze only a person decides, and the checks ask them only to approve',
    bots: 'live Coze has none of coze-mock\'s fixture bots (an echo, a tool and a script bot whose answers a check can predict)',
    workflows: 'live Coze has none of coze-mock\'s fixture workflows (an echo and a question workflow)',
    ...(config.interactive ? {} : { user: 'needs a person: set COZE_LIVE_INTERACTIVE=1' }),
    ...config.missing,
  };
  if (!config.enabled) return () => 'COZE_LIVE is not 1 (live runs are opt-in)';
  return (requirement) => reasons[requirement];
}

/**
 * The `live` target: real Coze, configured only from environment variables (see `LIVE_ENV`). It cannot move the clock
 * or script a user; with `COZE_LIVE_INTERACTIVE=1` it prints authorize URLs and user codes for a person and catches the
 * redirect on the registered loopback redirect URI.
 *
 * @example
 * const target = createLiveTarget(process.env);
 * target.unmet('jwt'); // 'COZE_JWT_APP_ID is not set' when it is not
 */
export function createLiveTarget(env: Record<string, string | undefined>, options: LiveTargetOptions = {}): Target {
  const config = readLiveConfig(env);
  const prompt = options.prompt ?? printPrompt;
  const unsupported = (what: string) => Promise.reject(new UnsupportedByTarget('live', what));
  return {
    kind: 'live',
    baseURL: config.baseURL,
    credentials: config.credentials,
    unmet: unmetOf(config),
    async completeConsent(url, decision = 'approve') {
      if (decision !== 'approve') return unsupported('script a denial');
      const redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
      const waiting = awaitRedirect(redirectUri, options.consentTimeoutMs ?? 180_000);
      await waiting.listening;
      await prompt({ kind: 'open-url', url, redirectUri });
      return waiting.outcome;
    },
    async decideDevice(userCode, verificationUri, decision = 'approve') {
      if (decision !== 'approve') return unsupported('script a denial');
      await prompt({ kind: 'enter-user-code', verificationUri, userCode });
    },
    async obtainRefreshGrant() {
      const refresh = config.refresh;
      if (!refresh) return unsupported('refresh without COZE_REFRESH_TOKEN');
      return {
        clientId: refresh.clientId,
        refreshToken: refresh.token,
        ...(refresh.clientSecret ? { clientSecret: refresh.clientSecret } : {}),
        onRotated(next: string) {
          refresh.token = next;
          if (refresh.file) writeFileSync(refresh.file, `${next}\n`, { mode: 0o600 });
        },
      };
    },
    advanceClock: () => unsupported('move the clock'),
    nowSeconds: async () => Math.floor(Date.now() / 1000),
    journal: () => unsupported('read a request journal'),
    introspect: () => unsupported('introspect tokens'),
    scriptBot: () => unsupported('script a bot'),
    injectFault: () => unsupported('inject faults'),
    afterCheck: async () => {},
    close: async () => {},
  };
}
