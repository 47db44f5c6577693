// E-mail delivery (issue 12, item 4) against a real SMTP server started here (smtp-server):
// on-site dispatches and moves reach every engineer by e-mail, chat account or not; other notices
// reach by e-mail only people with no chat account; channels never. Through the product's own
// path: command → outbox → delivery plan → nodemailer over SMTP.
import type { AddressInfo } from 'node:net';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmailNotifier } from '../../adapters/email/notifier.js';
import { readEmailSettings } from '../../adapters/email/settings.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { TriageConfig } from '../../src/core/config.js';
import type { Actor } from '../../src/core/types.js';
import { EmbeddedDelivery } from '../../src/jobs/delivery-queue.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';

interface Mail {
  to: string[];
  raw: string;
}

/** The body of a single-part message, whatever transfer encoding nodemailer chose. */
function bodyOf(raw: string): string {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const body = rest.join('\r\n\r\n');
  const encoding = head.match(/Content-Transfer-Encoding:\s*(\S+)/i)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  if (encoding !== 'quoted-printable') return body;
  const bytes = body
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

const base = testConfig();
const withMail: TriageConfig = {
  ...base,
  people: base.people.map((p) => {
    if (p.id === 'olga') return { ...p, accounts: {}, email: 'olga@example.com', locale: 'en' as const };
    if (p.id === 'oscar') return { ...p, email: 'oscar@example.com' };
    if (p.id === 'mia') return { ...p, email: 'mia@example.com' }; // has chat: no e-mail for notices
    return p;
  }),
};
// A manager no chat reaches: notices meant for them go by e-mail.
const cfg: TriageConfig = {
  ...withMail,
  people: [
    ...withMail.people,
    { id: 'max', name: 'Max Wu', roles: ['manager'], accounts: {}, locale: 'en', email: 'max@example.com' },
  ],
};
const alice = actorFor('alice');
const reporter: Actor = { id: 'slack:UREP', name: 'Wang Fang', roles: [], teams: [] };
const at = (minutes: number) => new Date(REPORTED_AT.getTime() + minutes * 60_000);

describe('SMTP settings', () => {
  it('is off without SMTP_URL and says exactly what is wrong with a bad value', () => {
    expect(readEmailSettings({})).toBeNull();
    expect(() => readEmailSettings({ SMTP_URL: 'mail.example.com', SMTP_FROM: 'desk' })).toThrow(
      /SMTP_URL: expected smtp:\/\/[\s\S]*SMTP_FROM: expected the sender/,
    );
    expect(
      readEmailSettings({ SMTP_URL: 'smtp://u:p@mail:587', SMTP_FROM: 'Desk <desk@example.com>' }),
    ).toEqual({
      url: 'smtp://u:p@mail:587',
      from: 'Desk <desk@example.com>',
    });
  });
});

describe.each(backends)('e-mail over SMTP, on $name', ({ open }) => {
  let backend: OpenBackend;
  let server: SMTPServer;
  const mails: Mail[] = [];
  let delivery: EmbeddedDelivery;
  let service: TriageService;
  let transport: ReturnType<typeof createTransport>;
  const deliverDue = async () => {
    while (await delivery.tick());
  };

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, done) {
        let raw = '';
        stream.on('data', (c: Buffer) => {
          raw += c.toString('latin1');
        });
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    transport = createTransport(`smtp://127.0.0.1:${port}`);
    backend = await open();
    const clock = { now: () => at(10) };
    service = new TriageService(backend.storage, cfg, clock);
    const email = new EmailNotifier(transport, 'ITSS Desk <desk@example.com>');
    delivery = new EmbeddedDelivery(
      { storage: backend.storage, config: cfg, notifiers: [email], clock },
      200,
    );
  });
  afterAll(async () => {
    transport.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await backend.close();
  });

  it('e-mails the dispatch to every engineer, and a move of the window, in their language', async () => {
    mails.length = 0;
    const { incident } = await service.report(
      { title: 'Docking station dead', description: '', service: null, severity: 3 },
      reporter,
    );
    for (const command of [
      { type: 'classify', nature: 'fault', category: 'printers' },
      { type: 'prioritise', impact: 3, urgency: 3 },
      {
        type: 'decide_onsite',
        needed: true,
        dispatch: {
          taskId: 't1',
          engineers: ['oscar', 'olga'],
          windowStart: at(60),
          windowEnd: at(120),
          note: 'Spare dock in room 4',
        },
      },
    ] as const)
      await service.execute(incident.id, command, alice);
    await deliverDue();
    expect(mails.map((m) => m.to).sort()).toEqual([['olga@example.com'], ['oscar@example.com']]);
    const olga = bodyOf(mails.find((m) => m.to[0] === 'olga@example.com')?.raw ?? '');
    expect(olga).toContain(`On-site service needed for ${incident.number}: Docking station dead`);
    expect(olga).toContain('Spare dock in room 4');
    const oscar = bodyOf(mails.find((m) => m.to[0] === 'oscar@example.com')?.raw ?? '');
    expect(oscar).toContain('需要现场服务'); // Oscar reads the desk's language
    expect(mails[0]?.raw).toMatch(/^From: ITSS Desk <desk@example\.com>/m);

    mails.length = 0;
    await service.execute(
      incident.id,
      { type: 'reschedule_onsite', taskId: 't1', windowStart: at(180), windowEnd: at(240) },
      alice,
    );
    await deliverDue();
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['olga@example.com', 'oscar@example.com']);
    expect(bodyOf(mails.find((m) => m.to[0] === 'olga@example.com')?.raw ?? '')).toContain('is now between');
  });

  it('other notices go by e-mail only to people no chat reaches; channels never', async () => {
    mails.length = 0;
    // A complaint notifies the managers: Mia has a chat account (no e-mail); Max has none.
    const { incident } = await service.report(
      { title: 'Rude reply', description: '', service: null, severity: 4 },
      reporter,
    );
    await service.execute(
      incident.id,
      { type: 'classify', nature: 'complaint', category: 'email', verification: 'Checked the call log' },
      alice,
    );
    await deliverDue();
    expect(mails.map((m) => m.to)).toEqual([['max@example.com']]);
    expect(bodyOf(mails[0]?.raw ?? '')).toContain(incident.number);
  });
});
