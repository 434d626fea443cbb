#!/usr/bin/env node
// check-site.mjs — checks a built stratsite site with real tools: the Nu HTML
// Checker (vnu.jar, on the machine's Java) and headless Chromium with axe-core.
//
// Usage (after `npm ci --prefix tests/browser`):
//   node tests/browser/check-site.mjs DIR [--subpath /repo/] [--screenshots OUTDIR]
//
// For the built site folder DIR it:
//   1. validates every *.html in DIR with one `java -jar vnu.jar` run; any error
//      fails its page (warnings are listed and counted, but do not fail);
//   2. serves DIR on 127.0.0.1 (ephemeral port) under the subpath (default
//      /repo/, as on a project page) and opens every page in headless Chromium:
//      axe-core violations of impact serious or critical fail the page (axe runs
//      in full with the light colour scheme, and its colour rules again in dark);
//      so do uncaught script errors and requests to the server that fail;
//   3. checks every <a href>, <link href>, <img src> and <script src> that is
//      not an absolute URL with a scheme (http:, mailto:, ...): it must not be
//      root-absolute ("/..." breaks under a subpath and from file://), must stay
//      inside the site, must not point at a directory ("dir/" opens a listing
//      from file://; link "dir/index.html"), must be served with status 200, and
//      its #fragment, if any, must be an element id on the target page;
//   4. prints print.html to PDF on A4 and on US Letter: each must be one sheet;
//      and every page, 390 px wide, must not scroll sideways;
//   5. with --screenshots OUTDIR, saves full-page PNGs of index.html at 1280 and
//      390 px wide, light and dark: index-{1280,390}-{light,dark}.png.
//
// Environment:
//   STRATSITE_CHROMIUM         browser binary (default /usr/bin/chromium, else
//                              chromium or chromium-browser on PATH)
//   STRATSITE_JAVA             java binary (default java on PATH; Java 17+)
//   STRATSITE_REQUIRE_BROWSER  if 1, a missing prerequisite (node_modules,
//                              Chromium, Java) is a failure instead of a skip
//
// Output: one ok/FAIL line per page with its problems (✗, failing) and notes
// (·, not failing: vnu warnings, axe moderate/minor findings), a summary, and
// last the line `browser-check: N passed, M failed` (N, M count pages; a
// problem tied to no page, such as no index.html to screenshot, counts as one
// more failed entry). Exit status: 0 all passed, 1 anything failed, 2 bad
// usage, 77 a prerequisite is missing (after printing
// `browser-check: skipped: REASON`; a failure with STRATSITE_REQUIRE_BROWSER=1).

import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findChromium } from './chromium.mjs';

const SKIP_EXIT = 77;
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const FAILING_IMPACTS = new Set(['serious', 'critical']);
const DARK_MODE_AXE_RULES = ['color-contrast', 'link-in-text-block'];
const PHONE = { width: 390, height: 844 };
const SCREENSHOT_SIZES = [{ width: 1280, height: 800 }, PHONE];
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.webp': 'image/webp', '.ico': 'image/x-icon',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.pdf': 'application/pdf',
};

function usage(message) {
  console.error(`check-site: ${message}\n` +
    'usage: node check-site.mjs DIR [--subpath /repo/] [--screenshots OUTDIR]');
  process.exit(2);
}

function parseCommandLine() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { subpath: { type: 'string', default: '/repo/' }, screenshots: { type: 'string' } },
    });
  } catch (err) {
    usage(err.message);
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1) usage('expected exactly one site folder');
  const siteDir = resolve(positionals[0]);
  if (!existsSync(siteDir) || !statSync(siteDir).isDirectory()) usage(`not a folder: ${siteDir}`);
  const subpath = `/${values.subpath}/`.replace(/\/+/g, '/');
  return { siteDir, subpath, screenshotDir: values.screenshots && resolve(values.screenshots) };
}

// Site-relative paths ("a/b.html", always with "/") of every HTML file in siteDir, sorted.
function listPages(siteDir) {
  return readdirSync(siteDir, { recursive: true })
    .map((p) => p.split(sep).join('/'))
    .filter((p) => p.endsWith('.html') && statSync(join(siteDir, p)).isFile())
    .sort();
}

// Returns { chromium, java, chromiumModule, axePath, vnuJarPath } or a string saying what is missing.
async function findPrerequisites() {
  const require = createRequire(import.meta.url);
  let chromiumModule, axePath, vnuJarPath;
  try {
    ({ chromium: chromiumModule } = await import('playwright-core'));
    axePath = require.resolve('axe-core/axe.min.js');
    vnuJarPath = String(require('vnu-jar'));
  } catch (err) {
    return `node packages missing (run \`npm ci --prefix tests/browser\`): ${err.message.split('\n')[0]}`;
  }
  const chromium = findChromium();
  if (!chromium) return 'Chromium not found (apt-get install chromium, or set STRATSITE_CHROMIUM)';
  const java = process.env.STRATSITE_JAVA || 'java';
  if (spawnSync(java, ['-version']).status !== 0) return `Java not runnable as "${java}" (apt-get install default-jre-headless, or set STRATSITE_JAVA)`;
  return { chromium, java, chromiumModule, axePath, vnuJarPath };
}

