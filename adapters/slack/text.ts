// Text for Block Kit: escaping people's words and keeping within Slack's size limits.
// Everything a person typed (titles, descriptions, reasons, work-log lines, names) goes through
// `esc` before it reaches a mrkdwn field, so nobody can post `<!channel>` or a disguised link.

import { truncate } from '../../src/app/views/truncate.js';
import type { Locale } from '../../src/core/config.js';
import { labelled } from '../../src/i18n/index.js';

export { truncate };

const NEEDS_ESCAPE = /[&<>*_~`]/;
/** A link or an emoji code as written (kept whole: Slack links it, shows the emoji), or one
 *  character that needs escaping. */
const ESCAPES = /https?:\/\/[^\s<>]+|:[a-z0-9_+'-]+:|[&<>*_~`]/g;
const ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
/** Zero-width space: invisible, and no formatting marker can open or close next to it. */
const ZWSP = '\u200b';

/**
 * People's words as mrkdwn (and message `text`) that shows exactly them, in one pass:
 *  - Slack's three control characters become entities, so nobody can post `<!channel>`, a
 *    mention or a disguised link;
 *  - the formatting markers `*` `_` `~` `` ` `` are set between zero-width spaces (but for one
 *    between two Latin letters or digits, as in `snake_case`, which cannot format). Slack has no
 *    backslash escape; it formats only where a marker opens after a boundary and closes before
 *    one, with text against it on the inner side. A marker with a zero-width space on both
 *    sides can do neither (whether Slack reads that space as a boundary or as a letter), so
 *    `*加粗*`, `~strike~` and `` `code` `` stay as typed, and a title's own asterisks cannot end
 *    the bold we put around it. The text reads and copies the same (the space is invisible);
 *  - a line starting with `>` would be a quote: a zero-width space goes before it;
 *  - a link (http/https) is kept as written but for its `&`, and an emoji code (`:thumbs_up:`,
 *    as Slack sends emoji people typed) whole: markers inside them stay, so Slack still links
 *    all of the link and shows the emoji.
 * Our own labels go through here too; none of them carries markup (blocks add the bold).
 */
export function esc(text: string): string {
  // Most card text has nothing to escape: one scan, the same string back.
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPES, (m: string, at: number) => {
    if (m.length > 1) return m.replaceAll('&', '&amp;');
    if (m === '>' && (at === 0 || text.charAt(at - 1) === '\n')) return `${ZWSP}&gt;`;
    const entity = ENTITY[m];
    if (entity) return entity;
    return insideWord(text, at) ? m : `${ZWSP}${m}${ZWSP}`;
  });
}

const LATIN_WORD = /[A-Za-z0-9]/;

/** A marker between two Latin letters or digits (`provisional_priority`, `a*b`) can neither
 *  open nor close formatting, and a key or a path must copy as written: left as is. */
function insideWord(text: string, at: number): boolean {
  return LATIN_WORD.test(text.charAt(at - 1)) && LATIN_WORD.test(text.charAt(at + 1));
}

/**
 * What a person typed, as Slack sent it, decoded: Slack encodes `&`, `<` and `>` as `&amp;`,
 * `&lt;` and `&gt;` in message, mention, slash command and shortcut text (and nothing else), so
 * that its own `<…>` tokens (mentions, channels, links) stand out. Those tokens are kept exactly
 * as sent (a link's `&amp;` included); only the text between them is decoded, in one pass, so
 * `&amp;lt;` becomes `&lt;` and not `<`. Done once, at the edge (edge.ts); `esc` encodes again
 * on the way out, so decoded text can never become a mention.
 */
export function unescapeSlack(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/(<[^<>]*>)|&(lt|gt|amp);/g, (_, token: string | undefined, name: string) =>
    token !== undefined ? token : name === 'lt' ? '<' : name === 'gt' ? '>' : '&',
  );
}

/** Block Kit limits (https://api.slack.com/reference/block-kit) we design against. */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  sectionFieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  buttonText: 75,
  optionText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  optionsPerSelect: 100,
  elementsPerActions: 25,
  elementsPerContext: 10,
  inputMaxLength: 3000,
  placeholder: 150,
  messageText: 4000,
} as const;

const ELLIPSIS = '…';

/**
 * Escapes, then cuts so the *escaped* text fits `max` (escaping makes text longer). Never cuts
 * inside an entity such as `&amp;`.
 */
export function escapeWithin(text: string, max: number): { text: string; cut: boolean } {
  const escaped = esc(text);
  if (escaped.length <= max) return { text: escaped, cut: false };
  let cut = escaped.slice(0, max - 1);
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  // Do not leave half of a surrogate pair behind.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return { text: cut + ELLIPSIS, cut: true };
}

/** Splits text into pieces of at most `size` characters after escaping (for long text in views). */
export function escapedChunks(text: string, size: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    let take = Math.min(rest.length, size);
    while (take > 1 && esc(rest.slice(0, take)).length > size) take = Math.floor(take * 0.9);
    if (/[\ud800-\udbff]$/.test(rest.slice(0, take))) take -= 1;
    chunks.push(esc(rest.slice(0, take)));
    rest = rest.slice(take);
  }
  return chunks;
}

/** Plain-text objects are not parsed for mentions or links; they only need the length limit. */
export const plain = (text: string, max: number = LIMITS.sectionText) => ({
  type: 'plain_text' as const,
  text: truncate(text.trim() === '' ? '-' : text, max),
  emoji: true,
});

/** A bold label before its value, with the language's own separator: `*Response*: ` /
 *  `*响应时限*：` (src/i18n `format.label`). */
export const boldLabel = (locale: Locale, label: string): string => labelled(locale, `*${esc(label)}*`);

/** mrkdwn we compose ourselves: callers escape every part that came from people. */
export const mrkdwn = (text: string) => ({
  type: 'mrkdwn' as const,
  text: truncate(text, LIMITS.sectionText),
});
