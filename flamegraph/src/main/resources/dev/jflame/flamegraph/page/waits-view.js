// ---- the Waits view: edges and locks for the range and the state filter ----------------------------------
const WAITS_ROWS = 200;
// Edges waiter -> holder and the locks' figures from the same self counts every view of a range uses; the
// holders' top frames from the cells, as blame is.
function waitsData() {
  const self = selfCounts(), mask = ui.mask, W = WAITS;
  const edges = new Map(), locks = W.locks.map(function (l, i) { return { l: i, proc: l.proc, samples: 0, waiters: new Set(), holders: new Map(), top: new Map() }; });
  let all = 0;
  W.waitNodes.forEach(function (n) {
    let v = 0;
    for (let s = 0; s < NS; s++) if (mask >> s & 1) v += self[n * NS + s];
    if (!v) return;
    const t = W.tid[n], h = W.holder[n], L = W.lock[n] >= 0 ? locks[W.lock[n]] : null;
    if (L) { L.samples += v; L.waiters.add(t); L.holders.set(h, (L.holders.get(h) || 0) + v); }
    if (h < 0) return;
    const key = t + '-' + h;
    let e = edges.get(key);
    if (!e) { e = { w: t, h: h, samples: 0, locks: new Map() }; edges.set(key, e); }
    e.samples += v; all += v;
    if (L) e.locks.set(W.lock[n], (e.locks.get(W.lock[n]) || 0) + v);
  });
  // Each waiter's own samples in the range, all states: what share of its time it waited.
  const own = new Float64Array(W.threads.length);
  for (let n = 1; n < N; n++) {
    const t = W.tid[n];
    if (t >= 0) for (let s = 0; s < NS; s++) own[t] += self[n * NS + s];
  }
  holdersTopFrames(locks, mask);
  const byProc = new Map();
  edges.forEach(function (e) {
    const proc = W.threads[e.w].proc;
    let g = byProc.get(proc);
    if (!g) { g = { proc: proc, samples: 0, edges: [] }; byProc.set(proc, g); }
    g.samples += e.samples; g.edges.push(e);
    e.own = own[e.w];
  });
  const groups = Array.from(byProc.values()).sort(function (a, b) { return b.samples - a.samples; });
  groups.forEach(function (g) { g.edges.sort(function (a, b) { return b.samples - a.samples || a.w - b.w; }); });
  const lockRows = locks.filter(function (L) { return L.samples > 0; }).sort(function (a, b) { return b.samples - a.samples; });
  lockRows.forEach(function (L) {
    L.holderList = Array.from(L.holders.entries()).sort(function (a, b) { return b[1] - a[1]; });
    let best = -1, bv = 0, sum = 0;
    L.top.forEach(function (v, f) { sum += v; if (v > bv) { bv = v; best = f; } });
    L.topFrame = best; L.topShare = sum > 0 ? bv / sum : 0;
  });
  return { groups: groups, locks: lockRows, total: all };
}
// Per lock, the leaf-most code frame of its holders' own samples while others waited on it, weighted as
// blame is (one cell at a time, no chain followed: the holder's own frame, even where it waits itself).
function holdersTopFrames(locks, mask) {
  const cs = blameCells(), C = cs.C, byThread = new Map(), W = WAITS;
  const waits = new Map();
  for (let c = cs.c0; c < cs.c1; c++) {
    // The cell's waits by holder and lock: each holder's samples are spread once per lock.
    waits.clear();
    for (let e = C.at[c], end = C.at[c + 1]; e < end; e++) {
      const n = C.node[e];
      if (W.holder[n] < 0 || W.lock[n] < 0 || !(mask >> C.state[e] & 1)) continue;
      const key = W.holder[n] + ',' + W.lock[n], g = waits.get(key);
      if (g) g.w += C.count[e]; else waits.set(key, { h: W.holder[n], l: W.lock[n], w: C.count[e] });
    }
    if (!waits.size) continue;
    entriesByThread(C, c, byThread);
    waits.forEach(function (g) {
      const top = locks[g.l].top;
      spreadOver(C, byThread, g.h, g.l, g.w, function (x, share) {
        const m = C.node[x], f = W.code[m] >= 0 ? W.code[m] : bFrame[m];
        top.set(f, (top.get(f) || 0) + share);
      });
    });
  }
}

