// The agent's status, written one way everywhere (the softphone's badge and status control, its activity list, the
// wallboard): statusLabel(state, reason). Away reasons are the tenant's (GET /api/v1/away-reasons, labels shown as
// written) or, while it lists none, the four the ACD allows then (break, lunch, meeting, training; translated here).
// The ACD's own reasons (a declined or missed offer, a lost socket) are translated too. When an admin changes the
// tenant's reasons the server pushes the new list (away.reasons) and the control is drawn again at once.
//
// The status control is one <select>: Available, "Away: <reason>" for each reason, Offline. Choosing sends
// state.set and the select shows the current state again until agent.state says otherwise (the server is the
// truth); while the agent is ringing, on a call or wrapping up, or away for a reason of the ACD's, a first option
// says so. Refusals (bad-reason, invalid-transition) come back through the caller's act() as a notice.
import { listAll } from './rest.js';
import { t, has } from './i18n.js';

/** What the ACD allows while the tenant lists no reasons of its own (acd-state.lua, BUILT_IN_REASONS). */
export const BUILT_IN_REASONS = ['break', 'lunch', 'meeting', 'training'];

/** The tenant's away reasons: list() → [{code, label}], label(code). Call load() after every sign-in / hello. */
export class AwayReasons extends EventTarget {
  #store;
  #custom = null; // [{code, label}] once read; null: not read (or unreadable), [] is never kept: built-in then

  constructor(store) {
    super();
    this.#store = store;
  }

  async load() {
    try {
      const items = await listAll(this.#store, 'away-reasons');
      this.#custom = items.length ? items.map((r) => ({ code: r.id, label: r.label })) : null;
    } catch {
      this.#custom = null; // the built-in ones; the ACD refuses what the tenant does not list, with the list
    }
    this.dispatchEvent(new Event('change'));
  }

  /**
   * Follows the server's away.reasons pushes on {@code signaling} (an admin changed the tenant's reasons): the list
   * is replaced as sent, without another request, and listeners re-render.
   */
  follow(signaling) {
    signaling.addEventListener('away.reasons', (e) => {
      const items = e.detail.reasons || [];
      this.#custom = items.length ? items.map((r) => ({ code: r.id, label: r.label })) : null;
      this.dispatchEvent(new Event('change'));
    });
  }

  list() {
    return this.#custom || BUILT_IN_REASONS.map((code) => ({ code, label: t(`reason.${code}`) }));
  }

  /** The reason's label: the tenant's, else the translated built-in or ACD reason, else the code itself. */
  label(code) {
    const own = this.#custom?.find((r) => r.code === code);
    if (own) return own.label;
    return has(`reason.${code}`) ? t(`reason.${code}`) : code;
  }
}

/** "Available", "Away: Lunch", "On call"...: the one way a status is written. */
export function statusLabel(state, reason, reasons) {
  if (state === 'away' && reason) return t('status.awayWith', { reason: reasons ? reasons.label(reason) : reason });
  return t(`state.${state}`);
}

/** The select's value for a state: available, offline, away:<code>; '' for states the agent cannot choose. */
function valueOf(state, reason, reasons) {
  if (state === 'available' || state === 'offline') return state;
  if (state === 'away' && reasons.list().some((r) => r.code === reason)) return `away:${reason}`;
  return '';
}

/**
 * Binds the status <select>. hooks: {act(action, type, fields) → Promise<boolean>, current() → {state, reason},
 * log(text)}. Returns {render()}, to call whenever the state or the language changes.
 */
export function bindStatusControl(select, reasons, hooks) {
  function render() {
    const { state, reason } = hooks.current();
    const value = valueOf(state, reason, reasons);
    const options = [];
    if (!value) { // ringing, on a call, wrap-up, or away for the ACD's reason: shown, not choosable
      const o = new Option(statusLabel(state, reason, reasons), '', true, true);
      o.disabled = true;
      options.push(o);
    }
    options.push(new Option(t('state.available'), 'available'));
    for (const r of reasons.list()) {
      options.push(new Option(t('status.awayWith', { reason: r.label }), `away:${r.code}`));
    }
    options.push(new Option(t('state.offline'), 'offline'));
    select.replaceChildren(...options);
    select.value = value;
    select.dataset.state = state;
    // the ACD refuses a change while ringing or on a call; in wrap-up away / offline wait for its end
    select.disabled = state === 'reserved' || state === 'on-call';
  }

  select.addEventListener('change', async () => {
    const v = select.value;
    const [state, reason] = v.startsWith('away:') ? ['away', v.slice(5)] : [v, null];
    const label = state === 'away' ? t('status.awayWith', { reason: reasons.label(reason) }) : t(`state.${state}`);
    render(); // the current state until the ACD confirms the new one
    if (await hooks.act(label, 'state.set', reason ? { state, reason } : { state })
      && hooks.current().state === 'wrap-up' && state !== 'available') {
      hooks.log(t('status.afterWrapup', { status: label }));
    }
  });
  reasons.addEventListener('change', render);
  return { render };
}
