// ---- timeline: drawing ----------------------------------------------------------------------------
const tlBox = document.getElementById('timeline'), tlBody = tlBox.querySelector('.body');
const tlCanvas = document.getElementById('tlcanvas'), tctx = tlCanvas.getContext('2d');
// Lanes are roomier when there are few of them (one process): the shape of its activity is the point.
const LANE_H = 18, FEW_LANES = 3, FEW_LANE_H = 28, AXIS_H = 18, INDENT = 12;
let tl = null, drag = null;
function cssVar(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }
function xOfMs(ms) { return tl.plotX + (ms - tl.t0) / (tl.t1 - tl.t0) * tl.plotW; }
function msAtX(x) { return tl.t0 + (x - tl.plotX) / tl.plotW * (tl.t1 - tl.t0); }
function cellAtX(x) {
  const ms = tl.t0 + (x - tl.plotX) / tl.plotW * (tl.t1 - tl.t0);
  return clamp(Math.floor((ms - cellMs(0)) / TL.cell), 0, TL.n - 1);
}
function drawTimeline() {
  if (!TL) return;
  tlBox.hidden = false;
  const rows = timelineRows(), w = Math.max(300, tlBody.clientWidth), laneH = rows.length <= FEW_LANES ? FEW_LANE_H : LANE_H;
  const h = rows.length * laneH + AXIS_H;
  const labelW = Math.min(300, Math.round(w * 0.22));
  const t0 = Math.min(0, cellMs(0)), t1 = Math.max(D.end - ORIGIN, cellMs(TL.n), t0 + 1);
  tl = { rows: rows, laneH: laneH, plotX: labelW, plotW: w - labelW - 10, t0: t0, t1: t1, w: w, h: h };
  const dpr = window.devicePixelRatio || 1;
  tlCanvas.style.width = w + 'px'; tlCanvas.style.height = h + 'px';
  tlCanvas.width = Math.round(w * dpr); tlCanvas.height = Math.round(h * dpr);
  // Lanes past the body's height bring a scrollbar, which narrows the body: once more at the new width.
  if (tlBody.clientWidth < w) { drawTimeline(); return; }
  tctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  tctx.clearRect(0, 0, w, h);
  tctx.font = FONT; tctx.textBaseline = 'middle';
  // Colours from the page's variables, so the timeline follows the light or dark scheme.
  const col = { ink: cssVar('--ink'), muted: cssVar('--muted'), faint: cssVar('--faint'), line: cssVar('--line'),
    life: cssVar('--hover'), bg: cssVar('--panel'), focus: cssVar('--focus'), swatch: stateSwatches() };
  const steps = axisSteps();
  tctx.fillStyle = col.line;
  steps.forEach(function (ms) { tctx.fillRect(Math.round(xOfMs(ms)), 0, 1, rows.length * tl.laneH); });
  rows.forEach(function (lane, i) { drawLifetime(lane, i * tl.laneH, col); });
  drawSelection(col, true);
  rows.forEach(function (lane, i) { drawLane(lane, i * tl.laneH, col); });
  drawSelection(col, false);
  drawAxis(steps, rows.length * tl.laneH, col);
  document.getElementById('wholeprofile').disabled = !ui.range;
}
// The process's lifetime: a pale band from its start to its end, with its edges marked.
function drawLifetime(lane, y, col) {
  const p = D.processes[lane.proc];
  if (p && p.start > 0 && p.end >= p.start) {
    const x0 = xOfMs(p.start - ORIGIN), x1 = Math.max(x0 + 1, xOfMs(p.end - ORIGIN));
    tctx.fillStyle = col.life; tctx.fillRect(x0, y + 2, x1 - x0, tl.laneH - 3);
    tctx.fillStyle = col.faint;
    tctx.fillRect(x0, y + tl.laneH - 2, x1 - x0, 1);
    if (lane.thread < 0) { tctx.fillRect(Math.round(x0), y + 3, 1, tl.laneH - 4); tctx.fillRect(Math.round(x1) - 1, y + 3, 1, tl.laneH - 4); }
  }
}
function drawLane(lane, y, col) {
  if (lane.thread < 0 && y > 0) { tctx.fillStyle = col.line; tctx.fillRect(0, y, tl.w, 1); }
  drawLabel(lane, y, col);
  if (lane.count) { drawCount(lane, y, col); return; }
  if (!lane.max) return;
  // Stacked by state from the lane's foot, as tall as the cell's samples against the lane's busiest cell.
  const foot = y + tl.laneH - 2, room = tl.laneH - 4, below = new Float64Array(TL.n);
  for (let s = 0; s < NS; s++) {
    tctx.fillStyle = col.swatch[s];
    for (let c = 0; c < TL.n; c++) {
      const t = lane.tot[c], v = lane.sums[c * NS + s];
      if (!v) continue;
      const hh = Math.max(2, room * t / lane.max) * v / t, x = xOfMs(cellMs(c));
      tctx.fillRect(x, foot - below[c] - hh, Math.max(1, xOfMs(cellMs(c + 1)) - x), hh);
      below[c] += hh;
    }
  }
}
// A group's live virtual threads over time: a step from each census point to the next (the last to the
// process's end), filled beneath, against the group's peak; a tick marks each point.
function drawCount(lane, y, col) {
  const g = lane.count, p = D.processes[lane.proc], foot = y + tl.laneH - 2, room = tl.laneH - 5;
  lane.steps = 0;
  if (!g.at.length) return;
  const end = Math.max(p && p.end > 0 ? p.end - ORIGIN : tl.t1, g.at[g.at.length - 1] - ORIGIN);
  const pts = [];
  for (let i = 0; i < g.at.length; i++) {
    const x0 = xOfMs(g.at[i] - ORIGIN), x1 = xOfMs(i + 1 < g.at.length ? g.at[i + 1] - ORIGIN : end);
    pts.push([x0, x1, foot - (g.peak > 0 ? room * g.n[i] / g.peak : 0)]);
  }
  tctx.fillStyle = col.focus; tctx.globalAlpha = 0.22;
  tctx.beginPath(); tctx.moveTo(pts[0][0], foot);
  pts.forEach(function (q) { tctx.lineTo(q[0], q[2]); tctx.lineTo(q[1], q[2]); });
  tctx.lineTo(pts[pts.length - 1][1], foot); tctx.closePath(); tctx.fill();
  tctx.globalAlpha = 1; tctx.strokeStyle = col.focus; tctx.lineWidth = 1.5;
  tctx.beginPath(); tctx.moveTo(pts[0][0], pts[0][2]);
  pts.forEach(function (q, i) { if (i > 0) tctx.lineTo(q[0], q[2]); tctx.lineTo(q[1], q[2]); });
  tctx.stroke();
  pts.forEach(function (q) { tctx.fillRect(Math.round(q[0]), foot - 2, 1, 2); });
  lane.steps = pts.length;
}
// A label too long for its column loses the end of its arguments, not its pid: workers of one class
// differ by little else; a virtual-thread group's keeps its count.
function drawLabel(lane, y, col) {
  const x = 6 + lane.depth * INDENT, room = tl.plotX - x - 8, cut = lane.vgroup ? -1 : lane.label.lastIndexOf(' \u00B7 pid ');
  tctx.fillStyle = lane.thread < 0 ? col.ink : col.muted;
  let text = (lane.thread < 0 ? (lane.open ? '\u25BE ' : '\u25B8 ') : '') + (cut > 0 ? lane.label.substring(0, cut) : lane.label);
  const tail = lane.vgroup ? ' \u00B7 ' + vgroupSummary(lane.vgroup) : cut > 0 ? lane.label.substring(cut) : '';
  if (tctx.measureText(text + tail).width > room) {
    while (text.length > 2 && tctx.measureText(text + '\u2026' + tail).width > room) text = text.substring(0, text.length - 1);
    text += '\u2026';
  }
  tctx.fillText(text + tail, x, y + tl.laneH / 2 + 0.5);
  lane.text = text + tail;
}
// The selected range: tinted behind the lanes (the columns keep their state colours), the rest washed out
// over them, and its edges marked.
function drawSelection(col, behind) {
  const sel = drag || ui.range;
  if (!sel) return;
  const x0 = xOfMs(cellMs(sel.c0)), x1 = xOfMs(cellMs(sel.c1)), h = tl.rows.length * tl.laneH;
  if (behind) {
    tctx.globalAlpha = 0.1; tctx.fillStyle = col.focus;
    tctx.fillRect(x0, 0, x1 - x0, h);
    tctx.globalAlpha = 1;
    return;
  }
  tctx.globalAlpha = 0.6; tctx.fillStyle = col.bg;
  tctx.fillRect(tl.plotX, 0, Math.max(0, x0 - tl.plotX), h);
  tctx.fillRect(x1, 0, Math.max(0, tl.plotX + tl.plotW - x1), h);
  tctx.globalAlpha = 1; tctx.fillStyle = col.focus;
  tctx.fillRect(Math.round(x0), 0, 1.5, h); tctx.fillRect(Math.round(x1) - 1, 0, 1.5, h);
}
// Tick marks at a round number of seconds, at least ~80 px apart.
function axisSteps() {
  const span = tl.t1 - tl.t0, want = span * 80 / Math.max(1, tl.plotW);
  const nice = [50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000, 900000, 1800000, 3600000];
  let step = nice[nice.length - 1];
  for (let i = 0; i < nice.length; i++) if (nice[i] >= want) { step = nice[i]; break; }
  const out = [];
  for (let ms = Math.ceil(tl.t0 / step) * step; ms <= tl.t1; ms += step) out.push(ms);
  return out;
}
function drawAxis(steps, y, col) {
  tctx.fillStyle = col.line; tctx.fillRect(tl.plotX, y, tl.plotW, 1);
  tctx.fillStyle = col.muted; tctx.textAlign = 'center';
  steps.forEach(function (ms) { tctx.fillText(fmtSecondsFromStart(ms), xOfMs(ms), y + AXIS_H / 2 + 1); });
  tctx.textAlign = 'left';
  tctx.fillText('s from start', 6, y + AXIS_H / 2 + 1);
}
function fmtSecondsFromStart(ms) { return +(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : ms % 100 === 0 ? 1 : 2) + ''; }
function fmtRangeMs(ms) { return (ms / 1000).toFixed(2); }
// "1.20–3.40 s of 9.8 s" for the selected range.
function rangeText() {
  const m = msOfRange(ui.range), whole = (D.end > ORIGIN ? D.end - ORIGIN : cellMs(TL.n)) / 1000;
  return fmtRangeMs(m.from) + '\u2013' + fmtRangeMs(m.to) + ' s of ' + whole.toFixed(1) + ' s';
}