const waitsBox = document.getElementById('waits');
let waitsKey = '';
function renderWaits() {
  waitsBox.hidden = !ui.waits || !WAITS;
  if (waitsBox.hidden) return;
  const key = rangeKeyOf(ui.range) + '/' + ui.mask + '/' + blameKeyOf(ui.blame);
  if (key === waitsKey) return;
  waitsKey = key;
  const d = waitsData(), sel = blameKeyOf(ui.blame);
  const timed = SAMPLE_NANOS > 0;
  function secs(v) { return timed ? fmtSeconds(v * SAMPLE_NANOS / 1e9) : ''; }
  waitsBox.querySelector('.note').textContent = (TL ? 'Blame is per timeline cell (' + TL.cell + ' ms), not per tick: the waits in a cell are spread over what their holder did in that same cell.'
    : 'No times in this profile: blame spreads the waits over what their holder did in the whole profile.') +
    (ui.mask !== ALL_STATES ? ' Only waits in the states shown.' : '');
  const eb = waitsBox.querySelector('tbody.edges');
  eb.textContent = '';
  const max = d.groups.reduce(function (m, g) { return Math.max(m, g.edges.length ? g.edges[0].samples : 0); }, 0);
  let rows = 0;
  d.groups.forEach(function (g) {
    if (D.processes.length > 1) {
      const tr = el('tr', null, 'proc'), td = el('td', procLabel(g.proc) + ' \u2014 ' + fmtInt(g.samples) + ' samples waited' + (timed ? ' \u00B7 ' + secs(g.samples) : ''));
      td.colSpan = 7;
      tr.appendChild(td); eb.appendChild(tr);
    }
    g.edges.forEach(function (e) {
      if (rows++ >= WAITS_ROWS) return;
      const tr = el('tr'), k = 'e' + e.w + '-' + e.h;
      tr.dataset.waiter = threadLabel(e.w); tr.dataset.holder = threadLabel(e.h);
      if (WAITS.threads[e.h].process) {
        tr.title = 'Idle in a read, write or poll on a pipe or connection whose other end this process held';
      } else {
        tr.dataset.blame = k;
        tr.title = 'Click: the blame flame graph, ' + blameText({ t: 'e', w: e.w, h: e.h });
      }
      if (k === sel) tr.setAttribute('aria-selected', 'true');
      tr.appendChild(el('td', threadLabel(e.w)));
      tr.appendChild(el('td', '\u2192', 'arrow'));
      tr.appendChild(el('td', threadLabel(e.h)));
      const bar = el('td'), b = el('span', null, 'bar');
      b.style.width = Math.max(1, Math.round(120 * e.samples / max)) + 'px'; b.style.background = hsl('blocked', .5);
      bar.appendChild(b); tr.appendChild(bar);
      tr.appendChild(el('td', fmtInt(e.samples), 'n'));
      tr.appendChild(el('td', timed ? secs(e.samples) : '', 'n'));
      tr.appendChild(el('td', pct(e.samples, e.own) + ' of its time', 'n'));
      eb.appendChild(tr);
    });
  });
  if (!d.groups.length) { const tr = el('tr'), td = el('td', 'No thread waited for another here.', 'empty'); td.colSpan = 7; tr.appendChild(td); eb.appendChild(tr); }
  const lb = waitsBox.querySelector('tbody.locks');
  lb.textContent = '';
  d.locks.slice(0, WAITS_ROWS).forEach(function (L) {
    const tr = el('tr'), k = 'l' + L.l, owned = L.holderList.some(function (h) { return h[0] >= 0; });
    if (owned) { tr.dataset.blame = k; tr.title = 'Click: the blame flame graph, ' + blameText({ t: 'l', l: L.l }); } else tr.className = 'unowned';
    tr.dataset.lock = lockLabel(L.l);
    if (k === sel) tr.setAttribute('aria-selected', 'true');
    const name = el('td', lockLabel(L.l) + (D.processes.length > 1 ? ' \u00B7 ' + procLabel(L.proc) : ''));
    name.title = lockLabel(L.l);
    tr.appendChild(name);
    tr.appendChild(el('td', fmtInt(L.samples), 'n'));
    tr.appendChild(el('td', timed ? secs(L.samples) : '', 'n'));
    tr.appendChild(el('td', fmtInt(L.waiters.size), 'n'));
    tr.appendChild(el('td', L.holderList.slice(0, 3).map(function (h) {
      return (h[0] >= 0 ? threadLabel(h[0]) : h[0] === NO_OWNER ? 'no owner' : 'not known') + ' ' + pct(h[1], L.samples);
    }).join(', ') + (L.holderList.length > 3 ? ', \u2026' : '')));
    const top = el('td', L.topFrame >= 0 ? names[L.topFrame] + ' (' + pct(L.topShare, 1) + ')' : '');
    if (L.topFrame >= 0) top.title = names[L.topFrame];
    tr.appendChild(top);
    lb.appendChild(tr);
  });
}
waitsBox.addEventListener('click', function (e) {
  const tr = e.target.closest('tr[data-blame]');
  if (!tr) return;
  const b = tr.dataset.blame === blameKeyOf(ui.blame) ? null : blameOfKey(tr.dataset.blame);
  setUi({ blame: b, zoom: 0, sandwich: -1 });
});
document.getElementById('waitsbtn').addEventListener('click', function () { setUi({ waits: !ui.waits }); });
// Nothing waited on a named lock: no Waits view to offer.
document.querySelectorAll('.waitsonly').forEach(function (e) { e.hidden = !WAITS; });

// For the hook: the Waits view as shown.
function waitsInfo() {
  const d = waitsData();
  const edges = [];
  d.groups.forEach(function (g) {
    g.edges.forEach(function (e) {
      edges.push({ pid: D.processes[g.proc] ? D.processes[g.proc].pid : 0, waiter: threadLabel(e.w), holder: threadLabel(e.h), samples: e.samples,
        share: e.own > 0 ? e.samples / e.own : 0, locks: Array.from(e.locks.keys()).map(lockLabel), key: 'e' + e.w + '-' + e.h });
    });
  });
  return { cellMillis: TL ? TL.cell : null, total: d.total, edges: edges, locks: d.locks.map(function (L) {
    return { lock: lockLabel(L.l), pid: D.processes[L.proc] ? D.processes[L.proc].pid : 0, samples: L.samples, waiters: L.waiters.size,
      holders: L.holderList.map(function (h) { return { name: h[0] >= 0 ? threadLabel(h[0]) : h[0] === NO_OWNER ? null : '?', samples: h[1] }; }),
      topFrame: L.topFrame >= 0 ? names[L.topFrame] : null, topShare: L.topShare, key: 'l' + L.l };
  }) };
}
