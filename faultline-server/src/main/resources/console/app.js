// The Faultline console: fleet, faults with their timelines, alarms — live from /v1/stream.
import { ApiError, call, login, logout, openStream, session } from './api.js';

const STATES = ['forced_down', 'down', 'maintenance', 'disabled', 'up'];
const STATE_LABELS = {
  forced_down: 'forced down',
  down: 'down',
  maintenance: 'maintenance',
  disabled: 'disabled',
  up: 'up',
};
const ROW_HEIGHT = 36;

const state = {
  stream: { fleet: false, faults: false },
  stopStream: null,
  hosts: new Map(),
  fleetMeta: { downTimeMs: 60000 },
  fleetFilter: { state: 'all', text: '' },
  faults: new Map(),
  selectedFault: null,
  alarmsProject: '',
  projects: [],
  refreshTimer: null,
};

// ---------- small DOM helpers (text only: nothing from the server is parsed as HTML) ----------

function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key.startsWith('on')) {
      element.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      element.className = value;
    } else {
      element.setAttribute(key, value === true ? '' : value);
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

const $ = (id) => document.getElementById(id);

function toast(text, error = false) {
  const box = $('toast');
  box.textContent = text;
  box.className = error ? 'error' : '';
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => {
    box.hidden = true;
  }, 4000);
}

function confirmAction(text) {
  const dialog = $('confirm');
  $('confirm-text').textContent = text;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}

async function act(question, action, done) {
  if (!(await confirmAction(question))) {
    return;
  }
  try {
    await action();
    toast(done);
  } catch (error) {
    toast(error.message, true);
  }
}

function ms(value) {
  if (value === null || value === undefined) {
    return '–';
  }
  return value < 10 ? `${value.toFixed(2)} ms` : value < 1000 ? `${value.toFixed(1)} ms` : `${(value / 1000).toFixed(2)} s`;
}

