// sitrep dashboard. Vanilla ES2020 module, plain SVG, no network beyond this server's /api.
// Every piece of data (article text, actor names, notes) is hostile input: the DOM is built
// with createElement/textContent only, never by parsing HTML from strings.

const SVGNS = 'http://www.w3.org/2000/svg';
const FILTER_KEYS = ['since', 'until', 'event_type', 'actor', 'country', 'admin1'];
const EVENT_TYPES = ['Battles', 'Violence against civilians', 'Explosions/Remote violence', 'Riots', 'Protests', 'Strategic developments'];
const INTER = { 1: 'State forces', 2: 'Rebel groups', 3: 'Political militias', 4: 'Identity militias', 5: 'Rioters', 6: 'Protesters', 7: 'Civilians', 8: 'External/Other forces' };
const PAGE = 50;
const MAX_NODES = 40;
const MAX_WEEKS = 300;

// ---------- DOM helpers ----------
function append(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  return node;
}
// Enter or Space on a focusable SVG shape or table row does what a click does.
function clickable(node, label) {
  node.setAttribute('tabindex', '0');
  if (label) node.setAttribute('aria-label', label);
  node.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); node.dispatchEvent(new MouseEvent('click', { bubbles: true })); }
  });
  return node;
}
function h(tag, attrs, ...children) { return append(setAttrs(document.createElement(tag), attrs), children); }
function s(tag, attrs, ...children) { return append(setAttrs(document.createElementNS(SVGNS, tag), attrs), children); }
const $ = (sel) => document.querySelector(sel);
const fmt = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'));
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
function size(svgEl, w, hgt) {
  const r = svgEl.getBoundingClientRect();
  return [Math.round(r.width) || w, Math.round(r.height) || hgt];
}
function interLabel(i) { return INTER[i] || (i === null || i === undefined || i === 0 ? '' : String(i)); }
function etIndex(t) { const i = EVENT_TYPES.indexOf(t); return i < 0 ? 6 : i; }

// ---------- state and URL ----------
let state = readURL();
let offset = 0;
let gen = 0;

function readURL() {
  const p = new URLSearchParams(location.search);
  const st = {};
  for (const k of FILTER_KEYS) st[k] = (p.get(k) || '').trim();
  st.map = p.get('map') === 'fatalities' ? 'fatalities' : 'incidents';
  st.tl = p.get('tl') === 'fatalities' ? 'fatalities' : 'incidents';
  st.interval = ['week', 'month'].includes(p.get('interval')) ? p.get('interval') : 'auto';
  return st;
}
function writeURL() {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (state[k]) p.set(k, state[k]);
  if (state.map !== 'incidents') p.set('map', state.map);
  if (state.tl !== 'incidents') p.set('tl', state.tl);
  if (state.interval !== 'auto') p.set('interval', state.interval);
  const q = p.toString();
  const url = location.pathname + (q ? '?' + q : '');
  if (url !== location.pathname + location.search) history.pushState(null, '', url);
}
function setFilters(patch) {
  Object.assign(state, patch);
  offset = 0;
  writeURL();
  refresh();
}
function filterQuery(omit = []) {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (state[k] && !omit.includes(k)) p.set(k, state[k]);
  return p.toString();
}

// ---------- API ----------
async function api(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' } });
  let body = null;
  try { body = await r.json(); } catch (_) { body = null; }
  if (!r.ok) {
    const msg = body && body.error && body.error.message ? body.error.message : `${r.status} ${r.statusText}`;
    const err = new Error(`${path.split('?')[0]}: ${msg}`);
    err.status = r.status;
    throw err;
  }
  return body;
}
const shownErrors = new Set();
function showError(err) {
  // the same bad parameter fails every panel: say it once
  const msg = String(err && err.message ? err.message : err).replace(/^\/api\/[^:]*: /, '');
  console.error(err);
  if (shownErrors.has(msg)) return;
  shownErrors.add(msg);
  const box = $('#error');
  box.hidden = false;
  append(box, [h('div', null, msg)]);
}

// ---------- refresh ----------
async function refresh() {
  const g = ++gen;
  document.body.dataset.state = 'loading';
  clear($('#error')).hidden = true;
  shownErrors.clear();
  syncControls();
  await Promise.all([renderSummary, renderMap, renderTimeline, renderNetwork, renderTable]
    .map((f) => f(g).catch((e) => { if (g === gen) showError(e); })));
  if (g === gen) document.body.dataset.state = 'ready';
}

function syncControls() {
  const form = $('#filters');
  for (const k of FILTER_KEYS) form.elements[k].value = state[k];
  for (const t of document.querySelectorAll('.toggle')) {
    for (const b of t.querySelectorAll('button')) b.setAttribute('aria-pressed', String(state[t.dataset.key] === b.dataset.value));
  }
}

// ---------- summary ----------
async function renderSummary(g) {
  const d = await api('/api/summary?' + filterQuery());
  if (g !== gen) return;
  const items = [
    ['Incidents', fmt(d.incidents)],
    ['Fatalities', fmt(d.fatalities)],
    ['Events', fmt(d.events)],
    ['Merged incidents', fmt(d.merged_incidents)],
    ['Reports', fmt(d.documents)],
    ['Near-duplicates', fmt(d.near_duplicates)],
    ['Claims', fmt(d.claims)],
    ['Period', d.first_date ? `${d.first_date} – ${d.last_date}` : '–'],
  ];
  const dl = clear($('#summary'));
  for (const [k, v] of items) dl.append(h('div', null, h('dt', null, k), h('dd', null, v)));
}

