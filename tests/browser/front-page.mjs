#!/usr/bin/env node
// front-page.mjs — measures a built stratsite site's front page and one-pager in headless
// Chromium, as a reader meets them.
//
// Usage (after `npm ci --prefix tests/browser`):
//   node tests/browser/front-page.mjs DIR [--desktop-max PX] [--phone-max PX]
//        [--screenshots OUTDIR] [--shoot PAGE]...
//
// For the built site folder DIR, opened from file:// it checks:
//   1. index.html at 1280×800 and at 390×844: its full height, printed with how many screens
//      it makes, at most --desktop-max and --phone-max px (when given);
//   2. the header's menu at 1280 px: every item on one line, on every page given with --shoot
//      and on index.html;
//   3. index.html and print.html: no commitment is linked twice from the page's <main>, so no
//      commitment's rows are repeated;
//   4. print.html printed to PDF on A4 and on US Letter: one sheet each, the count printed;
//   5. with --screenshots OUTDIR, full-page PNGs of index.html and of every --shoot page at
//      1280 and 390 px wide, light and dark: NAME-{1280,390}-{light,dark}.png.
//
// Output: a line per measure, then `front-page: N passed, M failed` (N, M count checks).
// Exit status: 0 all passed, 1 anything failed, 2 bad usage, 77 a prerequisite is missing
// (a failure with STRATSITE_REQUIRE_BROWSER=1).

import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { findChromium } from './chromium.mjs';

const SKIP_EXIT = 77;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function usage(message) {
  console.error(`front-page: ${message}\nusage: node front-page.mjs DIR [--desktop-max PX] ` +
    '[--phone-max PX] [--screenshots OUTDIR] [--shoot PAGE]...');
  process.exit(2);
}

function parseCommandLine() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        'desktop-max': { type: 'string' },
        'phone-max': { type: 'string' },
        screenshots: { type: 'string' },
        shoot: { type: 'string', multiple: true, default: [] },
      },
    });
  } catch (err) {
    usage(err.message);
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1) usage('expected exactly one site folder');
  const siteDir = resolve(positionals[0]);
  if (!existsSync(join(siteDir, 'index.html'))) usage(`no index.html in ${siteDir}`);
  const number = (name) => {
    if (values[name] === undefined) return null;
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n <= 0) usage(`--${name} needs a number of pixels`);
    return n;
  };
  for (const p of values.shoot) {
    if (!existsSync(join(siteDir, p)) || !statSync(join(siteDir, p)).isFile()) usage(`no page ${p} in ${siteDir}`);
  }
  return {
    siteDir,
    desktopMax: number('desktop-max'),
    phoneMax: number('phone-max'),
    screenshotDir: values.screenshots && resolve(values.screenshots),
    shoot: values.shoot,
  };
}

// Runs in the page: how many lines the header's menu takes.
function menuLines() {
  const items = [...document.querySelectorAll('.site-nav li')];
  return new Set(items.map((li) => Math.round(li.getBoundingClientRect().top))).size;
}

