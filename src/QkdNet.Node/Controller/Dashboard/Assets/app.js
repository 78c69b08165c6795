// QkdNet controller dashboard: draws the snapshot of api/state, kept live by the server-sent events of api/events.
// No framework and no CDN: everything is served by the controller. Text goes in with textContent only.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const ACTION_HEADER = 'X-QkdNet-Dashboard'; // the server refuses an action without it (a cross-site form cannot send it)
let current = null;

function el(name, attrs, text) {
  const node = name.startsWith('svg:') ? document.createElementNS(SVG, name.slice(4)) : document.createElement(name);
  for (const [k, v] of Object.entries(attrs || {})) { if (v !== null && v !== undefined) node.setAttribute(k, v); }
  if (text !== undefined) node.textContent = text;
  return node;
}

function percent(x, digits) { return x === null || x === undefined ? 'n/a' : (100 * x).toFixed(digits) + ' %'; }

function rate(bps) {
  if (!(bps > 0)) return '0 bit/s';
  const units = [['Mbit/s', 1e6], ['kbit/s', 1e3]];
  for (const [unit, size] of units) { if (bps >= size) return (bps / size).toFixed(bps >= 10 * size ? 0 : 1) + ' ' + unit; }
  return bps.toFixed(0) + ' bit/s';
}

function time(iso) { return new Date(iso).toLocaleTimeString(); }

// Equirectangular projection of the nodes' WGS 84 coordinates, longitudes shrunk by cos(mean latitude) so
// distances look right at the network's latitude; nodes without coordinates go on a circle.
function layout(nodes, width, height, margin) {
  const placed = nodes.filter(n => n.lat !== null && n.lon !== null);
  const at = new Map();
  if (placed.length > 0) {
    const lats = placed.map(n => n.lat), lons = placed.map(n => n.lon);
    const minLat = Math.min(...lats), maxLat = Math.max(...lats), minLon = Math.min(...lons), maxLon = Math.max(...lons);
    const shrink = Math.cos((minLat + maxLat) / 2 * Math.PI / 180);
    const spanX = Math.max((maxLon - minLon) * shrink, 1e-6), spanY = Math.max(maxLat - minLat, 1e-6);
    const scale = Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY);
    const offX = (width - spanX * scale) / 2, offY = (height - spanY * scale) / 2;
    for (const n of placed) at.set(n.id, [offX + (n.lon - minLon) * shrink * scale, offY + (maxLat - n.lat) * scale]);
    spread(at, width, height, margin);
  }
  const rest = nodes.filter(n => !at.has(n.id));
  rest.forEach((n, i) => {
    const angle = 2 * Math.PI * i / rest.length;
    const r = Math.min(width, height) / 2 - margin;
    at.set(n.id, [width / 2 + r * Math.cos(angle), height / 2 + r * Math.sin(angle)]);
  });
  return at;
}

// Metro networks mix a long haul with nodes a few km apart (Koganei is 25 km from a cluster of three city sites):
// drawn to scale, the cluster is one blob. Distances from the centre are taken to the power 0.3 and the drawing
// refitted, so every direction stays true and near nodes come apart (the legend says the map is schematic).
function spread(at, width, height, margin) {
  const points = [...at.values()];
  if (points.length < 3) return;
  // the median, not the mean: an outlying node must not pull the centre out of the cluster it is far from
  const median = values => { const v = [...values].sort((a, b) => a - b), m = v.length >> 1; return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2; };
  const cx = median(points.map(p => p[0])), cy = median(points.map(p => p[1]));
  for (const [id, [x, y]] of at) {
    const r = Math.hypot(x - cx, y - cy);
    const k = r > 0 ? Math.pow(r, 0.3) / r : 0;
    at.set(id, [(x - cx) * k, (y - cy) * k]);
  }
  const xs = [...at.values()].map(p => p[0]), ys = [...at.values()].map(p => p[1]);
  const minX = Math.min(...xs), minY = Math.min(...ys);
  const spanX = Math.max(Math.max(...xs) - minX, 1e-6), spanY = Math.max(Math.max(...ys) - minY, 1e-6);
  const scale = Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY);
  const offX = (width - spanX * scale) / 2, offY = (height - spanY * scale) / 2;
  for (const [id, [x, y]] of at) at.set(id, [offX + (x - minX) * scale, offY + (y - minY) * scale]);
}

