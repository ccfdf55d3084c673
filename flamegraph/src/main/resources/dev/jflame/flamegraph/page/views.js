// ---- trees ------------------------------------------------------------------------------------
// A growable call tree in parallel typed arrays; children are found through an open-addressing
// table whose slots hold node ids, so a (parent, frame) key costs no allocation.
function Tree(cap) {
  cap = Math.max(16, cap | 0);
  this.size = 1;
  this.frame = new Int32Array(cap);
  this.parent = new Int32Array(cap);
  this.self = new Float64Array(cap * NS);
  this.base = DIFF ? new Float64Array(cap * NS) : null; // a diff's base side, beside self (the new side)
  this.parent[0] = -1;
  this.slots = new Int32Array(tableSize(cap));
}
function tableSize(cap) { let t = 64; while (t < cap * 2) t *= 2; return t; }
function slotOf(p, f, mask) {
  let h = Math.imul(p, 0x9E3779B1) ^ Math.imul(f + 1, 0x85EBCA77);
  h ^= h >>> 15;
  return h & mask;
}
Tree.prototype.child = function (p, f) {
  const slots = this.slots, mask = slots.length - 1, frame = this.frame, parent = this.parent;
  let i = slotOf(p, f, mask);
  for (;;) {
    const c = slots[i];
    if (c === 0) break;
    if (frame[c] === f && parent[c] === p) return c;
    i = (i + 1) & mask;
  }
  if (this.size === frame.length) { this.grow(); return this.child(p, f); }
  const n = this.size++;
  this.frame[n] = f; this.parent[n] = p;
  slots[i] = n;
  if (this.size * 2 > slots.length) this.rehash();
  return n;
};
Tree.prototype.grow = function () {
  const cap = this.frame.length * 2;
  const fr = new Int32Array(cap); fr.set(this.frame); this.frame = fr;
  const pa = new Int32Array(cap); pa.set(this.parent); this.parent = pa;
  const se = new Float64Array(cap * NS); se.set(this.self); this.self = se;
  if (DIFF) { const ba = new Float64Array(cap * NS); ba.set(this.base); this.base = ba; }
};
Tree.prototype.rehash = function () {
  const slots = new Int32Array(this.slots.length * 2), mask = slots.length - 1;
  for (let n = 1; n < this.size; n++) {
    let i = slotOf(this.parent[n], this.frame[n], mask);
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = n;
  }
  this.slots = slots;
};
// Totals per node and state (self plus descendants), and per node over all states.
function sumUp(self, size, parent) {
  const total = self.slice(0, size * NS);
  const tot = new Float64Array(size);
  for (let n = size - 1; n >= 0; n--) {
    const b = n * NS;
    let t = 0;
    for (let s = 0; s < NS; s++) t += total[b + s];
    tot[n] = t;
    if (n > 0) { const p = parent[n] * NS; for (let s = 0; s < NS; s++) total[p + s] += total[b + s]; }
  }
  return [total, tot];
}
// Totals, alphabetical children (CSR), x offsets and depths. Parents precede children.
// ntot is a node's samples (the new side's in a diff), tot its width: the samples, or in a diff the
// base side and the new side added (weighed by diffWeight), so frames only one side has are seen too.
Tree.prototype.finish = function () {
  const size = this.size, parent = this.parent, frame = this.frame;
  const sums = sumUp(this.self, size, parent), total = sums[0], ntot = sums[1];
  let tot = ntot, baseTotal = null, btot = null;
  if (DIFF) {
    const b = sumUp(this.base, size, parent);
    baseTotal = b[0]; btot = b[1];
    tot = new Float64Array(size);
    for (let n = 0; n < size; n++) tot[n] = ntot[n] * diffWeight.n + btot[n] * diffWeight.b;
  }
  // Two stable counting sorts: by name rank, then by parent.
  const buckets = new Int32Array(names.length + 1);
  for (let n = 1; n < size; n++) buckets[rank[frame[n]] + 1]++;
  for (let i = 1; i < buckets.length; i++) buckets[i] += buckets[i - 1];
  const byName = new Int32Array(Math.max(0, size - 1));
  for (let n = 1; n < size; n++) byName[buckets[rank[frame[n]]]++] = n;
  const start = new Int32Array(size + 1);
  for (let n = 1; n < size; n++) start[parent[n] + 1]++;
  for (let i = 0; i < size; i++) start[i + 1] += start[i];
  const fill = start.slice(0, size), kids = new Int32Array(Math.max(0, size - 1));
  for (let i = 0; i < byName.length; i++) { const n = byName[i]; kids[fill[parent[n]]++] = n; }
  const x = new Float64Array(size), depth = new Int32Array(size);
  let maxDepth = 0;
  for (let p = 0; p < size; p++) {
    let off = x[p];
    const d = depth[p] + 1;
    for (let i = start[p], e = start[p + 1]; i < e; i++) {
      const c = kids[i];
      x[c] = off; off += tot[c]; depth[c] = d;
      if (d > maxDepth) maxDepth = d;
    }
  }
  this.total = total; this.tot = tot; this.ntot = ntot; this.baseTotal = baseTotal; this.btot = btot;
  this.start = start; this.kids = kids; this.x = x; this.depth = depth;
  this.maxDepth = maxDepth;
  this.slots = null; // no more children are added; let the table go
  return this;
};
Tree.prototype.dominant = function (n) {
  let best = 0, bv = -1;
  for (let s = 0; s < NS; s++) {
    const v = this.total[n * NS + s] + (DIFF ? this.baseTotal[n * NS + s] : 0);
    if (v > bv) { bv = v; best = s; }
  }
  return best;
};