// ---------- map ----------
let geo = null;
async function renderMap(g) {
  if (!geo) geo = await api('/api/geo/admin1');
  const q = filterQuery(['admin1']); // the map shows every province; the selected one is outlined
  const [agg, pts] = await Promise.all([
    api('/api/aggregate?by=admin1' + (q ? '&' + q : '')),
    api('/api/incidents?limit=1000&offset=0' + (q ? '&' + q : '')),
  ]);
  if (g !== gen) return;
  const svgEl = clear($('#map'));
  const [W, H] = size(svgEl, 640, 400);
  svgEl.setAttribute('viewBox', `0 0 ${W} ${H}`);

  const metric = state.map;
  const byName = new Map(agg.map((a) => [String(a.key).toLowerCase(), a]));
  const points = pts.items.filter((e) => Number.isFinite(e.latitude) && Number.isFinite(e.longitude));

  // bounds: the polygons plus the points near them; points far away (another continent) would
  // shrink the provinces to a speck, so they are only counted in the caption. When no province has
  // data and every point is far away (a filter on another country), the bounds fit the points.
  let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity;
  const see = (lon, lat) => {
    if (lon < minLon) minLon = lon; if (lon > maxLon) maxLon = lon;
    if (lat < minLat) minLat = lat; if (lat > maxLat) maxLat = lat;
  };
  const polys = (geom) => (geom.type === 'Polygon' ? [geom.coordinates] : geom.type === 'MultiPolygon' ? geom.coordinates : []);
  const provNames = new Set(geo.features.map((f) => String(f.properties.name).toLowerCase()));
  const polyData = agg.some((a) => provNames.has(String(a.key).toLowerCase()));
  for (const f of geo.features) for (const poly of polys(f.geometry)) for (const ring of poly) for (const [lon, lat] of ring) see(lon, lat);
  const mx = Math.max(maxLon - minLon, maxLat - minLat, 4) * 0.6;
  const [a0, a1, b0, b1] = [minLon - mx, maxLon + mx, minLat - mx, maxLat + mx];
  const near = (p) => p.longitude >= a0 && p.longitude <= a1 && p.latitude >= b0 && p.latitude <= b1;
  if (!polyData && points.length && !points.some(near)) { minLon = minLat = Infinity; maxLon = maxLat = -Infinity; }
  let offMap = [];
  if (Number.isFinite(minLon)) {
    for (const p of points) {
      if (near(p)) see(p.longitude, p.latitude);
      else offMap.push(p);
    }
  } else for (const p of points) see(p.longitude, p.latitude);
  if (!Number.isFinite(minLon)) { minLon = 60; maxLon = 75; minLat = 29; maxLat = 39; }
  if (maxLon - minLon < 2) { minLon -= 1; maxLon += 1; }
  if (maxLat - minLat < 2) { minLat -= 1; maxLat += 1; }
  const kx = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
  const pad = 12;
  const scale = Math.min((W - 2 * pad) / ((maxLon - minLon) * kx), (H - 2 * pad) / (maxLat - minLat));
  const ox = (W - (maxLon - minLon) * kx * scale) / 2;
  const oy = (H - (maxLat - minLat) * scale) / 2;
  const px = (lon) => ox + (lon - minLon) * kx * scale;
  const py = (lat) => oy + (maxLat - lat) * scale;

  const values = agg.map((a) => a[metric] || 0);
  const max = Math.max(0, ...values);
  const cls = (v) => (v > 0 && max > 0 ? Math.min(5, Math.max(1, Math.ceil(5 * Math.log1p(v) / Math.log1p(max)))) : 0);

  const gProv = s('g', { class: 'provinces' });
  const gLab = s('g', { class: 'labels' });
  for (const f of geo.features) {
    const name = f.properties.name;
    const a = byName.get(String(name).toLowerCase());
    const v = a ? a[metric] || 0 : 0;
    let d = '';
    let best = null;
    for (const poly of polys(f.geometry)) {
      for (const ring of poly) d += 'M' + ring.map(([lon, lat]) => `${px(lon).toFixed(1)},${py(lat).toFixed(1)}`).join('L') + 'Z';
      const ring = poly[0];
      if (!best || ring.length > best.length) best = ring;
    }
    const c = cls(v);
    const selected = state.admin1 && state.admin1.toLowerCase() === String(name).toLowerCase();
    const path = s('path', {
      d, class: `prov${c ? ' q' + c : ''}${selected ? ' selected' : ''}`, 'data-admin1': name, 'data-value': v,
      'fill-rule': 'evenodd',
    }, s('title', null, `${name}${f.properties.country ? ', ' + f.properties.country : ''}: ${fmt(a ? a.incidents : 0)} incidents, ${fmt(a ? a.fatalities : 0)} fatalities${selected ? ' (selected: click to clear)' : ''}`));
    path.addEventListener('click', () => setFilters({ admin1: selected ? '' : name }));
    clickable(path, `${name}: ${selected ? 'clear the province filter' : 'filter to this province'}`);
    gProv.append(path);
    // a label only where it fits inside the province's box (small ones keep their <title>)
    const xs = best ? best.map(([lon]) => px(lon)) : [];
    const ys = best ? best.map(([, lat]) => py(lat)) : [];
    const fits = best && Math.max(...xs) - Math.min(...xs) > String(name).length * 5.2 + 4 && Math.max(...ys) - Math.min(...ys) > 14;
    if (fits) {
      const [cx, cy] = centroid(best);
      gLab.append(s('text', { x: px(cx).toFixed(1), y: py(cy).toFixed(1), class: 'prov-label' }, name));
    }
  }
  const gPts = s('g', { class: 'points' });
  for (const p of points) {
    const dim = state.admin1 && String(p.admin1 || '').toLowerCase() !== state.admin1.toLowerCase();
    const c = s('circle', {
      cx: px(p.longitude).toFixed(1), cy: py(p.latitude).toFixed(1), r: 2.6, class: 'pt' + (dim ? ' dim' : ''),
      'data-incident-id': p.incident_id,
    }, s('title', null, `${p.event_date} ${p.sub_event_type || p.event_type}: ${p.location || ''}${p.admin1 ? ', ' + p.admin1 : ''} (${p.fatalities === null ? 'fatalities unknown' : fmt(p.fatalities) + ' fatalities'})`));
    gPts.append(c);
  }
  svgEl.append(gProv, gLab, gPts);

  // legend
  const leg = clear($('#map-legend'));
  leg.append(h('span', null, metric === 'fatalities' ? 'Fatalities:' : 'Incidents:'));
  let lo = 1;
  for (let i = 1; i <= 5 && max > 0; i++) {
    const hi = Math.floor(Math.expm1((i / 5) * Math.log1p(max)));
    if (hi < lo) continue;
    leg.append(h('span', null, h('span', { class: `sw q${i}` }), hi === lo ? fmt(lo) : `${fmt(lo)}–${fmt(hi)}`));
    lo = hi + 1;
  }
  leg.append(h('span', null, h('span', { class: 'sw pt-key' }), 'incident'));
  const shaded = gProv.querySelectorAll('path.q1, path.q2, path.q3, path.q4, path.q5').length;
  $('#map-caption').textContent = `Provinces shaded by ${metric}${state.admin1 ? ' (click the outlined province again to clear the filter)' : ' (click a province to filter everything to it)'}; `
    + `${shaded} of ${geo.features.length} provinces with data; ${fmt(points.length - offMap.length)} incident points${pts.total > pts.items.length ? ` (of the newest ${fmt(pts.items.length)} of ${fmt(pts.total)} incidents)` : ''}`
    + (offMap.length ? `; ${fmt(offMap.length)} further away, outside this frame (${countBy(offMap, 'country')})` : '') + '.';
}
function countBy(items, key) {
  const m = new Map();
  for (const it of items) { const k = it[key] || 'unknown'; m.set(k, (m.get(k) || 0) + 1); }
  return [...m].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, n]) => `${k} ${n}`).join(', ');
}
function centroid(ring) {
  let a = 0, cx = 0, cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    a += f; cx += (ring[j][0] + ring[i][0]) * f; cy += (ring[j][1] + ring[i][1]) * f;
  }
  if (Math.abs(a) < 1e-12) return ring[0];
  return [cx / (3 * a), cy / (3 * a)];
}