function drawMap(view) {
  const map = document.getElementById('map');
  const width = 800, height = 520;
  map.replaceChildren();
  const at = layout(view.nodes, width, height, 90);
  const maxRate = Math.max(1, ...view.links.map(l => l.secret_key_rate_bps));
  const pairs = new Map();
  for (const link of view.links) {
    const key = [link.a, link.b].sort().join('\u0000');
    if (!pairs.has(key)) pairs.set(key, []);
    pairs.get(key).push(link);
  }
  for (const group of pairs.values()) {
    group.forEach((link, i) => {
      const [x1, y1] = at.get(link.a), [x2, y2] = at.get(link.b);
      const length = Math.hypot(x2 - x1, y2 - y1) || 1;
      const shift = (i - (group.length - 1) / 2) * 10; // parallel links side by side
      const dx = -(y2 - y1) / length * shift, dy = (x2 - x1) / length * shift;
      const width = 2 + 8 * Math.log10(1 + link.secret_key_rate_bps) / Math.log10(1 + maxRate);
      const line = el('svg:line', {
        class: 'link state-' + link.state, 'data-link': link.id, 'data-state': link.state,
        x1: x1 + dx, y1: y1 + dy, x2: x2 + dx, y2: y2 + dy, 'stroke-width': width.toFixed(1),
      });
      line.appendChild(el('svg:title', {}, `${link.id}: ${link.state}, QBER ${percent(link.qber, 2)}, ${rate(link.secret_key_rate_bps)}, pool ${percent(link.pool_fraction, 0)}`));
      map.appendChild(line);
      map.appendChild(el('svg:text', { class: 'link-label', x: (x1 + x2) / 2 + dx + 6, y: (y1 + y2) / 2 + dy - 6 }, rate(link.secret_key_rate_bps)));
    });
  }
  const now = Date.parse(view.generated_at);
  for (const node of view.nodes) {
    const [x, y] = at.get(node.id);
    const silent = node.last_report === null || now - Date.parse(node.last_report) > 10000;
    const g = el('svg:g', { class: 'node' + (silent ? ' silent' : ''), 'data-node': node.id, transform: `translate(${x.toFixed(1)},${y.toFixed(1)})` });
    g.appendChild(el('svg:title', {}, `${node.name}${node.site ? ' (' + node.site + ')' : ''}: ${node.last_report ? 'last report ' + time(node.last_report) : 'never reported'}`));
    g.appendChild(el('svg:circle', { r: 10 }));
    g.appendChild(el('svg:text', { x: 14, y: 4 }, node.name));
    map.appendChild(g);
  }
}

function sparkline(points, pick, max, options) {
  const w = 120, h = 34;
  const svg = el('svg:svg', { class: 'spark', viewBox: `0 0 ${w} ${h}` });
  const values = points.map(pick);
  const top = Math.max(max, ...values.filter(v => v !== null)) || 1;
  if (options.threshold !== undefined) {
    const y = h - 2 - (h - 4) * options.threshold / top;
    svg.appendChild(el('svg:line', { class: 'threshold', x1: 0, x2: w, y1: y, y2: y }));
  }
  const coords = [];
  values.forEach((v, i) => {
    if (v === null) return;
    const x = values.length < 2 ? w : i * w / (values.length - 1);
    coords.push(`${x.toFixed(1)},${(h - 2 - (h - 4) * v / top).toFixed(1)}`);
  });
  svg.appendChild(el('svg:polyline', { points: coords.join(' ') }));
  const last = values.length ? values[values.length - 1] : null;
  svg.appendChild(el('svg:text', { x: 2, y: 10 }, last === null ? 'n/a' : options.format(last)));
  return svg;
}

async function act(link, action, body) {
  const notice = document.getElementById('notice');
  notice.hidden = true;
  try {
    const response = await fetch(`api/links/${encodeURIComponent(link)}/${action}`, {
      method: 'POST', headers: { [ACTION_HEADER]: '1', 'Content-Type': 'application/json' }, body: JSON.stringify(body || {}),
    });
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (e) { /* not a problem document */ }
      notice.textContent = `${action} on ${link} refused (${response.status}): ${detail}`;
      notice.hidden = false;
    }
  } catch (e) {
    notice.textContent = `${action} on ${link} failed: ${e}`;
    notice.hidden = false;
  }
}

function button(text, onClick, cls) {
  const b = el('button', { type: 'button', class: cls || '' }, text);
  b.addEventListener('click', onClick);
  return b;
}

