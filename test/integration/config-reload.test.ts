// Issue 16 item 2: the configuration is reloaded without a restart. The bot runs as a child
// process (its own database, Slack over HTTP to a recorder of Slack's Web API) on a copy of
// config/example.en.yaml that the test edits the way editors save: a new file renamed over it.
// A valid edit is used by the next card and command; an invalid one changes nothing, and its
// problems reach the log and the managers' channel; with the watcher off, SIGHUP reloads.
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recorder, SIGNING_SECRET, sign, textOf } from '../protocol/slack/harness.js';
import { ChildBot, createTestDatabase, waitFor } from '../support/child-bot.js';
import { reportSubmission } from '../support/slack-payloads.js';

const DESK = 'C01SERVDSK';
const MANAGERS = 'C01MANAGER';
const OLD_LABEL = 'VPN and remote access';
const NEW_LABEL = 'Remote access over VPN';
const NEWCOMER = 'U0NEWAGENT';

type Payload = Record<string, unknown>;

describe('configuration reload without a restart', () => {
  let recorder: Recorder;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: postgres.Sql;
  let dir: string;
  let file: string;
  const bots: ChildBot[] = [];

  const bot = async (extra: Record<string, string> = {}) => {
    const b = await ChildBot.create({
      DATABASE_URL: db.url,
      ITSS_CONFIG: file,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: recorder.url,
      LOG_LEVEL: 'info',
      ...extra,
    });
    bots.push(b);
    await b.start();
    return b;
  };

  /** As editors save: the whole new text in a new file, renamed over the old one. */
  const save = (edit: (text: string) => string) => {
    const next = edit(readFileSync(file, 'utf8'));
    const tmp = join(dir, `.itss.yaml.${randomUUID()}.tmp`);
    writeFileSync(tmp, next);
    renameSync(tmp, file);
  };

  beforeAll(async () => {
    recorder = new Recorder();
    await recorder.start();
    db = await createTestDatabase('reload');
    sql = postgres(db.url, { max: 2, onnotice: () => {} });
    dir = mkdtempSync(join(tmpdir(), 'itss-reload-'));
    file = join(dir, 'itss.yaml');
    copyFileSync('config/example.en.yaml', file);
  });
  afterAll(async () => {
    for (const b of bots) await b.kill();
    await sql?.end({ timeout: 1 });
    await db?.drop();
    await recorder?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('applies a valid edit of the file to the next card, and keeps it through an invalid one', {
    timeout: 120_000,
  }, async () => {
    const b = await bot();
    expect(await reportAndCard(b, 'Before the edit'), b.log).toContain(OLD_LABEL);

    save((t) => t.replace(`en: ${OLD_LABEL}`, `en: ${NEW_LABEL}`));
    expect(await b.logged('configuration reloaded'), b.log).toBe(true);
    const after = await reportAndCard(b, 'After the edit');
    expect(after).toContain(NEW_LABEL);
    expect(after).not.toContain(OLD_LABEL);

    // Invalid twice over: a priority out of range and a misspelt key.
    save((t) =>
      t.replace('provisional_priority: 3', 'provisional_priority: 9').replace('natures:', 'natrues:'),
    );
    expect(await b.logged('configuration reload refused'), b.log).toBe(true);
    expect(b.log).toContain('at provisional_priority');
    expect(b.log).toContain('natrues');
    const told = await waitFor(async () => managerNotices().some((m) => m.includes('NOT applied')), 15_000);
    expect(told, b.log).toBe(true);
    const notice = managerNotices().find((m) => m.includes('NOT applied')) ?? '';
    expect(notice).toContain('2 problem(s)');
    expect(notice).toContain('provisional_priority');
    expect(notice).toContain('natrues');
    // The running configuration stays: the next card still has the valid edit.
    expect(await reportAndCard(b, 'After the broken edit')).toContain(NEW_LABEL);
    await b.kill();
  });

  it('reloads on SIGHUP: a person made a desk agent may act at once', { timeout: 120_000 }, async () => {
    copyFileSync('config/example.en.yaml', file);
    const b = await bot({ ITSS_CONFIG_WATCH: 'off' });
    await reportAndCard(b, 'For the newcomer');
    const card = deskCards().at(-1);
    if (!card) throw new Error('no desk card');
    save((t) =>
      t.replace(
        /^people:\n/m,
        `people:\n  - id: newcomer\n    name: New Comer\n    roles: [agent]\n    slack: ${NEWCOMER}\n`,
      ),
    );
    // No watcher: the edit alone changes nothing.
    expect(await send(b, classifyClick(card, NEWCOMER))).toBe(true);
    expect(await waitFor(async () => recorder.ephemerals(NEWCOMER).length > 0, 10_000), b.log).toBe(true);
    expect(await classifiedByNewcomer()).toBe(0);

    b.signal('SIGHUP');
    expect(await b.logged('configuration reloaded'), b.log).toBe(true);
    expect(await send(b, classifyClick(card, NEWCOMER))).toBe(true);
    expect(await waitFor(async () => (await classifiedByNewcomer()) === 1, 10_000), b.log).toBe(true);
    await b.kill();
  });

  // ---- helpers ----

  const deskCards = () =>
    recorder.posted(DESK).filter((m) => m.blocks.some((bl) => bl.block_id?.startsWith('itss:sel:classify:')));
  const managerNotices = () => recorder.posted(MANAGERS).map((m) => textOf(m));

  /** Reports an incident and returns its desk card as text (labels included). */
  async function reportAndCard(b: ChildBot, title: string): Promise<string> {
    const before = deskCards().length;
    expect(await send(b, report(`UREP${randomUUID().slice(0, 6).toUpperCase()}`, title))).toBe(true);
    expect(await waitFor(async () => deskCards().length > before, 20_000), b.log).toBe(true);
    return JSON.stringify(deskCards().at(-1)?.blocks);
  }

  async function classifiedByNewcomer(): Promise<number> {
    const rows = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM audit_events e JOIN incidents i ON i.id = e.incident_id
      WHERE e.action = 'classified' AND i.title = 'For the newcomer' AND e.actor_name = 'New Comer'`;
    return rows[0]?.n ?? 0;
  }

  async function send(b: ChildBot, payload: Payload): Promise<boolean> {
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const res = await fetch(`${b.base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
      body,
    });
    return res.status === 200;
  }
});

const trigger = () => `${Date.now()}.${randomUUID().slice(0, 8)}`;
let actionTs = Math.floor(Date.now() / 1000);

/** A submitted report modal (IM1), as Slack sends it. */
function report(userId: string, title: string): Payload {
  return reportSubmission(userId, title);
}

/** IM2.1 on the desk card by `userId`: nature and category chosen (state.values). */
function classifyClick(
  card: { ts: string; channel: string; blocks: { block_id?: string }[] },
  userId: string,
) {
  const block = card.blocks.find((b) => b.block_id?.startsWith('itss:sel:classify:'));
  if (!block?.block_id) throw new Error('no classify block on the card');
  actionTs += 1;
  return {
    type: 'block_actions',
    user: { id: userId, username: 'newcomer', name: 'newcomer', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    team: { id: 'T1', domain: 'test' },
    trigger_id: trigger(),
    container: { type: 'message', message_ts: card.ts, channel_id: card.channel, is_ephemeral: false },
    channel: { id: card.channel, name: 'desk' },
    message: { type: 'message', ts: card.ts, blocks: card.blocks },
    state: {
      values: {
        [block.block_id]: {
          'itss:sel:nature': { type: 'static_select', selected_option: { value: 'fault' } },
          'itss:sel:category': { type: 'static_select', selected_option: { value: 'network.vpn' } },
        },
      },
    },
    actions: [
      {
        type: 'static_select',
        action_id: 'itss:sel:category',
        block_id: block.block_id,
        selected_option: { value: 'network.vpn' },
        action_ts: `${actionTs}.000100`,
      },
    ],
  };
}