function age(millis) {
  const seconds = Math.max(0, Math.round(millis / 1000));
  if (seconds < 90) {
    return `${seconds} s ago`;
  }
  const minutes = Math.round(seconds / 60);
  return minutes < 90 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`;
}

function badge(value, label = value) {
  return h('span', { class: `badge state-${String(value).toLowerCase().replace(/ /g, '_')}` }, label);
}

// ---------- session, stream, routing ----------

function showLogin(message = '') {
  if (state.stopStream) {
    state.stopStream();
    state.stopStream = null;
  }
  clearInterval(state.refreshTimer);
  $('top').hidden = true;
  $('app').hidden = true;
  $('login-view').hidden = false;
  $('login-error').textContent = message;
  $('login-user').focus();
}

function showApp() {
  const current = session();
  $('login-view').hidden = true;
  $('top').hidden = false;
  $('app').hidden = false;
  $('who').textContent = `${current.user} · ${current.project}${current.admin ? ' (admin)' : ''}`;
  state.stream = { fleet: false, faults: false };
  state.stopStream = openStream(onStreamEvent, (value) => {
    const live = $('live');
    live.textContent = value === 'live' ? 'live' : 'offline';
    live.className = `live ${value === 'live' ? 'on' : 'off'}`;
    if (value === 'expired') {
      showLogin('Your session has ended; sign in again.');
    }
  });
  clearInterval(state.refreshTimer);
  state.refreshTimer = setInterval(periodic, 1000);
  route();
}

let ticks = 0;
function periodic() {
  ticks += 1;
  const view = currentView();
  if (view === 'fleet') {
    renderRows();
    if (ticks % 10 === 0) {
      loadFleet();
    }
  }
}

/** Alarm activity arrives in bursts (a fault fires many alarms): one reload at a time. */
let alarmsReload = null;
function reloadAlarmsSoon() {
  if (alarmsReload === null) {
    alarmsReload = setTimeout(() => {
      alarmsReload = null;
      loadAlarms();
    }, 100);
  }
}

function onStreamEvent(type, data) {
  switch (type) {
    case 'ready':
      state.stream = data;
      route();
      break;
    case 'hosts':
      mergeHosts(data);
      break;
    case 'fleet':
    case 'resync':
      loadFleet();
      loadFaults();
      break;
    case 'project':
      if (currentView() === 'fleet' && !state.stream.fleet) {
        loadProjectFleet();
      }
      break;
    case 'fault':
      state.faults.set(data.id, data);
      if (currentView() === 'faults') {
        renderFaults();
      }
      break;
    case 'faults':
      loadFaults();
      break;
    case 'alarms':
      if (currentView() === 'alarms' && alarmsShown(data.project_ids)) {
        reloadAlarmsSoon();
      }
      break;
    case 'expired':
      showLogin('Your session has ended; sign in again.');
      break;
    default:
      break;
  }
}

function currentView() {
  return (location.hash.replace(/^#\//, '').split(/[/?]/)[0] || 'fleet');
}

function route() {
  if (!session()) {
    showLogin();
    return;
  }
  const view = currentView();
  for (const name of ['fleet', 'faults', 'alarms']) {
    $(`nav-${name}`).classList.toggle('active', view === name || (view === 'deliveries' && name === 'faults'));
  }
  const root = $('view');
  root.replaceChildren();
  root.dataset.view = view;
  if (view === 'faults') {
    const id = location.hash.split('/')[2];
    state.selectedFault = id ? decodeURIComponent(id) : null;
    viewFaults(root);
  } else if (view === 'deliveries') {
    viewDeliveries(root);
  } else if (view === 'alarms') {
    viewAlarms(root);
  } else {
    viewFleet(root);
  }
}

// ---------- fleet (admin: every host; member: the project's instances and ports) ----------

function viewFleet(root) {
  if (!state.stream.fleet) {
    root.append(h('h2', {}, 'Your project'), h('div', { id: 'project-fleet' }, 'Loading…'));
    loadProjectFleet();
    return;
  }
  root.append(
    h('div', { class: 'toolbar' },
      h('h2', {}, 'Fleet'),
      h('div', { id: 'state-chips', class: 'chips' }),
      h('input', {
        id: 'host-search',
        type: 'search',
        placeholder: 'Filter hosts…',
        value: state.fleetFilter.text,
        oninput: (event) => {
          state.fleetFilter.text = event.target.value.trim();
          renderFleet();
        },
      })),
    h('div', { id: 'fleet-totals', class: 'totals' }),
    h('div', { class: 'vhead' },
      h('span', {}, 'Host'), h('span', {}, 'State'), h('span', {}, 'Instances by state'),
      h('span', {}, 'Data plane DOWN'), h('span', {}, 'Last heartbeat'), h('span', {}, 'Actions')),
    h('div', { id: 'fleet-list', class: 'vlist', onscroll: renderRows },
      h('div', { id: 'fleet-spacer', class: 'spacer' })));
  if (state.hosts.size > 0) {
    renderFleet();
  }
  loadFleet();
}

async function loadFleet() {
  if (!state.stream.fleet) {
    return;
  }
  try {
    const body = await call('GET', '/v1/console/fleet');
    state.hosts = new Map();
    mergeHosts(body, false);
    renderFleet();
  } catch (error) {
    toast(error.message, true);
  }
}

function mergeHosts(body, render = true) {
  const received = Date.now();
  state.fleetMeta.downTimeMs = body.service_down_time_ms;
  for (const host of body.hosts) {
    host.received = received;
    state.hosts.set(host.host, host);
  }
  if (render && currentView() === 'fleet') {
    renderFleet();
  }
}

let visibleHosts = [];

function renderFleet() {
  if (!$('fleet-list')) {
    return;
  }
  const counts = Object.fromEntries(STATES.map((name) => [name, 0]));
  const instances = {};
  let dataPlaneDown = 0;
  for (const host of state.hosts.values()) {
    counts[host.state] += 1;
    dataPlaneDown += host.ports_data_plane_down;
    for (const [name, count] of Object.entries(host.instances)) {
      instances[name] = (instances[name] || 0) + count;
    }
  }
  const chips = $('state-chips');
  chips.replaceChildren(
    chip('all', `All ${state.hosts.size}`),
    ...STATES.map((name) => chip(name, `${STATE_LABELS[name]} ${counts[name]}`)));
  $('fleet-totals').replaceChildren(
    h('span', {}, 'Instances: '),
    ...Object.entries(instances).sort().map(([name, count]) => h('span', { class: `count vm-${name}` }, `${count} ${name}`)),
    h('span', { class: `count${dataPlaneDown > 0 ? ' dp-down' : ''}` }, `Ports with data plane DOWN: ${dataPlaneDown}`));
  const text = state.fleetFilter.text.toLowerCase();
  visibleHosts = [...state.hosts.values()]
    .filter((host) => state.fleetFilter.state === 'all' || host.state === state.fleetFilter.state)
    .filter((host) => !text || host.host.toLowerCase().includes(text))
    .sort((a, b) => STATES.indexOf(a.state) - STATES.indexOf(b.state) || a.host.localeCompare(b.host));
  $('fleet-spacer').style.height = `${visibleHosts.length * ROW_HEIGHT}px`;
  renderRows();
}

function chip(name, label) {
  return h('button', {
    type: 'button',
    class: `chip state-${name}${state.fleetFilter.state === name ? ' selected' : ''}`,
    'data-state': name,
    onclick: () => {
      state.fleetFilter.state = name;
      renderFleet();
    },
  }, label);
}

/**
 * Only the rows in view (plus a few) exist in the DOM, whatever the size of the fleet. A row is
 * rebuilt only when its host changed, so a button stays put while the operator clicks it.
 */
const rowCache = new Map();

function renderRows() {
  const list = $('fleet-list');
  if (!list) {
    return;
  }
  const first = Math.max(0, Math.floor(list.scrollTop / ROW_HEIGHT) - 5);
  const last = Math.min(visibleHosts.length, first + Math.ceil(list.clientHeight / ROW_HEIGHT) + 10);
  const rows = [];
  const shown = new Set();
  for (let index = first; index < last; index += 1) {
    rows.push(cachedRow(visibleHosts[index], index));
    shown.add(visibleHosts[index].host);
  }
  for (const host of rowCache.keys()) {
    if (!shown.has(host)) {
      rowCache.delete(host);
    }
  }
  if (visibleHosts.length === 0) {
    rows.push(h('div', { class: 'empty' }, state.hosts.size === 0 ? 'No compute host has reported yet.' : 'No host matches.'));
  }
  const spacer = $('fleet-spacer');
  const current = [...spacer.children];
  if (current.length !== rows.length || current.some((element, index) => element !== rows[index])) {
    spacer.replaceChildren(...rows);
  }
}

function cachedRow(host, index) {
  const key = JSON.stringify([host.state, host.status, host.forced_down, host.instances, host.ports_data_plane_down]);
  let entry = rowCache.get(host.host);
  if (!entry || entry.key !== key) {
    entry = { key, element: hostRow(host) };
    rowCache.set(host.host, entry);
  }
  const top = `${index * ROW_HEIGHT}px`;
  if (entry.element.style.top !== top) {
    entry.element.style.top = top;
  }
  const heartbeat = host.heartbeat_age_ms + (Date.now() - host.received);
  const cell = entry.element.querySelector('.age');
  const text = age(heartbeat);
  if (cell.textContent !== text) {
    cell.textContent = text;
    cell.classList.toggle('dp-bad', heartbeat > state.fleetMeta.downTimeMs);
  }
  return entry.element;
}

function hostRow(host) {
  const total = Object.values(host.instances).reduce((sum, count) => sum + count, 0);
  const bar = h('span', { class: 'stack', title: JSON.stringify(host.instances) });
  for (const [name, count] of Object.entries(host.instances)) {
    const part = h('span', { class: `vm-${name}` });
    part.style.width = `${(100 * count) / Math.max(total, 1)}%`;
    bar.append(part);
  }
  const summary = Object.entries(host.instances).map(([name, count]) => `${count} ${name}`).join(' · ') || 'none';
  return h('div', { class: `vrow host-row row-${host.state}`, 'data-host': host.host, 'data-state': host.state },
    h('span', { class: 'name' }, host.host),
    h('span', {}, badge(host.state, STATE_LABELS[host.state])),
    h('span', { class: 'instances' }, bar, h('span', { class: 'small' }, summary)),
    h('span', { class: host.ports_data_plane_down > 0 ? 'dp-bad' : 'muted' }, String(host.ports_data_plane_down)),
    h('span', { class: 'age' }),
    h('span', { class: 'actions' }, ...hostActions(host)));
}

function hostActions(host) {
  const reported = host.forced_down;
  const maintenance = host.status === 'disabled';
  return [
    h('button', {
      type: 'button',
      class: reported ? '' : 'danger',
      'data-action': reported ? 'host-up' : 'host-down',
      onclick: () => act(
        reported ? `Lift the down report of ${host.host}? Its service follows its heartbeats again.`
          : `Report ${host.host} down? Its service is forced down and its instances stopped at once.`,
        () => call('PUT', `/v2.1/os-hosts/${encodeURIComponent(host.host)}`, { host_down_reported: !reported }),
        reported ? `${host.host}: down report lifted` : `${host.host} reported down`),
    }, reported ? 'Report up' : 'Report down'),
    h('button', {
      type: 'button',
      'data-action': maintenance ? 'maintenance-off' : 'maintenance-on',
      onclick: () => act(
        maintenance ? `Take ${host.host} out of maintenance? The scheduler may place on it again.`
          : `Put ${host.host} into maintenance? The scheduler stops placing instances on it and the Doctor loop leaves it alone.`,
        () => call('PUT', `/v1/hosts/${encodeURIComponent(host.host)}/maintenance`,
          maintenance ? { maintenance: false } : { maintenance: true, reason: `maintenance by ${session().user} (console)` }),
        maintenance ? `${host.host} out of maintenance` : `${host.host} in maintenance`),
    }, maintenance ? 'End maintenance' : 'Maintenance'),
  ];
}

async function loadProjectFleet() {
  const box = $('project-fleet');
  if (!box) {
    return;
  }
  try {
    const [servers, ports] = await Promise.all([
      call('GET', '/v2.1/servers/detail'),
      call('GET', '/v2.0/ports'),
    ]);
    const byStatus = {};
    for (const server of servers.servers) {
      byStatus[server.status] = (byStatus[server.status] || 0) + 1;
    }
    const down = ports.ports.filter((port) => port.data_plane_status === 'DOWN');
    box.replaceChildren(
      h('p', { class: 'muted' }, 'Host states are visible to administrators only; this is what your project owns.'),
      h('div', { class: 'totals' },
        h('span', {}, `Instances: ${servers.servers.length}`),
        ...Object.entries(byStatus).sort().map(([name, count]) => h('span', { class: `count vm-${name.toLowerCase()}` }, `${count} ${name}`)),
        h('span', { class: `count${down.length > 0 ? ' dp-down' : ''}` }, `Ports with data plane DOWN: ${down.length}`)),
      table(['Instance', 'Status', 'Id'], servers.servers.slice(0, 500).map((server) => [server.name, badge(server.status), server.id]), 'project-servers'),
      h('h3', {}, 'Ports with data plane DOWN'),
      table(['Port', 'Device', 'Status'], down.slice(0, 500).map((port) => [port.id, port.device_id, port.status]), 'project-ports'));
  } catch (error) {
    box.textContent = error.message;
  }
}

function table(headers, rows, id) {
  return h('table', { id },
    h('thead', {}, h('tr', {}, ...headers.map((name) => h('th', {}, name)))),
    h('tbody', {}, ...(rows.length === 0
      ? [h('tr', {}, h('td', { colspan: headers.length, class: 'muted' }, 'None.'))]
      : rows.map((cells) => h('tr', {}, ...cells.map((cell) => h('td', {}, cell)))))));
}

// ---------- faults ----------

function viewFaults(root) {
  if (!state.stream.faults) {
    root.append(h('h2', {}, 'Faults'), h('p', { class: 'muted', id: 'faults-denied' },
      'Faults are shown to administrators and monitors (policy inspector:faults:list).'));
    return;
  }
  root.append(
    h('div', { class: 'split' },
      h('div', { class: 'fault-list card' }, h('h2', {}, 'Faults'), h('ul', { id: 'fault-list' })),
      h('div', { class: 'fault-detail card', id: 'fault-detail' }, h('p', { class: 'muted' }, 'No fault yet.'))));
  renderFaults();
  loadFaults();
}

async function loadFaults() {
  if (!state.stream.faults) {
    return;
  }
  try {
    const body = await call('GET', '/v1/faults?limit=100');
    for (const fault of body.faults) {
      state.faults.set(fault.id, fault);
    }
    if (currentView() === 'faults') {
      renderFaults();
    }
  } catch (error) {
    toast(error.message, true);
  }
}

function detectedAt(fault) {
  const first = fault.timeline[0];
  return first ? first.at : '';
}

function totalMs(fault) {
  const last = fault.timeline[fault.timeline.length - 1];
  return last ? last.ms_since_detected : null;
}

function renderFaults() {
  const list = $('fault-list');
  if (!list) {
    return;
  }
  const faults = [...state.faults.values()].sort((a, b) => detectedAt(b).localeCompare(detectedAt(a)));
  if (faults.length > 200) {
    faults.length = 200;
  }
  const selected = state.selectedFault && state.faults.has(state.selectedFault) ? state.selectedFault : faults[0]?.id;
  list.replaceChildren(...faults.map((fault) => h('li', {
    class: `fault-item${fault.id === selected ? ' selected' : ''}`,
    'data-fault': fault.id,
  }, h('a', { href: `#/faults/${encodeURIComponent(fault.id)}` },
    badge(fault.status),
    h('span', { class: 'type' }, fault.type),
    h('span', { class: 'name' }, fault.hostname),
    h('span', { class: 'small muted' }, `${new Date(detectedAt(fault)).toLocaleTimeString()} · ${ms(totalMs(fault))}`)))));
  const detail = $('fault-detail');
  if (selected) {
    detail.replaceChildren(...faultDetail(state.faults.get(selected)));
  }
}

