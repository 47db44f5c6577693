// The e-mail module (registered in src/main/modules.ts): on when SMTP_URL is set. It sends what
// the delivery plan gives the e-mail channel (src/app/delivery-plan.ts, EMAIL): on-site dispatches
// and notices for people with no chat account. nodemailer is loaded only when it is on.
import type { AppModule } from '../../src/app/app-module.js';
import { OFF_MESSAGE, readEmailSettings } from './settings.js';

export const emailModule: AppModule = {
  name: 'email',
  async start(ctx) {
    const settings = readEmailSettings(ctx.env);
    if (!settings) {
      ctx.log.info(OFF_MESSAGE);
      return null;
    }
    const { startEmail } = await import('./start.js');
    return startEmail(ctx, settings);
  },
};
