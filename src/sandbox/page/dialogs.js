/* global document, window, FormData */
// Small forms in a <dialog>: create a user, a bot, a group; open a chat with a bot; add members.
'use strict';

(() => {
  const { escapeHtml, displayName } = window.SandboxRender;
  const $ = (selector) => document.querySelector(selector);
  const app = () => window.SandboxApp;

  /** Shows a form; `submit` gets the fields by name and returns a promise (the dialog closes when it settles). */
  function ask(title, fieldsHtml, submit) {
    const dialog = $('#dialog');
    const form = $('#dialog-form');
    form.innerHTML = `<h2>${escapeHtml(title)}</h2>${fieldsHtml}
      <menu><button value="cancel" formnovalidate>Cancel</button><button value="ok" id="dialog-ok">OK</button></menu>`;
    form.onsubmit = async (event) => {
      if (event.submitter && event.submitter.value === 'cancel') return;
      event.preventDefault();
      const fields = Object.fromEntries(new FormData(form).entries());
      try {
        await submit(fields);
        dialog.close();
      } catch {
        // The toast says what went wrong; the form stays open.
      }
    };
    dialog.showModal();
    const first = form.querySelector('input, select');
    if (first) first.focus();
  }

  const options = (items, label) =>
    items.map((i) => `<option value="${i.id}">${escapeHtml(label(i))}</option>`).join('');
  const optional = (value) => (value === '' || value === undefined ? undefined : value);

  function newUser() {
    ask(
      'New user',
      `<label>First name <input name="firstName" required></label>
       <label>Last name <input name="lastName"></label>
       <label>Username <input name="username" pattern="[A-Za-z][A-Za-z0-9_]{4,31}"></label>
       <label>Language <input name="languageCode" placeholder="en" maxlength="2"></label>`,
      async (f) => {
        const user = await app().api('POST', '/users', {
          firstName: f.firstName,
          lastName: optional(f.lastName),
          username: optional(f.username),
          languageCode: optional(f.languageCode),
        });
        app().state.users.set(user.id, user);
        app().setMe(user.id);
      },
    );
  }

  function newBot() {
    ask(
      'New bot',
      `<label>Username <input name="username" required placeholder="acme_crm_bot" pattern="[A-Za-z][A-Za-z0-9_]{4,31}"></label>
       <label>Name <input name="firstName" placeholder="Acme CRM"></label>`,
      async (f) => {
        const bot = await app().api('POST', '/bots', { username: f.username, firstName: optional(f.firstName) });
        app().state.bots.set(bot.id, bot);
        app().toast(`@${bot.username} created. Token: ${bot.token}`);
      },
    );
  }

  function newChat() {
    const bots = [...app().state.bots.values()];
    if (bots.length === 0) return newBot();
    ask(
      'Chat with a bot',
      `<label>Bot <select name="botId">${options(bots, (b) => `@${b.username}`)}</select></label>`,
      async (f) => {
        const chat = await app().api('POST', '/chats/private', { userId: app().state.me, botId: Number(f.botId) });
        app().state.chats.set(chat.key, chat);
        await app().openChat(chat.key);
      },
    );
  }

  function newGroup() {
    const bots = [...app().state.bots.values()];
    ask(
      'New group',
      `<label>Title <input name="title" required></label>
       <label>Type <select name="type"><option value="group">Group</option><option value="supergroup">Supergroup</option>
         <option value="channel">Channel</option></select></label>
       <label><input type="checkbox" name="forum"> Forum with topics (supergroup)</label>
       <label>Add bot <select name="botId"><option value="">none</option>${options(bots, (b) => `@${b.username}`)}</select></label>`,
      async (f) => {
        const chat = await app().api('POST', '/chats', {
          type: f.type,
          title: f.title,
          creatorId: app().state.me,
          forum: f.forum === 'on',
        });
        app().state.chats.set(chat.key, chat);
        if (f.botId) await app().api('POST', `/chats/${encodeURIComponent(chat.key)}/bots`, { botId: Number(f.botId) });
        await app().openChat(chat.key);
      },
    );
  }

  function addBot(chat) {
    const present = new Set(chat.members.filter((m) => m.status !== 'left' && m.status !== 'kicked').map((m) => m.id));
    const bots = [...app().state.bots.values()].filter((b) => !present.has(b.id));
    if (bots.length === 0) return app().toast('Every bot is in this chat already');
    ask(
      'Add a bot',
      `<label>Bot <select name="botId">${options(bots, (b) => `@${b.username}`)}</select></label>`,
      (f) =>
        app().api('POST', `/chats/${encodeURIComponent(chat.key)}/bots`, {
          botId: Number(f.botId),
          byUserId: app().state.me,
        }),
    );
  }

  function addMember(chat) {
    const present = new Set(chat.members.filter((m) => m.status !== 'left' && m.status !== 'kicked').map((m) => m.id));
    const users = [...app().state.users.values()].filter((u) => !present.has(u.id));
    if (users.length === 0) return app().toast('Everyone is in this chat already; create another user first');
    ask('Add a member', `<label>User <select name="userId">${options(users, displayName)}</select></label>`, (f) =>
      app().api('POST', `/chats/${encodeURIComponent(chat.key)}/members`, {
        userId: Number(f.userId),
        byUserId: app().state.me,
      }),
    );
  }

  function wire() {
    $('#new-user').addEventListener('click', newUser);
    $('#new-bot').addEventListener('click', newBot);
    $('#new-chat').addEventListener('click', newChat);
    $('#new-group').addEventListener('click', newGroup);
  }

  window.SandboxDialogs = { wire, newUser, newBot, newChat, newGroup, addBot, addMember };
})();
