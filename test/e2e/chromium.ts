/**
 * Real headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by
 * playwright-core (which never downloads a browser). A fresh profile per launch, and every
 * background service that could reach the network switched off.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.AUTOFLOW_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Why the browser tests cannot run here, or undefined when Chromium is in place. */
export function chromiumProblem(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  return (
    `the browser tests need Chromium at ${CHROMIUM} (Debian package \`chromium\`); run \`bash .ci/install-test-tools.sh\` ` +
    '(or `apt-get install -y chromium`), or point AUTOFLOW_CHROMIUM at a Chromium binary'
  );
}

/** Fails (never skips) with the way to get Chromium when it is missing. */
export function requireChromium(): string {
  const problem = chromiumProblem();
  if (problem) throw new Error(problem);
  return CHROMIUM;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A persistent context on a throwaway user-data-dir, removed on close. */
export async function launchChromium(viewport = { width: 1280, height: 900 }): Promise<Browser> {
  const executablePath = requireChromium();
  const userDataDir = await mkdtemp(join(tmpdir(), 'autoflow-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    timeout: 60_000,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Where screenshots go: AUTOFLOW_SCREENSHOTS, else a temp folder. */
export async function screenshotDir(): Promise<string> {
  return process.env.AUTOFLOW_SCREENSHOTS ?? (await mkdtemp(join(tmpdir(), 'autoflow-screens-')));
}

/**
 * One browser for a test file, launched on first use. A missing Chromium fails every test
 * that asks for it with the message above (a failure in beforeAll would only mark them skipped).
 */
export function sharedChromium(viewport?: { width: number; height: number }): { get(): Promise<Browser>; close(): Promise<void> } {
  let launched: Promise<Browser> | undefined;
  return {
    get: () => (launched ??= launchChromium(viewport)),
    async close() {
      const browser = await launched?.catch(() => undefined);
      await browser?.close();
    },
  };
}
