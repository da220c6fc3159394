import { MessageEntity } from '../bot-api/bot-api.types';
import { FormattedText } from './formatted-text.types';

// Telegram's HTML parse mode (https://core.telegram.org/bots/api#html-style), following TDLib's
// parse_html: only these tags, closed in order, and only four named character references.
const SUPPORTED_TAGS = new Set([
  'a',
  'b',
  'strong',
  'i',
  'em',
  's',
  'strike',
  'del',
  'u',
  'ins',
  'tg-spoiler',
  'tg-emoji',
  'span',
  'pre',
  'code',
  'blockquote',
]);

const SIMPLE_TAG_ENTITY: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  code: 'code',
  pre: 'pre',
};

const NAMED_REFERENCES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** The message text of `<b>hi</b>` etc. fails with this message (Telegram prefixes "can't parse entities: "). */
export class HtmlParseError extends Error {}

interface OpenTag {
  name: string;
  offset: number;
  attributes: Record<string, string>;
  language?: string;
}

export interface HtmlParseOptions {
  /** A `tg://user?id=N` link becomes a text_mention when the user is known. */
  resolveUser?: (id: number) => MessageEntity['user'];
}

export function parseHtml(html: string, options: HtmlParseOptions = {}): FormattedText {
  const parser = new HtmlParser(html, options);
  return parser.parse();
}

class HtmlParser {
  private text = '';
  private readonly entities: MessageEntity[] = [];
  private readonly stack: OpenTag[] = [];
  private i = 0;

  constructor(
    private readonly html: string,
    private readonly options: HtmlParseOptions,
  ) {}

  parse(): FormattedText {
    const { html } = this;
    while (this.i < html.length) {
      const char = html[this.i];
      if (char === '&') {
        this.text += this.readReference();
      } else if (char === '<') {
        if (html[this.i + 1] === '/') this.readEndTag();
        else this.readStartTag();
      } else {
        this.text += char;
        this.i += 1;
      }
    }
    const unclosed = this.stack.at(-1);
    if (unclosed) throw new HtmlParseError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
    return { text: this.text, entities: this.entities };
  }