function faultDetail(fault) {
  const total = Math.max(totalMs(fault) || 0, 0.001);
  const rows = [];
  let previous = 0;
  for (const stage of fault.timeline) {
    const at = stage.ms_since_detected ?? 0;
    const bar = h('span', { class: `bar stage-${stage.stage}` });
    bar.style.left = `${(100 * previous) / total}%`;
    bar.style.width = `${Math.max((100 * (at - previous)) / total, 0.4)}%`;
    rows.push(h('div', { class: 'stage', 'data-stage': stage.stage },
      h('span', { class: 'label' }, `${stage.stage} ${stage.name.replace(/_/g, ' ')}`),
      h('span', { class: 'track' }, bar),
      h('span', { class: 'numbers' }, stage.ms_since_previous === null ? 'start' : `+${ms(stage.ms_since_previous)}`, h('span', { class: 'muted' }, ` @ ${ms(at)}`))));
    previous = at;
  }
  return [
    h('h2', {}, `${fault.type} on ${fault.hostname}`),
    h('p', {}, badge(fault.status), ` ${fault.reports} report(s) from ${fault.monitor}`,
      fault.message ? h('span', { class: 'muted' }, ` — ${fault.message}`) : null),
    h('p', { class: 'small muted' }, `Fault ${fault.id}`),
    h('h3', {}, 'Timeline (milliseconds per stage)'),
    h('div', { class: 'waterfall', id: 'waterfall' }, ...rows),
    h('p', {}, h('a', { id: 'fault-deliveries', href: `#/deliveries?fault_id=${encodeURIComponent(fault.id)}` }, 'Webhook deliveries of this fault →')),
    affected('Instances', fault.affected.instances),
    affected('Ports', fault.affected.ports),
    affected('Alarms', fault.affected.alarms),
  ];
}

