// The Slack Web API stand-in (slack-web-api.ts) in a process of its own, as Slack is: the side
// being measured then pays for its requests, not also for the server that answers them.
import { serve } from './child.js';
import { startWebApi } from './slack-web-api.js';

const api = await startWebApi();
serve({ url: api.url }, { total: () => api.total(), count: (method: string) => api.count(method) }, () =>
  api.close(),
);
