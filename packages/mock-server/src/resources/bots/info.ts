import type { Bot } from '../../fixtures/types.js';

/** Plugin and API ids of the tool bot's one function (`lookup`), fixed like the rest of the fixtures. */
const LOOKUP_PLUGIN_ID = '7000000000000000101';
const LOOKUP_API_ID = '7000000000000000102';

const PROMPTS: Record<Bot['behaviour'], string> = {
  echo: 'Answer with the last user message, word for word.',
  tool: 'Call lookup with the question, then answer with what it returned.',
  script: 'Answer as the script of POST /__mock/bots/{bot_id}/script says.',
};

/**
 * A fixture bot's configuration (coze-openapi.yaml `BotInfo`; coze-js `BotInfo`), as `GET /v1/bots/{bot_id}` and
 * `GET /v1/bot/get_online_info` answer it. The tool bot lists its `lookup` function as a plugin.
 *
 * @example
 * botInfo(bot).plugin_info_list; // [] for the echo bot
 */
export function botInfo(bot: Bot) {
  return {
    bot_id: bot.id,
    name: bot.name,
    description: bot.description,
    icon_url: bot.icon_url,
    create_time: bot.updated_at,
    update_time: bot.updated_at,
    version: String(bot.published_at ?? bot.updated_at),
    owner_user_id: bot.owner_user_id,
    bot_mode: 0,
    default_user_input_type: 'text',
    prompt_info: { prompt: PROMPTS[bot.behaviour] },
    onboarding_info: { prologue: `Hello, I am the ${bot.name}.`, suggested_questions: [] },
    model_info: { model_id: 'coze-mock', model_name: 'coze-mock (deterministic, no model)' },
    plugin_info_list:
      bot.behaviour === 'tool'
        ? [
            {
              plugin_id: LOOKUP_PLUGIN_ID,
              name: 'Lookup',
              description: 'A function the caller runs and answers through submit_tool_outputs',
              icon_url: '',
              api_info_list: [{ api_id: LOOKUP_API_ID, name: 'lookup', description: 'Looks the query up' }],
            },
          ]
        : [],
    workflow_info_list: [],
    knowledge: { dataset_ids: [], auto_call: true, search_strategy: 0 },
    shortcut_commands: [],
    variables: [],
  };
}
