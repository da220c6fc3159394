import {
  htmlProblems,
  referencedVariables,
  renderTemplate,
  telegramTextLength,
  templateProblems,
} from './template-renderer';

describe('notification templates', () => {
  const known = { 'ticket.number': 'T-1', 'ticket.subject': 'x' };

  it('renders variables with their values escaped, and a dash for a missing one', () => {
    expect(
      renderTemplate('<b>{{ticket.number}}</b> {{ ticket.subject }} {{customer.name}}', {
        'ticket.number': 'T-1',
        'ticket.subject': 'A <b>bold</b> & "quoted" claim',
        'customer.name': null,
      }),
    ).toBe('<b>T-1</b> A &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; claim —');
  });

  it('cuts a very long value', () => {
    const rendered = renderTemplate('{{a}}', { a: 'y'.repeat(5000) });
    expect(rendered).toHaveLength(1000);
    expect(rendered.endsWith('…')).toBe(true);
  });

  it('lists the variables a template uses', () => {
    expect(referencedVariables('{{a.b}} {{ c }} {{a.b}}')).toEqual(['a.b', 'c']);
  });

  it('refuses unknown variables, naming them and the known ones', () => {
    expect(templateProblems('Ticket {{ticket.number}} for {{ticket.owner}}', known)).toEqual([
      'unknown variable {{ticket.owner}}; known: ticket.number, ticket.subject',
    ]);
  });

  it('refuses stray braces and HTML that Telegram would refuse', () => {
    expect(templateProblems('{{ ticket number }}', known)).toContain(
      '"{{" and "}}" must enclose a variable name such as {{ticket.number}}',
    );
    expect(htmlProblems('<b>bold<i>both</b></i>')).toEqual(['</b> closes <i>', '</i> closes <b>']);
    expect(htmlProblems('<br> Q&A <b>x')).toEqual([
      'unsupported tag <br> (Telegram knows b, strong, i, em, u, ins, s, strike, del, span, tg-spoiler, a, code, pre, blockquote)',
      'a bare "&" must be written &amp;',
      '<b> is never closed',
    ]);
    expect(htmlProblems('<a href="https://x.test/?a=1&amp;b=2">link</a> &lt;ok&gt; &#128512;')).toEqual([]);
    expect(htmlProblems('<a title="x">y</a>')).toEqual(['<a> needs exactly href="…"']);
  });

  it('counts text the way Telegram does', () => {
    expect(telegramTextLength('<b>ab</b> &amp; <i>c</i>')).toBe(6);
  });
});
