// Headless Chromium test of the sitrep dashboard, as a person would use it.
// Usage: SITREP_URL=http://127.0.0.1:PORT node dashboard.test.mjs
// Every request that does not go to 127.0.0.1 is aborted (the page must work offline).
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const BASE = (process.env.SITREP_URL || 'http://127.0.0.1:8642').replace(/\/$/, '');
const OUT = process.env.OUT_DIR || join(dirname(fileURLToPath(import.meta.url)), 'out');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SEED = 'isis-k-ghor-2018';
mkdirSync(OUT, { recursive: true });

let passed = 0, failed = 0;
const failures = [];
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok   ${name}${detail ? ' — ' + detail : ''}`); }
  else { failed++; failures.push(name); console.log(`FAIL ${name}${detail ? ' — ' + detail : ''}`); }
}

// Data is hostile input (article text, actor names, notes): the page builds DOM with
// createElement/textContent only. Check the shipped scripts never parse HTML from strings.
const ASSETS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'crates', 'sitrep-serve', 'assets');
const scripts = [];
const walk = (d) => { for (const e of readdirSync(d, { withFileTypes: true })) { const p = join(d, e.name); if (e.isDirectory()) walk(p); else if (/\.m?js$/.test(e.name) && !p.includes(join('assets', 'vendor'))) scripts.push(p); } };
walk(ASSETS);
const unsafe = scripts.filter((p) => /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval)\b|new Function\b/.test(readFileSync(p, 'utf8')));
check('page scripts never turn strings into HTML or code', scripts.length > 0 && unsafe.length === 0, unsafe.join(', ') || `${scripts.length} scripts`);

const profile = mkdtempSync(join(tmpdir(), 'sitrep-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const blocked = [];
await context.route('**/*', (route) => {
  const url = new URL(route.request().url());
  if (url.hostname === '127.0.0.1') return route.continue();
  blocked.push(url.href);
  return route.abort();
});
const consoleErrors = [];
const page = context.pages()[0] || await context.newPage();
page.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
page.on('pageerror', (err) => consoleErrors.push(String(err)));
page.setDefaultTimeout(15000);

const ready = () => page.waitForSelector('body[data-state="ready"]', { state: 'attached' });
const shot = (name, fullPage = false) => page.screenshot({ path: join(OUT, name), fullPage });

try {
  await page.goto(BASE + '/', { waitUntil: 'load' });
  await ready();
  await shot('dashboard.png');
  await shot('dashboard-full.png', true);

  // Map: 34 provinces, those with data shaded
  const prov = await page.$$eval('#map path.prov', (ps) => ps.map((p) => ({
    name: p.getAttribute('data-admin1'), value: Number(p.getAttribute('data-value')), cls: p.getAttribute('class'),
    title: p.querySelector('title') ? p.querySelector('title').textContent : '', fill: getComputedStyle(p).fill,
  })));
  check('map has 34 province paths', prov.length === 34, `${prov.length}`);
  const shaded = prov.filter((p) => p.value > 0 && /\bq[1-5]\b/.test(p.cls));
  check('map shades >= 30 provinces with data', shaded.length >= 30, `${shaded.length} shaded`);
  const blank = prov.filter((p) => !(p.value > 0));
  check('provinces without data have the base fill', blank.every((p) => !/\bq[1-5]\b/.test(p.cls)) && new Set(shaded.map((p) => p.fill)).size > 1,
    `${blank.length} without data; ${new Set(shaded.map((p) => p.fill)).size} shades in use`);
  check('every province has a <title>', prov.every((p) => p.title.includes(p.name)));
  const points = await page.$$eval('#map circle.pt', (cs) => cs.length);
  check('map shows incident points', points > 100, `${points}`);

  // Timeline
  const bars = await page.$$eval('#timeline rect.bar', (rs) => rs.filter((r) => r.querySelector('title') && Number(r.getAttribute('height')) > 0).length);
  check('timeline has > 50 bars with tooltips', bars > 50, `${bars}`);
  const legend = await page.$$eval('#timeline-legend span.sw', (x) => x.length);
  check('timeline has a legend', legend >= 2, `${legend} event types`);
  const years = await page.$$eval('#timeline .axis text', (ts) => ts.map((t) => t.textContent).filter((t) => /^(19|20)\d\d$/.test(t)).length);
  check('timeline x-axis has years', years >= 5, `${years} year labels`);

  // Network: the Taliban - ISKP hostile edge from the seed article
  const edges = await page.$$eval('#network .edge', (es) => es.map((e) => [e.getAttribute('data-source'), e.getAttribute('data-target'), e.getAttribute('data-relation')]));
  const pair = new Set(['Taliban', 'Islamic State Khorasan Province']);
  const hostile = edges.find(([a, b, r]) => pair.has(a) && pair.has(b) && a !== b && r === 'hostile');
  check('network has the Taliban - Islamic State Khorasan Province hostile edge', !!hostile, `${edges.length} edges`);
  const colour = await page.$eval('#network .edge[data-relation="hostile"]', (e) => getComputedStyle(e).stroke).catch(() => '');
  check('hostile edges are red', /^rgb\((1\d\d|2\d\d), \d{1,2}, \d{1,2}\)$/.test(colour), colour);
  const nodes = await page.$$eval('#network .node[data-actor]', (ns) => ns.map((n) => n.getAttribute('data-actor')));
  check('network nodes carry data-actor', nodes.includes('Taliban') && nodes.includes('Islamic State Khorasan Province'), `${nodes.length} nodes`);

  // Table before filtering
  const before = await page.$$eval('#incidents tbody tr[data-incident-id]', (rs) => rs.length);
  check('incident table shows a page of rows', before === 50, `${before}`);

  // Click Ghor: the table is filtered to Ghor, the URL gains admin1=Ghor
  await page.click('#map path.prov[data-admin1="Ghor"]');
  await page.waitForURL(/[?&]admin1=Ghor(&|$)/);
  await ready();
  const rows = await page.$$eval('#incidents tbody tr[data-incident-id]', (rs) => rs.map((r) => ({
    id: r.getAttribute('data-incident-id'), admin1: r.getAttribute('data-admin1'), place: r.children[3].textContent,
  })));
  check('URL has admin1=Ghor', /[?&]admin1=Ghor(&|$)/.test(page.url()), page.url());
  check('clicking Ghor filters the table to Ghor', rows.length > 0 && rows.every((r) => r.admin1 === 'Ghor' && r.place.includes('Ghor')), `${rows.length} rows`);
  const selected = await page.$$eval('#map path.prov.selected', (ps) => ps.map((p) => p.getAttribute('data-admin1')));
  check('Ghor is outlined on the map', selected.length === 1 && selected[0] === 'Ghor', selected.join(','));
  check('province filter field shows Ghor', (await page.inputValue('#filters input[name=admin1]')) === 'Ghor');
  await shot('ghor.png');

  // Open a Ghor incident: the seed article's evidence sentence is highlighted
  let found = null;
  for (const r of rows) {
    await page.click(`#incidents tbody tr[data-incident-id="${r.id}"]`);
    await page.waitForSelector(`#panel-body[data-incident-id="${r.id}"]`, { state: 'attached' });
    const marks = await page.$$eval('#panel .report', (reps) => reps.flatMap((rep) => [...rep.querySelectorAll('mark')].map((m) => ({ doc: rep.getAttribute('data-doc-id'), text: m.textContent }))));
    const hit = marks.find((m) => m.doc.includes(SEED) && m.text.includes('Ghor'));
    if (hit) { found = { id: r.id, ...hit }; break; }
  }
  check('a Ghor incident shows a <mark> evidence sentence from the seed article', !!found, found ? `incident ${found.id}: “${found.text.slice(0, 80)}…”` : 'none');
  if (found) {
    const full = await page.$eval('#panel .report .doctext', (d) => d.textContent);
    check('the report text is the whole article around the evidence', full.length > found.text.length * 2 && full.includes(found.text), `${full.length} chars`);
    await shot('incident.png');
  }

  // Back: the filter goes away (popstate)
  await page.click('#panel-close');
  await page.goBack();
  await page.waitForURL((u) => !u.search.includes('admin1='));
  await ready();
  const after = await page.$$eval('#incidents tbody tr[data-incident-id]', (rs) => rs.length);
  const sel2 = await page.$$eval('#map path.prov.selected', (ps) => ps.length);
  check('back restores the unfiltered view', after === before && sel2 === 0, `${after} rows`);

  // Actor: clicking a node opens the profile with strength claims and sets the filter
  await page.click('#network .node[data-actor="Islamic State Khorasan Province"] circle');
  await page.waitForURL(/[?&]actor=Islamic\+State\+Khorasan\+Province(&|$)/);
  await page.waitForSelector('#panel-body[data-actor="Islamic State Khorasan Province"]', { state: 'attached' });
  await ready();
  const profileText = await page.$eval('#panel-body', (b) => b.textContent);
  const chart = await page.$$eval('#strength-chart circle', (c) => c.length);
  check('actor panel shows strength claims with sources', chart > 0 && /1,000–2,000/.test(profileText) && profileText.includes(SEED), `${chart} points`);
  check('actor panel shows the hostile relation', /hostile/.test(profileText) && profileText.includes('Taliban'));
  const actorRows = await page.$$eval('#incidents tbody tr[data-incident-id]', (rs) => rs.length);
  check('the actor filter applies to the table', actorRows > 0 && actorRows < before, `${actorRows} rows`);
  await shot('actor.png');

  // Shared URL: loading a filtered view directly restores it
  await page.goto(BASE + '/?admin1=Ghor&since=2018-01-01', { waitUntil: 'load' });
  await ready();
  const shared = await page.$$eval('#incidents tbody tr[data-incident-id]', (rs) => rs.map((r) => [r.getAttribute('data-admin1'), r.children[0].textContent]));
  check('a shared URL restores its filters', shared.length > 0 && shared.every(([a, d]) => a === 'Ghor' && d >= '2018-01-01')
    && (await page.inputValue('#filters input[name=since]')) === '2018-01-01', `${shared.length} rows`);

  // Hostile input: a report whose text carries <script> and an <img onerror> is shown as text
  await page.goto(BASE + '/?admin1=Bamyan', { waitUntil: 'load' });
  await ready();
  const bamyan = await page.$$eval('#incidents tbody tr[data-incident-id]', (rs) => rs.map((r) => r.getAttribute('data-incident-id')));
  let literal = 0, injected = 0;
  for (const id of bamyan) {
    await page.click(`#incidents tbody tr[data-incident-id="${id}"]`);
    await page.waitForSelector(`#panel-body[data-incident-id="${id}"]`, { state: 'attached' });
    const t = await page.$eval('#panel-body', (b) => ({ text: b.textContent, tags: b.querySelectorAll('script, img, iframe, object').length }));
    if (t.text.includes('<script>window.__pwned = 1</script>') && t.text.includes('onerror=')) literal++;
    injected += t.tags;
  }
  await page.waitForTimeout(200);
  const pwned = await page.evaluate(() => window.__pwned);
  check('markup in a report is shown as text and never runs', bamyan.length > 0 && literal > 0 && injected === 0 && pwned === undefined,
    `${bamyan.length} Bamyan incidents, ${literal} showing the markup as text, ${injected} injected elements, __pwned=${pwned}`);
  await shot('hostile.png');

  // Clear (after closing the panel, which covers the right of the page)
  await page.keyboard.press('Escape');
  await page.click('#clear');
  await ready();
  check('clear removes every filter', !new URL(page.url()).search && (await page.$$eval('#incidents tbody tr[data-incident-id]', (rs) => rs.length)) === before);
} catch (err) {
  check('test ran to the end', false, String(err && err.stack ? err.stack : err));
  await shot('failure.png').catch(() => {});
} finally {
  check('no request left 127.0.0.1', blocked.length === 0, blocked.slice(0, 5).join(' '));
  check('no console errors', consoleErrors.length === 0, consoleErrors.slice(0, 5).join(' | '));
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`screenshots: ${OUT}`);
if (failures.length) console.log(`failed: ${failures.join('; ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
