/**
 * A small SVG drawing of a card `chart` component's VChart spec (bar, line, pie).
 * https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/chart
 * Feishu draws these with VChart; the console only needs a legible likeness, not VChart itself.
 *
 * SELF-CONTAINED: embedded in the console page with `renderChart.toString()`; reference nothing
 * outside this function.
 */
export function renderChart(spec: any, aspectRatio?: string, width?: number): string {
  const esc = (s: unknown): string =>
    String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  // VChart's default palette, so colours match what Feishu shows.
  const COLORS = ['#1664FF', '#1AC6FF', '#FF8A00', '#3CC780', '#7442D4', '#FFC400', '#304D77', '#B48DEB', '#009488', '#FF7DDA'];
  const s = spec && typeof spec === 'object' ? spec : {};
  const data: any[] = Array.isArray(s.data) ? (s.data[0] && s.data[0].values) || [] : (s.data && s.data.values) || [];
  const type = String(s.type || 'bar');
  const ratio = /^(\d+):(\d+)$/.exec(aspectRatio || '') || null;
  // Drawn at the width it will be shown at (the console passes it), so 12px text stays 12px.
  const W = Math.round(Math.max(240, Math.min(Number(width) || 560, 1200)));
  const title = s.title && s.title.visible !== false && s.title.text ? String(s.title.text) : '';
  const top = title ? 34 : 14;
  const narrowPie = type === 'pie' && W < 420;
  const pieRows = narrowPie ? data.length : 0;
  let H = narrowPie ? top + Math.min(W / 2 - 24, 110) * 2 + 20 + pieRows * 22
    : ratio ? Math.max(200, Math.round((W * Number(ratio[2])) / Number(ratio[1])))
    : type === 'pie' ? 300 : Math.max(220, Math.min(360, Math.round((W * 9) / 16)));
  const num = (v: unknown): number => (typeof v === 'number' ? v : parseFloat(String(v))) || 0;
  const fmt = (v: number): string => (Math.abs(v) >= 1e4 ? (v / 1e4).toFixed(1).replace(/\.0$/, '') + '万' : String(Math.round(v * 100) / 100));
  const uniq = (xs: unknown[]): string[] => xs.map(String).filter((x, i, a) => a.indexOf(x) === i);
  const textW = (t: string): number => Array.from(t).reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? 12 : 7), 0);
  const clip = (t: string, w: number): string => {
    if (textW(t) <= w) return t;
    let r = '';
    for (const ch of Array.from(t)) { if (textW(r + ch + '…') > w) break; r += ch; }
    return r + '…';
  };
  const svg = (): string => '<svg class="fc-chart-svg" viewBox="0 0 ' + W + ' ' + H + '" role="img" aria-label="' + esc(title || '图表') +
    '" xmlns="http://www.w3.org/2000/svg" font-size="12" font-family="inherit">' +
    (title ? '<text x="12" y="22" font-size="14" font-weight="600" fill="#1f2329">' + esc(title) + '</text>' : '');
  if (!data.length) return svg() + '<text x="' + W / 2 + '" y="' + H / 2 + '" text-anchor="middle" fill="#8f959e">暂无数据</text></svg>';

  const legend = (names: string[], y: number): string => {
    if (names.length < 2) return '';
    const items = names.map((n, i) => ({ n, i, w: textW(n) + 26 }));
    const total = items.reduce((a, b) => a + b.w, 0);
    let x = Math.max(8, (W - total) / 2);
    return items.map((it) => {
      const g = '<g class="fc-legend"><rect x="' + x + '" y="' + (y - 9) + '" width="10" height="10" rx="2" fill="' + COLORS[it.i % COLORS.length] +
        '"/><text x="' + (x + 14) + '" y="' + y + '" fill="#646a73">' + esc(it.n) + '</text></g>';
      x += it.w;
      return g;
    }).join('');
  };

  if (type === 'pie') {
    const cat = s.categoryField || s.xField || 'type';
    const val = s.valueField || s.angleField || s.yField || 'value';
    const vals = data.map((d) => Math.max(0, num(d[val])));
    const sum = vals.reduce((a, b) => a + b, 0) || 1;
    // Wide: pie left, legend right. Narrow (phone): legend under the pie.
    const r = narrowPie ? Math.min(W / 2 - 24, 110) : Math.min((H - top) / 2 - 12, 120, W / 2 - 100);
    const cx = narrowPie ? W / 2 : Math.min(W / 2 - 90, 180);
    const cy = narrowPie ? top + r + 6 : top + (H - top) / 2;
    const inner = Math.max(0, Math.min(0.9, num(s.innerRadius))) * r;
    let a0 = -Math.PI / 2;
    let paths = '';
    data.forEach((d, i) => {
      const frac = vals[i] / sum;
      const a1 = a0 + frac * Math.PI * 2;
      const c = COLORS[i % COLORS.length];
      const lbl = esc(String(d[cat]) + '：' + fmt(vals[i]));
      if (frac >= 0.9999) {
        paths += '<circle class="fc-slice" cx="' + cx + '" cy="' + cy + '" r="' + r + '" fill="' + c + '"><title>' + lbl + '</title></circle>';
      } else if (frac > 0) {
        const p = (a: number, rr: number): string => (cx + rr * Math.cos(a)).toFixed(2) + ' ' + (cy + rr * Math.sin(a)).toFixed(2);
        const large = a1 - a0 > Math.PI ? 1 : 0;
        paths += '<path class="fc-slice" d="M' + p(a0, r) + ' A' + r + ' ' + r + ' 0 ' + large + ' 1 ' + p(a1, r) + ' L' + p(a1, inner) +
          (inner ? ' A' + inner + ' ' + inner + ' 0 ' + large + ' 0 ' + p(a0, inner) : '') + ' Z" fill="' + c +
          '" stroke="#fff" stroke-width="1.5"><title>' + lbl + '</title></path>';
      }
      a0 = a1;
    });
    if (inner) paths += '<circle cx="' + cx + '" cy="' + cy + '" r="' + inner + '" fill="#fff"/>';
    const lx = narrowPie ? 16 : cx + r + 36;
    const rowH = narrowPie ? 22 : Math.min(24, (H - top - 8) / data.length);
    const ly = narrowPie ? cy + r + 28 : cy - (rowH * data.length) / 2 + rowH / 2;
    const leg = data.map((d, i) => '<g class="fc-legend"><rect x="' + lx + '" y="' + (ly + i * rowH - 9) + '" width="10" height="10" rx="2" fill="' +
      COLORS[i % COLORS.length] + '"/><text x="' + (lx + 16) + '" y="' + (ly + i * rowH) + '" fill="#1f2329">' + esc(clip(String(d[cat]), W - lx - 90)) +
      '<tspan fill="#8f959e"> ' + ((vals[i] / sum) * 100).toFixed(1) + '%</tspan></text></g>').join('');
    return svg() + paths + leg + '</svg>';
  }

  // Cartesian charts. For a horizontal bar VChart puts the category on yField and the value on xField.
  const horizontal = type === 'bar' && s.direction === 'horizontal';
  const xf = Array.isArray(s.xField) ? s.xField : [s.xField];
  const yf = Array.isArray(s.yField) ? s.yField : [s.yField];
  const catField = horizontal ? yf[0] : xf[0];
  const valField = horizontal ? xf[0] : yf[0];
  const serField = s.seriesField || (horizontal ? yf[1] : xf[1]) || null;
  const cats = uniq(data.map((d) => d[catField]));
  const series = serField ? uniq(data.map((d) => d[serField])) : [''];
  const stack = !!s.stack && type === 'bar';
  const totals: Record<string, number> = {};
  data.forEach((d) => { totals[String(d[catField])] = (totals[String(d[catField])] || 0) + Math.max(0, num(d[valField])); });
  const rawMax = stack ? Math.max(...Object.values(totals)) : Math.max(...data.map((d) => num(d[valField])));
  const minV = Math.min(0, ...data.map((d) => num(d[valField])));
  const stepRaw = (rawMax - minV || 1) / 4;
  const mag = Math.pow(10, Math.floor(Math.log10(stepRaw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((m) => m >= stepRaw) || stepRaw;
  const lo = Math.floor(minV / step) * step;
  const hi = Math.max(step, Math.ceil(rawMax / step) * step);
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  const legendH = series.length > 1 ? 24 : 0;
  // Many categories on a narrow screen: give each bar a legible row (12px labels) rather than keep
  // the aspect ratio and let the labels run into each other.
  if (horizontal) H = Math.max(H, top + 6 + cats.length * 18 + 28 + legendH);
  const catLabelW = horizontal ? Math.min(130, Math.max(...cats.map(textW)) + 10) : 0;
  const plot = {
    x: horizontal ? catLabelW + 8 : Math.max(...ticks.map((t) => textW(fmt(t)))) + 14,
    y: top + 6,
    w: 0,
    h: 0,
  };
  plot.w = W - plot.x - 16;
  plot.h = H - plot.y - 28 - legendH;
  const vPos = (v: number): number =>
    Math.round((horizontal ? plot.x + ((v - lo) / (hi - lo)) * plot.w : plot.y + plot.h - ((v - lo) / (hi - lo)) * plot.h) * 10) / 10;
  let g = '';
  ticks.forEach((t) => {
    const p = vPos(t);
    g += horizontal
      ? '<line x1="' + p + '" y1="' + plot.y + '" x2="' + p + '" y2="' + (plot.y + plot.h) + '" stroke="#e4e5e7" stroke-dasharray="3 3"/>' +
        '<text x="' + p + '" y="' + (plot.y + plot.h + 16) + '" text-anchor="middle" fill="#8f959e">' + fmt(t) + '</text>'
      : '<line x1="' + plot.x + '" y1="' + p + '" x2="' + (plot.x + plot.w) + '" y2="' + p + '" stroke="#e4e5e7" stroke-dasharray="3 3"/>' +
        '<text x="' + (plot.x - 6) + '" y="' + (p + 4) + '" text-anchor="end" fill="#8f959e">' + fmt(t) + '</text>';
  });
  const band = (horizontal ? plot.h : plot.w) / cats.length;
  const every = horizontal ? 1 : Math.max(1, Math.ceil((cats.length * 40) / plot.w));
  cats.forEach((c, i) => {
    const mid = Math.round(((horizontal ? plot.y : plot.x) + band * (i + 0.5)) * 10) / 10;
    if (i % every) return;
    g += horizontal
      ? '<text x="' + (plot.x - 6) + '" y="' + (mid + 4) + '" text-anchor="end" fill="#646a73">' + esc(clip(c, catLabelW - 4)) + '</text>'
      : '<text x="' + mid + '" y="' + (plot.y + plot.h + 18) + '" text-anchor="middle" fill="#646a73">' + esc(clip(c, band * every - 4)) + '</text>';
  });
  const zero = vPos(Math.max(lo, 0));
  g += horizontal
    ? '<line x1="' + zero + '" y1="' + plot.y + '" x2="' + zero + '" y2="' + (plot.y + plot.h) + '" stroke="#bbbfc4"/>'
    : '<line x1="' + plot.x + '" y1="' + zero + '" x2="' + (plot.x + plot.w) + '" y2="' + zero + '" stroke="#bbbfc4"/>';
  const showLabels = s.label ? s.label.visible !== false : data.length <= 16;

  if (type === 'line' || type === 'area') {
    series.forEach((se, si) => {
      const pts = data.filter((d) => !serField || String(d[serField]) === se)
        .map((d) => [Math.round((plot.x + band * (cats.indexOf(String(d[catField])) + 0.5)) * 10) / 10, vPos(num(d[valField])), num(d[valField])]);
      const c = COLORS[si % COLORS.length];
      if (type === 'area' && pts.length) {
        g += '<path d="M' + pts[0][0] + ' ' + zero + pts.map((p) => ' L' + p[0] + ' ' + p[1]).join('') + ' L' + pts[pts.length - 1][0] + ' ' + zero +
          ' Z" fill="' + c + '" fill-opacity="0.15"/>';
      }
      g += '<polyline class="fc-line" fill="none" stroke="' + c + '" stroke-width="2" points="' + pts.map((p) => p[0] + ',' + p[1]).join(' ') + '"/>';
      pts.forEach((p) => {
        g += '<circle class="fc-point" cx="' + p[0] + '" cy="' + p[1] + '" r="3" fill="#fff" stroke="' + c + '" stroke-width="2"><title>' + esc(fmt(p[2])) + '</title></circle>';
        if (showLabels && series.length === 1) g += '<text x="' + p[0] + '" y="' + (p[1] - 8) + '" text-anchor="middle" fill="#1f2329">' + esc(fmt(p[2])) + '</text>';
      });
    });
  } else {
    const groupW = band * 0.64;
    const slot = groupW / (stack ? 1 : series.length);
    const thick = Math.min(slot - (stack || series.length === 1 ? 0 : 2), 36);
    const offsets: Record<string, number> = {};
    data.forEach((d) => {
      const cat = String(d[catField]);
      const si = serField ? series.indexOf(String(d[serField])) : 0;
      const v = num(d[valField]);
      const start = stack ? offsets[cat] || 0 : 0;
      const end = start + v;
      if (stack) offsets[cat] = end;
      const base = (horizontal ? plot.y : plot.x) + band * cats.indexOf(cat) + (band - groupW) / 2 + (stack ? 0 : si * slot) + (slot - thick) / 2;
      const a = vPos(Math.min(start, end));
      const b = vPos(Math.max(start, end));
      const c = COLORS[si % COLORS.length];
      const tip = '<title>' + esc(cat + (serField ? ' · ' + d[serField] : '') + '：' + fmt(v)) + '</title>';
      if (horizontal) {
        g += '<rect class="fc-bar" x="' + a.toFixed(2) + '" y="' + base.toFixed(2) + '" width="' + Math.max(0, b - a).toFixed(2) + '" height="' + thick.toFixed(2) + '" rx="2" fill="' + c + '">' + tip + '</rect>';
        if (showLabels && !stack) g += '<text x="' + (b + 4) + '" y="' + (base + thick / 2 + 4) + '" fill="#1f2329">' + esc(fmt(v)) + '</text>';
      } else {
        g += '<rect class="fc-bar" x="' + base.toFixed(2) + '" y="' + b.toFixed(2) + '" width="' + thick.toFixed(2) + '" height="' + Math.max(0, a - b).toFixed(2) + '" rx="2" fill="' + c + '">' + tip + '</rect>';
        if (showLabels && !stack && thick >= 14) g += '<text x="' + (base + thick / 2) + '" y="' + (b - 4) + '" text-anchor="middle" fill="#1f2329">' + esc(fmt(v)) + '</text>';
      }
    });
  }
  return svg() + g + legend(serField ? series : [], H - 8) + '</svg>';
}
