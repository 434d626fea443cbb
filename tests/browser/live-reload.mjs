#!/usr/bin/env node
// live-reload.mjs — checks in headless Chromium that a page served by
// `stratsite serve --watch` follows its source by itself, with no reload from
// outside the page.
//
// Usage (after `npm ci --prefix tests/browser`, with the server running):
//   node tests/browser/live-reload.mjs URL SITE_DIR
//
// URL is the address the server printed (the site's base path, ending in /);
// SITE_DIR is the site folder it watches, which this script edits. It opens
// commitments/real-user-monitoring.html once and then, in that same tab:
//   1. edits the commitment's prose in SITE_DIR/strategy/commitments.toml and
//      waits for the new text to appear; the tab must have been reloaded by the
//      page's own live-reload client (a new document, navigation type
//      "reload"), never by this script, which navigates only once;
//   2. breaks the TOML (`owner =` becomes `ownr =`) and waits for the overlay
//      #stratsite-overlay to be visible with the diagnostic (message and
//      file:line:col), the last good text still in the page under it;
//   3. fixes the TOML and waits for the overlay to go away by itself;
//   4. opens seven more pages of the site in tabs of their own (more than the
//      six connections a browser keeps open to one server), each of which
//      must load, saves again, and waits for all eight tabs to reload.
// Each wait lasts at most 10 s.
//
// Environment:
//   STRATSITE_CHROMIUM         browser binary (default /usr/bin/chromium, else
//                              chromium or chromium-browser on PATH)
//   STRATSITE_REQUIRE_BROWSER  if 1, a missing prerequisite (node_modules,
//                              Chromium) is a failure instead of a skip
//
// Output: one ok/FAIL line per step, then `live-reload: N passed, M failed`.
// Exit status: 0 all passed, 1 anything failed, 2 bad usage, 77 a prerequisite
// is missing (after printing `live-reload: skipped: REASON`; a failure with
// STRATSITE_REQUIRE_BROWSER=1).

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findChromium } from './chromium.mjs';

const SKIP_EXIT = 77;
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const TIMEOUT_MS = 10_000;
const PAGE = 'commitments/real-user-monitoring.html';
const SOURCE = 'strategy/commitments.toml';
// A sentence of the commitment's `why`, and what step 1 writes instead.
const WHY = 'We argued about speed from lab numbers on fast phones.';
const EDITED = 'Live reload showed this sentence without a click.';
const AGAIN = 'Every open tab showed this sentence.';
const MORE_PAGES = ['index.html', 'commitments.html', 'ideas.html', 'non-goals.html',
  'assumptions.html', 'signals.html', 'changes.html'];
const GOOD_KEY = 'owner = "Tomasz Nowak"';
const BROKEN_KEY = 'ownr = "Tomasz Nowak"';

function usage(message) {
  console.error(`live-reload: ${message}\nusage: node live-reload.mjs URL SITE_DIR`);
  process.exit(2);
}

function parseCommandLine() {
  const args = process.argv.slice(2);
  if (args.length !== 2) usage('expected the server\'s URL and the site folder');
  const [url, dir] = args;
  if (!/^https?:\/\/.+\/$/.test(url)) usage(`not the site's address (http://HOST:PORT/BASE/): ${url}`);
  const siteDir = resolve(dir);
  const source = join(siteDir, SOURCE);
  if (!existsSync(source) || !statSync(source).isFile()) usage(`no ${SOURCE} in ${siteDir}`);
  return { url, source };
}

// Returns { chromium, chromiumModule } or a string saying what is missing.
async function findPrerequisites() {
  let chromiumModule;
  try {
    ({ chromium: chromiumModule } = await import('playwright-core'));
  } catch (err) {
    return `node packages missing (run \`npm ci --prefix tests/browser\`): ${err.message.split('\n')[0]}`;
  }
  const chromium = findChromium();
  if (!chromium) return 'Chromium not found (apt-get install chromium, or set STRATSITE_CHROMIUM)';
  return { chromium, chromiumModule };
}

