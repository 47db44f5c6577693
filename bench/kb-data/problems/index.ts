// Every problem of the evaluation corpus (ids unique; checked by the generator's test).
import { ACCOUNTS } from './accounts.js';
import { BACKEND } from './backend.js';
import { BUSINESS } from './business.js';
import { MESSAGING } from './messaging.js';
import { MORE } from './more.js';
import { NETWORK } from './network.js';
import type { Problem } from './problem.js';
import { SOFTWARE } from './software.js';
import { WORKPLACE } from './workplace.js';

export const PROBLEMS: readonly Problem[] = [
  ...NETWORK,
  ...ACCOUNTS,
  ...MESSAGING,
  ...BUSINESS,
  ...BACKEND,
  ...WORKPLACE,
  ...SOFTWARE,
  ...MORE,
];