// Runs vnu once over all pages; resolves to { byPage: Map<page, message[]>, errors, warnings }.
function runValidator(java, vnuJarPath, siteDir, pages) {
  const args = ['-jar', vnuJarPath, '--format', 'json', '--stdout', '--exit-zero-always',
    '--skip-info-messages', ...pages.map((p) => join(siteDir, p))];
  return new Promise((done, fail) => {
    const child = spawn(java, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', fail);
    child.on('close', (code) => {
      let messages;
      try {
        ({ messages } = JSON.parse(stdout));
      } catch {
        fail(new Error(`vnu exited with ${code} without a JSON report:\n${stderr || stdout}`));
        return;
      }
      const byPage = new Map();
      let errors = 0;
      let warnings = 0;
      for (const m of messages) {
        const isWarning = m.type === 'info';
        if (isWarning) warnings += 1; else errors += 1;
        const page = m.url ? relative(siteDir, fileURLToPath(m.url)).split(sep).join('/') : '(vnu)';
        const where = m.lastLine ? `line ${m.lastLine}` : 'document';
        const text = `vnu ${isWarning ? 'warning' : m.type === 'error' ? 'error' : m.type}: ${where}: ${m.message}`;
        if (!byPage.has(page)) byPage.set(page, []);
        byPage.get(page).push({ failing: !isWarning, text });
      }
      done({ byPage, errors, warnings });
    });
  });
}

// Serves siteDir under subpath; "dir/" serves dir/index.html, "dir" redirects to "dir/".
function startServer(siteDir, subpath) {
  const server = createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = resolve(siteDir, `./${pathname.slice(subpath.length)}`);
    const inside = pathname.startsWith(subpath) && (file === siteDir || file.startsWith(siteDir + sep));
    const stat = inside && existsSync(file) ? statSync(file) : null;
    if (stat?.isDirectory() && !pathname.endsWith('/')) {
      res.writeHead(301, { Location: `${pathname}/` }).end();
    } else if (stat?.isDirectory() && existsSync(join(file, 'index.html'))) {
      res.writeHead(200, { 'Content-Type': CONTENT_TYPES['.html'] });
      (req.method === 'HEAD' ? res.end() : createReadStream(join(file, 'index.html')).pipe(res));
    } else if (stat?.isFile()) {
      res.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' });
      (req.method === 'HEAD' ? res.end() : createReadStream(file).pipe(res));
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

// Runs in the page: every element id and every checked URL attribute, as written.
function collectIdsAndReferences() {
  const refs = [];
  for (const [selector, attr] of [['a[href]', 'href'], ['link[href]', 'href'], ['img[src]', 'src'], ['script[src]', 'src']]) {
    for (const el of document.querySelectorAll(selector)) {
      refs.push({ element: el.localName, attr, value: el.getAttribute(attr).trim() });
    }
  }
  return { ids: [...document.querySelectorAll('[id]')].map((el) => el.id), refs, baseURI: document.baseURI };
}

function describeAxeViolations(violations) {
  return violations.map((v) => {
    const targets = v.nodes.map((n) => n.target.join(' ')).join(', ');
    return `${v.id} (${v.impact}): ${v.help} — ${targets}`;
  });
}

// Opens one page and returns { failures: string[], notes: string[], ids, refs, baseURI }.
async function visitPage(page, url, axePath) {
  const failures = [];
  const notes = [];
  const onPageError = (err) => failures.push(`script error: ${err.message}`);
  const onResponse = (res) => {
    if (res.status() >= 400 && res.url().startsWith(new URL(url).origin)) {
      failures.push(`request failed: ${new URL(res.url()).pathname} (${res.status()})`);
    }
  };
  page.on('pageerror', onPageError);
  page.on('response', onResponse);
  try {
    await page.emulateMedia({ colorScheme: 'light' });
    const response = await page.goto(url, { waitUntil: 'load' });
    if (response?.status() !== 200) failures.push(`page itself returned ${response?.status()}`);
    const found = await page.evaluate(collectIdsAndReferences);
    await page.addScriptTag({ path: axePath });
    const light = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await page.evaluate((rules) => window.axe.run(document, { runOnly: rules, resultTypes: ['violations'] }),
      DARK_MODE_AXE_RULES);
    for (const [scheme, result] of [['light', light], ['dark', dark]]) {
      const failing = result.violations.filter((v) => FAILING_IMPACTS.has(v.impact));
      const minor = result.violations.filter((v) => !FAILING_IMPACTS.has(v.impact));
      failures.push(...describeAxeViolations(failing).map((d) => `axe [${scheme}] ${d}`));
      notes.push(...describeAxeViolations(minor).map((d) => `axe [${scheme}] ${d}`));
    }
    failures.push(...await checkPhoneWidth(page));
    return { failures, notes, ...found };
  } finally {
    page.off('pageerror', onPageError);
    page.off('response', onResponse);
  }
}

// On a phone (390 px wide) nothing may make the page scroll sideways; wide content (code,
// tables) must scroll inside its own box. Names what sticks out.
async function checkPhoneWidth(page) {
  const before = page.viewportSize();
  await page.setViewportSize(PHONE);
  try {
    return await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= width) return [];
      const scrollsItself = (el) => {
        for (let e = el.parentElement; e; e = e.parentElement) {
          if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(e).overflowX)) return true;
        }
        return false;
      };
      const sticking = [...document.body.querySelectorAll('*')]
        .filter((el) => el.getBoundingClientRect().right > width + 1 && !scrollsItself(el))
        .slice(0, 3)
        .map((el) => `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}${el.className ? ` class="${el.className}"` : ''}>`);
      return [`wider than a ${width} px phone: scrolls sideways by ${document.documentElement.scrollWidth - width} px (${sticking.join(', ') || 'no single element'})`];
    });
  } finally {
    await page.setViewportSize(before);
  }
}

