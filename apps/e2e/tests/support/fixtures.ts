import { test as base } from '@coze-mock/testing/playwright';
import type { PublicFixtures } from '@coze-mock/server';
import { bundleSpa, createSpaRequestListener } from '@coze-mock/spa-example';
import { createWebAppListener } from '@coze-mock/web-example';
import { listenOnLoopback, type LoopbackServer } from './loopback-server.js';
import { createStaticSite, type StaticSite } from './static-site.js';

/** Names of the apps the e2e suite adds to the mock through `config.apps`. */
export const APP_NAMES = {
  /** A web app whose redirect URI is the test's own callback site. */
  client: 'E2E Client',
  /** An app whose name tries to inject markup; the pages must show it as text. */
  hostile: '<script>window.__pwned = "name"</script><img src="x" onerror="window.__pwned = \'img\'">',
  web: 'Web example',
  spa: 'SPA example',
} as const;

/** Finds an app the config added, by name. */
export function appNamed(fixtures: PublicFixtures, name: string) {
  const app = fixtures.allApps.find((candidate) => candidate.name === name);
  if (!app) throw new Error(`no app named ${name}`);
  return app;
}

/** The mock's echo bot, which the examples chat with once signed in. */
export function echoBotId(fixtures: PublicFixtures): string {
  const bot = fixtures.bots.find((candidate) => candidate.behaviour === 'echo' && candidate.published);
  if (!bot) throw new Error('the mock has no published echo bot');
  return bot.id;
}

/** A loopback site with pages the test controls; `requests` is emptied before each test. */
export interface Site extends StaticSite {
  origin: string;
}

interface WorkerFixtures {
  clientServer: LoopbackServer;
  webServer: LoopbackServer;
  spaServer: LoopbackServer;
  clientSiteForWorker: Site;
  otherSiteForWorker: StaticSite & { server: LoopbackServer };
  webExample: { url: string };
  spaExample: { url: string };
}

interface TestFixtures {
  /** The client app's site on 127.0.0.1 (its `/callback` is registered on the "E2E Client" app). */
  clientSite: Site;
  /** Another origin: `sameSite` is 127.0.0.1 on another port, `crossSite` is `localhost` on that port. */
  otherSite: StaticSite & { sameSite: string; crossSite: string };
}

// Playwright reads a fixture's dependencies from its first parameter, which must be a destructuring pattern.
// eslint-disable-next-line no-empty-pattern
async function loopbackServerFixture({}, use: (server: LoopbackServer) => Promise<void>) {
  const server = await listenOnLoopback();
  await use(server);
  await server.close();
}

/**
 * The e2e suite's `test`: the project's own Playwright fixture (`cozeMock`), with the mock configured to know the
 * suite's client site, the web example and the SPA (each on a free port), plus those apps running against it.
 */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  clientServer: [loopbackServerFixture, { scope: 'worker' }],
  webServer: [loopbackServerFixture, { scope: 'worker' }],
  spaServer: [loopbackServerFixture, { scope: 'worker' }],
  cozeMockOptions: [
    async ({ clientServer, webServer, spaServer }, use) => {
      await use({
        config: {
          apps: [
            { type: 'web', name: APP_NAMES.client, redirectUris: [`${clientServer.origin}/callback`] },
            { type: 'web', name: APP_NAMES.hostile, redirectUris: [`${clientServer.origin}/callback`] },
            { type: 'web', name: APP_NAMES.web, redirectUris: [`${webServer.origin}/callback`] },
            { type: 'pkce', name: APP_NAMES.spa, redirectUris: [`${spaServer.origin}/`] },
          ],
        },
      });
    },
    { scope: 'worker' },
  ],
  clientSiteForWorker: [
    async ({ clientServer }, use) => {
      const site = createStaticSite();
      clientServer.handle(site.listener);
      await use({ ...site, origin: clientServer.origin });
    },
    { scope: 'worker' },
  ],
  otherSiteForWorker: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await listenOnLoopback();
      const site = createStaticSite();
      server.handle(site.listener);
      await use({ ...site, server });
      await server.close();
    },
    { scope: 'worker' },
  ],
  clientSite: async ({ clientSiteForWorker }, use) => {
    clientSiteForWorker.requests.length = 0;
    await use(clientSiteForWorker);
  },
  otherSite: async ({ otherSiteForWorker }, use) => {
    otherSiteForWorker.requests.length = 0;
    const { port } = otherSiteForWorker.server;
    await use({ ...otherSiteForWorker, sameSite: `http://127.0.0.1:${port}`, crossSite: `http://localhost:${port}` });
  },
  webExample: [
    async ({ cozeMock, webServer }, use) => {
      const app = appNamed(cozeMock.fixtures, APP_NAMES.web);
      webServer.handle(
        createWebAppListener({
          cozeBaseURL: cozeMock.url,
          clientId: app.clientId,
          clientSecret: app.clientSecrets[0] as string,
          redirectUri: `${webServer.origin}/callback`,
          botId: echoBotId(cozeMock.fixtures),
        }),
      );
      await use({ url: `${webServer.origin}/` });
    },
    { scope: 'worker' },
  ],
  spaExample: [
    async ({ cozeMock, spaServer }, use) => {
      const app = appNamed(cozeMock.fixtures, APP_NAMES.spa);
      const config = { cozeBaseURL: cozeMock.url, clientId: app.clientId, redirectUri: `${spaServer.origin}/`, botId: echoBotId(cozeMock.fixtures) };
      spaServer.handle(createSpaRequestListener(config, await bundleSpa()));
      await use({ url: `${spaServer.origin}/` });
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@coze-mock/testing/playwright';
