// Telegram's limit: 1-4096 characters of message text after entity parsing (tags do not count,
// an entity such as &amp; counts as one character).
export const TELEGRAM_TEXT_LIMIT = 4096;

type TagToken = { kind: 'open' | 'close'; raw: string; name: string };
type Token = TagToken | { kind: 'text'; raw: string; visible: number };

const TOKEN = /<\/?([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^>]*)?>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[\s\S]/g;

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  for (const match of html.matchAll(TOKEN)) {
    const raw = match[0];
    if (match[1]) {
      tokens.push(
        raw.startsWith('</')
          ? { kind: 'close', raw, name: match[1].toLowerCase() }
          : { kind: 'open', raw, name: match[1].toLowerCase() },
      );
    } else {
      // A lone surrogate half of an astral character counts as one UTF-16 unit, as in Telegram.
      tokens.push({ kind: 'text', raw, visible: raw.startsWith('&') ? 1 : raw.length });
    }
  }
  return tokens;
}

/** How good a place to cut after this token is: paragraph > line > word > anywhere. */
function breakRank(tokens: Token[], i: number): number {
  const t = tokens[i];
  if (t.kind !== 'text') return 0;
  if (t.raw === '\n') return tokens[i - 1]?.raw === '\n' ? 3 : 2;
  if (t.raw === ' ') return 1;
  return 0;
}

function isHighSurrogate(raw: string): boolean {
  const code = raw.charCodeAt(0);
  return raw.length === 1 && code >= 0xd800 && code <= 0xdbff;
}

/**
 * Splits Telegram HTML into messages of at most `limit` visible characters, cutting at a
 * paragraph, else a line, else a word boundary (a hard cut only inside one huge word), never
 * inside a tag or an entity. Tags open at a cut are closed there and reopened in the next part.
 */
export function splitTelegramHtml(html: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const tokens = tokenize(html);
  const parts: string[] = [];
  let start = 0;
  let reopen: TagToken[] = [];
  while (start < tokens.length) {
    // Find the furthest token that fits, and the best place to cut before it.
    let visible = 0;
    let end = start;
    let best = -1;
    let bestRank = -1;
    const stack = [...reopen];
    for (; end < tokens.length; end++) {
      const t = tokens[end];
      if (t.kind === 'text') {
        if (visible + t.visible > limit) break;
        visible += t.visible;
        const rank = breakRank(tokens, end);
        if (rank >= bestRank && !isHighSurrogate(t.raw)) {
          best = end;
          bestRank = rank;
        }
      }
    }
    let cut = end >= tokens.length ? tokens.length - 1 : best;
    if (cut < start) cut = Math.max(start, end - 1);
    // Keep closing tags that directly follow the cut in this part.
    while (cut + 1 < tokens.length && tokens[cut + 1].kind === 'close') cut++;

    let body = reopen.map((t) => t.raw).join('');
    for (let i = start; i <= cut; i++) {
      const t = tokens[i];
      body += t.raw;
      if (t.kind === 'open') stack.push(t);
      if (t.kind === 'close') {
        const at = stack.map((s) => s.name).lastIndexOf(t.name);
        if (at >= 0) stack.splice(at, 1);
      }
    }
    body += [...stack]
      .reverse()
      .map((t) => `</${t.name}>`)
      .join('');
    const trimmed = body.replace(/^\s+|\s+$/g, '');
    if (trimmed.replace(/<[^>]*>/g, '').trim() !== '') parts.push(trimmed);
    reopen = stack;
    start = cut + 1;
  }
  return parts;
}
