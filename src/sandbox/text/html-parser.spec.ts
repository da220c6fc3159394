import { HtmlParseError, parseHtml } from './html-parser';

describe('parseHtml (Telegram HTML parse mode)', () => {
  it('decodes the four named references and numeric ones, and keeps a lone & as it is', () => {
    expect(parseHtml('&lt;a&gt; &amp; &quot;q&quot; &#33;&#x21; AT&T &nbsp;').text).toBe('<a> & "q" !! AT&T &nbsp;');
  });

  it('accepts tags in any case, with attributes quoted either way', () => {
    expect(parseHtml("<B>x</B><a href='https://a.example'>y</a>").entities).toEqual([
      { type: 'bold', offset: 0, length: 1 },
      { type: 'text_link', offset: 1, length: 1, url: 'https://a.example' },
    ]);
  });

  it('makes <pre><code class="language-x"> one pre entity, and keeps plain <code> inside <pre>', () => {
    expect(parseHtml('<pre><code class="language-python">p</code></pre>').entities).toEqual([
      { type: 'pre', offset: 0, length: 1, language: 'python' },
    ]);
    expect(parseHtml('<pre><code>p</code></pre>').entities).toEqual([
      { type: 'code', offset: 0, length: 1 },
      { type: 'pre', offset: 0, length: 1 },
    ]);
  });

  it('turns tg://user links into text mentions of known users only', () => {
    const user = { id: 42, is_bot: false, first_name: 'Ann' };
    const resolveUser = (id: number) => (id === 42 ? user : undefined);
    expect(parseHtml('<a href="tg://user?id=42">Ann</a>', { resolveUser }).entities).toEqual([
      { type: 'text_mention', offset: 0, length: 3, user },
    ]);
    expect(parseHtml('<a href="tg://user?id=7">Bob</a>', { resolveUser }).entities).toEqual([]);
  });

  it('counts offsets in UTF-16 units and error positions in UTF-8 bytes', () => {
    expect(parseHtml('👨‍👩‍👧 <i>ok</i>').entities).toEqual([{ type: 'italic', offset: 9, length: 2 }]);
    expect(() => parseHtml('Привет <x>')).toThrow(new HtmlParseError('Unsupported start tag "x" at byte offset 13'));
  });

  it('supports spoilers, custom emoji and expandable quotes, and drops empty entities', () => {
    expect(
      parseHtml('<span class="tg-spoiler">s</span><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji><b></b>')
        .entities,
    ).toEqual([
      { type: 'spoiler', offset: 0, length: 1 },
      { type: 'custom_emoji', offset: 1, length: 2, custom_emoji_id: '5368324170671202286' },
    ]);
    expect(() => parseHtml('<tg-emoji>x</tg-emoji>')).toThrow(/emoji-id/);
    expect(() => parseHtml('<blockquote open>q</blockquote>')).toThrow(
      'Expected equal sign in declaration of an attribute of the tag "blockquote" at byte offset 0',
    );
  });
});
