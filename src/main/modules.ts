// The optional parts of the bot, started in this order when their environment is set.
// A chat adapter or scheduler registers here with one line.
import { emailModule } from '../../adapters/email/module.js';
import { slackModule } from '../../adapters/slack/module.js';
import { teamsModule } from '../../adapters/teams/module.js';
import type { AppModule } from '../app/app-module.js';
import { calendarWarningModule } from '../app/calendar-warning.js';
import { directoryModule } from '../app/directory/module.js';
import { earlierIncidentsModule } from '../app/earlier-incidents.js';
import { scheduledReportsModule } from '../app/scheduled-reports.js';
import { jobsModule } from '../jobs/module.js';

// jobs, the calendar warning and the scheduled reports last: they send through the notifiers the chat adapters registered.
export const MODULES: readonly AppModule[] = [
  earlierIncidentsModule,
  slackModule,
  teamsModule,
  emailModule,
  directoryModule,
  jobsModule,
  calendarWarningModule,
  scheduledReportsModule,
];