  /** `&lt;` `&gt;` `&amp;` `&quot;` and numeric references; anything else is a literal `&`. */
  private readReference(): string {
    const { html } = this;
    const end = html.indexOf(';', this.i);
    const body = end > this.i ? html.slice(this.i + 1, end) : '';
    let decoded: string | undefined;
    if (/^#\d{1,7}$/.test(body)) decoded = fromCodePoint(Number(body.slice(1)));
    else if (/^#[xX][0-9a-fA-F]{1,6}$/.test(body)) decoded = fromCodePoint(parseInt(body.slice(2), 16));
    else decoded = NAMED_REFERENCES[body];
    if (decoded === undefined) {
      this.i += 1;
      return '&';
    }
    this.i = end + 1;
    return decoded;
  }

  private readStartTag(): void {
    const { html } = this;
    const begin = this.i;
    let j = begin + 1;
    while (j < html.length && !isSpace(html[j]) && html[j] !== '>') j += 1;
    if (j >= html.length) throw this.error('Unclosed start tag', begin);
    const name = html.slice(begin + 1, j).toLowerCase();
    if (!SUPPORTED_TAGS.has(name)) throw this.error(`Unsupported start tag "${name}"`, begin);
    this.i = j;
    const attributes: Record<string, string> = {};
    for (;;) {
      this.skipSpaces();
      if (this.i >= html.length) throw this.error('Unclosed start tag', begin);
      if (html[this.i] === '>') break;
      const nameStart = this.i;
      while (this.i < html.length && !isSpace(html[this.i]) && !'=>'.includes(html[this.i])) this.i += 1;
      const attribute = html.slice(nameStart, this.i).toLowerCase();
      if (!attribute) throw this.error(`Empty attribute name in the tag "${name}"`, begin);
      this.skipSpaces();
      if (html[this.i] !== '=') {
        if (name === 'blockquote' && attribute === 'expandable') {
          attributes.expandable = 'true';
          continue;
        }
        throw this.error(`Expected equal sign in declaration of an attribute of the tag "${name}"`, begin);
      }
      this.i += 1;
      this.skipSpaces();
      attributes[attribute] = this.readAttributeValue(name, begin);
    }
    this.i += 1;
    if (name === 'span' && attributes.class !== 'tg-spoiler') {
      throw this.error('Tag "span" must have class "tg-spoiler"', begin);
    }
    if (name === 'tg-emoji' && !/^\d+$/.test(attributes['emoji-id'] ?? '')) {
      throw this.error('Tag "tg-emoji" must have a numeric attribute "emoji-id"', begin);
    }
    this.stack.push({ name, offset: this.text.length, attributes });
  }

  private readAttributeValue(tag: string, begin: number): string {
    const { html } = this;
    if (this.i >= html.length) throw this.error('Unclosed start tag', begin);
    const quote = html[this.i];
    let value = '';
    if (quote === '"' || quote === "'") {
      this.i += 1;
      while (this.i < html.length && html[this.i] !== quote) {
        if (html[this.i] === '&') value += this.readReference();
        else value += html[this.i++];
      }
      if (this.i >= html.length) throw this.error(`Unclosed end of the attribute value of the tag "${tag}"`, begin);
      this.i += 1;
      return value;
    }
    while (this.i < html.length && !isSpace(html[this.i]) && html[this.i] !== '>') {
      if (html[this.i] === '&') value += this.readReference();
      else value += html[this.i++];
    }
    return value;
  }

  private readEndTag(): void {
    const { html } = this;
    const begin = this.i;
    let j = begin + 2;
    while (j < html.length && !isSpace(html[j]) && html[j] !== '>') j += 1;
    const name = html.slice(begin + 2, j).toLowerCase();
    while (j < html.length && isSpace(html[j])) j += 1;
    if (html[j] !== '>') throw this.error('Unclosed end tag', begin);
    const open = this.stack.pop();
    if (!open) throw this.error('Unexpected end tag', begin);
    if (open.name !== name) {
      throw this.error(`Unmatched end tag`, begin, `, expected "</${open.name}>", found "</${name}>"`);
    }
    this.i = j + 1;
    this.closeEntity(open);
  }

  private closeEntity(open: OpenTag): void {
    const offset = open.offset;
    const length = this.text.length - offset;
    if (open.name === 'code') {
      const parent = this.stack.at(-1);
      const language = /^language-(.+)$/.exec(open.attributes.class ?? '')?.[1];
      // <pre><code class="language-x"> is one pre entity with a language.
      if (parent?.name === 'pre' && language) {
        parent.language = language;
        return;
      }
    }
    const entity = this.entityFor(open, offset, length);
    if (entity && length > 0) this.entities.push(entity);
  }

  private entityFor(open: OpenTag, offset: number, length: number): MessageEntity | undefined {
    if (open.name === 'a') {
      const href = open.attributes.href ?? this.text.slice(offset);
      const userId = /^tg:\/\/user\?id=(\d+)$/.exec(href)?.[1];
      if (userId) {
        const user = this.options.resolveUser?.(Number(userId));
        return user ? { type: 'text_mention', offset, length, user } : undefined;
      }
      const url = normalizeUrl(href);
      return url ? { type: 'text_link', offset, length, url } : undefined;
    }
    if (open.name === 'blockquote') {
      return { type: open.attributes.expandable ? 'expandable_blockquote' : 'blockquote', offset, length };
    }
    if (open.name === 'tg-emoji') {
      return { type: 'custom_emoji', offset, length, custom_emoji_id: open.attributes['emoji-id'] };
    }
    if (open.name === 'pre' && open.language) return { type: 'pre', offset, length, language: open.language };
    return { type: SIMPLE_TAG_ENTITY[open.name], offset, length };
  }

  private skipSpaces(): void {
    while (this.i < this.html.length && isSpace(this.html[this.i])) this.i += 1;
  }

  private error(message: string, at: number, suffix = ''): HtmlParseError {
    return new HtmlParseError(`${message} at byte offset ${Buffer.byteLength(this.html.slice(0, at))}${suffix}`);
  }
}

/** A link target Telegram accepts: an absolute URL of a known scheme, or a bare domain (http:// is assumed). */
export function normalizeUrl(href: string): string | undefined {
  const trimmed = href.trim();
  if (/^(https?|tg|ton):\/\/\S+$/i.test(trimmed)) return trimmed;
  if (/^([a-z0-9-]+\.)+[a-z]{2,}(:\d+)?(\/\S*)?$/i.test(trimmed)) return `http://${trimmed}`;
  return undefined;
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\n' || char === '\t' || char === '\r';
}

function fromCodePoint(code: number): string | undefined {
  if (code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return String.fromCodePoint(code);
}
