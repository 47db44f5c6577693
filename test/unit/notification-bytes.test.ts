// Who is told what, byte for byte: every kind of chat effect, for incidents in several states,
// through notificationsFor and deliveryPlan on each platform (keys in order, as the delivery and
// the adapters read them). Speed work on how these objects are built (docs/core-speed.md,
// h/botcpu: Object.assign instead of keys after a spread) must not change one byte: the digest
// was written by main's code before that work.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deliveryPlan } from '../../src/app/delivery-plan.js';
import { notificationsFor } from '../../src/app/notifications.js';
import type { Effect } from '../../src/core/decision.js';
import type { Incident } from '../../src/core/types.js';
import { anIncident, anOnsiteTask, REPORTED_AT, testConfig } from '../fixtures/config.js';

const cfg = testConfig();
const at = (min: number) => new Date(REPORTED_AT.getTime() + min * 60_000);
const task = anOnsiteTask({ note: 'Bring a cable' });

const incidents: Incident[] = [
  anIncident({ reporterId: 'slack:UREP' }),
  anIncident({
    status: 'assigned',
    assignedTeam: 'erp',
    assignedAt: at(5),
    priorityConfirmed: true,
    onsite: [task],
  }),
  anIncident({ status: 'closed', closedBy: 'alice', closedAt: at(60), duplicateOf: 'INC-000002' }),
  anIncident({ status: 'resolved', reporterId: 'alice', onsite: [task], assignedTeam: 'erp' }),
];

const ping = (reason: string, deadline: string): Effect =>
  ({
    type: 'escalate',
    step: 'IM2.12',
    timer: 'k',
    due: at(30).toISOString(),
    firedAt: at(31).toISOString(),
    deadlineAt: at(40).toISOString(),
    deadline,
    reason,
    threshold: 1,
    targets: [{ kind: 'team', team: 'erp' }, { kind: 'desk' }, { kind: 'managers' }],
  }) as Effect;

const effects: Effect[] = [
  ...(
    [
      'registered',
      'classified',
      'prioritised',
      'assigned',
      'accepted',
      'resolved',
      'closed',
      'reopened',
      'cancelled',
      'info_requested',
      'confirmed',
      'rated',
    ] as const
  ).flatMap((event): Effect[] => [
    { type: 'notify_reporter', step: 'IM2.1', event },
    { type: 'notify_reporter', step: 'IM2.9', event, detail: 'Which office?', asker: 'desk' },
  ]),
  { type: 'notify_manager', step: 'IM2.2', reason: 'complaint', verification: 'Checked' },
  { type: 'notify_manager', step: 'IM2.2', reason: 'complaint' },
  { type: 'post_assignment', step: 'IM2.11', team: 'erp' },
  { type: 'post_assignment', step: 'IM2.11', team: 'network' },
  { type: 'request_advice', step: 'IM2.9', team: 'erp', question: 'Seen this before?' },
  { type: 'post_decline', step: 'IM2.14', team: 'erp', reason: 'Not ours', suggestedTeam: 'network' },
  {
    type: 'post_decline',
    step: 'IM2.14',
    team: 'erp',
    reason: 'Not ours',
    suggestedTeam: null,
    suggestion: 'HR',
  },
  { type: 'dispatch_onsite', step: 'IM2.6', taskId: task.id, engineers: ['ben', 'nobody'] },
  { type: 'notify_onsite_rescheduled', step: 'IM2.6', taskId: task.id, engineers: ['ben'] },
  { type: 'notify_onsite_cancelled', step: 'IM2.6', taskId: task.id, engineers: ['ben'] },
  { type: 'relay_to_team', step: 'IM2.9', team: 'erp', text: 'More detail', from: 'reporter' },
  { type: 'relay_to_team', step: 'IM2.9', team: 'erp', text: 'More detail' },
  { type: 'relay_to_desk', step: 'IM2.9', text: 'Answer', from: 'onsite' },
  { type: 'relay_advice', step: 'IM2.9', team: 'erp', author: 'Erin Lin', text: 'Restart it' },
  { type: 'notify_deadlines_recomputed', step: 'IM2.3', provisional: false, resolveMoved: true },
  ping('threshold', 'resolve'),
  ping('breach', 'respond'),
  ping('acceptance_reping', 'acceptance'),
  ping('close_due', 'auto_close'),
  { type: 'notify_pinged', step: 'IM2.12', event: 'accepted', targets: [{ kind: 'team', team: 'erp' }] },
] as Effect[];

describe('notifications and their placements, byte for byte', () => {
  it('are what main built', () => {
    const hash = createHash('sha256');
    let placements = 0;
    for (const incident of incidents)
      for (const effect of effects) {
        const notes = notificationsFor(effect, incident, cfg);
        hash.update(JSON.stringify(notes));
        for (const note of notes)
          for (const platform of ['slack', 'teams'] as const) {
            const plan = deliveryPlan(note, incident, cfg, platform, ['slack', 'teams']);
            placements += plan.length;
            hash.update(JSON.stringify(plan));
          }
      }
    expect(placements).toBeGreaterThan(100);
    expect({ placements, digest: hash.digest('hex') }).toMatchInlineSnapshot(`
      {
        "digest": "fd301c14678dd47862b1c637a30a971a0567ef73a51c7aaf8d07eb68a0cd302e",
        "placements": 261,
      }
    `);
  });
});
