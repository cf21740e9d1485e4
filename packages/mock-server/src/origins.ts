/**
 * The mock's own origins: where it is bound, the loopback names of that port, and a configured public URL. They — and
 * never the request's `Host` header, which any client can set — decide the accepted JWT audiences, the URLs the mock
 * advertises (`verification_uri`, fixtures, banner) and which browser origins may use the control API.
 */
export interface Origins {
  /** Called once the server listens: adds `http://<host>:<port>` and its loopback aliases. */
  bind(host: string, port: number): void;
  /** The base URL clients should use: the configured public URL, else the bound origin, else `http://localhost`. */
  publicUrl(): string;
  /** Whether a browser `Origin` header names the mock itself. */
  isOwnOrigin(origin: string): boolean;
  /** Accepted JWT `aud` values: configured audiences plus each own origin's host, with and without port. */
  audiences(): readonly string[];
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * @example
 * const origins = createOrigins({ audiences: ['api.coze.cn'], publicUrl: undefined });
 * origins.bind('127.0.0.1', 8787);
 * origins.audiences(); // ['api.coze.cn', '127.0.0.1:8787', '127.0.0.1', 'localhost:8787', 'localhost', …]
 */
export function createOrigins(input: { audiences: readonly string[]; publicUrl: string | undefined }): Origins {
  const own = new Set<string>();
  let bound: string | undefined;
  let audiences: readonly string[] = [];
  const publicOrigin = input.publicUrl ? new URL(input.publicUrl).origin : undefined;

  const recompute = () => {
    const values = new Set(input.audiences);
    for (const origin of own) {
      const url = new URL(origin);
      values.add(url.host);
      values.add(url.hostname.replace(/^\[|\]$/g, ''));
      values.add(url.hostname);
    }
    audiences = [...values];
  };
  if (publicOrigin) own.add(publicOrigin);
  recompute();

  return {
    bind(host, port) {
      const wildcard = host === '0.0.0.0' || host === '::' || host === '';
      const shown = wildcard ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      bound = `http://${shown}:${port}`;
      own.add(bound);
      for (const name of LOOPBACK_NAMES) own.add(`http://${name}:${port}`);
      recompute();
    },
    publicUrl: () => input.publicUrl ?? bound ?? 'http://localhost',
    isOwnOrigin: (origin) => own.has(origin),
    audiences: () => audiences,
  };
}
