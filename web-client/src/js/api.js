// REST calls to the node. Owns nothing but fetch; tokens are passed in, never stored here.

/** An HTTP failure: `status` (0 when the node could not be reached) and the server's problem detail. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function post(path, body) {
  let res;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'the server cannot be reached');
  }
  const json = res.status === 204 ? {} : await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new ApiError(res.status, json.detail || `request failed (${res.status})`);
  }
  return json;
}

/** Signs in; resolves to {accessToken, refreshToken, expiresIn (s)} or rejects with an ApiError. */
export function login(tenant, username, password) {
  return post('/api/v1/auth/login', { tenant, username, password });
}

/** Exchanges a refresh token for a new pair (refresh tokens are single use). */
export function refresh(refreshToken) {
  return post('/api/v1/auth/refresh', { refreshToken });
}

/** Revokes the refresh token (best effort: the caller forgets the tokens either way). */
export function logout(refreshToken) {
  return post('/api/v1/auth/logout', { refreshToken });
}
