// Single-key shortcuts (A answer, H hang up, M mute, ...). Never while the user types in a field, never with
// Ctrl/Alt/Meta (browser shortcuts stay intact), never on auto-repeat, never inside a modal dialog (a case's: the
// page behind it is inert; Escape closes it first).

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** @param keys map of lower-case key (e.key) → handler; a handler returning false lets the key through. */
export function installShortcuts(keys) {
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.altKey || e.metaKey || e.repeat || e.defaultPrevented) return;
    const el = e.target;
    if (el && (TYPING.has(el.tagName) || el.isContentEditable || el.closest?.('dialog[open]'))) return;
    const fn = keys[e.key.toLowerCase()];
    if (fn && fn(e.key) !== false) e.preventDefault();
  });
}
