// The shipped glossary, concatenated. Changing it changes how entries are indexed: run
// `npm run kb:import -- --reindex` afterwards so stored entries use the same concepts.
import { ADDITIONS } from './additions.js';
import { DEVICES } from './devices.js';
import { FILLER } from './filler.js';
import { INFRASTRUCTURE } from './infrastructure.js';
import { SENSES } from './senses.js';
import { SYMPTOMS } from './symptoms.js';
import { WORKPLACE } from './workplace.js';

export const GLOSSARY_SOURCE = [SYMPTOMS, INFRASTRUCTURE, WORKPLACE, DEVICES, ADDITIONS, SENSES, FILLER].join(
  '\n',
);
