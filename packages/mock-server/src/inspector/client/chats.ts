import type { ConversationView } from '../../control/views.js';
import type { InspectorUi } from './ui.js';

/** Conversations with their messages and each chat's status (`GET /__mock/conversations`), newest first. */
export function chatsPanel(ui: InspectorUi): void {
  const list = ui.byId('chat-list');
  const open = new Set<string>();

  ui.watch(async () => {
    const { conversations } = await ui.call<{ conversations: ConversationView[] }>('GET', '/conversations');
    const signature = JSON.stringify(conversations);
    if (list.dataset.signature === signature) return;
    list.dataset.signature = signature;
    if (!conversations.length) {
      list.replaceChildren(ui.el('li', { class: 'none' }, 'No conversation yet. Chat with a fixture bot (POST /v3/chat) and it shows up here.'));
      return;
    }
    list.replaceChildren(
      ...conversations.map((conversation) => {
        const chats = conversation.chats.map((chat) =>
          ui.el(
            'li',
            {},
            ui.el('code', {}, chat.id),
            ' ',
            ui.el('span', { class: `badge ${chat.status === 'completed' ? 'ok' : chat.status === 'failed' || chat.status === 'canceled' ? 'bad' : 'warn'}` }, chat.status),
            chat.lastError ? ` ${chat.lastError.code}: ${chat.lastError.msg}` : '',
          ),
        );
        const messages = conversation.messages.map((message) =>
          ui.el('li', { class: `message ${message.role}` }, ui.el('span', { class: 'who' }, `${message.role} · ${message.type}`), ui.el('span', { class: 'what' }, message.content)),
        );
        const card = ui.el(
          'details',
          { class: 'conversation', ...(open.has(conversation.id) ? { open: true } : {}) },
          ui.el('summary', {}, `${conversation.name || 'Conversation'} `, ui.el('code', {}, conversation.id), ` · ${conversation.messages.length} messages · ${conversation.chats.length} chats`),
          ui.el('h5', {}, 'Chats'),
          chats.length ? ui.el('ul', { class: 'chats' }, ...chats) : ui.el('p', {}, 'None.'),
          ui.el('h5', {}, 'Messages (oldest first)'),
          messages.length ? ui.el('ol', { class: 'messages' }, ...messages) : ui.el('p', {}, 'None.'),
        );
        card.addEventListener('toggle', () => ((card as HTMLDetailsElement).open ? open.add(conversation.id) : open.delete(conversation.id)));
        return ui.el('li', {}, card);
      }),
    );
  });
}
