/** What the SPA needs in the browser; the server embeds it in the page as JSON. Nothing secret: PKCE has no secret. */
export interface SpaConfig {
  /** Coze API base URL: the mock's URL, or `https://api.coze.cn` / `https://api.coze.com`. */
  cozeBaseURL: string;
  /** Client id of a Coze OAuth app of type "PKCE" (single-page app). */
  clientId: string;
  /** The SPA's own URL, exactly as registered on the OAuth app; Coze sends the browser back here with `?code`. */
  redirectUri: string;
  /** A published bot to chat with once signed in (the mock's echo bot, say); without one the page has no chat. */
  botId?: string;
}

/** The id of the `<script type="application/json">` element that carries the {@link SpaConfig}. */
export const CONFIG_ELEMENT_ID = 'spa-config';
