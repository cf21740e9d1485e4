import { Hono, type Context } from 'hono';
import * as z from 'zod';
import { authorize } from '../auth/index.js';
import type { Caller, MockContext, MockEnv } from '../context.js';
import { openApiErrors } from '../errors.js';
import type { Bot, Workspace } from '../fixtures/types.js';
import { ENDPOINTS } from '../endpoints.js';
import { openApiReply } from '../http.js';
import { filterWorkspaces, workspaceFilterSchema } from './workspace-filters.js';

/**
 * A few cheap OpenAPI calls that prove a token works (docs/contract.md#openapi.token-proof-calls): `GET /v1/users/me`,
 * `GET /v1/workspaces`, `GET /v1/bots` and `GET /v1/space/published_bots_list` (the older bots call, still the default of
 * coze-py and coze-go), behind the token checks of auth/ (4100, 4101); a workspace-scoped token sees only its workspace.
 */

const visibleWorkspaces = (mock: MockContext, caller: Caller): Workspace[] =>
  mock.fixtures.workspaces.filter((w) => !caller.workspaceIds || caller.workspaceIds.includes(w.id));

const pageSchema = (maxSize: number, defaultSize: number) =>
  z.object({
    page_num: z.coerce.number().int().min(1).max(1_000_000).default(1),
    page_size: z.coerce.number().int().min(1).max(maxSize).default(defaultSize),
  });

/** Validates the query string; the first bad field → 400 code 4000 naming it. */
export function parseQuery<S extends z.ZodType>(c: Context<MockEnv>, schema: S): z.infer<S> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) {
    const issue = result.error.issues[0];
    throw openApiErrors.invalidParameter(String(issue?.path[0] ?? 'query'), issue?.message ?? 'invalid');
  }
  return result.data;
}

/** The published bots of a workspace the caller may see (4101 for another's workspace, 4200 for an unknown one). */
function botsOfWorkspace(mock: MockContext, caller: Caller, workspaceId: string): Omit<Bot, 'workspace_id' | 'behaviour'>[] {
  const workspace = visibleWorkspaces(mock, caller).find((w) => w.id === workspaceId);
  if (!workspace) {
    if (mock.fixtures.workspaces.some((w) => w.id === workspaceId)) throw openApiErrors.permissionDenied(`workspace ${workspaceId}`);
    throw openApiErrors.notFound(`workspace ${workspaceId}`);
  }
  return mock.fixtures.bots
    .filter((b) => b.workspace_id === workspace.id && (!caller.botIds || caller.botIds.includes(b.id)))
    .map(({ workspace_id: _w, behaviour: _b, ...bot }) => bot);
}

const paginate = <T>(items: T[], page: { page_num: number; page_size: number }) =>
  items.slice((page.page_num - 1) * page.page_size, page.page_num * page.page_size);

/**
 * @example
 * app.route('/', createOpenApiRoutes(mock));
 */
export function createOpenApiRoutes(mock: MockContext) {
  return new Hono<MockEnv>()
    .get(ENDPOINTS.usersMe, (c) => {
      const caller = authorize(c, mock, 'getUserProfile');
      const user = mock.live.findUser(caller.userId);
      if (!user) throw openApiErrors.notFound('user');
      return openApiReply(c, { ...user });
    })
    .get(ENDPOINTS.workspaces, (c) => {
      const caller = authorize(c, mock, 'listWorkspace');
      // list_workspace: page_size defaults to 20 in the doc's example, at most 50.
      const query = parseQuery(c, pageSchema(50, 20).extend(workspaceFilterSchema.shape));
      const workspaces = filterWorkspaces(mock, visibleWorkspaces(mock, caller), query);
      return openApiReply(c, { workspaces: paginate(workspaces, query), total_count: workspaces.length });
    })
    .get(ENDPOINTS.bots, (c) => {
      const caller = authorize(c, mock, 'listBot');
      const query = parseQuery(c, pageSchema(100, 20).extend({ workspace_id: z.string().min(1, 'required').max(64) }));
      const bots = botsOfWorkspace(mock, caller, query.workspace_id);
      return openApiReply(c, { items: paginate(bots, query), total: bots.length });
    })
    .get(ENDPOINTS.publishedBotsList, (c) => {
      // coze-openapi.yaml GetSpacePublishedBotsList: space_id, page_index, page_size → {space_bots, total}.
      if (mock.deviations.has('no-published-bots-list')) throw openApiErrors.notFound(`${c.req.method} ${c.req.path}`);
      const caller = authorize(c, mock, 'listBot');
      const query = parseQuery(
        c,
        z.object({
          space_id: z.string().min(1, 'required').max(64),
          page_index: z.coerce.number().int().min(1).max(1_000_000).default(1),
          page_size: z.coerce.number().int().min(1).max(100).default(20),
        }),
      );
      const bots = botsOfWorkspace(mock, caller, query.space_id).filter((bot) => bot.is_published);
      const spaceBots = bots.map((bot) => ({
        bot_id: bot.id,
        bot_name: bot.name,
        description: bot.description,
        icon_url: bot.icon_url,
        publish_time: String(bot.published_at ?? bot.updated_at),
      }));
      return openApiReply(c, { space_bots: paginate(spaceBots, { page_num: query.page_index, page_size: query.page_size }), total: spaceBots.length });
    });
}
