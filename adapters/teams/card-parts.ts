// The Adaptive Card (1.5, Universal Actions) building blocks every Teams card is made of: text runs,
// buttons and the data they carry back. Everything people typed is put in TextRuns, which Teams
// never reads as markdown.
import type { ViewAction } from '../../src/app/views/incident-view.js';
import type { CardData } from './ids.js';

export type Json = Record<string, unknown>;

export const CARD_VERSION = '1.5';
export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export interface RunStyle {
  weight?: 'Bolder' | 'Lighter';
  size?: 'Small' | 'Medium' | 'Large';
  color?: 'Attention' | 'Warning' | 'Good' | 'Accent';
  isSubtle?: boolean;
  italic?: boolean;
}

/** A run of text that is never parsed as markdown: the only way people's words reach a card. */
// Without a style or extra, no spread: `{ a, ...{} }` still builds an empty object and copies it
// (each card has dozens of these; docs/teams-speed.md, h/teams7). Key order is unchanged.
export const run = (text: string, style?: RunStyle): Json =>
  style === undefined ? { type: 'TextRun', text } : { type: 'TextRun', text, ...style };

export const rich = (inlines: Json[], extra?: Json): Json =>
  extra === undefined ? { type: 'RichTextBlock', inlines } : { type: 'RichTextBlock', inlines, ...extra };

export const textBlock = (text: string, style?: RunStyle, extra?: Json) => rich([run(text, style)], extra);

export function card(body: Json[], actions: Json[] = [], extra: Json = {}): Json {
  return {
    type: 'AdaptiveCard',
    version: CARD_VERSION,
    ...extra,
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

/** An attachment as botbuilder sends it. */
export const attachment = (content: Json) => ({ contentType: CARD_CONTENT_TYPE, content });

export const data = (d: Omit<CardData, 'itss'>): CardData => ({ itss: 1, ...d });

/**
 * `{ ...o, [key]: value }`, the same keys in the same order, without the literal: on Node 20
 * (V8 11.3) a literal that adds a key after a leading spread makes its object's shape anew each
 * time, ~2 µs against ~0.1 µs for this copy (docs/core-speed.md; docs/teams-speed.md, h/teamscpu:
 * a card made a dozen). For our own objects only: `Object.assign` would run a `__proto__` setter
 * where a spread defines the key, and our cards' data never has one.
 */
export function withKey<T extends object, K extends string, V>(o: T, key: K, value: V): T & Record<K, V> {
  const copy = Object.assign({}, o) as T & Record<K, V>;
  (copy as Record<string, unknown>)[key] = value;
  return copy;
}

export const execute = (title: string, verb: string, d: CardData, extra?: Json): Json =>
  extra === undefined
    ? { type: 'Action.Execute', title, verb, data: d }
    : { type: 'Action.Execute', title, verb, data: d, ...extra };

/**
 * For an action that needs no input of the card: the Adaptive Cards renderer then neither gathers
 * nor validates the card's inputs, so a required field of another form (the body's IM2.1 form,
 * say) cannot block it.
 */
export const NO_INPUTS = { associatedInputs: 'none' } as const;

/** Opens a dialog (task module) in Teams: `task/fetch` comes to the bot with `d`. */
export const dialogButton = (title: string, d: CardData, extra?: Json): Json =>
  extra === undefined
    ? {
        type: 'Action.Submit',
        title,
        data: withKey(d, 'msteams', TASK_FETCH),
        associatedInputs: NO_INPUTS.associatedInputs,
      }
    : { type: 'Action.Submit', title, data: withKey(d, 'msteams', TASK_FETCH), ...NO_INPUTS, ...extra };
const TASK_FETCH = { type: 'task/fetch' } as const;

type ActionStyle = ViewAction['style'];
export const STYLE: Readonly<Record<ActionStyle, Json>> = {
  primary: { style: 'positive' },
  danger: { style: 'destructive' },
  default: {},
};

/** A line at the top of a card, e.g. "Already done by Alice" after a stale click. */
export function bannerBlock(text: string, tone: 'attention' | 'good' | 'warning'): Json {
  return { type: 'Container', style: tone, items: [textBlock(text, { weight: 'Bolder' })] };
}
