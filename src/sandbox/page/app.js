/* global document, window, fetch, localStorage, EventSource, setTimeout, clearTimeout */
// The sandbox chat page: state from the control API, live through Server-Sent Events.
'use strict';

(() => {
  const API = document.body.dataset.api;
  const { escapeHtml, displayName } = window.SandboxRender;
  const $ = (selector) => document.querySelector(selector);

  const state = {
    bots: new Map(),
    users: new Map(),
    chats: new Map(),
    messages: new Map(),
    me: undefined,
    open: undefined,
  };
  window.sandbox = state;

  async function api(method, path, body) {
    const response = await fetch(API + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      toast(data.error || `Error ${response.status}`);
      throw new Error(data.error);
    }
    return data;
  }

  function toast(text, alert) {
    if (alert) return window.alert(text);
    const box = $('#toast');
    box.textContent = text;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => (box.hidden = true), 4000);
  }

  // --- who am I, and my chats ---

  function myChats() {
    return [...state.chats.values()].filter((chat) =>
      chat.type === 'private'
        ? chat.userId === state.me
        : chat.members.some((m) => m.id === state.me && ['creator', 'administrator', 'member'].includes(m.status)),
    );
  }

  function chatTitle(chat) {
    if (chat.type === 'private') return (state.bots.get(chat.botId) || {}).firstName || 'Bot';
    return chat.title;
  }

  function renderIdentity() {
    const select = $('#who');
    select.innerHTML = [...state.users.values()]
      .map(
        (u) =>
          `<option value="${u.id}">${escapeHtml(displayName(u))}${u.username ? ` @${escapeHtml(u.username)}` : ''}</option>`,
      )
      .join('');
    if (state.me) select.value = String(state.me);
  }

  function renderChatList() {
    const list = $('#chat-list');
    list.innerHTML = '';
    for (const chat of myChats()) {
      const item = document.createElement('button');
      item.type = 'button';
      item.className = `chat-item${chat.key === state.open ? ' active' : ''}`;
      item.dataset.key = chat.key;
      const last = [...(state.messages.get(chat.key) || new Map()).values()].at(-1);
      const preview = last
        ? last.text || last.caption || (last.photo ? 'Photo' : last.document ? 'File' : '')
        : chat.type;
      item.innerHTML = `<strong>${escapeHtml(chatTitle(chat))}</strong><small>${escapeHtml(preview || '')}</small>`;
      item.addEventListener('click', () => openChat(chat.key));
      list.appendChild(item);
    }
  }

  function setMe(id) {
    state.me = id;
    localStorage.setItem('sandbox.me', String(id));
    renderIdentity();
    if (state.open && !myChats().some((c) => c.key === state.open)) state.open = undefined;
    renderChatList();
    window.SandboxChatView.render();
  }

  // --- live events ---

  function applyEvent(event) {
    switch (event.type) {
      case 'bot.created':
        state.bots.set(event.bot.id, event.bot);
        break;
      case 'user.created':
        state.users.set(event.user.id, event.user);
        renderIdentity();
        break;
      case 'chat.updated':
        state.chats.set(event.chatKey, event.chat);
        renderChatList();
        if (event.chatKey === state.open) window.SandboxChatView.renderFrame();
        break;
      case 'message.new':
      case 'message.edited':
        if (!state.messages.has(event.chatKey)) state.messages.set(event.chatKey, new Map());
        state.messages.get(event.chatKey).set(event.message.message_id, event.message);
        if (event.chatKey === state.open) window.SandboxChatView.upsertMessage(event.message);
        renderChatList();
        break;
      case 'message.deleted':
        if (state.messages.has(event.chatKey)) state.messages.get(event.chatKey).delete(event.messageId);
        if (event.chatKey === state.open) window.SandboxChatView.removeMessage(event.messageId);
        break;
      case 'callback.answered':
        if (event.userId === state.me && event.text) toast(event.text, event.showAlert);
        if (event.userId === state.me && event.url) window.open(event.url, '_blank');
        break;
      case 'chat.action':
        if (event.chatKey === state.open) window.SandboxChatView.showAction(event.action);
        break;
      default:
        break;
    }
  }

  function listen(after) {
    const source = new EventSource(`${API}/events/stream?after=${after}`);
    source.onmessage = (message) => applyEvent(JSON.parse(message.data));
  }

  // --- chats ---

  async function openChat(key) {
    state.open = key;
    if (!state.messages.has(key)) {
      const list = await api('GET', `/chats/${encodeURIComponent(key)}/messages`);
      state.messages.set(key, new Map(list.map((m) => [m.message_id, m])));
    }
    renderChatList();
    window.SandboxChatView.render();
  }

  async function boot() {
    const snapshot = await api('GET', '/state');
    for (const bot of snapshot.bots) state.bots.set(bot.id, bot);
    for (const user of snapshot.users) state.users.set(user.id, user);
    for (const chat of snapshot.chats) state.chats.set(chat.key, chat);
    listen(snapshot.seq);
    const saved = Number(localStorage.getItem('sandbox.me'));
    state.me = state.users.has(saved) ? saved : [...state.users.keys()][0];
    renderIdentity();
    renderChatList();
    window.SandboxChatView.render();
    $('#who').addEventListener('change', (e) => setMe(Number(e.target.value)));
    window.SandboxDialogs.wire();
    if (state.users.size === 0) window.SandboxDialogs.newUser();
  }

  window.SandboxApp = { state, api, toast, openChat, setMe, chatTitle, myChats };
  document.addEventListener('DOMContentLoaded', () => void boot());
})();
