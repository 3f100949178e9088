// REST calls to the node. Owns nothing but fetch; tokens are passed in, never stored here.

/** Signs in; resolves to {accessToken, refreshToken, expiresIn} or rejects with the server's problem detail. */
export async function login(tenant, username, password) {
  const res = await fetch('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant, username, password }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new Error(body.detail || `sign-in failed (${res.status})`);
  }
  return body;
}

/** Exchanges a refresh token for a new pair (refresh tokens are single use). */
export async function refresh(refreshToken) {
  const res = await fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });
  if (!res.ok) {
    throw new Error(`refresh failed (${res.status})`);
  }
  return res.json();
}
