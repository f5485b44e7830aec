/**
 * Benchmark: the citizen pages in Chromium on localhost. Starts the real server (fresh
 * database, demo data, the built web app), loads the home page and the booking page
 * (`/prenota`) several times in fresh browser contexts, and measures:
 *  - Largest Contentful Paint (PerformanceObserver 'largest-contentful-paint'), median;
 *  - the JavaScript each page loads before it is usable, gzipped (what a server with
 *    compression sends), and the larger of the two as `initialJsKbGzip` (target ≤ 200 KB).
 * Run: npm run bench:web. The last line is one JSON object.
 */
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import buildWeb from '../test/browser/global-setup.js';
import { startTestServer } from '../test/support/server.js';

const RUNS = 5;
const TARGET_JS_KB = 200;
const TARGET_LCP_MS = 2500;

const PAGES = [
  { name: 'home', path: '/', ready: 'h1' },
  { name: 'booking', path: '/prenota', ready: '.choice-list .choice' },
] as const;

interface PageRun {
  lcpMs: number;
  jsKbGzip: number;
  jsFiles: number;
}

async function measure(browser: Browser, url: string, ready: string): Promise<PageRun> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'it-IT' });
  const page = await context.newPage();
  const scripts: Promise<number>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.push(response.body().then((b) => gzipSync(b, { level: 9 }).length, () => 0));
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector(ready);
  await page.waitForLoadState('networkidle');
  const lcpMs = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let last = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) last = Math.max(last, entry.startTime);
        }).observe({ type: 'largest-contentful-paint', buffered: true });
        // LCP entries are final once the page is idle; give the observer a moment.
        setTimeout(() => resolve(last), 500);
      }),
  );
  const sizes = await Promise.all(scripts);
  await context.close();
  return { lcpMs, jsKbGzip: sizes.reduce((a, b) => a + b, 0) / 1024, jsFiles: sizes.length };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const round = (x: number) => Math.round(x * 10) / 10;

buildWeb();
const server = await startTestServer();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const results: Record<string, { lcpMs: number; jsKbGzip: number; jsFiles: number }> = {};
try {
  for (const p of PAGES) {
    await measure(browser, `${server.url}${p.path}`, p.ready); // warm-up (server caches, fonts)
    const runs: PageRun[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, `${server.url}${p.path}`, p.ready));
    results[p.name] = { lcpMs: round(median(runs.map((r) => r.lcpMs))), jsKbGzip: round(median(runs.map((r) => r.jsKbGzip))), jsFiles: runs[0]!.jsFiles };
    console.log(`${p.name}: LCP ${results[p.name]!.lcpMs} ms, JS ${results[p.name]!.jsKbGzip} KB gzip in ${results[p.name]!.jsFiles} files`);
  }
} finally {
  await browser.close();
  await server.close();
}
const lcpMs = Math.max(...Object.values(results).map((r) => r.lcpMs));
const initialJsKbGzip = Math.max(...Object.values(results).map((r) => r.jsKbGzip));
console.log(
  JSON.stringify({
    bench: 'web',
    lcpMs,
    initialJsKbGzip,
    homeLcpMs: results.home!.lcpMs,
    bookingLcpMs: results.booking!.lcpMs,
    homeJsKbGzip: results.home!.jsKbGzip,
    bookingJsKbGzip: results.booking!.jsKbGzip,
    runs: RUNS,
    viewport: '390x844',
    targetJsKbGzip: TARGET_JS_KB,
    targetLcpMs: TARGET_LCP_MS,
    ok: initialJsKbGzip <= TARGET_JS_KB && lcpMs <= TARGET_LCP_MS,
  }),
);
