// Configuration reload without a restart (issue 16 item 2): on SIGHUP (main.ts) and when the
// file changes. The file is validated by the same loader as at start-up; a valid one replaces the
// running configuration in one step (config-holder.ts), an invalid one changes nothing and every
// problem goes to the log and, once per distinct file, to the managers' channel — and when the file
// reads well again, that too, once (operator trial 2026-12-07). Open incidents
// keep their deadlines: recomputing them is the operator's explicit `npm run calendar -- recompute`.

import { createHash } from 'node:crypto';
import { type FSWatcher, readFileSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  ConfigError,
  type ConfigProblem,
  configWarnings,
  formatProblem,
  formatProblemIn,
  parseConfigText,
} from '../config/load.js';
import { type RestartOnlyChange, splitRestartOnly } from '../config/restart-only.js';
import { coveredYears } from '../core/calendar.js';
import type { AppContext, RunningModule } from './app-module.js';
import { ChatDelivery } from './chat-delivery.js';
import { ChatPlaces } from './chat-places.js';
import type { ConfigHolder } from './config-holder.js';
import type { LocalText } from './notifier.js';
import { sendOnce } from './once-notice.js';

export type ReloadOutcome =
  | { status: 'applied'; restartOnly: RestartOnlyChange[] }
  | { status: 'unchanged'; restartOnly: RestartOnlyChange[] }
  | { status: 'invalid'; problems: readonly ConfigProblem[] };

type ReloadDeps = Pick<AppContext, 'storage' | 'notifiers' | 'log' | 'clock'>;

/** Editors save by writing a new file and renaming it over the old one, in several events. */
export const WATCH_DEBOUNCE_MS = 300;
const RETRY_AFTER_MS = 3_600_000;

export class ConfigReloader {
  private queue: Promise<unknown> = Promise.resolve();
  /** Hash of the file text last read: a watch event that changed nothing stays quiet. */
  private lastRead: string | null = null;
  /** Hash of the invalid file the managers were last told about; null once told it is valid again. */
  private toldInvalid: string | null = null;

  constructor(
    private readonly deps: ReloadDeps,
    private readonly holder: ConfigHolder,
    private readonly path: string | null,
  ) {
    if (path) this.lastRead = hashOf(readText(path).text);
  }

  /** SIGHUP: reads, validates and reports even when the file did not change. */
  reload(): Promise<ReloadOutcome> {
    return this.queued(() => this.once(false) as Promise<ReloadOutcome>);
  }

  /** The watcher: only when the file's text changed (editors and links fire several events). */
  reloadIfChanged(): Promise<ReloadOutcome | null> {
    return this.queued(() => this.once(true));
  }

  /** One reload at a time, in the order asked. */
  private queued<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async once(onlyIfChanged: boolean): Promise<ReloadOutcome | null> {
    const { log } = this.deps;
    if (!this.path) {
      log.info('configuration reload asked, but no ITSS_CONFIG file: the built-in defaults stay');
      return { status: 'unchanged', restartOnly: [] };
    }
    const read = readText(this.path);
    const hash = hashOf(read.text);
    if (onlyIfChanged && hash === this.lastRead) return null;
    this.lastRead = hash;
    if (read.text === null) return this.refuse([unreadable(this.path, read.error)], hash);
    let next: ReturnType<typeof parseConfigText>;
    try {
      next = parseConfigText(read.text, this.path);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      return this.refuse(err.problems, hash);
    }
    const outcome = await this.apply(next);
    await this.tellValidAgain(hash);
    return outcome;
  }

  /** The managers were told the file was bad: once it reads well again, they are told so too, in
   *  the same place and language (once across processes, keyed by the bad and the good file). */
  private async tellValidAgain(hash: string): Promise<void> {
    const bad = this.toldInvalid;
    if (bad === null) return;
    this.toldInvalid = null;
    this.deps.log.info('configuration reload: the file is valid again');
    await this.tellManagers(`config.reload.valid.${bad}.${hash}`, { key: 'config.reload.valid', params: {} });
  }

