#!/usr/bin/env node
// search.mjs — tries the search box of a built stratsite site by keyboard in headless Chromium,
// from file:// and served under a subpath, the way a reader would.
//
// Usage (after `npm ci --prefix tests/browser`):
//   node tests/browser/search.mjs DIR --from PAGE --find WORD=PATH [--find WORD=PATH ...]
//        [--subpath /repo/]
//
// For each way of opening the site (file://DIR/PAGE, and http://127.0.0.1:PORT/SUBPATH/PAGE)
// and each --find, it opens PAGE, presses Tab until the search box has focus, types WORD, and
// asserts that the box is an expanded combobox whose listbox has options, that the live region
// announces the count, that ArrowDown makes the first option the active descendant, and that
// Enter opens PATH (site-relative, with its #fragment). Then, with JavaScript off, it types WORD
// and presses Enter, and asserts that entries.html (the A–Z list) opens.
//
// Output: one ok/FAIL line per check and last `search: N passed, M failed`. Exit 0 when all
// passed, 1 otherwise, 2 on bad usage, 77 when Chromium or playwright-core is missing (a
// failure under STRATSITE_REQUIRE_BROWSER=1).

import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { findChromium } from './chromium.mjs';

const SKIP_EXIT = 77;
const required = process.env.STRATSITE_REQUIRE_BROWSER === '1';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

function skip(reason) {
  console.log(`search: skipped: ${reason}`);
  process.exit(required ? 1 : SKIP_EXIT);
}

const { values } = parseArgs({
  allowPositionals: true,
  options: { from: { type: 'string' }, find: { type: 'string', multiple: true }, subpath: { type: 'string', default: '/repo/' } },
});
const siteDir = resolve(process.argv[2] ?? '');
if (!existsSync(join(siteDir, 'index.html')) || !values.from || !values.find?.length) {
  console.error('usage: node search.mjs DIR --from PAGE --find WORD=PATH [...] [--subpath /repo/]');
  process.exit(2);
}
const finds = values.find.map((f) => { const i = f.indexOf('='); return { word: f.slice(0, i), path: f.slice(i + 1) }; });
const subpath = `/${values.subpath}/`.replace(/\/+/g, '/');

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  skip(`playwright-core missing (npm ci --prefix tests/browser): ${e.message.split('\n')[0]}`);
}
const executablePath = findChromium();
if (!executablePath) skip('Chromium not found (apt-get install chromium, or set STRATSITE_CHROMIUM)');

const server = createServer((req, res) => {
  const pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  const file = resolve(siteDir, `./${pathname.slice(subpath.length)}`);
  const inside = pathname.startsWith(subpath) && file.startsWith(siteDir + sep);
  if (inside && existsSync(file) && statSync(file).isFile()) {
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  } else {
    res.writeHead(404).end('not found');
  }
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const origin = `http://127.0.0.1:${server.address().port}${subpath}`;
const bases = [
  { name: 'file://', base: pathToFileURL(siteDir + sep).href },
  { name: subpath, base: origin },
];

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
let passed = 0;
let failed = 0;
function report(ok, what, detail = '') {
  if (ok) passed += 1; else failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}`);
}

// Presses Tab until the search box has focus: the reader's way there.
async function tabToSearch(page) {
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.id === 'site-search-input')) return true;
  }
  return false;
}

try {
  for (const { name, base } of bases) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    for (const { word, path } of finds) {
      const what = `${name} ${values.from}: "${word}" opens ${path}`;
      try {
        await page.goto(base + values.from);
        if (!(await tabToSearch(page))) { report(false, what, 'Tab never reached the search box'); continue; }
        await page.keyboard.type(word);
        await page.waitForSelector('#site-search-results [role="option"]', { timeout: 5000 });
        const state = await page.evaluate(() => {
          const input = document.getElementById('site-search-input');
          return {
            role: input.getAttribute('role'),
            expanded: input.getAttribute('aria-expanded'),
            controls: input.getAttribute('aria-controls'),
            options: document.querySelectorAll('#site-search-results [role="option"]').length,
          };
        });
        if (state.role !== 'combobox' || state.expanded !== 'true' || state.controls !== 'site-search-results' || !state.options) {
          report(false, what, `combobox state ${JSON.stringify(state)}`);
          continue;
        }
        await page.waitForFunction(() => /result/.test(document.getElementById('site-search-status').textContent), null, { timeout: 5000 });
        await page.keyboard.press('ArrowDown');
        const activeOk = await page.evaluate(() => {
          const input = document.getElementById('site-search-input');
          const id = input.getAttribute('aria-activedescendant');
          const el = id && document.getElementById(id);
          return !!el && el.getAttribute('aria-selected') === 'true' && el.getAttribute('role') === 'option';
        });
        if (!activeOk) { report(false, what, 'ArrowDown did not make the first option active'); continue; }
        // The word is chosen to find one entry first: Enter opens the active option.
        const target = new URL(path, base).href;
        const titles = await page.$$eval('#site-search-results [role="option"]', (els) => els.map((e) => e.textContent));
        await Promise.all([page.waitForURL((u) => u.href !== base + values.from, { timeout: 5000 }), page.keyboard.press('Enter')]);
        const at = page.url();
        report(at === target, what, at === target ? '' : `opened ${at}, expected ${target} (results: ${titles.join(' | ')})`);
      } catch (e) {
        report(false, what, e.message.split('\n')[0]);
      }
    }
    report(errors.length === 0, `${name} no script errors`, errors.join('; '));
    await context.close();
    // Without JavaScript the box is a form that opens the A–Z list.
    const plain = await browser.newContext({ javaScriptEnabled: false });
    const p = await plain.newPage();
    try {
      await p.goto(base + values.from);
      await p.focus('#site-search-input');
      await p.keyboard.type(finds[0].word);
      await Promise.all([p.waitForURL(/entries\.html/, { timeout: 5000 }), p.keyboard.press('Enter')]);
      const opened = new URL(p.url());
      const ok = opened.pathname.endsWith('/entries.html') && (await p.locator('h1').textContent()).includes('A–Z');
      report(ok, `${name} without JavaScript, Enter opens entries.html`, ok ? '' : `opened ${p.url()}`);
    } catch (e) {
      report(false, `${name} without JavaScript`, e.message.split('\n')[0]);
    }
    await plain.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`search: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
