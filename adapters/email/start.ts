// Starting the e-mail channel, loaded by module.ts only when SMTP_URL is set.
import { createTransport } from 'nodemailer';
import type { AppContext, RunningModule } from '../../src/app/app-module.js';
import { EmailNotifier } from './notifier.js';
import type { EmailSettings } from './settings.js';

export async function startEmail(ctx: AppContext, settings: EmailSettings): Promise<RunningModule> {
  const transport = createTransport(settings.url);
  ctx.notifiers.push(new EmailNotifier(transport, settings.from));
  // The URL holds a password: only the host is logged.
  ctx.log.info(
    { host: new URL(settings.url).hostname },
    'E-mail is on (on-site dispatches, people without chat)',
  );
  return {
    checks: { smtp: () => transport.verify() },
    async stop() {
      transport.close();
    },
  };
}
