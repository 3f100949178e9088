// Small display helpers shared by both pages.

/** 65_000 → "1:05", 3_725_000 → "1:02:05" (negative → "0:00"). */
export function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The element by id (pages are small and ids unique). */
export const $ = (id) => document.getElementById(id);
