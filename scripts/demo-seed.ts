// The demo's sample incidents (`npm run demo`, config/demo.yaml), registered and triaged through
// the real use cases, so they sit in the demo's database exactly as if people had done it in
// chat: one new for the desk, one classified and prioritised, one assigned to the network team
// and waiting for it to accept.
import { actorById } from '../src/app/identity.js';
import type { TriageService } from '../src/app/triage-service.js';
import type { Command } from '../src/core/commands.js';

const TRIAGED: Command[] = [
  { type: 'classify', nature: 'fault', category: 'network.vpn' },
  { type: 'prioritise', impact: 2, urgency: 2 },
  { type: 'decide_onsite', needed: false },
];

interface Sample {
  title: string;
  description: string;
  desk: Command[];
}

const SAMPLES: Sample[] = [
  {
    title: 'Outlook keeps asking for my password',
    description: 'Since this morning Outlook shows the sign-in prompt again and again; no new mail.',
    desk: [],
  },
  {
    title: 'Office Wi-Fi drops every few minutes',
    description: 'My laptop loses the office Wi-Fi every few minutes on the 3rd floor.',
    desk: [
      { type: 'classify', nature: 'fault', category: 'network.wifi' },
      { type: 'prioritise', impact: 3, urgency: 2 },
    ],
  },
  {
    title: 'VPN connects but no internal site opens',
    description: 'Working from home: the VPN says connected, but the intranet and shared drives time out.',
    desk: [
      ...TRIAGED,
      { type: 'no_match' },
      { type: 'assign', team: null, worklog: 'Restarted the client and checked the gateway: no change' },
    ],
  },
];

/** Registers the samples unless the demo database already has incidents; returns their numbers. */
export async function seedDemoIncidents(service: TriageService): Promise<string[]> {
  const reporter = actorById(service.config, 'rui');
  const desk = actorById(service.config, 'dana');
  const queue = await service.deskQueue(desk);
  if (!queue) throw new Error('demo: dana must be on the service desk (config/demo.yaml) to seed the demo');
  if (queue.length > 0) return [];
  const numbers: string[] = [];
  for (const sample of SAMPLES) {
    const { incident } = await service.report(
      { title: sample.title, description: sample.description, service: null, severity: null },
      reporter,
    );
    for (const command of sample.desk) await service.execute(incident.id, command, desk);
    numbers.push(incident.number);
  }
  return numbers;
}
