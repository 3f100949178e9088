// Small line charts in plain SVG (no library, no inline style: the page's CSP allows none; colours come from
// classes in app.css). A chart is a picture of a table the page also shows, so it is one image to assistive
// technology (role="img" with a title and a description), not a tree of shapes.
const NS = 'http://www.w3.org/2000/svg';
const W = 640;
const H = 220;
const M = { top: 12, right: 12, bottom: 34, left: 44 };

function el(name, attrs = {}, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text != null) e.textContent = text;
  return e;
}

/** A "nice" upper bound for the y axis: 1, 2 or 5 times a power of ten, at least `max`. */
export function niceMax(max) {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= max);
}

/**
 * An SVG line chart.
 * @param opts.title        the chart's accessible name
 * @param opts.description  what it shows, in words
 * @param opts.labels       one x label per interval
 * @param opts.series       [{label, cls, values: (number|null)[]}] (null leaves a gap in the line)
 * @param opts.max          the y axis' top (default: a nice bound over the values and the goal)
 * @param opts.unit         appended to y tick labels (e.g. " %")
 * @param opts.goal         {value, label} draws a dashed horizontal line (class goal-line) at value, or null
 * @returns {SVGSVGElement} with a legend of its series (and goal) as text inside
 */
export function lineChart({ title, description, labels, series, max, unit = '', goal = null }) {
  const n = labels.length;
  const all = series.flatMap((s) => s.values).filter((v) => v != null);
  const top = max ?? niceMax(Math.max(0, ...all, goal?.value ?? 0));
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (i) => M.left + (n <= 1 ? pw / 2 : (i * pw) / (n - 1));
  const y = (v) => M.top + ph - (Math.min(v, top) / top) * ph;

  const titleId = `chart-${Math.random().toString(36).slice(2)}`;
  const svg = el('svg', {
    viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-labelledby': `${titleId}-t ${titleId}-d`,
  });
  svg.append(el('title', { id: `${titleId}-t` }, title), el('desc', { id: `${titleId}-d` }, description));

  const axes = el('g', { class: 'axes', 'aria-hidden': 'true' });
  for (const v of [0, top / 2, top]) {
    axes.append(el('line', { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v), class: 'grid' }),
      el('text', { x: M.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, `${Math.round(v * 10) / 10}${unit}`));
  }
  const every = Math.max(1, Math.ceil(n / 8)); // at most ~8 x labels
  labels.forEach((label, i) => {
    if (i % every === 0) {
      // the first and last labels end inside the chart
      const anchor = n > 1 && i === 0 ? 'start' : n > 1 && i === n - 1 ? 'end' : 'middle';
      axes.append(el('text', { x: x(i), y: H - M.bottom + 16, 'text-anchor': anchor, class: 'xlabel' }, label));
    }
  });
  svg.append(axes);

  if (goal) {
    const gy = y(goal.value).toFixed(1);
    svg.append(el('line', { x1: M.left, x2: W - M.right, y1: gy, y2: gy, class: 'goal-line', 'data-value': goal.value }));
  }
  series.forEach((s) => {
    // a path of runs of non-null points; a lone point gets a dot so it is seen
    let d = '';
    let pen = false;
    const g = el('g', { class: `series ${s.cls}`, 'data-series': s.cls });
    s.values.forEach((v, i) => {
      if (v == null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)} `;
      pen = true;
      if (n <= 48) g.append(el('circle', { cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 2.5 }));
    });
    g.prepend(el('path', { d: d.trim() }));
    svg.append(g);
  });

  // legend along the bottom
  const legend = el('g', { class: 'legend', 'aria-hidden': 'true' });
  let lx = M.left;
  const entries = series.map((s) => ({ label: s.label, cls: `series ${s.cls}` }));
  if (goal) entries.push({ label: goal.label, cls: 'goal' });
  entries.forEach((e) => {
    const g = el('g', { class: e.cls });
    g.append(el('line', { x1: lx, x2: lx + 16, y1: H - 6, y2: H - 6, class: e.cls === 'goal' ? 'goal-line' : '' }),
      el('text', { x: lx + 20, y: H - 2 }, e.label));
    legend.append(g);
    lx += 30 + e.label.length * 7;
  });
  svg.append(legend);
  return svg;
}