// ---- timeline: input --------------------------------------------------------------------------------
function tlPoint(e) { const b = tlCanvas.getBoundingClientRect(); return [e.clientX - b.left, e.clientY - b.top]; }
function laneAt(y) { const i = Math.floor(y / tl.laneH); return tl && i >= 0 && i < tl.rows.length ? tl.rows[i] : null; }
tlCanvas.addEventListener('mousedown', function (e) {
  if (!tl || e.button !== 0) return;
  const p = tlPoint(e);
  e.preventDefault();
  if (p[0] < tl.plotX) { const lane = laneAt(p[1]); if (lane && lane.thread < 0) toggleLane(lane); return; }
  const c = cellAtX(p[0]);
  drag = { at: c, x: p[0], moved: false, c0: c, c1: c + 1 };
});
window.addEventListener('mousemove', function (e) {
  if (!drag) return;
  const x = tlPoint(e)[0], c = cellAtX(x);
  if (Math.abs(x - drag.x) > 3) drag.moved = true;
  drag.c0 = Math.min(drag.at, c); drag.c1 = Math.max(drag.at, c) + 1;
  hideTip();
  drawTimeline();
});
// A drag selects its cells; a click without one shows the whole profile again.
window.addEventListener('mouseup', function () {
  if (!drag) return;
  const d = drag;
  drag = null;
  setUi({ range: d.moved ? { c0: d.c0, c1: d.c1 } : null });
});
tlCanvas.addEventListener('mousemove', function (e) {
  if (drag || !tl) return;
  const p = tlPoint(e), lane = laneAt(p[1]);
  // A process's label opens it; the plot selects.
  tlCanvas.style.cursor = p[0] >= tl.plotX ? 'crosshair' : lane && lane.thread < 0 ? 'pointer' : 'default';
  if (!lane || p[0] < tl.plotX) { hideTip(); return; }
  showTimelineTip(lane, cellAtX(p[0]), msAtX(p[0]), e.clientX, e.clientY);
});
tlCanvas.addEventListener('mouseleave', function () { if (!drag) hideTip(); });
document.getElementById('wholeprofile').addEventListener('click', function () { setUi({ range: null }); });
// ms: the time under the pointer, from the start.
function showTimelineTip(lane, c, ms, cx, cy) {
  tip.textContent = '';
  const p = D.processes[lane.proc];
  tip.appendChild(el('div', lane.thread >= 0 ? names[bFrame[lane.thread]] + (p && LANES.length > 1 ? ' \u00B7 ' + processText(p, true) : '') : lane.label, 'name'));
  const g = lane.count || lane.vgroup;
  if (g) {
    tip.appendChild(el('div', 'virtual-thread group \u00B7 at ' + fmtRangeMs(ms) + ' s', 'sub'));
    vcountLines(g, ms + ORIGIN).forEach(function (line) { tip.appendChild(el('div', line, 'sub')); });
    if (lane.count) { placeTip(cx, cy); return; }
  }
  const t = lane.tot[c];
  tip.appendChild(el('div', fmtRangeMs(cellMs(c)) + '\u2013' + fmtRangeMs(cellMs(c + 1)) + ' s \u00B7 ' + fmtInt(t) + ' samples' +
    (lane.max ? ' (' + pct(t, lane.max) + ' of the lane\u2019s busiest cell)' : ''), 'sub'));
  const tb = el('table'), cols = stateSwatches();
  for (let s = 0; s < NS; s++) {
    const v = lane.sums[c * NS + s];
    if (!v) continue;
    const tr = el('tr'), td = el('td'), bar = el('span', null, 'bar');
    tr.appendChild(el('td', STATE_LABELS[s])); tr.appendChild(el('td', fmtInt(v), 'n')); tr.appendChild(el('td', pct(v, t), 'n'));
    bar.style.width = Math.max(2, Math.round(60 * v / t)) + 'px'; bar.style.background = cols[s];
    td.appendChild(bar); tr.appendChild(td); tb.appendChild(tr);
  }
  tip.appendChild(tb);
  placeTip(cx, cy);
}
// The scheme can change while the page is open; the timeline's colours are read when it is drawn.
if (window.matchMedia) {
  const scheme = window.matchMedia('(prefers-color-scheme: dark)');
  if (scheme.addEventListener) scheme.addEventListener('change', function () { drawTimeline(); });
}

