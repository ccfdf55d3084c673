// ---- waits: who waits for whom, the locks, and the blame of the holders ----------------------------------
// A sample of a thread waiting on a named lock ends, under its state leaf, in [lock <class>@<hash>] and
// [held by <thread>] or [no owner]. From those frames: edges waiter -> holder within a process, a table of
// locks, and the blame flame graph: what the holders did while others waited for them.
const BLAME_MAX_CHAIN = 8, WAITS_ROWS = 200;
// A wait's holder where its frame says [no owner] (a condition, Object.wait); -1 is a node that is no wait.
const NO_OWNER = -2;
const WAITS = DIFF ? null : (function () {
  // Threads are a process and a name (two thread nodes of one name in one process are one thread); a
  // holder no sample of which was taken is a thread too, with no frame.
  const threads = [], byKey = new Map(), locks = [], lockByKey = new Map();
  function threadId(proc, name) {
    const k = proc + '\u0000' + name;
    let t = byKey.get(k);
    if (t === undefined) { t = threads.length; threads.push({ proc: proc, name: name, frame: -1, heldBy: -1 }); byKey.set(k, t); }
    return t;
  }
  const threadOf = nodeThreads(), tid = new Int32Array(N).fill(-1), holder = new Int32Array(N).fill(-1), lock = new Int32Array(N).fill(-1);
  for (let n = 1; n < N; n++) {
    if (threadOf[n] === n) {
      const f = bFrame[n], nm = names[f];
      tid[n] = threadId(NODE_PROC[n], nm.indexOf(FN.thread) === 0 ? nm.substring(FN.thread.length, nm.length - 1) : nm);
      threads[tid[n]].frame = f;
    } else if (threadOf[n] >= 0) {
      tid[n] = tid[threadOf[n]];
    }
  }
  const waitNodes = [];
  for (let n = 1; n < N; n++) {
    const f = bFrame[n], k = kinds[f];
    if (k !== KIND.OWNER && k !== KIND.LOCK) continue;
    const lockNode = k === KIND.LOCK ? n : kinds[bFrame[bParent[n]]] === KIND.LOCK ? bParent[n] : -1;
    if (lockNode < 0) continue;
    const key = NODE_PROC[lockNode] + '\u0000' + bFrame[lockNode];
    let l = lockByKey.get(key);
    if (l === undefined) { l = locks.length; locks.push({ proc: NODE_PROC[lockNode], frame: bFrame[lockNode] }); lockByKey.set(key, l); }
    lock[n] = l;
    if (k === KIND.OWNER) {
      if (names[f].indexOf(FN.heldBy) === 0) {
        holder[n] = threadId(NODE_PROC[n], names[f].substring(FN.heldBy.length, names[f].length - 1));
        threads[holder[n]].heldBy = f;
      } else {
        holder[n] = NO_OWNER;
      }
    }
    // A wait seen before any thread frame (a profile without them) still has a waiter to name.
    if (tid[n] < 0) tid[n] = threadId(NODE_PROC[n], '(no thread frame)');
    waitNodes.push(n);
  }
  if (!locks.length) return null;
  // The leaf-most application frame on each node's path (what a holder's own code was doing, above the
  // JDK's sleep or read it may sit in), else the leaf-most JDK or native one.
  const code = new Int32Array(N).fill(-1), jdk = new Int32Array(N).fill(-1);
  for (let n = 1; n < N; n++) {
    const k = kinds[bFrame[n]];
    code[n] = k === KIND.JAVA ? bFrame[n] : code[bParent[n]];
    jdk[n] = k === KIND.JDK || k === KIND.NATIVE ? bFrame[n] : jdk[bParent[n]];
  }
  for (let n = 1; n < N; n++) if (code[n] < 0) code[n] = jdk[n];
  return { threads: threads, locks: locks, tid: tid, holder: holder, lock: lock, waitNodes: waitNodes, code: code };
})();

