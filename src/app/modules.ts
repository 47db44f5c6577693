// The optional parts of the bot, started in this order when their environment is set.
// A chat adapter or scheduler registers here with one line.
import { slackModule } from '../../adapters/slack/module.js';
import { teamsModule } from '../../adapters/teams/module.js';
import { jobsModule } from '../jobs/module.js';
import { calendarWarningModule } from './calendar-warning.js';
import type { AppModule } from './compose.js';
import { knowledgeSyncModule } from './knowledge-sync.js';

// jobs and the calendar warning last: they send through the notifiers the chat adapters registered.
export const MODULES: readonly AppModule[] = [
  knowledgeSyncModule,
  slackModule,
  teamsModule,
  jobsModule,
  calendarWarningModule,
];
