// The directory kept current while the bot runs (issue 16 item 1): asks the chat platforms at
// start (after the adapters) and every `directory.refresh`, and lays their people and roles over
// the file's configuration (ConfigHolder.setOverlay), so a command sees the new roles at once
// and a reload of the file keeps them. Only people's counts reach the log, never their names.
import type { PlatformId } from '../../core/config.js';
import type { AppContext, AppModule } from '../app-module.js';
import type { ConfigHolder } from '../config-holder.js';
import { startPeriodic } from '../periodic.js';
import { type DirectoryGroupError, type DirectorySource, readDirectory } from './read.js';
import { type DirectorySnapshot, emptySnapshot, withDirectory } from './snapshot.js';

type Log = AppContext['log'];

export class DirectoryRefresher {
  private snapshot: DirectorySnapshot = emptySnapshot;

  constructor(
    private readonly configs: ConfigHolder,
    private readonly sources: readonly DirectorySource[],
    private readonly log: Pick<Log, 'info' | 'warn'>,
  ) {}

  async refresh(): Promise<DirectorySnapshot> {
    const failed = (platform: PlatformId, err: unknown) =>
      this.log.warn(
        { platform, err: (err as Error).name, group: (err as Partial<DirectoryGroupError>).groupId },
        'directory: platform not read; its last answer stays',
      );
    const snap = await readDirectory(this.configs.fromFile(), this.sources, this.snapshot, failed);
    this.snapshot = snap;
    this.configs.setOverlay((file) => withDirectory(file, snap));
    this.log.info({ members: snap.members.length, accounts: snap.accounts.length }, 'directory refreshed');
    return snap;
  }
}

/** Whether the configuration asks anything of the platforms: groups, or people named by e-mail. */
const wanted = (ctx: AppContext) => {
  const cfg = ctx.configs.fromFile();
  return (
    cfg.directory !== undefined || cfg.teams.some((t) => t.membersFrom) || cfg.people.some((p) => p.email)
  );
};

export const directoryModule: AppModule = {
  name: 'directory',
  async start(ctx: AppContext) {
    if (ctx.directories.length === 0 || !wanted(ctx)) return null;
    const refresher = new DirectoryRefresher(ctx.configs, ctx.directories, ctx.log);
    const minutes = ctx.configs.fromFile().directory?.refreshMinutes ?? 15;
    // Not awaited: a platform that is slow to answer must not hold the bot's start; until the
    // first answer the file's people and ids serve alone.
    return startPeriodic('directory refresh', minutes * 60_000, () => refresher.refresh(), ctx.log, {
      awaitFirst: false,
    });
  },
};