// The view before reversing: group by process/thread/none and keep only the enabled states; self holds
// the counts per node and state (the whole profile's, or a time range's).
function buildForward(group, mask, hidden, nest, self) {
  const kept = new Float64Array(N);
  let newSum = 0, baseSum = 0;
  for (let n = 0; n < N; n++) {
    let t = 0, u = 0;
    for (let s = 0; s < NS; s++) if (mask >> s & 1) { t += self[n * NS + s]; if (DIFF) u += bBase[n * NS + s]; }
    kept[n] = t + u; newSum += t; baseSum += u;
  }
  if (DIFF) setSides(newSum, baseSum);
  for (let n = N - 1; n > 0; n--) kept[bParent[n]] += kept[n];
  const dropThread = group !== 'thread', dropProcess = group === 'none';
  const T = new Tree(N), map = new Int32Array(N);
  T.frame[0] = ROOT_FRAME;
  // Nested, a process's root hangs under the root of the process that started it (if that one is here).
  const procNode = new Map();
  function nodeOfProcess(f, depth) {
    let m = procNode.get(f);
    if (m !== undefined) return m;
    const parent = PARENT_FRAME.get(f);
    // A pid reused along the chain could make a cycle: past any real depth, a process is a root.
    m = T.child(parent !== undefined && depth < 64 ? nodeOfProcess(parent, depth + 1) : 0, f);
    procNode.set(f, m);
    return m;
  }
  for (let n = 1; n < N; n++) {
    if (kept[n] === 0) { map[n] = -1; continue; }
    const p = map[bParent[n]], f = bFrame[n], k = kinds[f];
    const m = (dropThread && k === KIND.THREAD) || (dropProcess && k === KIND.PROCESS) || hidden.has(f) ? p
      : k === KIND.PROCESS && nest && p === 0 ? nodeOfProcess(f, 0) : T.child(p, f);
    map[n] = m;
    for (let s = 0; s < NS; s++) if (mask >> s & 1) T.self[m * NS + s] += self[n * NS + s];
    if (DIFF) for (let s = 0; s < NS; s++) if (mask >> s & 1) T.base[m * NS + s] += bBase[n * NS + s];
  }
  return T.finish();
}

// Merged from the leaf: each stack is inserted leaf first, its samples at the outermost caller.
function buildReverse(F) {
  const R = new Tree(F.size);
  R.frame[0] = ROOT_FRAME;
  // Samples with no frames (a thread caught before its first Java frame) stay the root's own.
  for (let s = 0; s < NS; s++) { R.self[s] = F.self[s]; if (DIFF) R.base[s] = F.base[s]; }
  for (let m = 1; m < F.size; m++) {
    const b = m * NS;
    let any = 0;
    for (let s = 0; s < NS; s++) any += F.self[b + s] + (DIFF ? F.base[b + s] : 0);
    if (any === 0) continue;
    let r = 0;
    for (let a = m; a !== 0; a = F.parent[a]) r = R.child(r, F.frame[a]);
    for (let s = 0; s < NS; s++) R.self[r * NS + s] += F.self[b + s];
    if (DIFF) for (let s = 0; s < NS; s++) R.base[r * NS + s] += F.base[b + s];
  }
  return R.finish();
}