// Replaces the first `from` in the source file; throws if it is not there.
function edit(source, from, to) {
  const text = readFileSync(source, 'utf8');
  if (!text.includes(from)) throw new Error(`${SOURCE} does not hold ${JSON.stringify(from)}`);
  writeFileSync(source, text.replace(from, to));
}

// Runs in the page: what tells one document from another.
function describeDocument() {
  const client = document.getElementById('stratsite-live');
  return {
    marked: window.liveReloadMark === true,
    navigation: performance.getEntriesByType('navigation')[0]?.type ?? null,
    build: client ? (/const build = "([^"]*)"/.exec(client.textContent)?.[1] ?? null) : null,
    href: location.href,
  };
}

// Marks the current document, so that a new one can be told from it.
async function markDocument(page) {
  await page.evaluate(() => { window.liveReloadMark = true; });
  return page.evaluate(describeDocument);
}

// Waits until the page's text contains `text`, across the page's own reloads.
async function waitForText(page, text) {
  await page.waitForFunction((t) => document.body?.textContent.includes(t), text, { timeout: TIMEOUT_MS });
}

// Checks that the document in the tab is a new one that the page loaded by reloading itself.
async function checkOwnReload(page, before, navigations) {
  const after = await page.evaluate(describeDocument);
  const problems = [];
  if (after.marked) problems.push('the tab still shows the document it showed before the save');
  if (navigations.count === 0) problems.push('the tab never navigated');
  if (after.navigation !== 'reload') problems.push(`the new document came from a "${after.navigation}" navigation, not location.reload()`);
  if (after.href !== before.href) problems.push(`the tab moved from ${before.href} to ${after.href}`);
  if (!after.build || after.build === before.build) problems.push(`the page still names build ${JSON.stringify(after.build)}`);
  return { after, problems };
}

