// Escaping and cutting text for Block Kit (adapters/slack/text.ts).
import { describe, expect, it } from 'vitest';
import { esc, escapedChunks, escapeWithin, truncate, unescapeSlack } from '../../adapters/slack/text.js';

describe('Slack text', () => {
  it('escapes the three control characters, so mentions and links stay text', () => {
    expect(esc('<!channel> & <https://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;https://x|y&gt;');
    // Each character alone too (plain text takes a shortcut that must not skip any of them).
    expect(['a & b', 'a < b', 'a > b'].map(esc)).toEqual(['a &amp; b', 'a &lt; b', 'a &gt; b']);
    expect(esc('VPN 断线')).toBe('VPN 断线');
  });

  it("sets people's formatting markers between zero-width spaces; a quote's > and links defused or kept", () => {
    const z = '\u200b';
    expect(esc('*加粗* ~x~ `c` a_b')).toBe(
      `${z}*${z}加粗${z}*${z} ${z}~${z}x${z}~${z} ${z}\`${z}c${z}\`${z} a_b`,
    );
    // Inside a Latin word a marker cannot format (Slack leaves `snake_case` alone), and a key or
    // a path copies as written; at a word's edge it is still set apart.
    expect(esc('provisional_priority x*y*z _a_b')).toBe(`provisional_priority x*y*z ${z}_${z}a_b`);
    expect(esc('> q\na > b')).toBe(`${z}&gt; q\na &gt; b`);
    expect(esc('see https://x.test/a_b?c=1&d=2 now_')).toBe(
      `see https://x.test/a_b?c=1&amp;d=2 now${z}_${z}`,
    );
    expect(esc('plain 中文')).toBe('plain 中文');
    expect(esc('fixed :white_check_mark: _x_')).toBe(`fixed :white_check_mark: ${z}_${z}x${z}_${z}`);
  });

  it("decodes Slack's entities once, outside its <…> tokens", () => {
    expect(unescapeSlack('R&amp;D &lt;3&gt; &amp;lt; <https://a?b=1&amp;c=2|x> <@U1>')).toBe(
      'R&D <3> &lt; <https://a?b=1&amp;c=2|x> <@U1>',
    );
  });

  it('truncates by characters: text within the limit is whole, longer text is cut', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd', 3)).toBe('ab…');
    // Four UTF-16 units but two characters: within a limit of two.
    expect(truncate('😀😀', 2)).toBe('😀😀');
  });

  it('cuts escaped text within the limit without splitting an entity or a surrogate pair', () => {
    const { text, cut } = escapeWithin(`${'a'.repeat(8)}<b>`, 12);
    expect(cut).toBe(true);
    expect(text.length).toBeLessThanOrEqual(12);
    expect(text).toBe('aaaaaaaa…'); // "&lt;" would not fit whole: dropped, not broken
    expect(escapeWithin('短文本', 10)).toEqual({ text: '短文本', cut: false });
    expect(truncate('😀😀😀', 2)).toBe('😀…');
  });

  it('splits long text into escaped chunks that each fit and together say everything', () => {
    const long = `${'<x> & '.repeat(1000)}end`;
    const chunks = escapedChunks(long, 3000);
    expect(chunks.every((c) => c.length <= 3000)).toBe(true);
    expect(chunks.join('')).toBe(esc(long));
  });
});