// The cells blame is spread in: the timeline's (the range's, or all), or without times the whole profile as one.
let wholeCell = null;
function blameCells() {
  if (TL) return { C: TL, c0: ui.range ? ui.range.c0 : 0, c1: ui.range ? ui.range.c1 : TL.n };
  if (!wholeCell) {
    const node = [], state = [], count = [];
    for (let n = 0; n < N; n++) for (let s = 0; s < NS; s++) if (bSelf[n * NS + s]) { node.push(n); state.push(s); count.push(bSelf[n * NS + s]); }
    wholeCell = { at: [0, node.length], node: node, state: state, count: count };
  }
  return { C: wholeCell, c0: 0, c1: 1 };
}
function threadLabel(t) { return WAITS.threads[t].name; }
function lockLabel(l) { const nm = names[WAITS.locks[l].frame]; return nm.substring(FN.lock.length, nm.length - 1); }
function procLabel(proc) { const p = D.processes[proc]; return p ? processText(p, true) : 'all'; }
function blameKeyOf(b) { return !b ? '' : b.t === 'e' ? 'e' + b.w + '-' + b.h : 'l' + b.l; }
function blameOfKey(v) {
  if (!WAITS) return null;
  let m = /^e(\d+)-(\d+)$/.exec(v);
  if (m && +m[1] < WAITS.threads.length && +m[2] < WAITS.threads.length) return { t: 'e', w: +m[1], h: +m[2] };
  m = /^l(\d+)$/.exec(v);
  return m && +m[1] < WAITS.locks.length ? { t: 'l', l: +m[1] } : null;
}
// The selection in words: "what holder did while w-1 waited for it", and in which process where there are several.
function blameText(b) {
  const proc = b.t === 'e' ? WAITS.threads[b.h].proc : WAITS.locks[b.l].proc;
  return (b.t === 'e' ? 'what ' + threadLabel(b.h) + ' did while ' + threadLabel(b.w) + ' waited for it'
    : 'what the holders of ' + lockLabel(b.l) + ' did while others waited for it') + (D.processes.length > 1 ? ' (' + procLabel(proc) + ')' : '');
}

// Each cell's entries by thread, for the holders' samples in that cell; made once per cell visited.
function entriesByThread(C, c, into) {
  into.clear();
  for (let e = C.at[c], end = C.at[c + 1]; e < end; e++) {
    const t = WAITS.tid[C.node[e]];
    if (t < 0) continue;
    const list = into.get(t);
    if (list) list.push(e); else into.set(t, [e]);
  }
  return into;
}
// Spreads w waiting samples for holder h on lock l over h's own samples of the same cell, in proportion to
// their counts; visit(e, share) gets each of them. A holder's waits for that same lock are left out: it
// cannot hold a lock and wait for it at once, so those are ticks of the cell when someone else held it.
// Returns false where the holder has nothing else in the cell.
function spreadOver(C, byThread, h, l, w, visit) {
  const list = byThread.get(h);
  if (!list) return false;
  let tot = 0;
  for (let i = 0; i < list.length; i++) if (WAITS.lock[C.node[list[i]]] !== l) tot += C.count[list[i]];
  if (tot === 0) return false;
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (WAITS.lock[C.node[e]] !== l) visit(e, w * C.count[e] / tot);
  }
  return true;
}

// The blame tree of a selection (an edge waiter -> holder, or a lock): per cell, each selected waiting
// sample is spread over its holder's samples in that cell; where the holder's sample is itself a wait for
// someone, the chain is followed (up to BLAME_MAX_CHAIN holders, never back to a thread already in it)
// and each holder passed on the way stands as a [via B] frame above the stack blamed.
function buildBlame(sel, mask, group, hidden) {
  const chosen = new Uint8Array(N);
  WAITS.waitNodes.forEach(function (n) {
    if (WAITS.holder[n] >= 0 && (sel.t === 'e' ? WAITS.tid[n] === sel.w && WAITS.holder[n] === sel.h : WAITS.lock[n] === sel.l)) chosen[n] = 1;
  });
  const cs = blameCells(), C = cs.C, byThread = new Map(), acc = new Map();
  function add(chain, node, state, w) {
    const key = chain.join(',') + '|' + node + '|' + state, a = acc.get(key);
    if (a) a.w += w; else acc.set(key, { chain: chain, node: node, state: state, w: w });
  }
  function resolve(h, l, w, seen, chain, waitState) {
    const found = spreadOver(C, byThread, h, l, w, function (e, share) {
      const m = C.node[e], next = WAITS.holder[m];
      if (next >= 0 && chain.length < BLAME_MAX_CHAIN && seen.indexOf(next) < 0 && next !== h) {
        resolve(next, WAITS.lock[m], share, seen.concat([h]), chain.concat([h]), C.state[e]);
      } else {
        add(chain, m, C.state[e], share);
      }
    });
    if (!found) add(chain, -1 - h, waitState, w);
  }
  const waits = new Map();
  for (let c = cs.c0; c < cs.c1; c++) {
    // The cell's selected waits by holder, lock, waiter and state: each holder's samples are spread once per group.
    waits.clear();
    for (let e = C.at[c], end = C.at[c + 1]; e < end; e++) {
      const n = C.node[e];
      if (!chosen[n] || !(mask >> C.state[e] & 1)) continue;
      const key = WAITS.holder[n] + ',' + WAITS.lock[n] + ',' + WAITS.tid[n] + ',' + C.state[e], g = waits.get(key);
      if (g) g.w += C.count[e]; else waits.set(key, { n: n, state: C.state[e], w: C.count[e] });
    }
    if (!waits.size) continue;
    entriesByThread(C, c, byThread);
    waits.forEach(function (g) { resolve(WAITS.holder[g.n], WAITS.lock[g.n], g.w, [WAITS.tid[g.n]], [], g.state); });
  }
  const threadOf = nodeThreads(), T = new Tree(1024), path = [];
  T.frame[0] = ROOT_FRAME;
  function via(p, chain) {
    for (let i = 0; i < chain.length; i++) p = T.child(p, VIA_FRAME.get(names[WAITS.threads[chain[i]].heldBy]));
    return p;
  }
  acc.forEach(function (a) {
    let p = 0;
    if (a.node >= 0) {
      path.length = 0;
      for (let m = a.node; m > 0; m = bParent[m]) path.push(m);
      const thread = threadOf[a.node];
      if (thread < 0) p = via(p, a.chain);
      for (let i = path.length - 1; i >= 0; i--) {
        const f = bFrame[path[i]];
        if (path[i] === thread) p = via(p, a.chain);
        if ((kinds[f] === KIND.PROCESS && group === 'none') || hidden.has(f)) continue;
        p = T.child(p, f);
      }
    } else {
      // A holder with no sample of its own in the cell: [held by H] [holder not sampled], under its process.
      const h = WAITS.threads[-1 - a.node], root = ROOT_OF_PROC.get(h.proc);
      if (root !== undefined && group !== 'none') p = T.child(p, root);
      p = T.child(via(p, a.chain), h.heldBy);
      p = T.child(p, UNSAMPLED_FRAME);
    }
    T.self[p * NS + a.state] += a.w;
  });
  return T.finish();
}
const ROOT_OF_PROC = new Map();
PROC_OF_FRAME.forEach(function (proc, f) { ROOT_OF_PROC.set(proc, f); });

