// The wrap-up's dispositions: the call's queue's own catalogue (GET /api/v1/queues/{id}/dispositions) when it has
// one, else the five built into the page (translated). Asked at each wrap-up, so a changed catalogue shows at once.
import { getJson } from './rest.js';
import { $ } from './format.js';

let builtIn = null; // the page's own <option>s, kept to put them back

/** Fills the disposition <select> for a wrap-up of a call of {@code queue} (unknown: the built-in ones). */
export async function showDispositions(store, queue) {
  const select = $('disposition');
  builtIn ??= [...select.options].map((o) => o.cloneNode(true));
  let custom = null;
  if (queue) {
    try {
      const c = await getJson(store, `/api/v1/queues/${encodeURIComponent(queue)}/dispositions`);
      custom = c.custom ? c.items : null;
    } catch {
      custom = null; // the built-in ones; the ACD says so if the queue refuses them
    }
  }
  select.replaceChildren(...(custom ? custom.map((d) => new Option(d.label, d.code))
    : builtIn.map((o) => o.cloneNode(true))));
}
