// The reloader in-process (src/app/config-reload.ts), on a real database: what each kind of edit
// does to the running configuration, and the file watcher's debounce. The child-process test
// (config-reload.test.ts) covers SIGHUP, the cards and the managers' channel over Slack's wire.
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigHolder } from '../../src/app/config-holder.js';
import { ConfigReloader } from '../../src/app/config-reload.js';
import type { ChatNotifier } from '../../src/app/notifier.js';
import { systemClock } from '../../src/app/triage-service.js';
import { loadConfig } from '../../src/config/load.js';
import { sleep, waitFor } from '../support/child-bot.js';
import { type Backend, backends, type OpenBackend } from '../support/databases.js';

// One backend: with no chat platform on, the reloader only logs (the database holds the
// managers' once-notices, which the child-process test sees used).
const [{ open }] = backends as [Backend];

describe('configuration reloader', () => {
  let backend: OpenBackend;
  let dir: string;
  let file: string;
  let lines: string[];
  let holder: ConfigHolder;
  let reloader: ConfigReloader;
  let n = 0;

  const save = (edit: (text: string) => string) => {
    n += 1;
    const tmp = join(dir, `.tmp${n}`);
    writeFileSync(tmp, edit(readFileSync(file, 'utf8')));
    renameSync(tmp, file);
  };
  const logged = (msg: string) => lines.filter((l) => (JSON.parse(l) as { msg: string }).msg.startsWith(msg));

  beforeAll(async () => {
    backend = await open();
  });
  afterAll(() => backend.close());
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'itss-reloader-'));
    file = join(dir, 'itss.yaml');
    copyFileSync('config/example.en.yaml', file);
    lines = [];
    const log = pino({ level: 'info' }, { write: (s: string) => lines.push(s) });
    holder = new ConfigHolder(loadConfig(file));
    reloader = new ConfigReloader(
      { storage: backend.storage, notifiers: [], log, clock: systemClock },
      holder,
      file,
    );
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('changes nothing when the file did not change', async () => {
    const running = holder.current();
    expect(await reloader.reload()).toEqual({ status: 'unchanged', restartOnly: [] });
    expect(holder.current()).toBe(running);
  });

  it('applies a valid edit whole, keeping the time zone for the restart', async () => {
    save((t) =>
      t
        .replace('locale: en', 'locale: zh-CN')
        .replace('time_zone: Asia/Shanghai', 'time_zone: Europe/Berlin'),
    );
    const outcome = await reloader.reload();
    expect(outcome).toEqual({
      status: 'applied',
      restartOnly: [{ path: 'calendar.time_zone', running: 'Asia/Shanghai', requested: 'Europe/Berlin' }],
    });
    expect(holder.current().locale).toBe('zh-CN');
    expect(holder.current().calendar.timeZone).toBe('Asia/Shanghai');
    expect(logged('configuration reload: this setting needs a restart')).toHaveLength(1);
    expect(logged('configuration reloaded')).toHaveLength(1);
  });

  // An operator's trial: a time_zone change alone logged "needs a restart", then "nothing to
  // change" — as if the edit had not been seen.
  it('a restart-only change alone is reported as not applied, not as nothing to change', async () => {
    save((t) => t.replace('time_zone: Asia/Shanghai', 'time_zone: Europe/Berlin'));
    const outcome = await reloader.reload();
    expect(outcome.status).toBe('unchanged');
    expect(logged('configuration reload: this setting needs a restart')).toHaveLength(1);
    expect(logged('configuration reload: nothing to change')).toHaveLength(0);
    expect(
      logged('configuration reload: nothing applied; the changed settings take effect at the next restart'),
    ).toHaveLength(1);
  });

  it('keeps the running configuration when the file is invalid, and logs every problem', async () => {
    const running = holder.current();
    save((t) =>
      t.replace('provisional_priority: 3', 'provisional_priority: 9').replace('locale: en', 'locale: fr'),
    );
    const outcome = await reloader.reload();
    expect(outcome.status).toBe('invalid');
    expect(outcome.status === 'invalid' && outcome.problems.map((p) => p.path)).toEqual([
      'locale',
      'provisional_priority',
    ]);
    expect(holder.current()).toBe(running);
    expect(logged('configuration reload: problem')).toHaveLength(2);
    expect(logged('configuration reload refused')).toHaveLength(1);
  });

  it('tells the managers once that a bad file is good again, where and as they were told it was bad', async () => {
    const said: { to: unknown; key: string; text: string }[] = [];
    const chat: ChatNotifier = {
      platform: 'slack',
      refresh: async () => {},
      send: async (m) => {
        said.push({ to: m.to, key: m.says.key, text: m.text });
        return null;
      },
    };
    const log = pino({ level: 'info' }, { write: (s: string) => lines.push(s) });
    const told = new ConfigReloader(
      { storage: backend.storage, notifiers: [chat], log, clock: systemClock },
      holder,
      file,
    );
    const good = readFileSync(file, 'utf8');
    // A text no other test saved: the once-notices in the shared database are keyed by it.
    save((t) =>
      `${t}\n# ${Date.now()}-${Math.random()}\n`.replace(
        'provisional_priority: 3',
        'provisional_priority: 9',
      ),
    );
    expect((await told.reload()).status).toBe('invalid');
    save(() => good);
    expect((await told.reload()).status).toBe('unchanged');
    // Another reload of the good file says nothing more.
    await told.reload();
    // The channel in the desk's language, and each manager who reads another language by DM.
    expect([...new Set(said.map((m) => m.key))]).toEqual(['config.reload.invalid', 'config.reload.valid']);
    const where = (key: string) => said.filter((m) => m.key === key).map((m) => m.to);
    expect(where('config.reload.valid')).toEqual(where('config.reload.invalid'));
    expect(said.some((m) => m.key === 'config.reload.valid' && m.text.includes('valid again'))).toBe(true);
  });

  it('keeps the running configuration when the file is gone', async () => {
    const running = holder.current();
    unlinkSync(file);
    const outcome = await reloader.reload();
    expect(outcome.status === 'invalid' && outcome.problems[0]?.message).toMatch(
      /^cannot read the configuration file/,
    );
    expect(holder.current()).toBe(running);
  });

  it('watches the directory: a burst of saves is one reload of the last text', async () => {
    const watching = reloader.watch(100);
    try {
      save((t) => t.replace('number_prefix: INC', 'number_prefix: AAA'));
      save((t) => t.replace('number_prefix: AAA', 'number_prefix: BBB'));
      save((t) => t.replace('number_prefix: BBB', 'number_prefix: CCC'));
      expect(await waitFor(async () => holder.current().numberPrefix === 'CCC', 5_000)).toBe(true);
      await sleep(300);
      expect(logged('configuration reloaded')).toHaveLength(1);
      // A save that changes nothing stays quiet.
      save((t) => t);
      await sleep(300);
      expect(logged('configuration reload')).toHaveLength(1);
    } finally {
      await watching.stop();
    }
  });

  it('sees a Kubernetes ConfigMap update: the `..data` link swapped under a mounted directory', async () => {
    // The kubelet's layout (AtomicWriter): itss.yaml -> ..data/itss.yaml, ..data -> ..<version>/;
    // an update writes a new version directory and renames a new `..data` link over the old.
    const mount = join(dir, 'mount');
    const version = (name: string, text: string) => {
      mkdirSync(join(mount, name));
      writeFileSync(join(mount, name, 'itss.yaml'), text);
    };
    mkdirSync(mount);
    const text = readFileSync(file, 'utf8');
    version('..v1', text);
    symlinkSync('..v1', join(mount, '..data'));
    symlinkSync('..data/itss.yaml', join(mount, 'itss.yaml'));
    const mounted = join(mount, 'itss.yaml');
    const watched = new ConfigHolder(loadConfig(mounted));
    const log = pino({ level: 'silent' });
    const kube = new ConfigReloader(
      { storage: backend.storage, notifiers: [], log, clock: systemClock },
      watched,
      mounted,
    );
    const watching = kube.watch(100);
    try {
      version('..v2', text.replace('number_prefix: INC', 'number_prefix: KUBE'));
      symlinkSync('..v2', join(mount, '..data_tmp'));
      renameSync(join(mount, '..data_tmp'), join(mount, '..data'));
      rmSync(join(mount, '..v1'), { recursive: true });
      expect(await waitFor(async () => watched.current().numberPrefix === 'KUBE', 5_000)).toBe(true);
    } finally {
      await watching.stop();
    }
  });
});
