// The optional parts of the bot, started in this order when their environment is set.
// A chat adapter or scheduler registers here with one line.
import { slackModule } from '../../adapters/slack/module.js';
import { teamsModule } from '../../adapters/teams/module.js';
import { jobsModule } from '../jobs/module.js';
import type { AppModule } from './compose.js';
import { knowledgeSyncModule } from './knowledge-sync.js';

// jobs last: its deliveries go through the notifiers the chat adapters above registered.
export const MODULES: readonly AppModule[] = [knowledgeSyncModule, slackModule, teamsModule, jobsModule];