// Callers and callees of frame f over all its outermost occurrences (recursion is not counted twice).
function buildSandwich(F, f) {
  const inside = new Uint8Array(F.size), map = new Int32Array(F.size);
  const C = new Tree(1024), K = new Tree(1024);
  C.frame[0] = f; K.frame[0] = f;
  for (let m = 1; m < F.size; m++) {
    const p = F.parent[m];
    let c;
    if (inside[p]) {
      c = C.child(map[p], F.frame[m]);
    } else if (F.frame[m] === f) {
      c = 0;
      let r = 0;
      for (let a = p; a !== 0; a = F.parent[a]) r = K.child(r, F.frame[a]);
      for (let s = 0; s < NS; s++) K.self[r * NS + s] += F.total[m * NS + s];
      if (DIFF) for (let s = 0; s < NS; s++) K.base[r * NS + s] += F.baseTotal[m * NS + s];
    } else {
      continue;
    }
    inside[m] = 1; map[m] = c;
    for (let s = 0; s < NS; s++) C.self[c * NS + s] += F.self[m * NS + s];
    if (DIFF) for (let s = 0; s < NS; s++) C.base[c * NS + s] += F.base[m * NS + s];
  }
  return { callers: K.finish(), callees: C.finish() };
}

// ---- view state -------------------------------------------------------------------------------
const ui = {
  orient: 'flame', reverse: false, group: multiProcess ? 'process' : 'none', mask: ALL_STATES,
  query: '', zoom: 0, sandwich: -1, hidden: new Set(), table: false, sort: 'total', nest: true, range: null,
  waits: false, blame: null
};
let fwd = null, view = null, sand = null, fwdKey = '', viewKey = '';
let matchFrame = null, matches = [], matchPct = null, matchBasePct = null, matchAt = -1, badQuery = false;

function rebuild() {
  const key = ui.group + '/' + ui.mask + '/' + Array.from(ui.hidden).join(',') + '/' + ui.nest + '/' + rangeKeyOf(ui.range) + '/' + blameKeyOf(ui.blame),
    vkey = key + '/' + ui.reverse;
  // A blame (waits.js) stands in for the forward view: reverse, sandwich, search and the table work on it alike.
  if (key !== fwdKey) {
    fwd = ui.blame ? buildBlame(ui.blame, ui.mask, ui.group, ui.hidden) : buildForward(ui.group, ui.mask, ui.hidden, ui.nest, selfCounts());
    fwdKey = key; viewKey = '';
  }
  if (vkey !== viewKey) { view = ui.reverse ? buildReverse(fwd) : fwd; viewKey = vkey; if (DIFF) diffScale = scaleOf(view); }
  sand = ui.sandwich >= 0 ? buildSandwich(fwd, ui.sandwich) : null;
  if (ui.zoom >= view.size || view.tot[ui.zoom] === 0) ui.zoom = 0;
  computeMatches();
}

function computeMatches() {
  matches = []; matchPct = null; matchBasePct = null; matchFrame = null; badQuery = false;
  if (!ui.query) return;
  let re;
  try { re = new RegExp(ui.query); } catch (e) { badQuery = true; return; }
  matchFrame = new Uint8Array(names.length);
  for (let f = 0; f < ROOT_FRAME; f++) matchFrame[f] = re.test(names[f]) ? 1 : 0;
  // A match inside another match is already counted in the outer one's total.
  const V = view, covered = new Uint8Array(V.size);
  let sum = 0, baseSum = 0;
  for (let n = 1; n < V.size; n++) {
    const p = V.parent[n];
    if (covered[p]) { covered[n] = 1; continue; }
    if (matchFrame[V.frame[n]]) { covered[n] = 1; sum += V.ntot[n]; if (DIFF) baseSum += V.btot[n]; matches.push(n); }
  }
  matches.sort(function (a, b) { return V.x[a] - V.x[b] || V.depth[a] - V.depth[b]; });
  matchPct = V.ntot[0] > 0 ? 100 * sum / V.ntot[0] : 0;
  if (DIFF) matchBasePct = V.btot[0] > 0 ? 100 * baseSum / V.btot[0] : 0;
}
