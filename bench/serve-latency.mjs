#!/usr/bin/env node
// serve-latency.mjs — how long an open page takes to show a save, with `stratsite serve --watch`.
//
// Usage (run by bench/serve-latency.sh, which starts the server):
//   node bench/serve-latency.mjs URL SITE_DIR SERVER_STDERR
//
// URL is the address the server printed, SITE_DIR the site it watches (a copy: this script
// edits it), SERVER_STDERR the file the server's stderr goes to. It opens
// commitments/real-user-monitoring.html in headless Chromium (the packages of tests/browser,
// the system's Chromium) and saves strategy/commitments.toml with a new marker word in that
// commitment's prose: 2 warm-up saves, then 10 measured ones, about 300 ms apart. For each it
// prints the time from just before the write to the reloaded page's DOMContentLoaded with the
// marker in it (the server's debounce, the rebuild, the reload event and the page load
// included), and the rebuild alone as the server reports it (`built in N ms`); then the
// median, minimum and maximum of both.

import { readFileSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from '../tests/browser/chromium.mjs';

const WARM_UP = 2;
const SAMPLES = 10;
const PAUSE_MS = 300;
const TIMEOUT_MS = 10_000;
// The page watched, the file saved and the text replaced in it (by EDIT, with MARKER in it
// replaced by a new marker word each save): the example site's unless the environment names
// others (bench/serve-latency.sh does for a generated workspace).
const env = process.env;
const PAGE = env.LATENCY_PAGE ?? 'commitments/real-user-monitoring.html';
const SOURCE = env.LATENCY_SOURCE ?? 'strategy/commitments.toml';
const WHY = env.LATENCY_TEXT ?? 'We argued about speed from lab numbers on fast phones.';
const EDIT = env.LATENCY_EDIT ?? 'We argued about speed until MARKER arrived.';
const TARGET_EDIT_MS = Number(env.LATENCY_TARGET_EDIT_MS ?? 100);
const TARGET_REBUILD_MS = Number(env.LATENCY_TARGET_REBUILD_MS ?? 20);
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

function fail(message) {
  console.error(`serve-latency: ${message}`);
  process.exit(2);
}

const [url, siteArg, stderrPath] = process.argv.slice(2);
if (!url || !siteArg || !stderrPath) fail('usage: node serve-latency.mjs URL SITE_DIR SERVER_STDERR');
const source = join(resolve(siteArg), SOURCE);
if (!existsSync(source)) fail(`no ${SOURCE} in ${siteArg}`);
if (!existsSync(stderrPath)) fail(`no such file: ${stderrPath}`);

// playwright-core lives with the browser tests.
const browserTests = join(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'browser');
let chromiumModule;
try {
  const require = createRequire(join(browserTests, 'package.json'));
  ({ chromium: chromiumModule } = require('playwright-core'));
} catch (err) {
  fail(`node packages missing (run \`npm ci --prefix tests/browser --ignore-scripts\`): ${err.message.split('\n')[0]}`);
}
const chromium = findChromium();
if (!chromium) fail('Chromium not found (apt-get install chromium, or set STRATSITE_CHROMIUM)');

// The server's `built in N ms` lines so far, as numbers.
function builds() {
  return [...readFileSync(stderrPath, 'utf8').matchAll(/^built in (\d+) ms/gm)].map((m) => Number(m[1]));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

// Resolves at the first DOMContentLoaded after the call whose document holds `marker`, with
// when this process heard of it (performance.now()), and by the page's clock (Unix ms) when its
// navigation began (the live-reload client's location.reload()) and when it fired the event.
//
// The end of a sample is the moment Chromium's DOMContentLoaded event reaches this process over
// the DevTools protocol, on the same monotonic clock as the start (taken just before the
// write). That is later than the page fired it, by however long the event takes to travel, so it
// errs on the slow side; but it needs no agreement between two processes' clocks. The page's
// own timestamp (performance.timeOrigin + the navigation entry's domContentLoadedEventStart, by
// the wall clock, against Date.now() at the write) is printed beside it. A DOMContentLoaded
// without the marker (none is expected) is skipped, and the sample then ends at the next one.
function nextLoadWith(page, marker) {
  return new Promise((done, failed) => {
    const timer = setTimeout(() => {
      page.off('domcontentloaded', onLoad);
      failed(new Error(`the page did not show ${marker} within ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    async function onLoad() {
      const heard = performance.now();
      let seen;
      try {
        seen = await page.evaluate((m) => ({
          marked: document.body.textContent.includes(m),
          began: performance.timeOrigin,
          fired: performance.timeOrigin + performance.getEntriesByType('navigation')[0].domContentLoadedEventStart,
          navigation: performance.getEntriesByType('navigation')[0].type,
        }), marker);
      } catch {
        return; // that document is already gone; the next one is waited for
      }
      if (!seen.marked) return;
      clearTimeout(timer);
      page.off('domcontentloaded', onLoad);
      done({ heard, ...seen });
    }
    page.on('domcontentloaded', onLoad);
  });
}

const original = readFileSync(source, 'utf8');
if (!original.includes(WHY)) fail(`${SOURCE} does not hold ${JSON.stringify(WHY)}`);

const userDataDir = mkdtempSync(join(tmpdir(), 'stratsite-chromium-'));
let context;
const samples = [];
try {
  context = await chromiumModule.launchPersistentContext(userDataDir, {
    executablePath: chromium, headless: true, args: CHROMIUM_ARGS,
  });
  const page = context.pages()[0] ?? await context.newPage();
  const pageUrl = new URL(PAGE, url).href;
  const response = await page.goto(pageUrl, { waitUntil: 'load' });
  if (response?.status() !== 200) throw new Error(`${pageUrl} returned ${response?.status()}`);
  const agent = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? navigator.userAgent);
  console.log(`${pageUrl}\n${agent}, ${cpus().length} cores; ${WARM_UP} warm-up saves, then ${SAMPLES} measured, ${PAUSE_MS} ms apart`);

  for (let i = 1; i <= WARM_UP + SAMPLES; i++) {
    const marker = `latencymarker${i}x${Date.now().toString(36)}`;
    const edited = original.replace(WHY, EDIT.replace('MARKER', marker));
    const buildsBefore = builds().length;
    const loaded = nextLoadWith(page, marker);
    const wall = Date.now();
    const start = performance.now();
    writeFileSync(source, edited);
    const load = await loaded;
    const ms = load.heard - start;
    const newBuilds = builds().slice(buildsBefore);
    const warm = i <= WARM_UP;
    const label = warm ? `warm-up ${i}` : `edit ${String(i - WARM_UP).padStart(2)}`;
    console.log(`${label.padEnd(9)} ${ms.toFixed(1).padStart(6)} ms to DOMContentLoaded ` +
      `(page clock ${(load.fired - wall).toFixed(1)} ms: ${load.navigation} began at ` +
      `${(load.began - wall).toFixed(1)} ms); ` +
      `rebuild ${newBuilds.map((b) => `${b} ms`).join(' + ') || '?'}`);
    if (!warm) samples.push({ ms, pageMs: load.fired - wall, beganMs: load.began - wall, rebuilds: newBuilds });
    await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
} finally {
  await context?.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

const edits = samples.map((s) => s.ms);
const byPageClock = samples.map((s) => s.pageMs);
const began = samples.map((s) => s.beganMs);
const loading = samples.map((s) => s.pageMs - s.beganMs);
const rebuilds = samples.flatMap((s) => s.rebuilds);
const extra = rebuilds.length - samples.length;
const editMedian = median(edits);
const rebuildMedian = median(rebuilds);
console.log(`\nedit to browser: median ${editMedian.toFixed(1)} ms, min ${Math.min(...edits).toFixed(1)} ms, ` +
  `max ${Math.max(...edits).toFixed(1)} ms over ${edits.length} edits ` +
  `(target: median under ${TARGET_EDIT_MS} ms: ${editMedian < TARGET_EDIT_MS ? 'met' : 'NOT met'})`);
console.log(`  by the page's clock: median ${median(byPageClock).toFixed(1)} ms, ` +
  `min ${Math.min(...byPageClock).toFixed(1)} ms, max ${Math.max(...byPageClock).toFixed(1)} ms; ` +
  `of which the reload began at a median ${median(began).toFixed(1)} ms after the write ` +
  `and took a median ${median(loading).toFixed(1)} ms to DOMContentLoaded`);
console.log(`rebuild alone:   median ${rebuildMedian} ms, min ${Math.min(...rebuilds)} ms, ` +
  `max ${Math.max(...rebuilds)} ms over ${rebuilds.length} builds` +
  `${extra ? ` (${extra} more builds than saves)` : ''} ` +
  `(target: under ${TARGET_REBUILD_MS} ms: ${rebuildMedian < TARGET_REBUILD_MS ? 'met' : 'NOT met'})`);
