/**
 * Debian's Chromium driven by playwright-core, headless, with a fresh profile directory per test (the tracker keeps
 * its event queue in localStorage, so a reused profile would replay old events). Flags from
 * ../shared/docs/local-aws.md §6: without the background-networking ones Chromium tries to reach outside hosts.
 */
import { execFileSync } from 'node:child_process';
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

/**
 * The user agent this Chromium sends when it runs with a window: the headless one says `HeadlessChrome`, which bot
 * filters (isbot in user_agent_utils, IAB lists) rightly classify as automation. The journey simulates a person,
 * so the browser presents its ordinary (reduced) user agent string.
 */
export function visitorUserAgent(): string {
  const version = execFileSync(CHROMIUM_EXECUTABLE, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const major = /(\d+)\.\d+\.\d+\.\d+/.exec(version)?.[1];
  if (major === undefined) throw new Error(`cannot read the Chromium version from ${JSON.stringify(version)}`);
  return `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;
}

export interface FreshBrowser {
  readonly context: BrowserContext;
  /** Closes the browser and removes its profile directory. */
  close(): Promise<void>;
}

export async function launchFreshBrowser(opts: { userAgent?: string } = {}): Promise<FreshBrowser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'sleet-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_EXECUTABLE,
    headless: true,
    args: [...CHROMIUM_ARGS],
    ...(opts.userAgent === undefined ? {} : { userAgent: opts.userAgent }),
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