// ---------- timeline ----------
function parsePeriod(p) {
  const t = String(p);
  const iso = t.length === 4 ? t + '-01-01' : t.length === 7 ? t + '-01' : t.slice(0, 10);
  return new Date(iso + 'T00:00:00Z');
}
function addInterval(d, interval) {
  const n = new Date(d.getTime());
  const back = interval.endsWith('back') ? -1 : 1;
  const unit = interval.replace(/back$/, '');
  if (unit === 'week') n.setUTCDate(n.getUTCDate() + 7 * back);
  else if (unit === 'month') n.setUTCMonth(n.getUTCMonth() + back);
  else if (unit === 'year') n.setUTCFullYear(n.getUTCFullYear() + back);
  else n.setUTCDate(n.getUTCDate() + back);
  return n;
}
const iso = (d) => d.toISOString().slice(0, 10);

async function renderTimeline(g) {
  const q = filterQuery();
  let interval = state.interval === 'auto' ? 'week' : state.interval;
  let rows = await api(`/api/timeline?interval=${interval}${q ? '&' + q : ''}`);
  let spanWeeks = 0;
  if (rows.length) spanWeeks = Math.round((parsePeriod(rows[rows.length - 1].period) - parsePeriod(rows[0].period)) / (7 * 864e5)) + 1;
  let switched = false;
  if (state.interval === 'auto' && spanWeeks > MAX_WEEKS) {
    interval = 'month';
    switched = true;
    rows = await api(`/api/timeline?interval=month${q ? '&' + q : ''}`);
  }
  if (g !== gen) return;
  const metric = state.tl;
  const svgEl = clear($('#timeline'));
  const [W, H] = size(svgEl, 1300, 230);
  svgEl.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const m = { l: 44, r: 10, t: 8, b: 34 };

  // group by period
  const periods = new Map();
  for (const r of rows) {
    if (!periods.has(r.period)) periods.set(r.period, []);
    periods.get(r.period).push(r);
  }
  const cap = $('#timeline-caption');
  const leg = clear($('#timeline-legend'));
  if (!periods.size) {
    svgEl.append(s('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'axis' }, 'No events for these filters'));
    cap.textContent = '';
    return;
  }
  const keys = [...periods.keys()];
  let t0 = parsePeriod(keys[0]);
  let t1 = addInterval(parsePeriod(keys[keys.length - 1]), interval);
  // a short range is widened to at least 16 periods, so one week is not one wall-wide bar
  const stepMs = addInterval(t0, interval) - t0;
  const missing = 16 - Math.round((t1 - t0) / stepMs);
  if (missing > 0) {
    for (let i = 0; i < Math.floor(missing / 2); i++) t0 = addInterval(t0, interval + 'back');
    for (let i = 0; i < Math.ceil(missing / 2); i++) t1 = addInterval(t1, interval);
  }
  const x = (d) => m.l + ((d - t0) / (t1 - t0)) * (W - m.l - m.r);
  let ymax = 0;
  for (const list of periods.values()) ymax = Math.max(ymax, list.reduce((a, r) => a + (r[metric] || 0), 0));
  if (ymax === 0) ymax = 1;
  const ticks = niceTicks(ymax, 4);
  const top = ticks[ticks.length - 1];
  const y = (v) => H - m.b - (v / top) * (H - m.t - m.b);

  const grid = s('g', { class: 'grid' });
  const yaxis = s('g', { class: 'axis' });
  for (const t of ticks) {
    grid.append(s('line', { x1: m.l, x2: W - m.r, y1: y(t), y2: y(t) }));
    yaxis.append(s('text', { x: m.l - 6, y: y(t) + 3, 'text-anchor': 'end' }, fmt(t)));
  }
  // x axis: years, plus months when the range is short
  const xaxis = s('g', { class: 'axis' });
  xaxis.append(s('line', { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b }));
  const years = t1.getUTCFullYear() - t0.getUTCFullYear();
  const showMonths = (t1 - t0) < 3 * 365 * 864e5;
  const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const yearStep = years > 30 ? 5 : years > 15 ? 2 : 1;
  for (let d = new Date(Date.UTC(t0.getUTCFullYear(), t0.getUTCMonth(), 1)); d <= t1; d.setUTCMonth(d.getUTCMonth() + 1)) {
    if (d < t0) continue;
    const isYear = d.getUTCMonth() === 0;
    if (isYear && d.getUTCFullYear() % yearStep === 0) {
      xaxis.append(s('line', { x1: x(d), x2: x(d), y1: H - m.b, y2: H - m.b + 10 }));
      xaxis.append(s('text', { x: x(d) + 2, y: H - m.b + 22 }, String(d.getUTCFullYear())));
    } else if (showMonths) {
      xaxis.append(s('line', { x1: x(d), x2: x(d), y1: H - m.b, y2: H - m.b + 4 }));
      xaxis.append(s('text', { x: x(d) + 2, y: H - m.b + 12 }, monthNames[d.getUTCMonth()]));
    }
  }
  if (years === 0) xaxis.append(s('text', { x: m.l, y: H - m.b + 22 }, String(t0.getUTCFullYear())));

  const bars = s('g', { class: 'bars' });
  const present = new Set();
  for (const [p, list] of periods) {
    const d0 = parsePeriod(p);
    const d1 = addInterval(d0, interval);
    const bx = x(d0);
    const bw = Math.max(1.2, x(d1) - bx - (x(d1) - bx > 4 ? 1 : 0));
    let acc = 0;
    list.sort((a, b) => etIndex(a.event_type) - etIndex(b.event_type));
    for (const r of list) {
      const v = r[metric] || 0;
      present.add(r.event_type);
      if (v <= 0) continue;
      const rect = s('rect', {
        x: bx.toFixed(2), width: bw.toFixed(2), y: y(acc + v).toFixed(2), height: Math.max(0.5, y(acc) - y(acc + v)).toFixed(2),
        class: `bar et-${etIndex(r.event_type)}`, 'data-period': p, 'data-event-type': r.event_type,
      }, s('title', null, `${interval === 'week' ? 'Week of ' : ''}${p} — ${r.event_type}: ${fmt(r.incidents)} events, ${fmt(r.fatalities)} fatalities`));
      rect.addEventListener('click', () => setFilters({ since: iso(d0), until: iso(new Date(d1 - 864e5)) }));
      bars.append(rect);
      acc += v;
    }
  }
  svgEl.append(grid, yaxis, xaxis, bars);
  for (const t of [...EVENT_TYPES, ...[...present].filter((t) => !EVENT_TYPES.includes(t))]) {
    if (!present.has(t)) continue;
    leg.append(h('span', null, h('span', { class: `sw et-${etIndex(t)}` }), t));
  }
  const what = metric === 'fatalities' ? 'Fatalities' : 'Events';
  cap.textContent = switched
    ? `${what} per month, stacked by event type: the range spans ${fmt(spanWeeks)} weeks (more than ${MAX_WEEKS}), so bars are months. Click a bar to filter to its period.`
    : `${what} per ${interval}, stacked by event type (${fmt(periods.size)} ${interval}${periods.size === 1 ? '' : 's'} with data). Click a bar to filter to its period.`;
}
function niceTicks(max, n) {
  const raw = max / n;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((st) => st >= raw) || raw;
  const st = Math.max(step, 1);
  const out = [];
  for (let v = 0; v < max + st; v += st) { out.push(v); if (v >= max) break; }
  return out;
}

// ---------- actor network ----------
function mulberry32(a) {
  return function () {
    a |= 0; a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
// Fruchterman-Reingold with gravity; seeded so the picture (and the test) is stable.
function layout(nodes, links, W, H) {
  const rnd = mulberry32(20180328);
  const n = nodes.length;
  const cx = W / 2, cy = H / 2;
  nodes.forEach((nd, i) => {
    const a = i * 2.399963, r = 14 * Math.sqrt(i + 0.5);
    nd.x = cx + r * Math.cos(a) + (rnd() - 0.5) * 4;
    nd.y = cy + r * Math.sin(a) + (rnd() - 0.5) * 4;
  });
  const k = 0.75 * Math.sqrt((W * H) / Math.max(n, 1));
  let temp = W / 8;
  const iters = 320;
  for (let it = 0; it < iters; it++) {
    const dx = new Float64Array(n), dy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let ex = nodes[i].x - nodes[j].x, ey = nodes[i].y - nodes[j].y;
        let d = Math.hypot(ex, ey);
        if (d < 0.01) { ex = rnd() - 0.5; ey = rnd() - 0.5; d = Math.hypot(ex, ey); }
        const minD = nodes[i].r + nodes[j].r + 6;
        const f = ((k * k) / d) * (1 + (nodes[i].r + nodes[j].r) / 20) + (d < minD ? (minD - d) * 4 : 0);
        dx[i] += (ex / d) * f; dy[i] += (ey / d) * f;
        dx[j] -= (ex / d) * f; dy[j] -= (ey / d) * f;
      }
    }
    for (const l of links) {
      const a = nodes[l.s], b = nodes[l.t];
      const ex = a.x - b.x, ey = a.y - b.y;
      const d = Math.max(Math.hypot(ex, ey), 0.01);
      const f = ((d * d) / k) * l.w;
      dx[l.s] -= (ex / d) * f; dy[l.s] -= (ey / d) * f;
      dx[l.t] += (ex / d) * f; dy[l.t] += (ey / d) * f;
    }
    for (let i = 0; i < n; i++) {
      const nd = nodes[i];
      dx[i] += (cx - nd.x) * 2.2 * (k / 60);
      dy[i] += (cy - nd.y) * 3.2 * (k / 60);
      const len = Math.hypot(dx[i], dy[i]);
      if (len > 0) { nd.x += (dx[i] / len) * Math.min(len, temp); nd.y += (dy[i] / len) * Math.min(len, temp); }
      nd.x = Math.min(W - nd.r - 4, Math.max(nd.r + 4, nd.x));
      nd.y = Math.min(H - nd.r - 4, Math.max(nd.r + 4, nd.y));
    }
    temp = Math.max(0.5, temp * 0.985);
  }
}
function shortName(name) {
  const t = String(name).replace(/^(Military|Police) Forces of (the )?/, '$1: ');
  if (t.length <= 36) return t;
  const m = /\s(\([^()]*\))$/.exec(t); // keep a trailing "(2004-2021)": it tells the actors apart
  const tail = m && m[1].length < 14 ? ' ' + m[1] : '';
  return t.slice(0, 35 - tail.length).trimEnd() + '…' + tail;
}

async function renderNetwork(g) {
  const data = await api('/api/relations?' + filterQuery());
  if (g !== gen) return;
  const svgEl = clear($('#network'));
  const [W, H] = size(svgEl, 640, 400);
  svgEl.setAttribute('viewBox', `0 0 ${W} ${H}`);

  const all = [...data.nodes].sort((a, b) => b.incidents - a.incidents || (a.name < b.name ? -1 : 1));
  const keep = new Set(all.slice(0, MAX_NODES).map((nd) => nd.name));
  // every actor of a claimed relation too (up to 20 more), so claims show even for minor actors
  const claimed = data.edges.filter((e) => e.relation).sort((a, b) => b.incidents - a.incidents);
  for (const e of claimed) {
    if (keep.size >= MAX_NODES + 20) break;
    keep.add(e.source); keep.add(e.target);
  }
  if (state.actor) for (const nd of all) if (nd.name.toLowerCase() === state.actor.toLowerCase()) keep.add(nd.name);
  const nodes = all.filter((nd) => keep.has(nd.name)).map((nd) => ({ ...nd }));
  const idx = new Map(nodes.map((nd, i) => [nd.name, i]));
  const edges = data.edges.filter((e) => idx.has(e.source) && idx.has(e.target) && e.source !== e.target);
  const maxInc = Math.max(1, ...nodes.map((nd) => nd.incidents || 0));
  const maxEdge = Math.max(1, ...edges.map((e) => e.incidents || 0));
  for (const nd of nodes) nd.r = 4 + 18 * Math.sqrt((nd.incidents || 0) / maxInc);
  const links = edges.map((e) => ({ s: idx.get(e.source), t: idx.get(e.target), w: 0.25 + 0.4 * Math.sqrt((e.incidents || 0) / maxEdge) + (e.relation ? 0.2 : 0) }));
  layout(nodes, links, W, H);

  const gE = s('g', { class: 'edges' });
  for (const e of edges) {
    const a = nodes[idx.get(e.source)], b = nodes[idx.get(e.target)];
    const rel = e.relation || 'none';
    const width = e.incidents > 0 ? 1 + 7 * Math.sqrt(e.incidents / maxEdge) : 2;
    const claims = (e.claims || []).map((c) => `${c.relation}${c.hedged ? ' (hedged)' : ''} [${c.doc_id}]`).join('; ');
    const line = s('line', {
      x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
      class: `edge rel-${rel}${e.incidents > 0 ? '' : ' claim-only'}`, 'stroke-width': width.toFixed(2),
      'data-source': e.source, 'data-target': e.target, 'data-relation': e.relation === null || e.relation === undefined ? 'null' : e.relation,
      'data-incidents': e.incidents,
    }, s('title', null, `${e.source} – ${e.target}: ${e.relation ? e.relation + ' (claimed)' : 'fought in incidents'}; ${fmt(e.incidents)} incidents, ${fmt(e.fatalities)} fatalities${claims ? '; claims: ' + claims : ''}`));
    gE.append(line);
  }
  const gN = s('g', { class: 'nodes' });
  const gL = s('g', { class: 'node-labels' });
  // Labels: the selected actor, actors in claimed relations, then the most active; a label that
  // would overlap a placed one (or a big node) tries the other side, below, above, else is left out.
  const wanted = new Set(nodes.slice(0, 14).map((nd) => nd.name));
  const prio = new Set();
  for (const e of edges) if (e.relation) { prio.add(e.source); prio.add(e.target); }
  const placed = nodes.filter((nd) => nd.r > 9).map((nd) => [nd.x - nd.r, nd.y - nd.r, nd.x + nd.r, nd.y + nd.r, nd.name]);
  const order = [...nodes].sort((a, b) => {
    const pa = (state.actor && a.name.toLowerCase() === state.actor.toLowerCase() ? 2 : 0) + (prio.has(a.name) ? 1 : 0);
    const pb = (state.actor && b.name.toLowerCase() === state.actor.toLowerCase() ? 2 : 0) + (prio.has(b.name) ? 1 : 0);
    return pb - pa || b.incidents - a.incidents;
  });
  const labels = new Map();
  for (const nd of order) {
    const sel = state.actor && state.actor.toLowerCase() === nd.name.toLowerCase();
    if (!sel && !prio.has(nd.name) && !wanted.has(nd.name)) continue;
    const text = shortName(nd.name);
    const w = text.length * 5.7, hh = 11;
    const tries = [
      [nd.x + nd.r + 3, nd.y + 3.5, 'start'], [nd.x - nd.r - 3, nd.y + 3.5, 'end'],
      [nd.x, nd.y + nd.r + 11, 'middle'], [nd.x, nd.y - nd.r - 4, 'middle'],
    ];
    for (const [tx, ty, anchor] of tries) {
      const x0 = anchor === 'start' ? tx : anchor === 'end' ? tx - w : tx - w / 2;
      const box = [x0, ty - hh + 2, x0 + w, ty + 2];
      if (box[0] < 0 || box[2] > W || box[1] < 0 || box[3] > H) continue;
      const hit = placed.some((b) => b[4] !== nd.name && box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1]);
      if (hit && !sel) continue;
      placed.push([...box, nd.name]);
      labels.set(nd.name, s('text', { x: tx.toFixed(1), y: ty.toFixed(1), 'text-anchor': anchor }, text));
      break;
    }
  }
  for (const nd of nodes) {
    const sel = state.actor && state.actor.toLowerCase() === nd.name.toLowerCase();
    const inter = Number.isInteger(nd.inter) ? nd.inter : Object.keys(INTER).find((k) => INTER[k] === nd.inter) || 0;
    const grp = s('g', { class: `node inter-${inter}${sel ? ' selected' : ''}`, 'data-actor': nd.name, transform: `translate(${nd.x.toFixed(1)},${nd.y.toFixed(1)})` },
      s('circle', { r: nd.r.toFixed(1) }),
      s('title', null, `${nd.name}${interLabel(nd.inter) ? ' (' + interLabel(nd.inter) + ')' : ''}: ${fmt(nd.incidents)} incidents, ${fmt(nd.fatalities)} fatalities. Click for the profile.`));
    grp.addEventListener('click', () => { setFilters({ actor: nd.name }); openActor(nd.name); });
    clickable(grp, `${nd.name}: open the profile and filter to this actor`);
    gN.append(grp);
    if (labels.has(nd.name)) gL.append(labels.get(nd.name));
  }
  svgEl.append(gE, gN, gL);

  const leg = clear($('#network-legend'));
  for (const [rel, label] of [['hostile', 'hostile'], ['allied', 'allied'], ['supports', 'supports'], ['none', 'fought (no claim)']]) {
    leg.append(h('span', null, h('span', { class: `ln ln-${rel}` }), label));
  }
  $('#network-caption').textContent = `${nodes.length} of ${data.nodes.length} actors (the most active, plus every actor in a claimed relation); node size = incidents, edge width = incidents between the two, dashed = claim only. Click an actor for its profile.`;
}

// ---------- incident table ----------
async function renderTable(g) {
  const q = filterQuery();
  const r = await api(`/api/incidents?limit=${PAGE}&offset=${offset}${q ? '&' + q : ''}`);
  if (g !== gen) return;
  const tb = clear($('#incidents tbody'));
  for (const e of r.items) {
    const actors = [e.actor1, e.actor2].filter(Boolean);
    const place = [e.location, e.admin1, e.country].filter((x, i, a) => x && a.indexOf(x) === i).join(', ');
    const tr = h('tr', { 'data-incident-id': e.incident_id, 'data-admin1': e.admin1 || '' },
      h('td', null, e.event_date),
      h('td', null, e.event_type, h('div', { class: 'sub' }, e.sub_event_type)),
      h('td', null, actors[0] || '', actors[1] ? h('div', { class: 'sub' }, 'vs ', actors[1]) : null),
      h('td', null, place),
      h('td', { class: 'num' }, e.fatalities === null || e.fatalities === undefined ? '?' : fmt(e.fatalities)),
      h('td', { class: 'num' }, fmt((e.reports || []).length)));
    tr.addEventListener('click', () => openIncident(e.incident_id));
    clickable(tr);
    tb.append(tr);
  }
  if (!r.items.length) tb.append(h('tr', { class: 'empty' }, h('td', { colspan: 6 }, 'No incidents match these filters.')));
  $('#page-info').textContent = r.total ? `${fmt(r.offset + 1)}–${fmt(r.offset + r.items.length)} of ${fmt(r.total)}` : '0 incidents';
  $('#prev').disabled = r.offset <= 0;
  $('#next').disabled = r.offset + r.items.length >= r.total;
}

// ---------- side panel ----------
let panelToken = 0;
function openPanel(title) {
  const body = clear($('#panel-body'));
  delete body.dataset.incidentId;
  delete body.dataset.actor;
  body.append(h('h2', null, title), h('p', { class: 'meta' }, 'Loading…'));
  $('#panel').hidden = false;
  return ++panelToken;
}
function closePanel() {
  $('#panel').hidden = true;
  panelToken++;
  for (const tr of document.querySelectorAll('#incidents tr.open')) tr.classList.remove('open');
}
function actorLink(name) {
  if (!name) return '';
  const b = h('button', { type: 'button', class: 'linkish', title: 'Open the actor profile and filter to it' }, name);
  b.addEventListener('click', () => { setFilters({ actor: name }); openActor(name); });
  return b;
}
function record(pairs) {
  const dl = h('dl', { class: 'record' });
  for (const [k, v] of pairs) {
    if (v === null || v === undefined || v === '') continue;
    dl.append(h('dt', null, k), h('dd', null, v));
  }
  return dl;
}
function safeHref(url) {
  try { const u = new URL(url); return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null; } catch (_) { return null; }
}
const PRECISION = { 1: 'exact day', 2: 'within a week', 3: 'within a month' };

async function openIncident(id) {
  const tok = openPanel(`Incident ${id}`);
  for (const tr of document.querySelectorAll('#incidents tr')) tr.classList.toggle('open', tr.dataset.incidentId === String(id));
  let d;
  try { d = await api(`/api/incidents/${encodeURIComponent(id)}`); } catch (e) {
    if (tok === panelToken) { clear($('#panel-body')).append(h('h2', null, `Incident ${id}`), h('p', null, e.message)); }
    if (e.status !== 404) showError(e);
    return;
  }
  if (tok !== panelToken) return;
  const e = d.incident;
  const body = clear($('#panel-body'));
  body.dataset.incidentId = String(e.incident_id);
  body.append(
    h('h2', null, `${e.event_type}: ${e.sub_event_type}`),
    h('p', { class: 'meta' }, `Incident ${e.incident_id} · ${e.event_id_cnty || ''} · ${e.event_date} · ${[e.location, e.admin1, e.country].filter(Boolean).join(', ')}`));
  body.append(h('h3', null, 'Coded record'), record([
    ['Date', `${e.event_date}${e.date_earliest && e.date_latest && e.date_earliest !== e.date_latest ? ` (between ${e.date_earliest} and ${e.date_latest})` : ''}${PRECISION[e.time_precision] ? ' · ' + PRECISION[e.time_precision] : ''}`],
    ['Disorder type', e.disorder_type],
    ['Event type', e.event_type],
    ['Sub-event type', e.sub_event_type],
    ['Actor 1', e.actor1 ? h('span', null, actorLink(e.actor1), interLabel(e.inter1) ? ` (${interLabel(e.inter1)})` : '') : ''],
    ['Actor 2', e.actor2 ? h('span', null, actorLink(e.actor2), interLabel(e.inter2) ? ` (${interLabel(e.inter2)})` : '') : ''],
    ['Country', e.country],
    ['Province', e.admin1],
    ['District', e.admin2],
    ['Location', e.location],
    ['Coordinates', Number.isFinite(e.latitude) ? `${e.latitude.toFixed(4)}, ${e.longitude.toFixed(4)} (geo precision ${e.geo_precision})` : ''],
    ['Fatalities', e.fatalities === null || e.fatalities === undefined ? 'unknown' : fmt(e.fatalities)],
    ['Injured', e.injured === null || e.injured === undefined ? '' : fmt(e.injured)],
    ['CAMEO / PLOVER', [e.cameo, e.plover, e.plover_mode].filter(Boolean).join(' / ')],
    ['Hedged', e.hedged ? `yes${e.hedges && e.hedges.length ? ': ' + e.hedges.join(', ') : ''}` : 'no'],
    ['Notes', e.notes],
  ]));

  body.append(h('h3', null, 'Fatality history'));
  if (d.fatality_history && d.fatality_history.length) {
    const t = h('table', null, h('thead', null, h('tr', null, h('th', null, 'Published'), h('th', null, 'Source'), h('th', null, 'Report'), h('th', null, 'Fatalities'))));
    const tb = h('tbody');
    for (const f of d.fatality_history) tb.append(h('tr', null, h('td', null, f.published || ''), h('td', null, f.source || ''), h('td', null, f.doc_id), h('td', null, fmt(f.fatalities))));
    t.append(tb);
    body.append(t);
  } else body.append(h('p', { class: 'meta' }, 'No report gave a fatality figure.'));

  body.append(h('h3', null, `Reports (${(d.reports || []).length})`));
  let first = null;
  for (const r of d.reports || []) {
    const href = r.url ? safeHref(r.url) : null;
    const text = h('div', { class: 'doctext' });
    for (const seg of r.segments || []) {
      if (seg.evidence) {
        const mk = h('mark', null, seg.text);
        text.append(mk);
        if (!first) first = [text, mk];
      } else text.append(seg.text);
    }
    body.append(h('div', { class: 'report', 'data-doc-id': r.doc_id },
      h('h4', null, r.title || r.doc_id),
      h('p', { class: 'meta' },
        [r.source, r.published, r.doc_id].filter(Boolean).join(' · '),
        r.fatalities === null || r.fatalities === undefined ? '' : ` · ${fmt(r.fatalities)} fatalities`,
        r.sub_event_type ? ` · ${r.sub_event_type}` : '',
        href ? ' · ' : '', href ? h('a', { href, rel: 'noopener noreferrer nofollow', target: '_blank' }, 'original') : ''),
      text));
  }
  if (d.near_duplicates && d.near_duplicates.length) {
    body.append(h('h3', null, 'Near-duplicate reports'));
    const ul = h('ul');
    for (const nd of d.near_duplicates) ul.append(h('li', null, `${nd.doc_id} (copy of ${nd.of})`));
    body.append(ul);
  }
  if (first) { const [box, mk] = first; box.scrollTop = Math.max(0, mk.offsetTop - box.offsetTop - 30); }
}

async function openActor(name) {
  const tok = openPanel(name);
  let a;
  try { a = await api(`/api/actors/${encodeURIComponent(name)}`); } catch (e) {
    if (tok === panelToken) clear($('#panel-body')).append(h('h2', null, name), h('p', null, e.status === 404 ? `No actor named “${name}” in this store.` : e.message));
    if (e.status !== 404) showError(e);
    return;
  }
  if (tok !== panelToken) return;
  const body = clear($('#panel-body'));
  body.dataset.actor = a.name;
  const total = (a.by_month || []).reduce((acc, m) => acc + m.as_actor1 + m.as_actor2, 0);
  const fat = (a.by_month || []).reduce((acc, m) => acc + (m.fatalities || 0), 0);
  body.append(h('h2', null, a.name), h('p', { class: 'meta' }, `${interLabel(a.inter) || 'actor'} · ${fmt(total)} incidents · ${fmt(fat)} fatalities`));

  body.append(h('h3', null, 'Strength claims'));
  if (a.strength && a.strength.length) {
    body.append(strengthChart(a.strength));
    for (const c of a.strength) {
      const fig = c.low !== null && c.high !== null && c.low !== c.high ? `${fmt(c.low)}–${fmt(c.high)}` : c.low !== null && c.high !== null ? fmt(c.low) : c.high !== null ? `up to ${fmt(c.high)}` : `at least ${fmt(c.low)}`;
      body.append(sourceBox(`${fig} fighters${c.as_of ? ' as of ' + c.as_of : ''}`, c.source));
    }
  } else body.append(h('p', { class: 'meta' }, 'No strength claims.'));

  body.append(h('h3', null, 'Relations'));
  if (a.relations && a.relations.length) {
    for (const r of a.relations) {
      const head = h('span', null,
        r.actor_is_first ? a.name : actorLink(r.other), ' ',
        h('span', { class: `rel-${r.relation}-text` }, r.relation), ' ',
        r.actor_is_first ? actorLink(r.other) : a.name);
      body.append(sourceBox(head, r.source));
    }
  } else body.append(h('p', { class: 'meta' }, 'No relation claims.'));

  body.append(h('h3', null, 'Territory'));
  if (a.territory && a.territory.length) {
    for (const t of a.territory) body.append(sourceBox(`${t.territory}${t.admin1 ? ' (' + t.admin1 + ')' : ''}${t.as_of ? ', as of ' + t.as_of : ''}`, t.source));
  } else body.append(h('p', { class: 'meta' }, 'No territorial claims.'));

  body.append(h('h3', null, 'Events by month'));
  if (a.by_month && a.by_month.length) body.append(monthChart(a.by_month));
  else body.append(h('p', { class: 'meta' }, 'No events.'));

  if (a.by_admin1 && a.by_admin1.length) {
    body.append(h('h3', null, 'By province'));
    const t = h('table', null, h('thead', null, h('tr', null, h('th', null, 'Province'), h('th', null, 'As actor 1'), h('th', null, 'As actor 2'), h('th', null, 'Fatalities'))));
    const tb = h('tbody');
    for (const r of a.by_admin1.slice(0, 15)) tb.append(h('tr', null, h('td', null, r.key || '(unknown)'), h('td', null, fmt(r.as_actor1)), h('td', null, fmt(r.as_actor2)), h('td', null, fmt(r.fatalities))));
    t.append(tb);
    body.append(t);
  }
}
function sourceBox(head, src) {
  const box = h('div', { class: 'source' }, h('div', null, head));
  if (src) {
    box.append(h('div', { class: 'meta' }, [src.doc_id, src.source, src.published].filter(Boolean).join(' · '),
      src.hedged ? h('span', { class: 'tag hedged' }, 'hedged') : h('span', { class: 'tag' }, 'not hedged')));
    for (const ev of src.evidence || []) box.append(h('blockquote', null, '“', ev.text, '”'));
  }
  return box;
}
function strengthChart(claims) {
  const W = 500, H = 160, m = { l: 54, r: 14, t: 10, b: 26 };
  const pts = claims.map((c) => ({ ...c, t: parsePeriod(c.as_of || (c.source && c.source.published) || '1970-01-01').getTime() }));
  let t0 = Math.min(...pts.map((p) => p.t)), t1 = Math.max(...pts.map((p) => p.t));
  if (t1 - t0 < 60 * 864e5) { t0 -= 180 * 864e5; t1 += 180 * 864e5; }
  const vmax = Math.max(1, ...pts.map((p) => Math.max(p.low || 0, p.high || 0)));
  const ticks = niceTicks(vmax, 3);
  const top = ticks[ticks.length - 1];
  const x = (t) => m.l + ((t - t0) / (t1 - t0)) * (W - m.l - m.r);
  const y = (v) => H - m.b - (v / top) * (H - m.t - m.b);
  const svgEl = s('svg', { id: 'strength-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Strength claims over time' });
  const ax = s('g', { class: 'axis' });
  for (const t of ticks) {
    ax.append(s('line', { x1: m.l, x2: W - m.r, y1: y(t), y2: y(t), stroke: '#eceef2' }));
    ax.append(s('text', { x: m.l - 5, y: y(t) + 3, 'text-anchor': 'end' }, fmt(t)));
  }
  const seen = new Set();
  for (const p of pts) {
    const label = iso(new Date(p.t));
    if (seen.has(label)) continue;
    seen.add(label);
    ax.append(s('text', { x: x(p.t), y: H - 8, 'text-anchor': 'middle' }, label));
  }
  svgEl.append(ax);
  for (const p of pts) {
    const cx = x(p.t);
    const tip = `${p.low !== null ? fmt(p.low) : '?'}–${p.high !== null ? fmt(p.high) : '?'} as of ${iso(new Date(p.t))} [${p.source ? p.source.doc_id : ''}]${p.source && p.source.hedged ? ' (hedged)' : ''}`;
    const grp = s('g', null, s('title', null, tip));
    if (p.low !== null && p.high !== null) grp.append(s('line', { x1: cx, x2: cx, y1: y(p.low), y2: y(p.high), class: 'sr-range' }));
    if (p.low !== null) grp.append(s('circle', { cx, cy: y(p.low), r: 4, class: 'sr-low' }));
    if (p.high !== null) grp.append(s('circle', { cx, cy: y(p.high), r: 4.5, class: 'sr-high' }));
    svgEl.append(grp);
  }
  return svgEl;
}
function monthChart(months) {
  const W = 500, H = 110, m = { l: 30, r: 6, t: 6, b: 20 };
  const t0 = parsePeriod(months[0].key), t1 = addInterval(parsePeriod(months[months.length - 1].key), 'month');
  const x = (d) => m.l + ((d - t0) / (t1 - t0)) * (W - m.l - m.r);
  const vmax = Math.max(1, ...months.map((r) => r.as_actor1 + r.as_actor2));
  const y = (v) => H - m.b - (v / vmax) * (H - m.t - m.b);
  const svgEl = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Events by month' });
  const ax = s('g', { class: 'axis' },
    s('line', { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b }),
    s('text', { x: m.l - 4, y: y(vmax) + 8, 'text-anchor': 'end' }, fmt(vmax)),
    s('text', { x: m.l, y: H - 5 }, months[0].key),
    s('text', { x: W - m.r, y: H - 5, 'text-anchor': 'end' }, months[months.length - 1].key));
  svgEl.append(ax);
  for (const r of months) {
    const d0 = parsePeriod(r.key), v = r.as_actor1 + r.as_actor2;
    svgEl.append(s('rect', { class: 'mini-bar', x: x(d0), width: Math.max(1.5, x(addInterval(d0, 'month')) - x(d0) - 0.5), y: y(v), height: H - m.b - y(v) },
      s('title', null, `${r.key}: ${r.as_actor1} as actor 1, ${r.as_actor2} as actor 2, ${fmt(r.fatalities)} fatalities`)));
  }
  return svgEl;
}

// ---------- datalists (once) ----------
async function loadLists() {
  const [actors, countries, provinces] = await Promise.all([
    api('/api/actors'), api('/api/aggregate?by=country'), api('/api/aggregate?by=admin1'),
  ]);
  const fill = (sel, values) => {
    const dl = clear($(sel));
    for (const v of values) dl.append(h('option', { value: v }));
  };
  fill('#actor-list', actors.slice(0, 500).map((a) => a.name));
  fill('#country-list', countries.map((c) => c.key).filter(Boolean));
  const names = new Set(provinces.map((p) => p.key).filter(Boolean));
  if (geo) for (const f of geo.features) names.add(f.properties.name);
  fill('#admin1-list', [...names].sort());
}

// ---------- wiring ----------
function init() {
  const form = $('#filters');
  const apply = () => {
    const patch = {};
    for (const k of FILTER_KEYS) patch[k] = form.elements[k].value.trim();
    if (FILTER_KEYS.some((k) => patch[k] !== state[k])) setFilters(patch);
  };
  form.addEventListener('submit', (ev) => { ev.preventDefault(); apply(); });
  form.addEventListener('change', apply);
  $('#clear').addEventListener('click', () => setFilters(Object.fromEntries(FILTER_KEYS.map((k) => [k, '']))));
  for (const t of document.querySelectorAll('.toggle')) {
    t.addEventListener('click', (ev) => {
      const b = ev.target.closest('button');
      if (!b || state[t.dataset.key] === b.dataset.value) return;
      state[t.dataset.key] = b.dataset.value;
      writeURL();
      syncControls();
      const g = gen;
      (t.dataset.key === 'map' ? renderMap(g) : renderTimeline(g)).catch(showError);
    });
  }
  $('#prev').addEventListener('click', () => { offset = Math.max(0, offset - PAGE); renderTable(gen).catch(showError); });
  $('#next').addEventListener('click', () => { offset += PAGE; renderTable(gen).catch(showError); });
  $('#panel-close').addEventListener('click', closePanel);
  document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') closePanel(); });
  window.addEventListener('popstate', () => { state = readURL(); offset = 0; refresh(); });
  refresh().then(() => loadLists()).catch(showError);
}
init();