  private async refuse(problems: readonly ConfigProblem[], hash: string): Promise<ReloadOutcome> {
    const { log } = this.deps;
    for (const p of problems) log.error({ problem: formatProblem(p) }, 'configuration reload: problem');
    log.error(
      { problems: problems.length },
      'configuration reload refused: the file is invalid; the running configuration stays',
    );
    // Both languages: the channel reads the desk's, each manager their own (announcementPlan).
    const list = (l: 'en' | 'zh-CN') => problems.map((p) => formatProblemIn(p, l)).join('\n');
    this.toldInvalid = hash;
    await this.tellManagers(`config.reload.invalid.${hash}`, {
      key: 'config.reload.invalid',
      params: { count: problems.length, problems: { en: list('en'), 'zh-CN': list('zh-CN') } },
    });
    return { status: 'invalid', problems };
  }

  private async apply(requested: ReturnType<typeof parseConfigText>): Promise<ReloadOutcome> {
    const { log } = this.deps;
    const running = this.holder.fromFile();
    const { live, waiting } = splitRestartOnly(running, requested);
    for (const w of waiting)
      log.warn(
        { setting: w.path, running: w.running, requested: w.requested },
        'configuration reload: this setting needs a restart; it keeps its running value until then',
      );
    if (waiting.length > 0)
      await this.tellManagers(`config.reload.restart.${hashOf(JSON.stringify(waiting))}`, {
        key: 'config.reload.restart',
        params: { settings: waiting.map((w) => w.path).join(', ') },
      });
    if (isDeepStrictEqual(live, running)) {
      // Not "nothing to change" when a restart-only setting did change: it was not applied.
      if (waiting.length > 0)
        log.warn(
          { settings: waiting.map((w) => w.path) },
          'configuration reload: nothing applied; the changed settings take effect at the next restart',
        );
      else log.info('configuration reload: nothing to change');
      return { status: 'unchanged', restartOnly: waiting };
    }
    this.holder.replace(live, (err) =>
      log.error({ err: (err as Error).name }, 'configuration reload: a listener failed'),
    );
    for (const warning of configWarnings(live, () => [...coveredYears()]))
      log.warn(`configuration: ${warning}`);
    log.info('configuration reloaded; open incidents keep their deadlines (npm run calendar -- recompute)');
    return { status: 'applied', restartOnly: waiting };
  }

  /** Once per distinct message across processes (once_notices), as the calendar warning does. */
  private async tellManagers(key: string, text: LocalText): Promise<void> {
    const { storage, notifiers, log } = this.deps;
    if (notifiers.length === 0) return; // no chat platform here: a process that has one tells them
    const chat = new ChatDelivery(notifiers, new ChatPlaces(storage), this.holder.current());
    try {
      await sendOnce(this.deps, key, RETRY_AFTER_MS, () => chat.announce(text, { eachManager: true }));
    } catch (err) {
      log.warn({ err: (err as Error).name }, 'configuration reload: the managers were not told');
    }
  }

  /** Watches the file's directory (a rename replaces the file, and its own watch would end). */
  watch(debounceMs = WATCH_DEBOUNCE_MS): RunningModule {
    const path = this.path;
    if (!path) return { stop: async () => {} };
    let timer: NodeJS.Timeout | null = null;
    const fire = () => {
      timer = null;
      this.reloadIfChanged().catch((err: unknown) =>
        this.deps.log.error({ err: (err as Error).name }, 'configuration reload failed'),
      );
    };
    const name = basename(path);
    const watcher: FSWatcher = watch(dirname(path), (_event, file) => {
      // Kubernetes swaps a ConfigMap's `..data` link; some platforms give no name: check anyway.
      if (file !== null && file !== name && !String(file).startsWith('..')) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(fire, debounceMs);
    });
    watcher.on('error', (err) => this.deps.log.warn({ err: err.name }, 'configuration watch stopped'));
    return {
      async stop() {
        if (timer) clearTimeout(timer);
        watcher.close();
      },
    };
  }
}

function readText(path: string): { text: string; error?: never } | { text: null; error: unknown } {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (error) {
    return { text: null, error };
  }
}

const hashOf = (text: string | null): string =>
  createHash('sha256')
    .update(text ?? '\0unreadable')
    .digest('hex')
    .slice(0, 16);

function unreadable(file: string, err: unknown): ConfigProblem {
  const message = `cannot read the configuration file: ${err instanceof Error ? err.message : String(err)}`;
  return { file, line: null, col: null, path: null, message };
}
