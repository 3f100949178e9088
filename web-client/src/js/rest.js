// Authenticated GETs of the REST API for the supervisor pages (wallboard, reports). The token comes from a
// TokenStore: renewed first when it expires within 5 s, and once more on a 401 (expired in between); a refused
// renewal ends the session (the store dispatches 'signed-out').
import { ApiError } from './api.js';

const RENEW_WITHIN_MS = 5_000;

async function token(store, force) {
  if (force || store.expiresAt - Date.now() < RENEW_WITHIN_MS) {
    return store.refresh();
  }
  return store.accessToken;
}

async function send(path, bearer, accept) {
  try {
    return await fetch(path, {
      headers: { Authorization: `Bearer ${bearer}`, Accept: accept },
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'the server cannot be reached');
  }
}

/**
 * GET path with the session's token. Resolves to the Response (status 2xx) or rejects with an ApiError carrying
 * the status and the problem's detail (which names the parameter at fault).
 */
export async function authedGet(store, path, accept = 'application/json') {
  let res = await send(path, await token(store, false), accept);
  if (res.status === 401) {
    res = await send(path, await token(store, true), accept);
  }
  if (!res.ok) {
    const problem = await res.json().catch(() => ({}));
    throw new ApiError(res.status, problem.detail || problem.title || `request failed (${res.status})`);
  }
  return res;
}

/**
 * POST a JSON body with the session's token (renewed as for GETs). Resolves to the answer's JSON or rejects with an
 * ApiError carrying the status and the problem's detail (which names the field at fault).
 */
export function postJson(store, path, body) {
  return sendJson(store, 'POST', path, body);
}

/** As postJson with another method (PATCH a case's fields). */
export async function sendJson(store, method, path, body) {
  const send1 = async (force) => {
    try {
      return await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${await token(store, force)}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'the server cannot be reached');
    }
  };
  let res = await send1(false);
  if (res.status === 401) res = await send1(true);
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, json.detail || json.title || `request failed (${res.status})`);
  return json;
}

/** GET path as JSON. */
export async function getJson(store, path) {
  return (await authedGet(store, path)).json();
}

/** Every item of a paged directory list (GET /api/v1/<kind>?limit=&cursor=, {items, next}). */
export async function listAll(store, kind) {
  const items = [];
  let cursor = null;
  do {
    const q = new URLSearchParams({ limit: '200' });
    if (cursor) q.set('cursor', cursor);
    const page = await getJson(store, `/api/v1/${kind}?${q}`);
    items.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return items;
}

/**
 * The claims of the session's access token ({sub, tenant, roles, ...}; {} when unreadable), for what the page
 * shows only: the server checks the token on every call.
 */
export function tokenClaims(store) {
  try {
    const payload = store.accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0))));
  } catch {
    return {};
  }
}
