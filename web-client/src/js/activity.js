// The agent's activity list: what happened, newest first, as plain sentences with the time, in the chosen language
// (entries keep their message key and values, so a language change rewrites them all). What only helps a
// developer (socket codes, audio negotiation steps, node ids) goes to the console instead.
import { t, language } from './i18n.js';

const MAX = 50;

export class Activity {
  #list;
  #entries = []; // newest first: {at: Date, key, vars} or {at, text} (text already in the language of its time)
  #values; // (vars) → vars with derived values filled in (e.g. a status label), at render time

  /** @param list the <ol>; @param values (vars) → the placeholders' values (translated labels), called per render */
  constructor(list, values = (v) => v) {
    this.#list = list;
    this.#values = values;
  }

  /** Adds a sentence from the catalogue: key with its {placeholders}' values. */
  add(key, vars = {}) {
    this.#push({ at: new Date(), key, vars });
  }

  /** Adds a sentence already written (a notice shown to the agent). */
  text(text) {
    this.#push({ at: new Date(), text });
  }

  #push(entry) {
    this.#entries.unshift(entry);
    this.#entries.length = Math.min(this.#entries.length, MAX);
    this.#list.prepend(this.#item(entry));
    while (this.#list.children.length > MAX) this.#list.lastChild.remove();
  }

  /** Writes every entry again (after a language change). */
  render() {
    this.#list.replaceChildren(...this.#entries.map((e) => this.#item(e)));
  }

  #item(e) {
    const li = document.createElement('li');
    const time = document.createElement('time');
    time.dateTime = e.at.toISOString();
    time.textContent = e.at.toLocaleTimeString(language(), { hour: '2-digit', minute: '2-digit' });
    li.append(time, ' ', e.key ? t(e.key, this.#values(e.vars)) : e.text);
    return li;
  }
}