// ---- the Waits view: edges and locks for the range and the state filter ----------------------------------
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
    const t = W.tid[n], h = W.holder[n], L = locks[W.lock[n]];
    L.samples += v; L.waiters.add(t); L.holders.set(h, (L.holders.get(h) || 0) + v);
    if (h < 0) return;
    const key = t + '-' + h;
    let e = edges.get(key);
    if (!e) { e = { w: t, h: h, samples: 0, locks: new Map() }; edges.set(key, e); }
    e.samples += v; all += v;
    e.locks.set(W.lock[n], (e.locks.get(W.lock[n]) || 0) + v);
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
      if (W.holder[n] < 0 || !(mask >> C.state[e] & 1)) continue;
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
      tr.dataset.blame = k; tr.dataset.waiter = threadLabel(e.w); tr.dataset.holder = threadLabel(e.h);
      if (k === sel) tr.setAttribute('aria-selected', 'true');
      tr.title = 'Click: the blame flame graph, ' + blameText({ t: 'e', w: e.w, h: e.h });
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

// A wait leaf's (or a lock frame's) holders, from its [lock] and [held by] children: [name, samples] by samples.
function holdersOf(V, n) {
  const k = kinds[V.frame[n]];
  if (k !== KIND.STATE && k !== KIND.LOCK) return [];
  const by = new Map();
  function owners(p) {
    for (let i = V.start[p]; i < V.start[p + 1]; i++) {
      const c = V.kids[i], f = V.frame[c];
      if (kinds[f] !== KIND.OWNER) continue;
      const nm = names[f], who = nm.indexOf(FN.heldBy) === 0 ? nm.substring(FN.heldBy.length, nm.length - 1) : 'no owner';
      by.set(who, (by.get(who) || 0) + V.ntot[c]);
    }
  }
  if (k === KIND.LOCK) owners(n);
  else for (let i = V.start[n]; i < V.start[n + 1]; i++) if (kinds[V.frame[V.kids[i]]] === KIND.LOCK) owners(V.kids[i]);
  return Array.from(by.entries()).sort(function (a, b) { return b[1] - a[1]; });
}

// For the hook: the Waits view as shown, and the blame view's frames.
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
// Each frame's samples in the blame view over its outermost occurrences (a recursive one counted once).
function blameInfo() {
  const V = fwd, frames = {}, active = new Map(), states = {};
  (function walk(n) {
    const f = V.frame[n], name = n === 0 ? 'all' : names[f];
    if (!active.get(f)) frames[name] = (frames[name] || 0) + V.ntot[n];
    active.set(f, (active.get(f) || 0) + 1);
    for (let i = V.start[n]; i < V.start[n + 1]; i++) walk(V.kids[i]);
    active.set(f, active.get(f) - 1);
  })(0);
  D.states.forEach(function (s, i) { states[s] = V.total[i]; });
  const b = ui.blame;
  return { of: blameText(b), waiter: b.t === 'e' ? threadLabel(b.w) : null, holder: b.t === 'e' ? threadLabel(b.h) : null,
    lock: b.t === 'l' ? lockLabel(b.l) : null, total: V.ntot[0], frames: frames, states: states };
}
