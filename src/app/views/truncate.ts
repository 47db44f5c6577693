// One rule for cutting people's text to a size, for the views and both chat renderers.

const ELLIPSIS = '…';

/** Cuts to at most `max` characters (code points kept whole), marking the cut with "…". */
export function truncate(text: string, max: number): string {
  // A string has at least as many UTF-16 units as characters: short enough either way, it is
  // returned without splitting it into characters (every card field comes through here).
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join('') + ELLIPSIS;
}
