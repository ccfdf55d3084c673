// ---- layout: the scene of rectangles actually drawn ---------------------------------------------
const RH = 17, MINW = 1, LABEL_MIN = 22;
// Browsers refuse canvases much taller than 32k device pixels; deeper rows are left out, not squeezed.
function maxRows() { return Math.floor(30000 / (RH * (window.devicePixelRatio || 1))); }
const canvas = document.getElementById('canvas'), chart = document.getElementById('chart');
const ctx = canvas.getContext('2d');
const FONT = '11.5px system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif';
let scene = [], cssW = 0, cssH = 0;

// Lays out the subtree of z from x=0 over width W; tiny siblings in a row become one merged block.
function layoutTree(V, z, W, rowY, treeId, skipRoot, dimAncestors, rowsLeft) {
  const x0 = V.x[z], sc = V.tot[z] > 0 ? W / V.tot[z] : 0, zd = V.depth[z];
  if (dimAncestors) {
    for (let a = V.parent[z]; a >= 0; a = V.parent[a]) push(treeId, V, a, 0, W, rowY(V.depth[a] - zd), true);
  }
  if (!skipRoot) push(treeId, V, z, 0, W, rowY(0), false);
  const stack = [z];
  while (stack.length) {
    const p = stack.pop(), y = rowY(V.depth[p] - zd + 1);
    let runX = -1, runEnd = 0, runCount = 0, runSamples = 0, runBase = 0;
    for (let i = V.start[p], e = V.start[p + 1]; i < e; i++) {
      const c = V.kids[i], t = V.tot[c];
      if (t === 0) continue;
      const cx = (V.x[c] - x0) * sc, cw = t * sc;
      if (cw >= MINW) {
        if (runCount) { pushMerged(treeId, p, runX, runEnd - runX, y, runCount, runSamples, runBase); runCount = 0; }
        push(treeId, V, c, cx, cw, y, false);
        if (V.start[c + 1] > V.start[c] && V.depth[c] - zd < rowsLeft) stack.push(c);
      } else {
        if (!runCount) { runX = cx; runSamples = 0; runBase = 0; }
        runEnd = cx + cw; runCount++; runSamples += V.ntot[c]; if (DIFF) runBase += V.btot[c];
      }
    }
    if (runCount) pushMerged(treeId, p, runX, runEnd - runX, y, runCount, runSamples, runBase);
  }
}
function push(treeId, V, n, x, w, y, dim) {
  scene.push({ tree: treeId, V: V, node: n, x: x, w: w, y: y, dim: dim, merged: 0, samples: V.ntot[n], base: DIFF ? V.btot[n] : 0 });
}
function pushMerged(treeId, parentNode, x, w, y, count, samples, base) {
  scene.push({ tree: treeId, V: null, node: parentNode, x: x, w: Math.max(w, 1), y: y, dim: false, merged: count, samples: samples, base: base });
}

function layout() {
  scene = [];
  cssW = Math.max(200, chart.clientWidth);
  if (sand) {
    const half = Math.floor((maxRows() - 3) / 2);
    const up = Math.min(half, sand.callers.maxDepth), down = Math.min(half, sand.callees.maxDepth);
    cssH = (up + down + 1) * RH + 2 * RH;
    const mid = (up + 1) * RH;
    layoutTree(sand.callers, 0, cssW, function (d) { return mid - d * RH; }, 1, true, false, up);
    layoutTree(sand.callees, 0, cssW, function (d) { return mid + d * RH; }, 2, false, false, down);
  } else {
    const rows = Math.min(view.maxDepth + 1, maxRows());
    cssH = rows * RH + RH;
    const icicle = ui.orient === 'icicle', zd = view.depth[ui.zoom];
    const rowY = icicle ? function (d) { return (d + zd) * RH; } : function (d) { return cssH - (d + zd + 1) * RH; };
    layoutTree(view, ui.zoom, cssW, rowY, 0, false, true, rows - 1 - zd);
  }
}

