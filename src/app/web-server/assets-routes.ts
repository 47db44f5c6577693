// The pages' static files: our stylesheet and chart script (strings in src/app/web/assets.ts)
// and ECharts' own minified build from node_modules, served from this server (no CDN), so the
// pages work on a network without internet access.
import { createRequire } from 'node:module';
import express from 'express';
import { REPORT_CHART_SCRIPT, STYLESHEET } from '../web/assets.js';

const ECHARTS = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
const CACHE = 'public, max-age=3600';

/** The pages' icon (linked by layout.ts, so browsers do not ask for /favicon.ico and log a 404). */
export const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1f6feb"/><path d="M5 4h6v2H9v4h2v2H5v-2h2V6H5z" fill="#fff"/></svg>';

export function assetRoutes(): express.Router {
  const router = express.Router();
  router.get('/web.css', (_req, res) => {
    res.type('text/css').set('cache-control', CACHE).send(STYLESHEET);
  });
  router.get('/report-chart.js', (_req, res) => {
    res.type('text/javascript').set('cache-control', CACHE).send(REPORT_CHART_SCRIPT);
  });
  router.get('/favicon.svg', (_req, res) => {
    res.type('image/svg+xml').set('cache-control', CACHE).send(FAVICON);
  });
  router.get('/echarts.min.js', (_req, res, next) => {
    // sendFile calls back on success too: only an error goes on to the error handler.
    const headers = { 'cache-control': CACHE, 'content-type': 'text/javascript' };
    res.sendFile(ECHARTS, { headers }, (err) => {
      if (err) next(err);
    });
  });
  return router;
}