function affected(title, ids) {
  const shown = ids.slice(0, 60);
  return h('div', { class: 'affected' },
    h('h3', {}, `${title} (${ids.length})`),
    h('div', { class: 'ids' }, ...shown.map((id) => h('code', {}, id)),
      ids.length > shown.length ? h('span', { class: 'muted' }, ` and ${ids.length - shown.length} more`) : null));
}

// ---------- deliveries ----------

function viewDeliveries(root) {
  const query = new URLSearchParams(location.hash.split('?')[1] || '');
  const filter = query.get('fault_id') ? `fault ${query.get('fault_id')}` : query.get('alarm_id') ? `alarm ${query.get('alarm_id')}` : 'all visible';
  const box = h('div', { id: 'deliveries' }, 'Loading…');
  root.append(
    h('p', {}, h('a', { href: query.get('fault_id') ? `#/faults/${encodeURIComponent(query.get('fault_id'))}` : '#/faults' }, '← back')),
    h('h2', {}, `Webhook deliveries: ${filter}`), box);
  call('GET', `/v1/deliveries?${query.toString()}`)
    .then((body) => box.replaceChildren(deliveryTable(body.deliveries)))
    .catch((error) => {
      box.textContent = error.message;
    });
}

function deliveryTable(deliveries) {
  return table(['Delivery', 'Outcome', 'Attempts', 'Alarm', 'Action', 'Last error', 'Created'],
    deliveries.map((delivery) => [h('code', {}, delivery.id), badge(delivery.status), String(delivery.attempts),
      h('code', {}, delivery.alarm_id), delivery.action, delivery.last_error || '', new Date(delivery.created_at).toLocaleString()]),
    'delivery-table');
}

