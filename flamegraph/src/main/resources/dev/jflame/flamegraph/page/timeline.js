// ---- timeline: samples over time per process, and the time range the views show ---------------------
// The cells are decoded once into flat arrays: cell c's entries are at[c] to at[c + 1], each a node, a
// state and a count, so a range of cells is one contiguous run of entries.
const TL = D.time && D.time.n > 0 && !DIFF ? decodeTime(D.time) : null;
function decodeTime(t) {
  const str = t.cells;
  let numbers = 0;
  for (let i = 0; i < str.length; i++) if (!(VLQ[str.charCodeAt(i)] & 32)) numbers++;
  const size = Math.max(0, (numbers - t.n) / 3);
  const at = new Int32Array(t.n + 1), node = new Int32Array(size), state = new Uint8Array(size), count = new Float64Array(size);
  // A number's meaning follows from its place: a cell's entry count, then per entry (node step, state, count).
  let c = -1, e = 0, left = 0, field = 0, prev = 0, v = 0, mul = 1;
  for (let i = 0; i < str.length; i++) {
    const d = VLQ[str.charCodeAt(i)];
    if (d & 32) { v += (d & 31) * mul; mul *= 32; continue; }
    const x = v + d * mul;
    v = 0; mul = 1;
    if (field === 0) { at[++c] = e; left = x; prev = 0; field = left > 0 ? 1 : 0; }
    else if (field === 1) { prev += x; node[e] = prev; field = 2; }
    else if (field === 2) { state[e] = x; field = 3; }
    else { count[e++] = x; field = --left > 0 ? 1 : 0; }
  }
  for (let k = c + 1; k <= t.n; k++) at[k] = e;
  return { cell: t.cell, first: t.first, n: t.n, at: at, node: node, state: state, count: count };
}
// Times on the page are milliseconds from the profile's start (the first cell's, for a profile without one).
const ORIGIN = TL ? (D.start > 0 ? D.start : TL.first * TL.cell) : 0;
function cellMs(c) { return (TL.first + c) * TL.cell - ORIGIN; }
function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)); }
// The cells a range of milliseconds overlaps, or null for none.
function rangeOfMs(from, to) {
  if (!TL || !(to > from)) return null;
  const c0 = clamp(Math.floor((from - cellMs(0)) / TL.cell), 0, TL.n), c1 = clamp(Math.ceil((to - cellMs(0)) / TL.cell), 0, TL.n);
  return c1 > c0 ? { c0: c0, c1: c1 } : null;
}
// A range's bounds snapped to its cells; never before 0, which the first cell may start ahead of.
function msOfRange(r) { return { from: Math.max(0, cellMs(r.c0)), to: cellMs(r.c1) }; }
function rangeKeyOf(r) { return r ? r.c0 + '-' + r.c1 : ''; }

// The self counts the views are built from: the whole profile's, or the selected cells' entries summed.
let rangeSelf = null, rangeSelfKey = '';
function selfCounts() {
  if (!ui.range || !TL) return bSelf;
  const key = rangeKeyOf(ui.range);
  if (key !== rangeSelfKey) {
    if (!rangeSelf) rangeSelf = new Float64Array(N * NS); else rangeSelf.fill(0);
    for (let e = TL.at[ui.range.c0], end = TL.at[ui.range.c1]; e < end; e++) rangeSelf[TL.node[e] * NS + TL.state[e]] += TL.count[e];
    rangeSelfKey = key;
  }
  return rangeSelf;
}

