/**
 * Debian's Chromium driven by playwright-core, headless, with a fresh profile directory per test (the tracker keeps
 * its event queue in localStorage, so a reused profile would replay old events). Flags from
 * ../shared/docs/local-aws.md §6: without the background-networking ones Chromium tries to reach outside hosts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM_EXECUTABLE } from './prerequisites';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export interface FreshBrowser {
  readonly context: BrowserContext;
  /** Closes the browser and removes its profile directory. */
  close(): Promise<void>;
}

export async function launchFreshBrowser(): Promise<FreshBrowser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'sleet-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_EXECUTABLE,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
