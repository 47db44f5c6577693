// Text for Teams: keeping people's words from being read as markup, and within Teams' limits.
// In Adaptive Cards everything people typed goes into RichTextBlock/TextRun, which Teams never
// parses as markdown. Message text (notifications) is markdown in Teams, so there every piece of
// user text goes through `escapeMarkdown`; mentions are the only markup we write ourselves.

import { truncate } from '../../src/app/views/truncate.js';
import { wallTime, wallToInstant } from '../../src/core/calendar.js';

export { truncate };

/** Limits we design against (Teams: a message, text plus attachments, stays under ~28 KB). */
export const LIMITS = {
  /** A message's JSON, text and card together. */
  messageBytes: 28_000,
  /** What a card may take; the rest of the message (text, mentions, envelope) fits in what is left. */
  cardBytes: 24_000,
  /** Refresh on view: Teams refreshes automatically for at most 60 listed users. */
  refreshUserIds: 60,
  /** Description shown on a card (it is kept whole in the incident). */
  cardDescription: 1200,
  /** A notification's text. */
  messageText: 4000,
  /** Title of a dialog (task module). */
  dialogTitle: 60,
  /** Lines in a list card (my incidents, queue). */
  listItems: 20,
} as const;

/** Bytes of a JSON value as sent on the wire (UTF-8). */
export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * Escapes text for a Teams message in markdown format: HTML's three characters become entities
 * (no `<at>`, `<a>` or other tags of our users' making), markdown's inline markers get a
 * backslash, and a line that would start a heading, list or quote is defused.
 */
export function escapeMarkdown(text: string): string {
  const linkable = text.includes('](');
  return (
    text
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      // Only what Teams renders in a message: emphasis, code, links, and at a line's start headings
      // and list markers: "Hello\!" is not what anyone wrote. Brackets only where a link could
      // form ("](", Teams trial 2026-12-07): "[KB-PRN-1]" or "[week|month]" keep no stray "\".
      .replace(/[\\`*_~]/g, (c) => `\\${c}`)
      .replace(/[[\]]/g, (c) => (linkable ? `\\${c}` : c))
      .replace(/^(\s*)(#{1,6}|[-+=]|\d+\.)(?=\s|$)/gm, (_m, space: string, marker: string) =>
        marker.endsWith('.') ? `${space}${marker.slice(0, -1)}\\.` : `${space}\\${marker}`,
      )
  );
}

/** Plain text from a Teams message: `<at>` mentions of the bot removed, tags and entities undone. */
export function plainFromHtml(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// ---- date and time in a time zone --------------------------------------------------------------

/**
 * `2026-06-08` + `14:30` read as wall-clock time in `timeZone` → the instant (ISO string), or
 * null when either part is missing or malformed. Input.Date and Input.Time carry no zone.
 */
export function zonedIso(date: string, time: string, timeZone: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(time.trim());
  if (!d || !t) return null;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  if (Number.isNaN(wall)) return null;
  // The calendar's conversion: daylight-saving gaps and repeats resolved the same way everywhere.
  return new Date(wallToInstant(wall, timeZone)).toISOString();
}

/** The instant as Input.Date / Input.Time values in `timeZone`. */
export function zonedParts(instant: Date, timeZone: string): { date: string; time: string } {
  const iso = new Date(wallTime(instant.getTime(), timeZone)).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}