// Processes in tree order: each followed by the processes it started (a cycle of reused pids breaks into roots).
function processOrder() {
  if (D.processes.length <= 1) return [{ proc: D.processes.length - 1, depth: 0 }];
  const byPid = new Map(), kids = D.processes.map(function () { return []; }), roots = [];
  D.processes.forEach(function (p, i) { byPid.set(p.pid, i); });
  D.processes.forEach(function (p, i) {
    const parent = p.parentPid && p.parentPid !== p.pid ? byPid.get(p.parentPid) : undefined;
    if (parent !== undefined) kids[parent].push(i); else roots.push(i);
  });
  const out = [], seen = new Uint8Array(D.processes.length);
  function visit(i, depth) {
    if (seen[i]) return;
    seen[i] = 1; out.push({ proc: i, depth: depth });
    kids[i].forEach(function (k) { visit(k, depth + 1); });
  }
  roots.forEach(function (r) { visit(r, 0); });
  D.processes.forEach(function (p, i) { visit(i, 0); });
  return out;
}
// Per lane, per cell and state, the samples of the nodes keyed to it (key[node] is a lane index or -1).
function sumsBy(key, lanes) {
  const sums = [];
  for (let l = 0; l < lanes; l++) sums.push(new Float64Array(TL.n * NS));
  for (let c = 0; c < TL.n; c++) {
    for (let e = TL.at[c], end = TL.at[c + 1]; e < end; e++) {
      const l = key[TL.node[e]];
      if (l >= 0) sums[l][c * NS + TL.state[e]] += TL.count[e];
    }
  }
  return sums;
}
function makeLane(proc, thread, depth, sums) {
  const tot = new Float64Array(TL.n), states = new Float64Array(NS);
  let max = 0, samples = 0, first = -1, last = -1;
  for (let c = 0; c < TL.n; c++) {
    let t = 0;
    for (let s = 0; s < NS; s++) { t += sums[c * NS + s]; states[s] += sums[c * NS + s]; }
    tot[c] = t; samples += t;
    if (t > max) max = t;
    if (t > 0) { if (first < 0) first = c; last = c; }
  }
  const p = D.processes[proc];
  const label = thread >= 0 ? names[bFrame[thread]].replace(/^\[thread (.*)\]$/, '$1') : p ? processText(p) : 'all';
  return { proc: proc, thread: thread, depth: depth, label: label, sums: sums, tot: tot, max: max, samples: samples,
    first: first, last: last, states: states, threads: null, open: false,
    vgroup: thread >= 0 ? vgroupOf(proc, names[bFrame[thread]]) : null, countRow: null };
}
// The row beneath a virtual-thread group's lane: its live count over time, drawn as steps (no samples of its own).
function countRowOf(lane) {
  if (!lane.countRow) {
    lane.countRow = { proc: lane.proc, thread: lane.thread, depth: lane.depth + 1, label: 'live virtual threads (0\u2013' + fmtInt(lane.vgroup.peak) + ')',
      count: lane.vgroup, sums: null, tot: null, max: 0, samples: 0, first: -1, last: -1, states: new Float64Array(NS), threads: null, open: false };
  }
  return lane.countRow;
}
const LANES = TL ? (function () {
  const order = processOrder(), laneOfProc = new Int32Array(D.processes.length).fill(-1), key = new Int32Array(N);
  order.forEach(function (o, i) { if (o.proc >= 0) laneOfProc[o.proc] = i; });
  for (let n = 0; n < N; n++) key[n] = order.length === 1 ? 0 : NODE_PROC[n] >= 0 ? laneOfProc[NODE_PROC[n]] : -1;
  const sums = sumsBy(key, order.length);
  return order.map(function (o, i) { return makeLane(o.proc, -1, o.depth, sums[i]); });
})() : [];
// A process lane's threads, summed the first time it is opened: each thread node's subtree, ordered by
// when the thread was first seen.
function threadLanes(lane) {
  if (lane.threads) return lane.threads;
  const threadOf = nodeThreads();
  const index = new Int32Array(N).fill(-1), nodes = [];
  for (let n = 1; n < N; n++) {
    if (threadOf[n] === n && (LANES.length === 1 || NODE_PROC[n] === lane.proc)) { index[n] = nodes.length; nodes.push(n); }
  }
  const key = new Int32Array(N).fill(-1);
  for (let n = 1; n < N; n++) if (threadOf[n] >= 0) key[n] = index[threadOf[n]];
  const sums = sumsBy(key, nodes.length);
  lane.threads = nodes.map(function (t, i) { return makeLane(lane.proc, t, lane.depth + 1, sums[i]); })
    .filter(function (l) { return l.samples > 0; })
    .sort(function (a, b) { return a.first - b.first || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0); });
  return lane.threads;
}
function timelineRows() {
  const rows = [];
  LANES.forEach(function (l) {
    rows.push(l);
    if (l.open) threadLanes(l).forEach(function (t) { rows.push(t); if (t.vgroup) rows.push(countRowOf(t)); });
  });
  return rows;
}
function toggleLane(lane) {
  lane.open = !lane.open;
  hideTip();
  drawTimeline();
  // More lanes leave the chart less room: a flame's root, at its foot, is to stay where the eye goes.
  if (ui.orient === 'flame' && !sand) chart.scrollTop = chart.scrollHeight;
}
// Samples the timeline lacks (processes merged from profiles without times) can be in no range.
const UNTIMED = TL ? (function () {
  const out = [];
  LANES.forEach(function (l) {
    if (l.proc < 0) return;
    let all = 0;
    for (let s = 0; s < NS; s++) all += PROC_STATES[l.proc][s];
    if (all > l.samples) out.push({ proc: l.proc, samples: all - l.samples });
  });
  return out;
})() : [];
