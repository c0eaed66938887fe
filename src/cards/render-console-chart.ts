/**
 * A card document's `chart` block (horizontal bars, each with its label and value) → SVG, for the
 * console. Drawn at the width it is shown at (the page measures it), so 12px text stays 12px on a
 * phone; one row per bar, so long labels never run into each other.
 *
 * SELF-CONTAINED: embedded in the console page with `renderConsoleChart.toString()` (see
 * src/console/card-renderer-script.ts); it must reference nothing outside itself.
 */
export function renderConsoleChart(bars: Array<{ label: string; value: number }>, percent: boolean, width?: number): string {
  const esc = (s: unknown): string =>
    String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  // CJK characters are about 12px wide at 12px, Latin about 7px.
  const textW = (t: string): number => Array.from(t).reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? 12 : 7), 0);
  const clip = (t: string, w: number): string => {
    if (textW(t) <= w) return t;
    let r = '';
    for (const ch of Array.from(t)) {
      if (textW(r + ch + '…') > w) break;
      r += ch;
    }
    return r + '…';
  };
  const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : parseFloat(String(v)) || 0);
  const fmt = (v: number): string => String(Math.round(v * 10) / 10) + (percent ? '%' : '');
  const W = Math.round(Math.max(240, Math.min(Number(width) || 560, 1200)));
  const list = (Array.isArray(bars) ? bars : []).map((b) => ({ label: String((b && b.label) ?? ''), value: num(b && b.value) }));
  const ROW = 26;
  const BAR = 14;
  const top = 8;
  const H = top + Math.max(1, list.length) * ROW + 28;
  const open = '<svg class="fc-chart-svg" viewBox="0 0 ' + W + ' ' + H + '" role="img" aria-label="' +
    esc(list.map((b) => b.label + ' ' + fmt(b.value)).join('；') || '图表') + '" xmlns="http://www.w3.org/2000/svg" font-size="12" font-family="inherit">';
  if (!list.length) return open + '<text x="' + W / 2 + '" y="' + (top + 18) + '" text-anchor="middle" fill="#8f959e">暂无数据</text></svg>';

  // The value axis: 0–100 for percentages, else a round step above the largest value.
  const minV = Math.min(0, ...list.map((b) => b.value));
  const maxV = percent ? 100 : Math.max(...list.map((b) => b.value));
  const stepRaw = (maxV - minV || 1) / 4;
  const mag = Math.pow(10, Math.floor(Math.log10(stepRaw)));
  const step = percent ? 25 : [1, 2, 2.5, 5, 10].map((m) => m * mag).find((m) => m >= stepRaw) || stepRaw;
  const lo = Math.floor(minV / step) * step;
  const hi = Math.max(step, Math.ceil(maxV / step) * step);
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  const labelW = Math.min(Math.round(W * 0.4), Math.max(...list.map((b) => textW(b.label))) + 10);
  const valueW = Math.max(...list.map((b) => textW(fmt(b.value)))) + 8;
  const x0 = labelW + 8;
  const plotW = Math.max(40, W - x0 - valueW - 8);
  const plotH = list.length * ROW;
  const pos = (v: number): number => Math.round((x0 + ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * plotW) * 10) / 10;
  let g = '';
  ticks.forEach((t) => {
    const p = pos(t);
    g += '<line x1="' + p + '" y1="' + top + '" x2="' + p + '" y2="' + (top + plotH) + '" stroke="#e4e5e7" stroke-dasharray="3 3"/>' +
      '<text x="' + p + '" y="' + (top + plotH + 16) + '" text-anchor="middle" fill="#8f959e">' + esc(String(t)) + '</text>';
  });
  const zero = pos(Math.max(lo, 0));
  list.forEach((b, i) => {
    const y = top + i * ROW + (ROW - BAR) / 2;
    const a = Math.min(zero, pos(b.value));
    const e = Math.max(zero, pos(b.value));
    g += '<text x="' + (x0 - 6) + '" y="' + (y + BAR / 2 + 4) + '" text-anchor="end" fill="#646a73">' + esc(clip(b.label, labelW - 4)) + '</text>' +
      '<rect class="fc-bar" x="' + a.toFixed(1) + '" y="' + y + '" width="' + Math.max(0, e - a).toFixed(1) + '" height="' + BAR + '" rx="2" fill="#1664ff"><title>' +
      esc(b.label + '：' + fmt(b.value)) + '</title></rect>' +
      '<text class="fc-bar-value" x="' + (e + 4).toFixed(1) + '" y="' + (y + BAR / 2 + 4) + '" fill="#1f2329">' + esc(fmt(b.value)) + '</text>';
  });
  g += '<line x1="' + zero + '" y1="' + top + '" x2="' + zero + '" y2="' + (top + plotH) + '" stroke="#bbbfc4"/>';
  return open + g + '</svg>';
}
