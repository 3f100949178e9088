// Cases from the softphone: at wrap-up the agent may open a case about the call (POST /api/v1/cases). It is the
// agent's own, in the call's queue, linked to the call, and to the caller's customer when the pop found exactly one.
import { postJson } from './rest.js';
import { t } from './i18n.js';
import { $ } from './format.js';

export class WrapupCase {
  /** @param store the session's TokenStore; @param pop the ScreenPop; @param onNotice (text) => void */
  constructor(store, pop, onNotice) {
    this.store = store;
    this.pop = pop;
    this.onNotice = onNotice;
  }

  /** A new wrap-up: an empty form. */
  reset() {
    $('case-subject').value = '';
    $('case-error').textContent = '';
  }

  /**
   * Opens the case if the agent gave a subject. Resolves true when there was none or it was created, false (with
   * the API's reason under the form) when it was refused: the wrap-up then waits.
   */
  async submit(callId, queue) {
    const subject = $('case-subject').value.trim();
    if (!subject) return true;
    const customerId = this.pop.onlyCustomerId();
    try {
      const k = await postJson(this.store, '/api/v1/cases', {
        subject, priority: $('case-priority').value, department: queue, callId, ...(customerId ? { customerId } : {}),
      });
      this.reset();
      this.onNotice(t('case.created', { id: k.id }));
      return true;
    } catch (err) {
      $('case-error').textContent = err.message;
      return false;
    }
  }
}
