#!/usr/bin/env node
// search-latency.mjs — how fast the search box of a built site answers, in headless Chromium,
// opened from file:// as a reader would open a downloaded build.
//
// usage: node bench/search-latency.mjs DIR [PAGE]    (PAGE default: index.html)
//
// Prints, as JSON: the time from focusing the box to the index being loaded and prepared
// ("load_ms", median of 5 fresh pages), and for each query the time from the keystroke (an
// input event) to the results being in the list and painted ("query_ms", median of 15 runs;
// "worst_ms", the slowest), with how many entries matched.
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from '../tests/browser/chromium.mjs';

const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'browser', 'package.json'));
const { chromium } = require('playwright-core');
const dir = resolve(process.argv[2]);
const url = pathToFileURL(join(dir, process.argv[3] ?? 'index.html')).href;
const QUERIES = ['checkout', 'pay', 'retry wallet', 'commitment 9876', 'zzzzqx'];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu'] });
const loads = [];
for (let i = 0; i < 5; i += 1) {
  const page = await browser.newPage();
  await page.goto(url);
  loads.push(await page.evaluate(() => new Promise((done) => {
    const t0 = performance.now();
    document.getElementById('site-search-input').focus();
    (function wait() {
      if (window.stratsiteSearch) {
        // The index is prepared on load; a query right after shows it is ready.
        const input = document.getElementById('site-search-input');
        input.value = 'a';
        input.dispatchEvent(new Event('input'));
        done(performance.now() - t0);
      } else setTimeout(wait, 1);
    }());
  })));
  await page.close();
}
const page = await browser.newPage();
await page.goto(url);
await page.focus('#site-search-input');
await page.waitForFunction(() => window.stratsiteSearch);
const queries = [];
for (const q of QUERIES) {
  const times = [];
  let matched = '';
  for (let i = 0; i < 15; i += 1) {
    const r = await page.evaluate((q) => new Promise((done) => {
      const input = document.getElementById('site-search-input');
      input.value = '';
      input.dispatchEvent(new Event('input'));
      const t0 = performance.now();
      input.value = q;
      input.dispatchEvent(new Event('input'));
      // Painted: the frame after the list changed.
      requestAnimationFrame(() => setTimeout(() => done({
        ms: performance.now() - t0,
        shown: document.querySelectorAll('#site-search-results [role="option"]').length,
        status: document.getElementById('site-search-results').textContent.length,
      }), 0));
    }), q);
    times.push(r.ms);
    matched = r.shown;
  }
  await page.waitForTimeout(350);
  const said = await page.evaluate(() => document.getElementById('site-search-status').textContent);
  queries.push({ query: q, query_ms: +median(times).toFixed(1), worst_ms: +Math.max(...times).toFixed(1), shown: matched, said });
}
await browser.close();
console.log(JSON.stringify({ load_ms: +median(loads).toFixed(1), queries }, null, 1));
