// Talks to the Faultline server only (same origin): Keystone login, the APIs, the live stream.
const SESSION_KEY = 'faultline.session';

export function session() {
  const raw = sessionStorage.getItem(SESSION_KEY);
  return raw ? JSON.parse(raw) : null;
}

export async function login(user, password, project) {
  const body = {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: user, domain: { id: 'default' }, password } },
      },
      scope: { project: { name: project, domain: { id: 'default' } } },
    },
  };
  const response = await fetch('/v3/auth/tokens', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(await message(response));
  }
  const token = (await response.json()).token;
  const roles = token.roles.map((role) => role.name);
  const saved = {
    token: response.headers.get('X-Subject-Token'),
    user: token.user.name,
    project: token.project.name,
    projectId: token.project.id,
    roles,
    admin: roles.includes('admin'),
    expiresAt: token.expires_at,
  };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(saved));
  return saved;
}

export async function logout() {
  const current = session();
  sessionStorage.removeItem(SESSION_KEY);
  if (current) {
    // Revoke the token on the server, not only forget it here.
    await fetch('/v3/auth/tokens', {
      method: 'DELETE',
      headers: { 'X-Auth-Token': current.token, 'X-Subject-Token': current.token },
    }).catch(() => {});
  }
}

export class ApiError extends Error {
  constructor(status, text) {
    super(text);
    this.status = status;
  }
}

/** A JSON call with the session's token; 401 ends the session. */
export async function call(method, path, body, headers = {}) {
  const current = session();
  const init = {
    method,
    headers: { Accept: 'application/json', 'X-Auth-Token': current ? current.token : '', ...headers },
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (response.status === 401) {
    sessionStorage.removeItem(SESSION_KEY);
    window.dispatchEvent(new Event('faultline:logged-out'));
  }
  if (!response.ok) {
    throw new ApiError(response.status, await message(response));
  }
  return response.status === 204 ? null : response.json().catch(() => null);
}

/** The first human-readable message of any OpenStack fault body. */
async function message(response) {
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    const found = findMessage(body);
    if (found) {
      return `${response.status}: ${found}`;
    }
  } catch {
    // not JSON: fall back to the text
  }
  return `${response.status}: ${text || response.statusText}`;
}

function findMessage(node) {
  if (node && typeof node === 'object') {
    for (const key of ['message', 'error_message', 'faultstring']) {
      if (typeof node[key] === 'string') {
        return node[key];
      }
    }
    for (const value of Object.values(node)) {
      const found = findMessage(value);
      if (found) {
        return found;
      }
    }
  }
  return null;
}

/**
 * Reads the server-sent event stream with fetch, so the token goes in a header and never in a
 * URL; reconnects after a pause when the connection drops.
 */
export function openStream(onEvent, onState) {
  let stopped = false;
  let controller = null;
  async function run() {
    while (!stopped) {
      const current = session();
      if (!current) {
        return;
      }
      controller = new AbortController();
      try {
        const response = await fetch('/v1/stream', {
          headers: { Accept: 'text/event-stream', 'X-Auth-Token': current.token },
          signal: controller.signal,
        });
        if (response.status === 401) {
          onState('expired');
          return;
        }
        if (!response.ok) {
          throw new Error(`stream answered ${response.status}`);
        }
        onState('live');
        await readEvents(response.body, onEvent);
      } catch (error) {
        if (stopped) {
          return;
        }
      }
      onState('offline');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  run();
  return () => {
    stopped = true;
    if (controller) {
      controller.abort();
    }
  };
}

async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = 'message';
      const data = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('event: ')) {
          type = line.slice(7);
        } else if (line.startsWith('data: ')) {
          data.push(line.slice(6));
        }
      }
      if (data.length > 0) {
        onEvent(type, JSON.parse(data.join('\n')));
      }
    }
  }
}
