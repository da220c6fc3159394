import { splitTelegramHtml } from './split-html';

const visible = (html: string): string =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('splitTelegramHtml', () => {
  it('keeps a short message whole', () => {
    expect(splitTelegramHtml('<b>Hello</b> world')).toEqual(['<b>Hello</b> world']);
  });

  it('cuts 10,000 characters of paragraphs into 3 messages at paragraph breaks', () => {
    const paragraph = 'word '.repeat(199) + 'end.'; // 999 characters
    const html = Array.from({ length: 10 }, () => paragraph).join('\n\n');
    const parts = splitTelegramHtml(html);
    expect(parts).toHaveLength(3);
    for (const part of parts) {
      expect(visible(part).length).toBeLessThanOrEqual(4096);
      expect(part.endsWith('end.')).toBe(true);
    }
    expect(parts.join('\n\n')).toBe(html);
  });

  it('falls back to line, then word boundaries', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i} ` + 'x'.repeat(90)).join('\n');
    for (const part of splitTelegramHtml(lines, 1000)) {
      expect(visible(part).length).toBeLessThanOrEqual(1000);
      expect(part).toMatch(/x$/);
    }
    const words = 'lorem ipsum '.repeat(500);
    for (const part of splitTelegramHtml(words, 1000)) {
      expect(part).toMatch(/^(lorem|ipsum)/);
      expect(part).toMatch(/(lorem|ipsum)$/);
    }
  });

  it('never cuts inside a tag or an entity, and counts an entity as one character', () => {
    const html = 'a &amp; <a href="https://example.com/x">b</a> '.repeat(400);
    const parts = splitTelegramHtml(html, 300);
    for (const part of parts) {
      expect(visible(part).length).toBeLessThanOrEqual(300);
      expect(part).not.toMatch(/&[a-z]*$|<[^>]*$/);
      expect((part.match(/<a /g) ?? []).length).toBe((part.match(/<\/a>/g) ?? []).length);
    }
    expect(parts.map(visible).join(' ').replace(/\s+/g, ' ').trim()).toBe(visible(html).replace(/\s+/g, ' ').trim());
  });

  it('closes tags at a cut and reopens them in the next part', () => {
    const html = `<b>${'bold words '.repeat(100)}</b>`;
    const parts = splitTelegramHtml(html, 500);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.startsWith('<b>')).toBe(true);
      expect(part.endsWith('</b>')).toBe(true);
    }
  });

  it('cuts a single huge word hard, but not inside a surrogate pair', () => {
    const html = '😀'.repeat(3000); // 6000 UTF-16 units
    const parts = splitTelegramHtml(html);
    expect(parts.length).toBe(2);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.join('')).toBe(html);
  });
});