function drawLinks(view) {
  const operator = view.role === 'operator';
  document.getElementById('actions-head').hidden = !operator;
  const body = document.querySelector('#links tbody');
  body.replaceChildren();
  for (const link of view.links) {
    const row = el('tr', { 'data-link': link.id, 'data-state': link.state });
    row.appendChild(el('td', { title: `${link.a} - ${link.b}` }, link.id));
    const state = el('td');
    state.appendChild(el('span', { class: 'badge state-' + link.state }, link.state + (link.quarantined_by ? ' by ' + link.quarantined_by : '')));
    row.appendChild(state);
    row.appendChild(el('td', { class: 'num' }, percent(link.qber, 2)));
    row.appendChild(el('td', { class: 'num' }, rate(link.secret_key_rate_bps)));
    row.appendChild(el('td', { class: 'num' }, percent(link.pool_fraction, 0)));
    row.appendChild(el('td', { class: 'eve' }, link.simulated ? (link.eve || 'none') : 'not simulated'));
    const charts = [
      sparkline(link.history, p => p.pool, 1, { format: v => percent(v, 0) }),
      sparkline(link.history, p => p.qber, link.qber_threshold * 1.5, { threshold: link.qber_threshold, format: v => percent(v, 2) }),
      sparkline(link.history, p => p.rate, 0, { format: rate }),
    ];
    for (const chart of charts) { const td = el('td'); td.appendChild(chart); row.appendChild(td); }
    if (operator) {
      const actions = el('td', { class: 'actions' });
      if (link.quarantined_by) actions.appendChild(button('Restore', () => act(link.id, 'restore')));
      else actions.appendChild(button('Quarantine', () => act(link.id, 'quarantine'), 'danger'));
      if (view.development && link.simulated) {
        if (link.eve) actions.appendChild(button('Stop attack', () => act(link.id, 'eavesdropper', { eve: 'none' })));
        else actions.appendChild(button('Attack (intercept-resend)', () => act(link.id, 'eavesdropper', { eve: 'intercept-resend:1' }), 'danger'));
      }
      row.appendChild(actions);
    }
    body.appendChild(row);
  }
}

function fillList(id, items, render, emptyText) {
  const list = document.getElementById(id);
  list.replaceChildren();
  if (items.length === 0) { list.appendChild(el('li', { class: 'empty' }, emptyText)); return; }
  for (const item of items) list.appendChild(render(item));
}

function fillTable(selector, rows) {
  const body = document.querySelector(selector + ' tbody');
  body.replaceChildren();
  for (const cells of rows) {
    const row = el('tr');
    cells.forEach((c, i) => row.appendChild(el('td', { class: i > 0 && typeof c === 'number' ? 'num' : '' }, String(c))));
    body.appendChild(row);
  }
}

function render(view) {
  current = view;
  document.getElementById('network').textContent = view.network;
  document.getElementById('who').textContent = `${view.caller} (${view.role === 'operator' ? 'operator' : 'viewer, read-only'})${view.development ? ' - development mode' : ''} - routing v${view.routing_version}`;
  drawMap(view);
  drawLinks(view);
  const count = document.getElementById('alarm-count');
  count.textContent = String(view.alarms.length);
  count.classList.toggle('hot', view.alarms.some(a => a.severity === 'Critical'));
  const alarms = [...view.alarms].sort((x, y) => (x.severity === 'Critical' ? 0 : 1) - (y.severity === 'Critical' ? 0 : 1) || y.id - x.id);
  fillList('alarms', alarms, a => {
    const li = el('li', { class: 'severity-' + a.severity.toLowerCase(), 'data-alarm-link': a.link, 'data-alarm-kind': a.kind });
    li.appendChild(el('div', {}, `${a.link}: ${a.message}`));
    li.appendChild(el('div', { class: 'meta' }, `${a.severity} ${a.kind} - since ${time(a.raised_at)}`));
    return li;
  }, 'none');
  fillTable('#relays', view.relays.map(r => [r.node, r.in_flight, r.originated, r.failures]));
  const routes = view.relays.flatMap(r => r.recent_routes.map(x => ({ node: r.node, at: x.at, route: x.route })))
    .sort((x, y) => Date.parse(y.at) - Date.parse(x.at)).slice(0, 12);
  fillList('routes', routes, r => {
    const li = el('li', {}, r.route);
    li.appendChild(el('div', { class: 'meta' }, `from ${r.node} at ${time(r.at)}`));
    return li;
  }, 'none yet');
  fillTable('#saes', view.saes.map(s => [s.node, s.sae, s.keys_as_master, s.keys_as_slave, s.bits]));
  fillList('audit', view.audit, a => {
    const li = el('li', {}, `${a.operator}: ${a.action} on ${a.link}`);
    li.appendChild(el('div', { class: 'meta' }, time(a.at)));
    return li;
  }, 'none');
  document.body.dataset.updated = view.generated_at;
}

function connect() {
  const live = document.getElementById('live');
  const events = new EventSource('api/events');
  events.addEventListener('state', e => {
    live.dataset.live = 'live';
    live.textContent = 'live';
    render(JSON.parse(e.data));
  });
  events.onerror = () => {
    live.dataset.live = 'reconnecting';
    live.textContent = 'reconnecting';
  };
}

fetch('api/state').then(r => r.ok ? r.json() : Promise.reject(new Error(r.statusText))).then(view => { if (!current) render(view); }).catch(() => {});
connect();
