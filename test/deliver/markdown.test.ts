import { escapeChatText, toChatText } from '../../shared/deliver';

describe('escapeChatText', () => {
  it.each([
    { case: 'plain text', input: 'prod/payments-api: exit 137 (OutOfMemoryError)', output: 'prod/payments-api: exit 137 (OutOfMemoryError)' },
    { case: 'Slack control sequences', input: '<!channel> <@U1> <#C1|x>', output: '&lt;!channel&gt; &lt;＠U1&gt; &lt;#C1|x&gt;' },
    { case: 'an entity, escaped once', input: '&lt;!here&gt; & more', output: '&amp;lt;!here&amp;gt; &amp; more' },
    { case: 'a mention at a word start', input: '@here (@channel) x,@everyone', output: '＠here (＠channel) x,＠everyone' },
    { case: 'an email address', input: 'jane.doe+ops@example.com', output: 'jane.doe+ops@example.com' },
    { case: 'a Markdown link', input: '[docs](https://evil.example)', output: '[docs] (https[:]//evil.example)' },
    { case: 'an image', input: '![x](y)', output: '![x] (y)' },
    { case: 'a bare URL', input: 'https://evil.example/a', output: 'https[:]//evil.example/a' },
    { case: 'emphasis', input: '*b* _i_ ~s~', output: '∗b∗ ＿i＿ ∼s∼' },
    { case: 'underscores inside a word', input: 'SERVICE_DEPLOYMENT_FAILED my_task_role', output: 'SERVICE_DEPLOYMENT_FAILED my_task_role' },
    { case: 'a code fence', input: '```sh\nrm -rf /\n```', output: 'ˋˋˋsh rm -rf / ˋˋˋ' },
    { case: 'a heading', input: '# Title', output: '\u2060# Title' },
    { case: 'a list item', input: '- item', output: '\u2060- item' },
    { case: 'an ordered item', input: '2) item', output: '\u20602) item' },
    { case: 'a quote', input: '> quoted', output: '\u2060&gt; quoted' },
    { case: 'a quote after a newline', input: 'a\n> quoted', output: 'a &gt; quoted' },
    { case: 'bidi and zero-width characters', input: 'a\u202Eb\u200Bc\u2066d', output: 'a b c d' },
    { case: 'emoji', input: 'ok ✅ 👩‍👩‍👧', output: 'ok ✅ 👩‍👩‍👧' },
  ])('$case', ({ input, output }) => {
    expect(escapeChatText(input)).toBe(output);
  });
});

describe('toChatText', () => {
  it.each([
    { case: 'fits', input: 'a & b', max: 20, output: 'a &amp; b' },
    { case: 'cut before escaping, never inside an entity', input: `${'&'.repeat(10)}`, max: 12, output: '&amp;&amp;…' },
    { case: 'never inside an emoji', input: `ab${'👩‍👩‍👧'.repeat(3)}`, max: 12, output: 'ab👩‍👩‍👧…' },
    { case: 'a guarded block marker counts', input: `# ${'x'.repeat(20)}`, max: 10, output: '\u2060# xxxxxx…' },
  ])('$case', ({ input, max, output }) => {
    const text = toChatText(input, max);
    expect(text).toBe(output);
    expect(text.length).toBeLessThanOrEqual(max);
  });
});