// Checks one page's references against the server and the ids of the visited pages.
async function checkReferences(visit, origin, subpath, idsByPath, statusOf) {
  const failures = [];
  for (const { element, attr, value } of visit.refs) {
    const label = `<${element} ${attr}="${value}">`;
    if (/^[a-z][a-z0-9+.-]*:/i.test(value)) continue; // has a scheme: external, not ours to check
    // GitHub Pages serves 404.html for a missing page at any depth, so only there are links
    // written from the site's own base path, which must be the subpath it is hosted under.
    const servedAnywhere = new URL(visit.baseURI).pathname === `${subpath}404.html`;
    if (value.startsWith('/') && !(servedAnywhere && value.startsWith(subpath))) {
      failures.push(`${label}: root-absolute URL breaks under a subpath and from file://; make it relative`);
      continue;
    }
    const target = new URL(value, visit.baseURI);
    if (target.origin !== origin || !target.pathname.startsWith(subpath)) {
      failures.push(`${label}: resolves to ${target.pathname}, outside the site root ${subpath}`);
      continue;
    }
    if (value !== '' && !value.startsWith('#') && target.pathname.endsWith('/')) {
      const path = value.replace(/[?#].*$/, '');
      failures.push(`${label}: points at a directory, which from file:// opens a listing; link to "${path}${path.endsWith('/') ? '' : '/'}index.html"`);
      continue;
    }
    const status = await statusOf(target.pathname);
    if (status !== 200) {
      failures.push(`${label}: ${target.pathname} returned ${status}`);
      continue;
    }
    let fragment = target.hash.slice(1);
    try {
      fragment = decodeURIComponent(fragment);
    } catch {
      // not valid percent-encoding: match the fragment as written
    }
    if (fragment === '' || fragment.toLowerCase() === 'top') continue; // both scroll to the top by spec
    const ids = idsByPath.get(target.pathname);
    if (!ids) failures.push(`${label}: has a #fragment but ${target.pathname} is not a page of the site`);
    else if (!ids.has(fragment)) failures.push(`${label}: no element with id "${fragment}" on ${target.pathname}`);
  }
  return failures;
}

// The one-page strategy must print on one sheet of A4 and of US Letter.
async function checkOnePage(page, url) {
  const failures = [];
  await page.goto(url, { waitUntil: 'load' });
  for (const format of ['A4', 'Letter']) {
    const pdf = (await page.pdf({ format })).toString('latin1');
    const sheets = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    if (sheets !== 1) failures.push(`prints on ${sheets} ${format} sheets, not one`);
  }
  return failures;
}

async function takeScreenshots(page, indexUrl, screenshotDir) {
  mkdirSync(screenshotDir, { recursive: true });
  const saved = [];
  for (const size of SCREENSHOT_SIZES) {
    for (const colorScheme of ['light', 'dark']) {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme });
      await page.goto(indexUrl, { waitUntil: 'load' });
      const file = join(screenshotDir, `index-${size.width}-${colorScheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      saved.push(file);
    }
  }
  return saved;
}

function printReport(pages, failuresByPage, notesByPage, validation, seconds) {
  let failed = 0;
  for (const page of pages) {
    const failures = [...new Set(failuresByPage.get(page))];
    const notes = [...new Set(notesByPage.get(page))];
    if (failures.length) failed += 1;
    console.log(`${failures.length ? 'FAIL' : 'ok  '} ${page}`);
    for (const f of failures) console.log(`       ✗ ${f}`);
    for (const n of notes) console.log(`       · ${n}`);
  }
  console.log(`\nsummary: ${pages.length} pages, ${failed} failed; vnu: ${validation.errors} errors, ` +
    `${validation.warnings} warnings; ${seconds.toFixed(1)} s`);
  console.log(`browser-check: ${pages.length - failed} passed, ${failed} failed`);
  return failed;
}

async function main() {
  const { siteDir, subpath, screenshotDir } = parseCommandLine();
  const pages = listPages(siteDir);
  const started = Date.now();
  const prerequisites = await findPrerequisites();
  if (typeof prerequisites === 'string') {
    if (process.env.STRATSITE_REQUIRE_BROWSER === '1') {
      console.log(`browser-check: missing prerequisite (STRATSITE_REQUIRE_BROWSER=1): ${prerequisites}`);
      console.log(`browser-check: 0 passed, ${pages.length} failed`);
      return 1;
    }
    console.log(`browser-check: skipped: ${prerequisites}`);
    return SKIP_EXIT;
  }
  const { chromium, java, chromiumModule, axePath, vnuJarPath } = prerequisites;
  if (pages.length === 0) {
    console.log(`no *.html files in ${siteDir}\nbrowser-check: 0 passed, 0 failed`);
    return 1;
  }
  console.log(`checking ${pages.length} pages of ${siteDir} under ${subpath} with ${chromium} and ${java}`);

  const failuresByPage = new Map(pages.map((p) => [p, []]));
  const notesByPage = new Map(pages.map((p) => [p, []]));
  const addTo = (map, page, items) => {
    if (!map.has(page)) map.set(page, []);
    map.get(page).push(...items);
  };
  const validation = runValidator(java, vnuJarPath, siteDir, pages); // runs while the browser works
  validation.catch(() => {}); // a failure is reported where it is awaited, not as an unhandled rejection

  const server = await startServer(siteDir, subpath);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const statuses = new Map();
  const statusOf = async (pathname) => {
    if (!statuses.has(pathname)) {
      statuses.set(pathname, (await fetch(origin + pathname, { method: 'HEAD', redirect: 'manual' })).status);
    }
    return statuses.get(pathname);
  };
  const userDataDir = mkdtempSync(join(tmpdir(), 'stratsite-chromium-'));
  let context;
  try {
    context = await chromiumModule.launchPersistentContext(userDataDir, {
      executablePath: chromium, headless: true, args: CHROMIUM_ARGS, bypassCSP: true,
      viewport: SCREENSHOT_SIZES[0],
    });
    const page = context.pages()[0] ?? await context.newPage();
    const visits = new Map();
    for (const p of pages) {
      const visit = await visitPage(page, `${origin}${subpath}${p}`, axePath);
      visits.set(p, visit);
      addTo(failuresByPage, p, visit.failures);
      addTo(notesByPage, p, visit.notes);
    }
    const idsByPath = new Map([...visits].map(([p, v]) => [`${subpath}${p}`, new Set(v.ids)]));
    for (const [p, visit] of visits) {
      addTo(failuresByPage, p, await checkReferences(visit, origin, subpath, idsByPath, statusOf));
    }
    if (pages.includes('print.html')) {
      addTo(failuresByPage, 'print.html', await checkOnePage(page, `${origin}${subpath}print.html`));
    }
    if (screenshotDir) {
      if (pages.includes('index.html')) {
        const saved = await takeScreenshots(page, `${origin}${subpath}index.html`, screenshotDir);
        console.log(`screenshots: ${saved.join(', ')}`);
      } else {
        addTo(failuresByPage, '(screenshots)', ['no index.html to take screenshots of']);
      }
    }
  } finally {
    await context?.close();
    server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }

  const validated = await validation;
  for (const [page, messages] of validated.byPage) {
    addTo(failuresByPage, page, messages.filter((m) => m.failing).map((m) => m.text));
    addTo(notesByPage, page, messages.filter((m) => !m.failing).map((m) => m.text));
  }
  const reported = [...failuresByPage.keys()];
  const failed = printReport(reported, failuresByPage, notesByPage, validated, (Date.now() - started) / 1000);
  return failed ? 1 : 0;
}

process.exitCode = await main().catch((err) => {
  console.log(`browser-check: crashed: ${err.stack ?? err}`);
  console.log('browser-check: 0 passed, 1 failed');
  return 1;
});
