/* global document, window, FileReader, setTimeout, clearTimeout */
// The open chat: messages, keyboards, command menu, composer.
'use strict';

(() => {
  const { renderEntities, escapeHtml, displayName, serviceText } = window.SandboxRender;
  const $ = (selector) => document.querySelector(selector);
  const app = () => window.SandboxApp;
  let replyTo;
  let actionTimer;

  const chat = () => app().state.chats.get(app().state.open);
  const chatPath = () => `/chats/${encodeURIComponent(app().state.open)}`;

  function render() {
    renderFrame();
    const list = $('#messages');
    list.innerHTML = '';
    const messages = app().state.messages.get(app().state.open) || new Map();
    for (const message of messages.values()) list.appendChild(messageElement(message));
    list.scrollTop = list.scrollHeight;
  }

  function renderFrame() {
    const current = chat();
    $('#chat-title').textContent = current ? app().chatTitle(current) : 'No chat open';
    $('#chat-status').textContent = current ? statusLine(current) : 'Pick a chat, or start one with a bot.';
    renderTools(current);
    renderReplyKeyboard(current);
    const empty =
      current && current.type === 'private' && (app().state.messages.get(current.key) || new Map()).size === 0;
    $('#start-button').hidden = !empty;
    $('#composer').hidden = !current || empty;
  }

  function statusLine(current) {
    if (current.type === 'private') {
      const bot = app().state.bots.get(current.botId);
      const blocked = current.members.some((m) => m.id === current.botId && m.status === 'kicked');
      return `bot @${bot ? bot.username : ''}${blocked ? ' · blocked' : ''}`;
    }
    const present = current.members.filter((m) => ['creator', 'administrator', 'member'].includes(m.status));
    return `${current.type}${current.isForum ? ' (forum)' : ''} · ${present.length} members`;
  }

  function renderTools(current) {
    const tools = $('#chat-tools');
    tools.innerHTML = '';
    if (!current) return;
    const button = (label, action) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.addEventListener('click', action);
      tools.appendChild(b);
    };
    if (current.type === 'private') {
      const blocked = current.members.some((m) => m.id === current.botId && m.status === 'kicked');
      button(blocked ? 'Unblock bot' : 'Block bot', () =>
        app().api('POST', `${chatPath()}/${blocked ? 'unblock' : 'block'}`),
      );
    } else {
      button('Add bot', () => window.SandboxDialogs.addBot(current));
      button('Add member', () => window.SandboxDialogs.addMember(current));
    }
  }

  function messageElement(message) {
    const item = document.createElement('li');
    item.dataset.messageId = message.message_id;
    const service = serviceText(message);
    if (service) {
      item.className = 'message service';
      item.textContent = service;
      return item;
    }
    const mine = message.from && message.from.id === app().state.me;
    item.className = `message ${message.from && message.from.is_bot ? 'bot' : 'user'}${mine ? ' mine' : ''}`;
    let html = '';
    if (chat() && chat().type !== 'private' && !mine)
      html += `<div class="sender">${escapeHtml(displayName(message.from))}</div>`;
    if (message.reply_to_message && !message.reply_to_message.forum_topic_created) {
      const quoted = message.reply_to_message;
      html += `<div class="quote">${escapeHtml(displayName(quoted.from))}: ${escapeHtml((quoted.text || quoted.caption || '').slice(0, 80))}</div>`;
    }
    if (message.photo) {
      const largest = message.photo[message.photo.length - 1];
      html += `<img class="photo" alt="photo" src="${document.body.dataset.api}/files/${largest.file_id}">`;
    }
    if (message.document) {
      const d = message.document;
      html += `<a class="document" download href="${document.body.dataset.api}/files/${d.file_id}">📄 ${escapeHtml(d.file_name || 'file')}</a>`;
    }
    if (message.contact)
      html += `<div class="contact">📇 ${escapeHtml(message.contact.first_name)} ${escapeHtml(message.contact.phone_number)}</div>`;
    if (message.text !== undefined) html += `<div class="text">${renderEntities(message.text, message.entities)}</div>`;
    if (message.caption !== undefined)
      html += `<div class="text">${renderEntities(message.caption, message.caption_entities)}</div>`;
    const time = new Date(message.date * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    html += `<div class="meta">${message.edit_date ? 'edited ' : ''}${time} <button type="button" class="reply" title="Reply">↩</button></div>`;
    item.innerHTML = html;
    if (message.reply_markup && message.reply_markup.inline_keyboard) item.appendChild(inlineKeyboard(message));
    item.querySelector('.reply').addEventListener('click', () => setReplyTo(message));
    for (const command of item.querySelectorAll('a.command')) {
      command.addEventListener('click', (e) => {
        e.preventDefault();
        sendText(command.dataset.command);
      });
    }
    return item;
  }

  function inlineKeyboard(message) {
    const keyboard = document.createElement('div');
    keyboard.className = 'inline-keyboard';
    for (const row of message.reply_markup.inline_keyboard) {
      const line = document.createElement('div');
      line.className = 'row';
      for (const b of row) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = b.text;
        if (b.callback_data !== undefined) {
          button.addEventListener('click', () =>
            app().api('POST', `${chatPath()}/callbacks`, {
              userId: app().state.me,
              messageId: message.message_id,
              data: b.callback_data,
            }),
          );
        } else if (b.url) {
          button.addEventListener('click', () => window.open(b.url, '_blank', 'noopener'));
          button.title = b.url;
        } else {
          button.disabled = true;
          button.title = 'Not emulated by the sandbox';
        }
        line.appendChild(button);
      }
      keyboard.appendChild(line);
    }
    return keyboard;
  }

  function upsertMessage(message) {
    const list = $('#messages');
    const existing = list.querySelector(`[data-message-id="${message.message_id}"]`);
    const element = messageElement(message);
    if (existing) existing.replaceWith(element);
    else list.appendChild(element);
    list.scrollTop = list.scrollHeight;
    renderFrame();
  }

  function removeMessage(id) {
    const existing = $('#messages').querySelector(`[data-message-id="${id}"]`);
    if (existing) existing.remove();
  }

  function showAction(action) {
    const status = $('#chat-status');
    status.textContent = action === 'typing' ? 'typing…' : `${action.replace(/_/g, ' ')}…`;
    clearTimeout(actionTimer);
    // Telegram shows a chat action for 5 seconds or until the next message.
    actionTimer = setTimeout(() => renderFrame(), 5000);
  }

  function renderReplyKeyboard(current) {
    const box = $('#reply-keyboard');
    box.innerHTML = '';
    const keyboard = current && current.replyKeyboard;
    if (!keyboard) return;
    for (const row of keyboard.keyboard) {
      const line = document.createElement('div');
      line.className = 'row';
      for (const b of row) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = b.text;
        button.addEventListener('click', () =>
          b.request_contact ? app().api('POST', `${chatPath()}/contact`, { userId: app().state.me }) : sendText(b.text),
        );
        line.appendChild(button);
      }
      box.appendChild(line);
    }
  }

  function setReplyTo(message) {
    replyTo = message;
    const banner = $('#reply-banner');
    banner.hidden = !message;
    if (message)
      banner.querySelector('span').textContent = `Reply to: ${(message.text || message.caption || '').slice(0, 60)}`;
    $('#text-input').focus();
  }

  async function sendText(text) {
    if (!text.trim()) return;
    const body = { userId: app().state.me, text, replyToMessageId: replyTo && replyTo.message_id };
    setReplyTo(undefined);
    await app().api('POST', `${chatPath()}/messages`, body);
  }

  async function sendFile(file) {
    const base64 = await new Promise((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).split(',')[1]);
      reader.readAsDataURL(file);
    });
    const kind = /^image\/(png|jpeg|gif|webp)$/.test(file.type) ? 'photos' : 'documents';
    const caption = $('#text-input').value || undefined;
    $('#text-input').value = '';
    await app().api('POST', `${chatPath()}/${kind}`, {
      userId: app().state.me,
      base64,
      fileName: file.name,
      mimeType: file.type,
      caption,
    });
  }

  async function toggleCommandMenu() {
    const menu = $('#command-menu');
    if (!menu.hidden) return void (menu.hidden = true);
    const lists = await app().api('GET', `${chatPath()}/commands?userId=${app().state.me}`);
    const several = lists.length > 1;
    const items = lists.flatMap((list) =>
      list.commands.map((c) => ({
        text: `/${c.command}${several ? `@${list.username}` : ''}`,
        description: c.description,
      })),
    );
    menu.innerHTML = items.length ? '' : '<div class="empty">No commands set for this chat</div>';
    for (const item of items) {
      const button = document.createElement('button');
      button.type = 'button';
      button.innerHTML = `<strong>${escapeHtml(item.text)}</strong> <span>${escapeHtml(item.description)}</span>`;
      button.addEventListener('click', () => {
        menu.hidden = true;
        sendText(item.text);
      });
      menu.appendChild(button);
    }
    menu.hidden = false;
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('#composer').addEventListener('submit', (e) => {
      e.preventDefault();
      const input = $('#text-input');
      const text = input.value;
      input.value = '';
      void sendText(text);
    });
    $('#start-button').addEventListener('click', () => void sendText('/start'));
    $('#menu-button').addEventListener('click', () => void toggleCommandMenu());
    $('#file-input').addEventListener('change', (e) => {
      const [file] = e.target.files;
      e.target.value = '';
      if (file) void sendFile(file);
    });
    $('#reply-banner button').addEventListener('click', () => setReplyTo(undefined));
  });

  window.SandboxChatView = { render, renderFrame, upsertMessage, removeMessage, showAction };
})();
