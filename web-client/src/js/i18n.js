// Picks the language (saved choice, else navigator.language, else English) and translates the DOM:
// data-i18n="key" sets textContent, data-i18n-label="key" sets aria-label, data-i18n-title="key" sets title.
import { MESSAGES } from './messages.js';

const KEY = 'switchboard.lang';
let lang = pick();
const listeners = new Set();

function pick() {
  const saved = localStorage.getItem(KEY);
  if (saved && MESSAGES[saved]) return saved;
  for (const l of navigator.languages || [navigator.language || 'en']) {
    const base = String(l).toLowerCase().split('-')[0];
    if (MESSAGES[base]) return base;
  }
  return 'en';
}

export const languages = () => Object.keys(MESSAGES);
export const language = () => lang;

/** The message for key in the current language, {placeholders} filled from vars; the key itself if unknown. */
export function t(key, vars = {}) {
  const text = MESSAGES[lang][key] ?? MESSAGES.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** True when the catalogue has the key (used for optional labels like away reasons). */
export const has = (key) => key in MESSAGES.en;

export function setLanguage(l) {
  if (!MESSAGES[l]) return;
  lang = l;
  localStorage.setItem(KEY, l);
  translate(document);
  listeners.forEach((fn) => fn(l));
}

/** Called after every language change (for text rendered from state). */
export const onLanguage = (fn) => listeners.add(fn);

export function translate(root) {
  document.documentElement.lang = lang;
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-label]').forEach((el) => el.setAttribute('aria-label', t(el.dataset.i18nLabel)));
  root.querySelectorAll('[data-i18n-title]').forEach((el) => { el.title = t(el.dataset.i18nTitle); });
  root.querySelectorAll('select[data-default-label-key]').forEach((el) => {
    el.dataset.defaultLabel = t(el.dataset.defaultLabelKey);
    if (el.options[0] && el.options[0].value === '') el.options[0].textContent = el.dataset.defaultLabel;
  });
}

/** Fills a <select> with the languages and keeps it in sync. */
export function bindLanguageSelect(select) {
  const names = { en: 'English', es: 'Español' };
  select.replaceChildren(...languages().map((l) => new Option(names[l] || l, l, false, l === lang)));
  select.addEventListener('change', () => setLanguage(select.value));
}