// The timeline for tests: lanes as drawn, times in ms from the start.
function timelineInfo() {
  return { cellMillis: TL.cell, first: TL.first, n: TL.n, startMs: ORIGIN, laneHeight: tl.laneH, lanes: timelineRows().map(function (l) {
    const p = D.processes[l.proc], states = {};
    D.states.forEach(function (name, s) { states[name] = l.states[s]; });
    const g = l.count || l.vgroup;
    return { label: l.label, text: l.text, pid: p ? p.pid : 0, thread: l.thread >= 0 ? names[bFrame[l.thread]] : null, depth: l.depth,
      startMs: p && p.start > 0 ? p.start - ORIGIN : null, endMs: p && p.end > 0 ? p.end - ORIGIN : null, samples: l.samples,
      firstCell: l.first, lastCell: l.last, states: states, open: l.open, count: !!l.count, steps: l.count ? l.steps : undefined,
      virtual: g ? { peak: g.peak, latest: g.latest, perPoint: g.per, points: g.at.map(function (t, i) { return [t - ORIGIN, g.n[i]]; }) } : null };
  }) };
}
function rangeInfo() {
  if (!ui.range) return null;
  const m = msOfRange(ui.range);
  return { fromMs: m.from, toMs: m.to, firstCell: ui.range.c0, lastCell: ui.range.c1 - 1, text: rangeText() };
}
