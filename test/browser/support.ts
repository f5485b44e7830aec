// Shared pieces of the browser tests: Chromium, axe-core, screenshots, page errors.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { CheckDigitizer } from '@marketto/codice-fiscale-utils';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const VIEWPORTS = [
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  { name: 'desktop', viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false },
] as const;

export interface LaunchOptions {
  /** A fake camera and microphone (test pattern and beep), allowed without asking: the video tests. */
  fakeMedia?: boolean;
}

export function launchChromium(o: LaunchOptions = {}): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(o.fakeMedia ? ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] : []),
    ],
  }).then((browser) => {
    // An Italian citizen's browser: a context without a locale of its own prefers Italian (the site
    // follows the browser's preferred language on a first visit; English tests set `locale`).
    // Headless Chromium ignores --lang, so the default is given to every new context.
    const newContext = browser.newContext.bind(browser);
    browser.newContext = (options = {}) => newContext({ locale: 'it-IT', ...options });
    return browser;
  });
}

/** Runs axe-core in the page; fails on any serious or critical WCAG 2.1 A/AA violation. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(
    (tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    AXE_TAGS,
  );
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `accessibility of ${label}`).toEqual([]);
}

export async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage });
}

/** Errors logged by the page (React errors, CSP refusals); failed API calls the test provokes are left out. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return errors;
}

export const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

/** A valid tax code (check letter computed) made from a 3-letter seed: `seed` + "MRA85T10A562" + check. */
export function taxCode(seed: string): string {
  const body = `${seed.toUpperCase().padEnd(3, 'X').slice(0, 3)}MRA85T10A562`;
  return body + CheckDigitizer.checkDigit(body);
}

/** The id of desk `number` of the first office of a province whose name or town matches. */
export async function deskOf(baseUrl: string, province: string, office: RegExp, number: number): Promise<string> {
  const list = (await (await fetch(`${baseUrl}/api/offices?province=${province}`)).json()) as { items: { id: string; name: string }[] };
  const o = list.items.find((x) => office.test(x.name));
  if (!o) throw new Error(`no office ${office} in ${province}`);
  const detail = (await (await fetch(`${baseUrl}/api/offices/${o.id}`)).json()) as { desks: { id: string; number: number }[] };
  const d = detail.desks.find((x) => x.number === number);
  if (!d) throw new Error(`no desk ${number} at ${o.name}`);
  return d.id;
}

/**
 * Sets the browser's clock of a context to the server's (test/support/clock.ts) before any page
 * opens: the web app's "today", countdowns and date pickers agree with the server. Time then runs.
 */
export async function useServerClock(context: BrowserContext, now: () => number): Promise<BrowserContext> {
  await context.clock.install({ time: now() });
  return context;
}
