/* global window */
// Telegram-like rendering of a message's text and entities (offsets in UTF-16 units, as JS strings).
'use strict';

(() => {
  const TAGS = {
    bold: ['<b>', '</b>'],
    italic: ['<i>', '</i>'],
    underline: ['<u>', '</u>'],
    strikethrough: ['<s>', '</s>'],
    spoiler: ['<span class="spoiler" tabindex="0">', '</span>'],
    code: ['<code>', '</code>'],
    pre: ['<pre><code>', '</code></pre>'],
    blockquote: ['<blockquote>', '</blockquote>'],
    expandable_blockquote: ['<blockquote class="expandable">', '</blockquote>'],
    mention: ['<span class="mention">', '</span>'],
    hashtag: ['<span class="hashtag">', '</span>'],
    cashtag: ['<span class="hashtag">', '</span>'],
    custom_emoji: ['<span class="custom-emoji">', '</span>'],
  };

  function escapeHtml(text) {
    return text.replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
    );
  }

  function safeHref(url) {
    return /^(https?|tg|mailto):/i.test(url) ? url : `http://${url}`;
  }

  function openTag(entity, text) {
    const slice = text.slice(entity.offset, entity.offset + entity.length);
    switch (entity.type) {
      case 'text_link':
        return [`<a href="${escapeHtml(safeHref(entity.url))}" target="_blank" rel="noopener">`, '</a>'];
      case 'url':
        return [`<a href="${escapeHtml(safeHref(slice))}" target="_blank" rel="noopener">`, '</a>'];
      case 'email':
        return [`<a href="mailto:${escapeHtml(slice)}">`, '</a>'];
      case 'bot_command':
        return [`<a href="#" class="command" data-command="${escapeHtml(slice)}">`, '</a>'];
      case 'text_mention':
        return [`<span class="mention" title="${escapeHtml(String(entity.user && entity.user.id))}">`, '</span>'];
      default:
        return TAGS[entity.type] || ['', ''];
    }
  }

  /** HTML for a text with entities: each run of characters wrapped in the tags of the entities covering it. */
  function renderEntities(text, entities) {
    const list = (entities || []).slice().sort((a, b) => a.offset - b.offset || b.length - a.length);
    const cuts = new Set([0, text.length]);
    for (const e of list) {
      cuts.add(e.offset);
      cuts.add(e.offset + e.length);
    }
    const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
    let html = '';
    for (let i = 0; i + 1 < points.length; i += 1) {
      const [start, end] = [points[i], points[i + 1]];
      const covering = list.filter((e) => e.offset <= start && e.offset + e.length >= end);
      const tags = covering.map((e) => openTag(e, text));
      html += tags.map((t) => t[0]).join('') + escapeHtml(text.slice(start, end));
      html += tags
        .map((t) => t[1])
        .reverse()
        .join('');
    }
    return html;
  }

  function displayName(user) {
    if (!user) return '';
    return [user.first_name, user.last_name].filter(Boolean).join(' ');
  }

  /** A line for service messages (members joining and leaving, topics, groups created). */
  function serviceText(message) {
    const who = displayName(message.from);
    if (message.new_chat_members) return `${who} added ${message.new_chat_members.map(displayName).join(', ')}`;
    if (message.left_chat_member) return `${displayName(message.left_chat_member)} left the chat`;
    if (message.group_chat_created || message.supergroup_chat_created) return `${who} created the group`;
    if (message.forum_topic_created) return `${who} created the topic “${message.forum_topic_created.name}”`;
    return undefined;
  }

  window.SandboxRender = { renderEntities, escapeHtml, displayName, serviceText };
})();
