// ---- waits: threads, locks and holders read off the wait frames; the blame of the holders --------------
// A sample of a thread waiting on a named lock ends, under its state leaf, in [lock <class>@<hash>] and
// [held by <thread>] or [no owner]; one of a thread idle in I/O whose other end another process of the
// profile held, in [waits for pid N <main>]. From those frames: who waits for whom (drawn by
// waits-view.js) and the blame flame graph: what the holders did while others waited for them (for
// threads: a process at the other end of a pipe is an edge, with no blame of its own).
const BLAME_MAX_CHAIN = 8;
// A wait's holder where its frame says [no owner] (a condition, Object.wait); -1 is a node that is no wait.
const NO_OWNER = -2;
const WAITS = DIFF ? null : (function () {
  // Threads are a process and a name (two thread nodes of one name in one process are one thread); a
  // holder no sample of which was taken is a thread too, with no frame.
  const threads = [], byKey = new Map(), locks = [], lockByKey = new Map();
  function threadId(proc, name, process) {
    const k = proc + '\u0000' + name + (process ? '\u0000p' : '');
    let t = byKey.get(k);
    if (t === undefined) { t = threads.length; threads.push({ proc: proc, name: name, frame: -1, heldBy: -1, process: !!process }); byKey.set(k, t); }
    return t;
  }
  const procOfPid = new Map();
  D.processes.forEach(function (p, i) { procOfPid.set(p.pid, i); });
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
    if (k === KIND.PEER && names[f].indexOf(FN.waitsForPid) === 0) {
      // The process at the other end stands as a holder of no lock: "pid 4242 app.Worker".
      const who = names[f].substring(1, names[f].length - 1).substring('waits for '.length), pid = parseInt(who.substring(4), 10);
      holder[n] = threadId(procOfPid.has(pid) ? procOfPid.get(pid) : -1, who, true);
      if (tid[n] < 0) tid[n] = threadId(NODE_PROC[n], '(no thread frame)');
      waitNodes.push(n);
      continue;
    }
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
  if (!waitNodes.length) return null;
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
    if (WAITS.holder[n] >= 0 && !WAITS.threads[WAITS.holder[n]].process && (sel.t === 'e' ? WAITS.tid[n] === sel.w && WAITS.holder[n] === sel.h : WAITS.lock[n] === sel.l)) chosen[n] = 1;
  });
  const cs = blameCells(), C = cs.C, byThread = new Map(), acc = new Map();
  function add(chain, node, state, w) {
    const key = chain.join(',') + '|' + node + '|' + state, a = acc.get(key);
    if (a) a.w += w; else acc.set(key, { chain: chain, node: node, state: state, w: w });
  }
  function resolve(h, l, w, seen, chain, waitState) {
    const found = spreadOver(C, byThread, h, l, w, function (e, share) {
      const m = C.node[e], next = WAITS.holder[m];
      if (next >= 0 && !WAITS.threads[next].process && chain.length < BLAME_MAX_CHAIN && seen.indexOf(next) < 0 && next !== h) {
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

// For the hook: each frame's samples in the blame view over its outermost occurrences (a recursive one counted once).
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
