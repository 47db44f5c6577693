// After triage the cards' selects show what was chosen (issue 12 item 18): nature, category,
// impact and urgency on Slack's inline selects and in Teams' inline forms.
import { describe, expect, it } from 'vitest';
import { cardBlocks } from '../../adapters/slack/blocks.js';
import { commandFormCard } from '../../adapters/teams/form-cards.js';
import { buildIncidentView } from '../../src/app/views/incident-view.js';
import { actorFor, anIncident, REPORTED_AT, testConfig } from '../fixtures/config.js';

const cfg = testConfig();
const triaged = anIncident(
  { status: 'prioritised', nature: 'fault', category: 'vpn', impact: 2, urgency: 3, priorityConfirmed: true },
  cfg,
);
const view = buildIncidentView(triaged, actorFor('alice'), cfg, 'en', REPORTED_AT);

describe('current values on the cards', () => {
  it('Slack: each inline select starts at the value on the incident', () => {
    const chosen = Object.fromEntries(
      cardBlocks(view)
        .flatMap(
          (b) =>
            ((b as { elements?: unknown[] }).elements ?? []) as {
              action_id?: string;
              initial_option?: { value: string };
            }[],
        )
        .filter((e) => e.action_id?.startsWith('itss:sel:'))
        .map((e) => [e.action_id?.slice('itss:sel:'.length), e.initial_option?.value]),
    );
    expect(chosen).toEqual({ nature: 'fault', category: 'vpn', impact: '2', urgency: '3' });
  });

  it('Teams: the classify and prioritise forms (under More…) start at the values on the incident', () => {
    const values: string[] = [];
    const visit = (n: unknown): void => {
      if (Array.isArray(n)) {
        n.forEach(visit);
        return;
      }
      if (!n || typeof n !== 'object') return;
      const o = n as Record<string, unknown>;
      if (o.type === 'Input.ChoiceSet') values.push(`${String(o.id)}=${String(o.value)}`);
      Object.values(o).forEach(visit);
    };
    for (const command of ['classify', 'prioritise'] as const) {
      const action = view.actions.find((a) => a.command === command);
      if (!action) throw new Error(`no ${command}`);
      visit(
        commandFormCard(
          view,
          action,
          { itss: 1, c: command, i: triaged.id },
          { locale: 'en', timeZone: 'UTC' },
        ),
      );
    }
    expect(values).toEqual([
      'classify.nature=fault',
      'classify.category=vpn',
      'prioritise.impact=2',
      'prioritise.urgency=3',
    ]);
  });
});
