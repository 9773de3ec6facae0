// ccx admin dashboard: polls the documented admin API and draws what it answers. No framework, no build step.
(() => {
  'use strict';
  const POLL_MS = 5000;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  let timer = null;
  let skewMs = 0; // the server's clock minus the browser's, from the Date header, so "idle for" is the server's view

  // ---- admin API ----------------------------------------------------------------------------------------------

  async function api(method, path) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
    const res = await fetch(path, { method, headers, credentials: 'same-origin', cache: 'no-store' });
    const date = Date.parse(res.headers.get('Date'));
    if (!Number.isNaN(date)) skewMs = date - Date.now();
    if (res.status === 401) {
      location.assign('/admin/ui/login');
      throw new Error('the session has ended');
    }
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error((body.error && body.error.message) || `HTTP ${res.status}`);
    return body;
  }

  async function refresh() {
    clearTimeout(timer);
    try {
      const [slots, usage, logins, errors, starts] = await Promise.all([
        api('GET', '/admin/slots'), api('GET', '/admin/usage'), api('GET', '/admin/logins'),
        api('GET', '/admin/errors'), api('GET', '/admin/starts')]);
      renderSlots(slots.data, byUser(usage.data), byUser(logins.data), usage.available);
      renderStarts(starts.data, starts.window_seconds);
      renderErrors(errors.data);
      $('updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
      document.body.dataset.loaded = 'true';
    } catch (e) {
      toast(`Refresh failed: ${e.message}`, true);
    } finally {
      timer = setTimeout(refresh, POLL_MS);
    }
  }

  const byUser = (rows) => Object.fromEntries((rows || []).map((r) => [r.user, r]));

  // ---- small helpers ------------------------------------------------------------------------------------------

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === 'class') node.className = v;
      else if (k.startsWith('data-') || k === 'title') node.setAttribute(k, v);
      else node[k] = v;
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  function svg(tag, attrs = {}, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function bytes(n) {
    if (n === null || n === undefined) return '—';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return `${n >= 100 || i === 0 ? Math.round(n) : n.toFixed(1)} ${units[i]}`;
  }

  const serverNow = () => Date.now() + skewMs;

  function span(ms) {
    const s = Math.max(Math.round(ms / 1000), 0);
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.round(s / 60)} min`;
    if (s < 86400) return `${Math.round(s / 3600)} h`;
    return `${Math.round(s / 86400)} d`;
  }

  const ago = (iso) => `${span(serverNow() - Date.parse(iso))} ago`;

  function until(iso) {
    const s = Math.round((Date.parse(iso) - serverNow()) / 1000);
    if (s < 3600) return `${Math.max(Math.round(s / 60), 0)} min`;
    if (s < 86400) return `${Math.round(s / 3600)} h`;
    return `${Math.round(s / 86400)} d`;
  }

  // ---- slots table --------------------------------------------------------------------------------------------

  function renderSlots(slots, usage, logins, usageAvailable) {
    const body = $('slots').tBodies[0];
    body.replaceChildren(...slots.map((s) => slotRow(s, usage[s.user] || {}, logins[s.user] || {}, usageAvailable)));
    $('no-slots').hidden = slots.length > 0;
    const count = (state) => slots.filter((s) => s.state === state).length;
    $('summary').textContent = `${slots.length} slot${slots.length === 1 ? '' : 's'} · `
      + `${count('running') + count('busy')} running (${count('running')} idle, ${count('busy')} busy) · `
      + `${count('starting')} starting · ${count('paused')} paused · ${count('stopped')} stopped`;
  }

  // The API's "running" means up with no request in flight: idle since last_activity (when the last request ended).
  function stateCell(s) {
    if (s.state !== 'running') {
      return el('td', { class: 'state', 'data-state': s.state }, el('span', { class: `badge state-${s.state}` }, s.state));
    }
    return el('td', { class: 'state', 'data-state': s.state, title: `running, no request since ${s.last_activity}` },
      el('span', { class: 'badge state-running' }, 'idle'),
      el('span', { class: 'muted small idle-for' }, ` for ${span(serverNow() - Date.parse(s.last_activity))}`));
  }

  function slotRow(s, u, l, usageAvailable) {
    const up = s.state === 'running' || s.state === 'busy';
    return el('tr', { 'data-user': s.user },
      el('td', { class: 'user', title: s.slot }, s.user),
      stateCell(s),
      el('td', { title: s.last_activity }, ago(s.last_activity)),
      el('td', { class: 'num' }, String(s.in_flight)),
      el('td', { class: 'num cpu' }, u.cpu_percent === null || u.cpu_percent === undefined
        ? (usageAvailable ? '—' : 'unknown') : `${u.cpu_percent.toFixed(1)} %`),
      el('td', { class: 'memory' }, memoryCell(u, usageAvailable)),
      el('td', { class: 'num disk', title: diskTitle(u) }, usageAvailable ? bytes(u.disk_bytes) : 'unknown'),
      el('td', { class: 'login claude' }, loginCell(l, 'claude')),
      el('td', { class: 'login codex' }, loginCell(l, 'codex')),
      el('td', { class: 'actions' },
        el('button', { type: 'button', 'data-action': 'stop', 'data-user': s.user, disabled: !up }, 'Stop'),
        el('button', { type: 'button', 'data-action': 'restart', 'data-user': s.user }, 'Restart'),
        el('button', { type: 'button', 'data-action': 'purge', 'data-user': s.user, class: 'danger' }, 'Purge')));
  }

  function memoryCell(u, usageAvailable) {
    if (!u.memory_bytes || !u.memory_limit_bytes) return usageAvailable ? '—' : 'unknown';
    const pct = Math.min(100, (100 * u.memory_bytes) / u.memory_limit_bytes);
    const fill = el('div', { class: `fill ${pct >= 90 ? 'high' : pct >= 70 ? 'warn' : 'ok'}` });
    fill.style.width = `${pct.toFixed(1)}%`;
    return el('div', { class: 'meter', title: `${pct.toFixed(0)}% of the limit` },
      el('div', { class: 'bar' }, fill),
      el('span', { class: 'label' }, `${bytes(u.memory_bytes)} / ${bytes(u.memory_limit_bytes)}`));
  }

  function diskTitle(u) {
    if (!u.disk) return 'unknown';
    const parts = Object.entries(u.disk).map(([k, v]) => `${k}: ${bytes(v)}`);
    return `${parts.join(', ')}${u.disk_measured_at ? ` (measured ${ago(u.disk_measured_at)})` : ''}`;
  }

  const METHODS = { api_key: 'API key', oauth_token: 'OAuth token', 'claude.ai': 'claude.ai', auth_json: 'ChatGPT' };
  const method = (m) => (m && Object.hasOwn(METHODS, m) ? METHODS[m] : m || 'logged in');

  function loginCell(l, cli) {
    const state = l[cli];
    if (!state) {
      return el('span', { class: 'badge unknown', title: 'asked only while the runner is up' },
        l.state === 'running' || l.state === 'busy' ? 'checking…' : 'unknown');
    }
    let text;
    let kind;
    if (!state.logged_in) { text = 'not logged in'; kind = 'bad'; }
    else if (state.expired) { text = `expired ${ago(state.expires_at)}`; kind = 'bad'; }
    else if (state.expires_at) {
      text = `${method(state.auth_method)} · expires in ${until(state.expires_at)}`;
      kind = Date.parse(state.expires_at) - serverNow() < 86400000 ? 'warn' : 'ok';
    } else { text = method(state.auth_method); kind = 'ok'; }
    const note = l.source === 'last_known' ? el('span', { class: 'muted small' }, ` last known ${ago(l.observed_at)}`)
      : null;
    return el('span', {}, el('span', { class: `badge ${kind}`, title: `observed ${l.observed_at}` }, text), note);
  }

  // ---- cold-start chart ---------------------------------------------------------------------------------------

  function renderStarts(starts, windowSeconds) {
    const chart = $('starts-chart');
    const W = 600; const H = 200; const L = 48; const B = 22; const T = 8;
    const now = serverNow();
    const from = now - windowSeconds * 1000;
    const maxMs = Math.max(1000, ...starts.map((s) => s.ms));
    const step = [250, 500, 1000, 2000, 2500, 5000, 10000, 15000, 30000, 60000].find((t) => 4 * t >= maxMs) || 60000;
    const top = 4 * step;
    const x = (t) => L + ((t - from) / (now - from)) * (W - L - 6);
    const y = (ms) => H - B - (ms / top) * (H - B - T);
    const nodes = [];
    for (let i = 0; i <= 4; i++) {
      const ms = (top * i) / 4;
      nodes.push(svg('line', { x1: L, x2: W - 6, y1: y(ms), y2: y(ms), class: 'grid' }));
      nodes.push(svg('text', { x: L - 6, y: y(ms) + 4, class: 'axis', 'text-anchor': 'end' },
        ms >= 1000 ? `${ms % 1000 ? (ms / 1000).toFixed(1) : ms / 1000} s` : `${ms} ms`));
    }
    [[from, '−60 min'], [from + (now - from) / 2, '−30 min'], [now, 'now']].forEach(([t, label], i) => {
      nodes.push(svg('text', { x: x(t), y: H - 6, class: 'axis', 'text-anchor': ['start', 'middle', 'end'][i] }, label));
    });
    for (const s of starts) {
      const dot = svg('circle', { cx: x(Date.parse(s.time)), cy: y(s.ms), r: 4, class: `dot ${s.kind}` });
      dot.append(svg('title', {}, `${s.kind} start, ${s.ms} ms, ${new Date(s.time).toLocaleTimeString()}`));
      nodes.push(dot);
    }
    chart.replaceChildren(...nodes);
    $('starts-summary').textContent = startsSummary(starts);
  }

  function startsSummary(starts) {
    if (starts.length === 0) return 'No runner started in the last hour.';
    if (starts.length === 1) return `1 start (${starts[0].kind}) · ${starts[0].ms} ms`;
    const sorted = starts.map((s) => s.ms).sort((a, b) => a - b);
    const pick = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    const kinds = ['cold', 'resume', 'adopt'].map((k) => `${starts.filter((s) => s.kind === k).length} ${k}`);
    return `${starts.length} starts (${kinds.join(', ')}) · median ${pick(0.5)} ms · p95 ${pick(0.95)} ms`
      + ` · slowest ${sorted[sorted.length - 1]} ms`;
  }

  // ---- recent errors ------------------------------------------------------------------------------------------

  function renderErrors(errors) {
    const rows = errors.slice(0, 50).map((e) => el('tr', {},
      el('td', { title: e.time }, new Date(e.time).toLocaleTimeString()),
      el('td', { class: `num status s${Math.floor(e.status / 100)}xx` }, String(e.status)),
      el('td', {}, e.code || '—'),
      el('td', { class: 'route', title: `request ${e.request_id}` }, `${e.method} ${e.route}`),
      el('td', {}, e.user || '—'),
      el('td', {}, e.credential || '—')));
    $('errors').tBodies[0].replaceChildren(...rows);
    $('no-errors').hidden = errors.length > 0;
  }

  // ---- actions ------------------------------------------------------------------------------------------------

  const ACTIONS = {
    stop: {
      title: (u) => `Stop ${u}'s runner?`,
      text: (u) => `Requests in flight on ${u}'s runner fail; ${u}'s next request starts it again.`,
      call: (u) => api('POST', `/admin/slots/${encodeURIComponent(u)}/stop`),
      done: (u) => `Stopped ${u}'s runner.`,
    },
    restart: {
      title: (u) => `Restart ${u}'s runner?`,
      text: (u) => `${u}'s runner is stopped and started again; requests in flight on it fail.`,
      call: (u) => api('POST', `/admin/slots/${encodeURIComponent(u)}/restart`),
      done: (u) => `Restarted ${u}'s runner.`,
    },
    purge: {
      title: (u) => `Purge ${u}?`,
      text: (u) => `This removes ${u}'s runner and volumes: the Claude login, the Codex login and every job file. `
        + 'It cannot be undone.',
      typed: true,
      call: (u) => api('DELETE', `/admin/users/${encodeURIComponent(u)}`),
      done: (u) => `Purged ${u}.`,
    },
  };

  function confirmAction(action, user) {
    const dialog = $('confirm');
    $('confirm-title').textContent = action.title(user);
    $('confirm-text').textContent = action.text(user);
    $('confirm-user').textContent = user;
    $('confirm-typed-row').hidden = !action.typed;
    $('confirm-typed').value = '';
    $('confirm-ok').disabled = !!action.typed;
    $('confirm-ok').textContent = action.title(user).split(' ')[0];
    return new Promise((resolve) => {
      const finish = (ok) => {
        $('confirm-ok').onclick = null; $('confirm-cancel').onclick = null; dialog.onclose = null;
        if (dialog.open) dialog.close();
        resolve(ok);
      };
      $('confirm-typed').oninput = () => { $('confirm-ok').disabled = $('confirm-typed').value !== user; };
      $('confirm-ok').onclick = () => finish(true);
      $('confirm-cancel').onclick = () => finish(false);
      dialog.onclose = () => finish(false);
      dialog.showModal();
      (action.typed ? $('confirm-typed') : $('confirm-cancel')).focus();
    });
  }

  $('slots').addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const action = ACTIONS[button.dataset.action];
    const user = button.dataset.user;
    if (!(await confirmAction(action, user))) return;
    button.disabled = true;
    try {
      await action.call(user);
      toast(action.done(user));
    } catch (e) {
      toast(`${action.title(user).replace('?', '')} failed: ${e.message}`, true);
    }
    refresh();
  });

  $('logout').addEventListener('click', async () => {
    await api('POST', '/admin/ui/logout').catch(() => null);
    location.assign('/admin/ui/login');
  });

  function toast(message, error = false) {
    const box = $('toast');
    box.textContent = message;
    box.className = error ? 'error' : '';
    box.hidden = false;
    clearTimeout(toast.hide);
    toast.hide = setTimeout(() => { box.hidden = true; }, 6000);
  }

  refresh();
})();