// ---- painting ---------------------------------------------------------------------------------
let charW = 6.5;
const SANDWICH_OUTLINE = '#1a4fb5';
function paint() {
  const dpr = window.devicePixelRatio || 1;
  canvas.style.width = cssW + 'px'; canvas.style.height = cssH + 'px';
  canvas.width = Math.round(cssW * dpr); canvas.height = Math.round(cssH * dpr);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssW, cssH);
  ctx.font = FONT; ctx.textBaseline = 'middle';
  charW = ctx.measureText('abcdefghijklmnopqrstuvwxyzABCDEFGHIJ.$').width / 38;
  const searching = matchFrame !== null && !sand;
  for (let i = 0; i < scene.length; i++) {
    const r = scene[i];
    const w = r.w > 2 ? r.w - 1 : r.w, h = RH - 1;
    let label = null;
    if (r.merged) {
      ctx.globalAlpha = searching ? 0.35 : 1;
      ctx.fillStyle = '#d5d9e0';
      ctx.fillRect(r.x, r.y, w, h);
      if (w > 4) { ctx.fillStyle = '#c3c8d2'; for (let sx = r.x + 3; sx < r.x + w - 1; sx += 4) ctx.fillRect(sx, r.y + 2, 1, h - 4); }
    } else {
      const V = r.V, f = V.frame[r.node], st = V.dominant(r.node);
      const hit = searching && matchFrame[f] === 1;
      ctx.globalAlpha = r.dim ? 0.45 : searching && !hit ? 0.3 : 1;
      if (DIFF) {
        const ch = changeAt(V, r.node);
        ctx.fillStyle = changeColour(ch.change, ch.t);
        ctx.fillRect(r.x, r.y, w, h);
        if (ch.change === 'gone') { ctx.fillStyle = hatchPattern(); ctx.fillRect(r.x, r.y, w, h); }
      } else {
        ctx.fillStyle = colorOf(f, st);
        ctx.fillRect(r.x, r.y, w, h);
      }
      if (hit) { ctx.globalAlpha = 1; ctx.strokeStyle = '#c2185b'; ctx.lineWidth = 1.5; ctx.strokeRect(r.x + 0.75, r.y + 0.75, Math.max(0, w - 1.5), h - 1.5); }
      // The sandwich's function, wherever it stands (the middle row, and where it recurs among callers or callees).
      if (sand && f === ui.sandwich) { ctx.globalAlpha = 1; ctx.strokeStyle = SANDWICH_OUTLINE; ctx.lineWidth = 2; ctx.strokeRect(r.x + 1, r.y + 1, Math.max(0, w - 2), h - 2); }
      r.selected = !!sand && f === ui.sandwich;
      r.match = hit;
      if (w >= LABEL_MIN) {
        label = fit(f, w - 6);
        if (label) { ctx.fillStyle = '#17181c'; ctx.fillText(label, r.x + 3, r.y + h / 2 + 0.5, w - 6); }
      }
    }
    r.label = label;
  }
  ctx.globalAlpha = 1;
  if (sand) {
    ctx.fillStyle = getComputedStyle(document.documentElement).getPropertyValue('--muted').trim() || '#5b6475';
    ctx.font = '600 11px system-ui, "DejaVu Sans", sans-serif';
    const half = Math.floor((maxRows() - 3) / 2);
    const up = Math.min(half, sand.callers.maxDepth), down = Math.min(half, sand.callees.maxDepth), mid = (up + 1) * RH;
    ctx.fillText('\u25B2 callers', 4, mid - up * RH - RH / 2);
    ctx.fillText('\u25BC callees', 4, mid + (down + 1) * RH + RH / 2);
  }
}
// The full name if it fits, else Class.method, else a truncated name; canvas never sees raw HTML.
function fit(f, w) {
  const maxChars = Math.floor(w / charW);
  if (maxChars < 5) return null; // "Ty…" says nothing; the tooltip has the name
  const full = f === ROOT_FRAME ? rootLabel() : kinds[f] === KIND.PROCESS ? processLabel(f) : names[f];
  if (full.length <= maxChars) return full;
  const k = kinds[f];
  if (k === KIND.PROCESS) {
    const short = processLabel(f, true);
    if (short.length <= maxChars) return short;
  }
  let s = full;
  // A lock keeps its class's simple name and its identity: the package says least.
  if (k === KIND.LOCK) {
    s = full.replace(/^(\[lock )(?:[\w$]+\.)+/, '$1');
    if (s.length <= maxChars) return s;
  }
  if (k === KIND.JAVA || k === KIND.JDK || k === KIND.NATIVE) {
    const m = full.lastIndexOf('.'), c = m > 0 ? full.lastIndexOf('.', m - 1) : -1;
    if (c >= 0) s = full.substring(c + 1);
    if (s.length <= maxChars) return s;
  }
  return s.substring(0, maxChars - 1) + '\u2026';
}
// The wall time one sample stands for, or 0 where processes were sampled at different intervals (or it is
// unknown, as for folded stacks): times are shown beside samples only where they mean one thing. Where the
// sampler says how long it ran for how many ticks, that measured spacing, not the interval asked for: a
// starved sampler's sample stands for more time.
const SAMPLE_NANOS = (function () {
  const ivs = distinct(D.processes.map(function (p) { return String(p.intervalNanos); }));
  if (ivs.length !== 1 || !(+ivs[0] > 0)) return 0;
  let ticks = 0, active = 0;
  D.processes.forEach(function (p) { if (p.ticks > 0 && p.activeNanos > 0) { ticks += p.ticks; active += p.activeNanos; } });
  return ticks > 0 ? active / ticks : +ivs[0];
})();
// " · 1.23 s" for a number of samples, or nothing without one interval.
function timeOf(samples) { return SAMPLE_NANOS && !DIFF ? ' \u00B7 ' + fmtSeconds(samples * SAMPLE_NANOS / 1e9) : ''; }
function fmtSeconds(s) { return (s >= 100 ? s.toFixed(0) : s >= 10 ? s.toFixed(1) : s.toFixed(2)) + ' s'; }
function rootLabel() { return 'all (' + sampleCounts(view, 0) + ')'; }
// A node's samples in words: "1 234 samples", or in a diff "base 1 000 \u2192 new 1 234 samples".
function sampleCounts(V, n) {
  return (DIFF ? 'base ' + fmtInt(V.btot[n]) + ' \u2192 new ' : '') + fmtInt(V.ntot[n]) + ' samples' + timeOf(V.ntot[n]);
}
// A node's share of the whole (W's root), per side in a diff.
function shares(V, n, W) {
  return DIFF ? pct(V.btot[n], W.btot[0]) + ' \u2192 ' + pct(V.ntot[n], W.ntot[0]) : pct(V.ntot[n], W.ntot[0]);
}

let pending = false;
function redraw() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(function () { pending = false; drawNow(); });
}
let scrollToRoot = false;
function drawNow() {
  layout(); paint(); drawTimeline(); updateStatus(); updateControls(); renderTable(); renderWaits(); writeHash();
  // The root where the eye goes: the bottom of a flame, the top of an icicle (and of a sandwich).
  if (scrollToRoot) { chart.scrollTop = ui.orient === 'flame' && !sand ? chart.scrollHeight : 0; scrollToRoot = false; }
}
