// The call outcome on the patronato's page, in a real Chromium: the desk's operator records
// "documents needed" for one client and "second level" (a follow-up booked) for another through
// the console's real routes; the patronato's list of the day then shows each outcome and the
// follow-up's booking code — on a desktop in Italian and on a phone in English. Axe on both;
// screenshots in test-results/screenshots/patronato-outcome-*.png.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { WEB_ROOT } from '../support/server.js';
import { startCallsServer, type CallsServer } from '../integration/calls-support.js';
import { outcomeScene, type OutcomeScene } from '../integration/patronati-outcome-support.js';
import { expectAccessible, h1, launchChromium, shoot, useServerClock, VIEWPORTS, watchErrors } from './support.js';

const POLL = { timeout: 15_000 };
let server: CallsServer;
let browser: Browser;
let scene: OutcomeScene;
let followUpCode = '';

beforeAll(async () => {
  server = await startCallsServer(testDatabases[0]!, { webRoot: WEB_ROOT });
  scene = await outcomeScene(server, 'esitiweb');
  await scene.called(scene.made[0]!);
  await scene.outcome(scene.made[0]!, 'needs_documents');
  await scene.called(scene.made[1]!);
  followUpCode = (await scene.outcome(scene.made[1]!, 'second_level')).followUpCode!;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the patronato's page shows the call outcomes", () => {
  for (const [vp, lang] of [[VIEWPORTS[1], 'it'], [VIEWPORTS[0], 'en']] as const) {
    it(`documents needed, and the follow-up's code (${vp.name}, ${lang})`, async () => {
      const context = await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: lang === 'it' ? 'it-IT' : 'en-GB', bypassCSP: true }); // axe is injected inline
      if (lang === 'en') await context.addInitScript(() => window.localStorage.setItem('sportello.lang', 'en'));
      await useServerClock(context, () => server.clock.now);
      const [name, value] = scene.patronato.cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: server.url }]);
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${server.url}/patronato`);
      await expect.poll(() => h1(page).count(), POLL).toBe(1);
      const card = (code: string) => page.locator('li.card').filter({ hasText: code });
      await expect.poll(() => card(scene.made[0]!.code).count(), POLL).toBe(1);
      expect(await card(scene.made[0]!.code).textContent()).toMatch(lang === 'it' ? /servono documenti/ : /documents needed/i);
      const second = (await card(scene.made[1]!.code).textContent()) ?? '';
      expect(second).toMatch(lang === 'it' ? /passata al secondo livello/ : /second level/i);
      expect(second).toContain(lang === 'it' ? `nuovo appuntamento ${followUpCode}` : `new appointment ${followUpCode}`);
      await expectAccessible(page, `patronato outcomes (${vp.name}, ${lang})`);
      await shoot(page, `patronato-outcome-${vp.name}-${lang}`);
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
