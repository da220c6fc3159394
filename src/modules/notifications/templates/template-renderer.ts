/** `{{ ticket.number }}`: letters, digits, `_` and dots, spaces inside the braces allowed. */
const VARIABLE = /\{\{\s*([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*)\s*\}\}/g;

// Tags Telegram's HTML parse mode knows (https://core.telegram.org/bots/api#html-style).
const TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'code',
  'pre',
  'blockquote',
]);
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Telegram counts at most this many characters of text (after entity parsing) in a message. */
export const TELEGRAM_TEXT_LIMIT = 4096;
/** Templates longer than this are refused (values still need room). */
export const TEMPLATE_MAX_LENGTH = 2000;
/** A value longer than this is cut with "…" (a long comment must not push a message over 4096). */
export const VALUE_MAX_LENGTH = 1000;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The variable names a template uses, in order of first use. */
export function referencedVariables(body: string): string[] {
  return [...new Set([...body.matchAll(VARIABLE)].map((m) => m[1]))];
}

/**
 * What is wrong with a template body (empty when nothing): variables the type does not have,
 * braces that are not a variable, and HTML Telegram would refuse.
 */
export function templateProblems(body: string, known: Record<string, string>): string[] {
  const problems: string[] = [];
  if (body.trim().length === 0) problems.push('body must not be empty');
  if (body.length > TEMPLATE_MAX_LENGTH) problems.push(`body must be at most ${TEMPLATE_MAX_LENGTH} characters`);
  const unknown = referencedVariables(body).filter((name) => !Object.prototype.hasOwnProperty.call(known, name));
  if (unknown.length > 0) {
    problems.push(
      `unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `{{${n}}}`).join(', ')}; ` +
        `known: ${Object.keys(known).join(', ')}`,
    );
  }
  const withoutVariables = body.replace(VARIABLE, '');
  if (/\{\{|\}\}/.test(withoutVariables))
    problems.push('"{{" and "}}" must enclose a variable name such as {{ticket.number}}');
  problems.push(...htmlProblems(withoutVariables));
  return problems;
}

/** Telegram HTML problems: unknown or unbalanced tags, a bare `<`, `>` or `&`. */
export function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  const token = /<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^>]*)?)>|&(#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);|[<>&]/g;
  for (const match of html.matchAll(token)) {
    const [whole, closing, rawName, attributes, entity] = match;
    if (entity !== undefined) {
      if (!entity.startsWith('#') && !(entity in ENTITIES)) {
        problems.push(`unsupported entity &${entity}; (use &lt; &gt; &amp; &quot;)`);
      }
      continue;
    }
    if (rawName === undefined) {
      problems.push(`a bare "${whole}" must be written ${escapeHtml(whole)}`);
      continue;
    }
    const name = rawName.toLowerCase();
    if (!TAGS.has(name)) {
      problems.push(`unsupported tag <${name}> (Telegram knows ${[...TAGS].join(', ')})`);
      continue;
    }
    if (closing) {
      const last = open.pop();
      if (last !== name) problems.push(`</${name}> closes ${last ? `<${last}>` : 'nothing'}`);
      continue;
    }
    if (name === 'a' && !/^\s+href="[^"]+"\s*$/.test(attributes)) problems.push('<a> needs exactly href="…"');
    if (name === 'span' && !/^\s+class="tg-spoiler"\s*$/.test(attributes)) {
      problems.push('<span> is only <span class="tg-spoiler">');
    }
    open.push(name);
  }
  for (const name of open.reverse()) problems.push(`<${name}> is never closed`);
  return problems;
}

/** The template with each variable replaced by its value, escaped for Telegram HTML. */
export function renderTemplate(body: string, values: Record<string, string | null | undefined>): string {
  return body.replace(VARIABLE, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined || value === null || value === '') return '—';
    const cut = value.length > VALUE_MAX_LENGTH ? `${value.slice(0, VALUE_MAX_LENGTH - 1)}…` : value;
    return escapeHtml(cut);
  });
}

/** What Telegram counts: the text once tags are dropped and entities decoded. */
export function telegramTextLength(html: string): number {
  return html.replace(/<[^>]*>/g, '').replace(/&(#\d+|#x[0-9A-Fa-f]+|lt|gt|amp|quot);/g, 'x').length;
}