// ---------- alarms ----------

function viewAlarms(root) {
  const current = session();
  const toolbar = h('div', { class: 'toolbar' }, h('h2', {}, 'Alarms'));
  if (current.admin) {
    const select = h('select', {
      id: 'alarm-project',
      onchange: (event) => {
        state.alarmsProject = event.target.value;
        loadAlarms();
      },
    }, h('option', { value: '' }, 'All projects'));
    toolbar.append(h('label', {}, 'Project ', select));
    call('GET', '/v3/projects').then((body) => {
      state.projects = body.projects;
      for (const project of body.projects) {
        select.append(h('option', { value: project.id, selected: project.id === state.alarmsProject }, project.name));
      }
      loadAlarms();
    }).catch(() => {});
  }
  root.append(toolbar, h('div', { id: 'alarms' }, 'Loading…'));
  loadAlarms();
}

const expandedAlarms = new Set();

/** Whether the alarm list on screen (all projects, or the one chosen) includes any of these. */
function alarmsShown(projects) {
  return !session().admin || !state.alarmsProject || projects.includes(state.alarmsProject);
}

async function loadAlarms() {
  const box = $('alarms');
  if (!box) {
    return;
  }
  const current = session();
  let path = '/v2/alarms';
  if (current.admin) {
    path += state.alarmsProject
      ? `?q.field=project_id&q.op=eq&q.value=${encodeURIComponent(state.alarmsProject)}`
      : '?q.field=all_projects&q.op=eq&q.value=true';
  }
  try {
    const alarms = await call('GET', path);
    const rows = [];
    for (const alarm of alarms) {
      rows.push(alarmRow(alarm, current.admin));
      if (expandedAlarms.has(alarm.alarm_id)) {
        rows.push(await alarmDetails(alarm));
      }
    }
    box.replaceChildren(h('table', { id: 'alarm-table' },
      h('thead', {}, h('tr', {}, ...['Alarm', 'State', 'Type', 'Severity', 'Rule', current.admin ? 'Project' : null, 'Actions']
        .filter(Boolean).map((name) => h('th', {}, name)))),
      h('tbody', {}, ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No alarms.'))]))));
  } catch (error) {
    box.textContent = error.message;
  }
}

function ruleText(alarm) {
  const rule = alarm.event_rule || alarm.threshold_rule || alarm.gnocchi_resources_threshold_rule || {};
  if (alarm.event_rule) {
    const query = (rule.query || []).map((term) => `${term.field} ${term.op} ${term.value}`).join(', ');
    return `${rule.event_type}${query ? ` where ${query}` : ''}`;
  }
  return JSON.stringify(rule);
}

function alarmRow(alarm, admin) {
  const cells = [
    h('td', {}, alarm.name),
    h('td', {}, badge(alarm.state)),
    h('td', {}, alarm.type),
    h('td', {}, alarm.severity),
    h('td', { class: 'small' }, ruleText(alarm)),
  ];
  if (admin) {
    const project = state.projects.find((item) => item.id === alarm.project_id);
    cells.push(h('td', { class: 'small' }, project ? project.name : alarm.project_id));
  }
  cells.push(h('td', { class: 'actions' },
    h('button', {
      type: 'button',
      onclick: () => {
        if (!expandedAlarms.delete(alarm.alarm_id)) {
          expandedAlarms.add(alarm.alarm_id);
        }
        loadAlarms();
      },
    }, expandedAlarms.has(alarm.alarm_id) ? 'Hide' : 'History'),
    alarm.state === 'ok' ? null : h('button', {
      type: 'button',
      'data-action': 'acknowledge',
      onclick: () => act(`Acknowledge alarm ${alarm.name}? Its state is set to ok.`,
        async () => {
          await call('PUT', `/v2/alarms/${encodeURIComponent(alarm.alarm_id)}/state`, 'ok');
          await loadAlarms();
        }, `${alarm.name} acknowledged`),
    }, 'Acknowledge')));
  return h('tr', { 'data-alarm': alarm.alarm_id, 'data-name': alarm.name }, ...cells);
}

async function alarmDetails(alarm) {
  const [history, deliveries] = await Promise.all([
    call('GET', `/v2/alarms/${encodeURIComponent(alarm.alarm_id)}/history?limit=10`).catch((error) => error),
    call('GET', `/v1/deliveries?alarm_id=${encodeURIComponent(alarm.alarm_id)}&limit=10`).catch((error) => error),
  ]);
  return h('tr', { class: 'details' }, h('td', { colspan: 7 },
    h('h3', {}, 'Recent history'),
    history instanceof ApiError ? history.message : table(['When', 'Type', 'Detail'],
      history.map((change) => [new Date(change.timestamp).toLocaleString(), change.type, h('code', {}, change.detail)])),
    h('h3', {}, 'Recent deliveries'),
    deliveries instanceof ApiError ? deliveries.message : deliveryTable(deliveries.deliveries)));
}

// ---------- start ----------

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    await login($('login-user').value.trim(), $('login-password').value, $('login-project').value.trim() || 'admin');
    $('login-password').value = '';
    if (!location.hash) {
      location.hash = '#/fleet';
    }
    showApp();
  } catch (error) {
    $('login-error').textContent = error.message;
  }
});

$('logout').addEventListener('click', async () => {
  await logout();
  state.hosts = new Map();
  state.faults = new Map();
  showLogin('Signed out; the token is revoked.');
});

window.addEventListener('hashchange', route);
window.addEventListener('faultline:logged-out', () => showLogin('Your session has ended; sign in again.'));

if (session()) {
  showApp();
} else {
  showLogin();
}
