// Debian's Chromium driven by playwright-core (docs/web.md, testing.md "Browser tests"): one
// fresh profile per context, so no cookie or cache survives from one test to the next.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A browser with a profile of its own (playwright passes it as --user-data-dir). */
export async function openBrowser(
  opts: { javaScriptEnabled?: boolean; locale?: string } = {},
): Promise<OpenBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'itss-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    locale: opts.locale ?? 'en-US',
    viewport: { width: 1200, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
