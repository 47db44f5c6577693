// /web while the web pages are off (no WEB_BASE_URL): a person who opens a link from the README
// or a colleague's bookmark is told the pages are off and which settings turn them on, in their
// browser's language, instead of the bare JSON 404 every unknown path gets.
import type express from 'express';
import type { TriageConfig } from '../../core/config.js';
import { browserLocale, refuse } from './respond.js';

export function webPagesOff(config: () => TriageConfig): express.RequestHandler {
  return (req, res) => {
    refuse(res, browserLocale(req, config()), { kind: 'off' });
  };
}