// Runs in the page: the commitments that <main> links to more than once, with how often.
function repeatedCommitments() {
  const seen = new Map();
  for (const a of document.querySelectorAll('main a[href]')) {
    const m = a.getAttribute('href').match(/(?:^|\/)commitments\/([^/#?]+)\.html$/);
    if (m) seen.set(m[1], (seen.get(m[1]) ?? 0) + 1);
  }
  return { linked: seen.size, repeated: [...seen].filter(([, n]) => n > 1) };
}

async function main() {
  const { siteDir, desktopMax, phoneMax, screenshotDir, shoot } = parseCommandLine();
  let chromiumModule;
  try {
    ({ chromium: chromiumModule } = await import('playwright-core'));
  } catch (err) {
    return skip(`node packages missing (run \`npm ci --prefix tests/browser\`): ${err.message.split('\n')[0]}`);
  }
  const executablePath = findChromium();
  if (!executablePath) return skip('no Chromium (set STRATSITE_CHROMIUM or install chromium)');

  let passed = 0;
  let failed = 0;
  const check = (ok, line) => {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${line}`);
    if (ok) passed += 1; else failed += 1;
  };
  const url = (p) => pathToFileURL(join(siteDir, p)).href;
  const userDataDir = mkdtempSync(join(tmpdir(), 'stratsite-front-'));
  let context;
  try {
    context = await chromiumModule.launchPersistentContext(userDataDir, {
      executablePath, headless: true, args: CHROMIUM_ARGS, viewport: DESKTOP,
    });
    const page = context.pages()[0] ?? await context.newPage();

    for (const [size, max] of [[DESKTOP, desktopMax], [PHONE, phoneMax]]) {
      await page.setViewportSize(size);
      await page.goto(url('index.html'), { waitUntil: 'load' });
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      const screens = (height / size.height).toFixed(2);
      const budget = max === null ? '' : ` (at most ${max} px)`;
      check(max === null || height <= max,
        `index.html at ${size.width}×${size.height}: ${height} px tall, ${screens} screens${budget}`);
    }

    await page.setViewportSize(DESKTOP);
    for (const p of ['index.html', ...shoot.filter((s) => s !== 'index.html')]) {
      await page.goto(url(p), { waitUntil: 'load' });
      const lines = await page.evaluate(menuLines);
      check(lines === 1, `${p} at 1280 px: the menu takes ${lines} ${lines === 1 ? 'line' : 'lines'}`);
    }

    for (const p of ['index.html', 'print.html']) {
      if (!existsSync(join(siteDir, p))) continue;
      await page.goto(url(p), { waitUntil: 'load' });
      const { linked, repeated } = await page.evaluate(repeatedCommitments);
      const named = repeated.map(([id, n]) => `${id} ×${n}`).join(', ');
      check(repeated.length === 0, `${p}: links ${linked} commitments, ` +
        (repeated.length ? `${repeated.length} more than once: ${named}` : 'each once'));
    }

    if (existsSync(join(siteDir, 'print.html'))) {
      await page.goto(url('print.html'), { waitUntil: 'load' });
      for (const format of ['A4', 'Letter']) {
        const pdf = (await page.pdf({ format })).toString('latin1');
        const sheets = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
        check(sheets === 1, `print.html on ${format}: ${sheets} ${sheets === 1 ? 'sheet' : 'sheets'}`);
      }
    }

    if (screenshotDir) {
      mkdirSync(screenshotDir, { recursive: true });
      const saved = [];
      for (const p of ['index.html', ...shoot.filter((s) => s !== 'index.html')]) {
        for (const size of [DESKTOP, PHONE]) {
          for (const colorScheme of ['light', 'dark']) {
            await page.setViewportSize(size);
            await page.emulateMedia({ colorScheme });
            await page.goto(url(p), { waitUntil: 'load' });
            const file = join(screenshotDir,
              `${p.replace(/\.html$/, '').replaceAll('/', '-')}-${size.width}-${colorScheme}.png`);
            await page.screenshot({ path: file, fullPage: true });
            saved.push(file);
          }
        }
      }
      console.log(`screenshots: ${saved.join(', ')}`);
    }
  } finally {
    await context?.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  console.log(`front-page: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

function skip(reason) {
  if (process.env.STRATSITE_REQUIRE_BROWSER === '1') {
    console.log(`front-page: missing prerequisite (STRATSITE_REQUIRE_BROWSER=1): ${reason}`);
    console.log('front-page: 0 passed, 1 failed');
    return 1;
  }
  console.log(`front-page: skipped: ${reason}`);
  return SKIP_EXIT;
}

process.exitCode = await main().catch((err) => {
  console.log(`front-page: crashed: ${err.stack ?? err}`);
  console.log('front-page: 0 passed, 1 failed');
  return 1;
});
