// The optional parts of the bot, started in this order when their environment is set.
// A chat adapter or scheduler registers here with one line.
import type { AppModule } from './compose.js';

export const MODULES: readonly AppModule[] = [];
