// The signed-in session's tokens. Kept in sessionStorage (this tab only, survives a page refresh, gone when
// the tab closes) so a refreshed page reconnects without asking for the password again.
import * as api from './api.js';
import { t } from './i18n.js';


export class TokenStore extends EventTarget {
  #tokens = null; // {accessToken, refreshToken, expiresAt (epoch ms, client clock)}
  #refreshing = null;
  #key;

  /** @param key the sessionStorage key (one per page, so an agent tab and a wallboard tab stay apart) */
  constructor(key = 'switchboard.session') {
    super();
    this.#key = key;
    try {
      this.#tokens = JSON.parse(sessionStorage.getItem(key));
    } catch {
      this.#tokens = null;
    }
  }

  get signedIn() { return this.#tokens != null; }
  get accessToken() { return this.#tokens?.accessToken ?? null; }
  /** Epoch ms when the access token expires, by this browser's clock. */
  get expiresAt() { return this.#tokens?.expiresAt ?? 0; }

  async login(tenant, username, password) {
    this.#save(await api.login(tenant, username, password));
  }

  /**
   * A fresh token pair. Single flight: concurrent callers share one request, because refresh tokens are
   * single use and a second exchange of the same one would fail. A 401/403 means the session is over:
   * the tokens are forgotten and 'signed-out' is dispatched.
   */
  refresh() {
    if (!this.#refreshing) {
      const rt = this.#tokens?.refreshToken;
      this.#refreshing = (rt ? api.refresh(rt) : Promise.reject(new api.ApiError(401, 'not signed in')))
        .then((t) => { this.#save(t); return t.accessToken; })
        .catch((e) => {
          if (e.status === 401 || e.status === 403) {
            this.clear('session expired');
          }
          throw e;
        })
        .finally(() => { this.#refreshing = null; });
    }
    return this.#refreshing;
  }

  async logout() {
    const rt = this.#tokens?.refreshToken;
    this.clear('signed out');
    if (rt) {
      await api.logout(rt).catch(() => {});
    }
  }

  clear(reason) {
    const had = this.#tokens != null;
    this.#tokens = null;
    sessionStorage.removeItem(this.#key);
    if (had) {
      this.dispatchEvent(new CustomEvent('signed-out', { detail: { reason } }));
    }
  }

  #save(t) {
    this.#tokens = {
      accessToken: t.accessToken,
      refreshToken: t.refreshToken,
      expiresAt: Date.now() + t.expiresIn * 1000,
    };
    sessionStorage.setItem(this.#key, JSON.stringify(this.#tokens));
  }
}

/**
 * Signs in from a page's sign-in form (fields tenant, username, password; the softphone, wallboard and reports
 * pages): the submit button is disabled while the request runs, {@code beforeSignIn} runs first inside the user's
 * gesture, the error goes to {@code errorEl} in the page's language; on success the password field is cleared and
 * {@code onSignedIn} runs.
 */
export function bindSignInForm(form, errorEl, store, onSignedIn, beforeSignIn = () => {}) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(form);
    const button = form.querySelector('button[type=submit]');
    if (button) button.disabled = true; // one request at a time
    errorEl.textContent = '';
    beforeSignIn();
    try {
      await store.login(String(f.get('tenant')).trim(), String(f.get('username')).trim(), String(f.get('password')));
      form.password.value = '';
      onSignedIn();
    } catch (err) {
      errorEl.textContent = err instanceof api.ApiError && err.status === 0
        ? t('login.unreachable') : t('login.failed', { message: err.message });
    } finally {
      if (button) button.disabled = false;
    }
  });
}