async function main() {
  const { url, source } = parseCommandLine();
  const prerequisites = await findPrerequisites();
  if (typeof prerequisites === 'string') {
    if (process.env.STRATSITE_REQUIRE_BROWSER === '1') {
      console.log(`live-reload: missing prerequisite (STRATSITE_REQUIRE_BROWSER=1): ${prerequisites}`);
      console.log('live-reload: 0 passed, 4 failed');
      return 1;
    }
    console.log(`live-reload: skipped: ${prerequisites}`);
    return SKIP_EXIT;
  }
  const { chromium, chromiumModule } = prerequisites;
  const pageUrl = new URL(PAGE, url).href;
  console.log(`following ${pageUrl} in ${chromium} while editing ${source}`);

  let passed = 0;
  let failed = 0;
  const report = (name, problems, detail) => {
    if (problems.length) {
      failed += 1;
      console.log(`FAIL ${name}`);
      for (const p of problems) console.log(`       ✗ ${p}`);
    } else {
      passed += 1;
      console.log(`ok   ${name}: ${detail}`);
    }
  };

  const userDataDir = mkdtempSync(join(tmpdir(), 'stratsite-chromium-'));
  let context;
  try {
    context = await chromiumModule.launchPersistentContext(userDataDir, {
      executablePath: chromium, headless: true, args: CHROMIUM_ARGS,
    });
    const page = context.pages()[0] ?? await context.newPage();
    const scriptErrors = [];
    page.on('pageerror', (err) => scriptErrors.push(`script error: ${err.message}`));
    // Every document the tab commits; this script itself navigates only once, just below.
    const navigations = { count: 0 };
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.count += 1;
    });

    const response = await page.goto(pageUrl, { waitUntil: 'load' });
    if (response?.status() !== 200) throw new Error(`${pageUrl} returned ${response?.status()}`);
    if (!(await page.locator('#stratsite-live').count())) throw new Error('the page has no live-reload client');
    await waitForText(page, WHY);

    const steps = [
      {
        name: 'an edit to the prose appears by itself',
        save: () => edit(source, WHY, EDITED),
        arrived: async () => waitForText(page, EDITED),
        check: async () => [],
      },
      {
        name: 'a broken source shows the overlay over the last good page',
        save: () => edit(source, GOOD_KEY, BROKEN_KEY),
        arrived: async () => page.locator('#stratsite-overlay').waitFor({ state: 'visible', timeout: TIMEOUT_MS }),
        check: async () => {
          const problems = [];
          const overlay = await page.locator('#stratsite-overlay').innerText();
          for (const expected of ['unknown key `ownr`', `${SOURCE}:`, 'did you mean `owner`?']) {
            if (!overlay.includes(expected)) problems.push(`the overlay does not say ${JSON.stringify(expected)}:\n${overlay}`);
          }
          const text = await page.evaluate(() => document.body.textContent);
          if (!text.includes(EDITED)) problems.push('the last good text is gone from the page');
          return problems;
        },
      },
      {
        name: 'fixing the source removes the overlay by itself',
        save: () => edit(source, BROKEN_KEY, GOOD_KEY),
        arrived: async () => {
          await page.locator('#stratsite-overlay').waitFor({ state: 'detached', timeout: TIMEOUT_MS });
          await page.waitForLoadState('domcontentloaded');
        },
        check: async () => {
          const problems = [];
          if (!(await page.evaluate((t) => document.body.textContent.includes(t), EDITED))) {
            problems.push('the fixed page lost the edited text');
          }
          // The overlay must stay away, not just blink out while the page reloads.
          await page.waitForTimeout(500);
          if (await page.locator('#stratsite-overlay').count()) problems.push('the overlay came back');
          return problems;
        },
      },
      {
        name: `${MORE_PAGES.length + 1} open tabs of the site all load and all follow a save`,
        open: async () => {
          for (const rel of MORE_PAGES) {
            const tab = await context.newPage();
            tab.on('pageerror', (err) => scriptErrors.push(`script error in ${rel}: ${err.message}`));
            const loaded = await tab.goto(new URL(rel, url).href, { waitUntil: 'load', timeout: TIMEOUT_MS })
              .catch((err) => { throw new Error(`tab ${rel} did not load: ${err.message.split('\n')[0]}`); });
            if (loaded?.status() !== 200) throw new Error(`tab ${rel} returned ${loaded?.status()}`);
            others.push({ rel, tab, before: await markDocument(tab) });
          }
        },
        save: () => edit(source, EDITED, AGAIN),
        arrived: async () => {
          await waitForText(page, AGAIN);
          for (const { tab } of others) {
            await tab.waitForFunction(() => window.liveReloadMark !== true, null, { timeout: TIMEOUT_MS });
            await tab.waitForLoadState('domcontentloaded');
          }
        },
        check: async () => {
          const problems = [];
          for (const { rel, tab, before } of others) {
            const after = await tab.evaluate(describeDocument);
            if (after.navigation !== 'reload') problems.push(`tab ${rel}: a "${after.navigation}" navigation, not location.reload()`);
            if (!after.build || after.build === before.build) problems.push(`tab ${rel}: still names build ${JSON.stringify(after.build)}`);
          }
          return problems;
        },
      },
    ];
    const others = [];

    for (const step of steps) {
      let problems;
      let detail = '';
      try {
        await step.open?.();
        const before = await markDocument(page);
        navigations.count = 0;
        const started = performance.now();
        step.save();
        await step.arrived();
        const ms = performance.now() - started;
        const own = await checkOwnReload(page, before, navigations);
        problems = [...own.problems, ...(await step.check())];
        detail = `${ms.toFixed(0)} ms after the save, by the page's own reload (build ${before.build} -> ${own.after.build})`;
      } catch (err) {
        problems = [err.message.split('\n')[0]];
      }
      problems.push(...scriptErrors.splice(0));
      report(step.name, problems, detail);
    }
  } finally {
    await context?.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  console.log(`live-reload: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

process.exitCode = await main().catch((err) => {
  console.log(`live-reload: crashed: ${err.stack ?? err}`);
  console.log('live-reload: 0 passed, 1 failed');
  return 1;
});
