// ---- data -------------------------------------------------------------------------------------
const D = JSON.parse(document.getElementById('jflame-data').textContent);
// The states, their labels, address keys and colour groups all come from the data (the state type).
const NS = D.states.length;
const ALL_STATES = (1 << NS) - 1;
const STATE_LABELS = D.stateInfo.map(function (s) { return s.label; });
const STATE_KEYS = D.stateInfo.map(function (s) { return s.key; }).join('');
const STATE_COLOUR = D.stateInfo.map(function (s) { return s.colour; });
const KIND = {};
D.kinds.forEach(function (k, i) { KIND[k] = i; });
const names = D.names.slice();
const ROOT_FRAME = names.length; // a frame for the root, so every node has one
names.push('all');
// How synthetic frames are named (FrameNames): thread, lock, holder.
const FN = D.frameNames;
// The blame view's own frames (waits.js), after the root's: [via B] for each thread a wait is held by (B
// held up a chain of waits), and a holder with no sample of its own in a cell. Named here, before the
// sort ranks are taken, so its trees sort and draw like any other.
const VIA_FRAME = new Map();
for (let i = 0; i < D.frameKinds.length; i++) {
  const nm = D.names[i];
  if (D.frameKinds.charCodeAt(i) - 48 === KIND.OWNER && nm.indexOf(FN.heldBy) === 0 && !VIA_FRAME.has(nm)) {
    VIA_FRAME.set(nm, names.length);
    names.push('[via ' + nm.substring(FN.heldBy.length));
  }
}
const UNSAMPLED_FRAME = names.length;
names.push('[holder not sampled]');
const kinds = new Uint8Array(names.length);
for (let i = 0; i < D.frameKinds.length; i++) kinds[i] = D.frameKinds.charCodeAt(i) - 48;
kinds[ROOT_FRAME] = 255;
for (let f = ROOT_FRAME + 1; f < names.length; f++) kinds[f] = KIND.OWNER;

const VLQ = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach(function (c, i) { VLQ[c.charCodeAt(0)] = i; });
// Decodes non-negative VLQ numbers into out; multiplication, not shifts, keeps counts above 2^31 exact.
function vlq(s, out) {
  let n = 0, v = 0, mul = 1;
  for (let i = 0, len = s.length; i < len; i++) {
    const d = VLQ[s.charCodeAt(i)];
    if (d & 32) { v += (d & 31) * mul; mul *= 32; } else { out[n++] = v + d * mul; v = 0; mul = 1; }
  }
  return n;
}

// A diff page (jflame diff) carries the base side's counts on the same nodes: the tree is the union of
// both profiles, bSelf the new side, bBase the base. Every tree below then keeps both sides, and the
// page draws, colours and describes frames by how they changed.
const DIFF = D.diff || null;
const N = D.n;
const bFrame = new Int32Array(N), bParent = new Int32Array(N), bSelf = new Float64Array(N * NS);
const bBase = DIFF ? new Float64Array(N * NS) : null;
// Per-state (gap, count) pairs into a node-major array of counts.
function decodeCounts(cols, into) {
  for (let s = 0; s < NS; s++) {
    const pairs = new Float64Array(cols[s].length);
    const count = vlq(cols[s], pairs);
    let node = -1;
    for (let i = 0; i < count; i += 2) { node += pairs[i] + 1; into[node * NS + s] = pairs[i + 1]; }
  }
}
(function decodeTree() {
  bFrame[0] = ROOT_FRAME; bParent[0] = -1;
  vlq(D.frame, bFrame.subarray(1));
  const steps = new Int32Array(N);
  vlq(D.depth, steps);
  const atDepth = new Int32Array(N + 1);
  let depth = 0;
  for (let n = 1; n < N; n++) {
    depth = depth + 1 - steps[n - 1];
    bParent[n] = atDepth[depth - 1];
    atDepth[depth] = n;
  }
  decodeCounts(D.self, bSelf);
  if (DIFF) decodeCounts(DIFF.base, bBase);
})();
// Process roots in the tree, not the process list, decide: that is what grouping acts on.
const multiProcess = kinds.indexOf(KIND.PROCESS) >= 0;
// Each process's root frame (the data names it), the process a root frame stands for, and the root
// frame of the process that started it, where that process is in the profile too.
const PROC_OF_FRAME = new Map(), PARENT_FRAME = new Map();
(function () {
  const frameOfName = new Map();
  for (let f = 0; f < ROOT_FRAME; f++) if (kinds[f] === KIND.PROCESS) frameOfName.set(names[f], f);
  const frameOfPid = new Map();
  D.processes.forEach(function (p, i) {
    const f = frameOfName.get(p.root);
    if (f !== undefined) { PROC_OF_FRAME.set(f, i); frameOfPid.set(p.pid, f); }
  });
  D.processes.forEach(function (p) {
    const f = frameOfName.get(p.root), parent = frameOfPid.get(p.parentPid);
    if (f !== undefined && parent !== undefined && parent !== f) PARENT_FRAME.set(f, parent);
  });
})();
// The process (index in D.processes) each node's samples belong to: its process root's, or the only
// process's in a profile of one; -1 above the process roots.
const NODE_PROC = (function () {
  const owner = new Int32Array(N).fill(-1);
  for (let n = 1; n < N; n++) {
    const f = bFrame[n];
    owner[n] = D.processes.length === 1 ? 0 : kinds[f] === KIND.PROCESS && PROC_OF_FRAME.has(f) ? PROC_OF_FRAME.get(f) : owner[bParent[n]];
  }
  if (D.processes.length === 1) owner[0] = 0;
  return owner;
})();
// Each node's thread node (the [thread NAME] frame above it, or itself), -1 above the threads; made once asked.
let NODE_THREAD = null;
function nodeThreads() {
  if (!NODE_THREAD) {
    NODE_THREAD = new Int32Array(N).fill(-1);
    for (let n = 1; n < N; n++) NODE_THREAD[n] = kinds[bFrame[n]] === KIND.THREAD ? n : NODE_THREAD[bParent[n]];
  }
  return NODE_THREAD;
}
// How a process root reads on a frame: its main class's simple name and its arguments, then its pid;
// short, without the arguments (workers of one class told apart by pid where a frame is narrow).
function processLabel(f, short) {
  const p = D.processes[PROC_OF_FRAME.get(f)];
  return p ? processText(p, short) : names[f];
}
function processText(p, short) {
  // A jar keeps its file name; a class loses its package.
  const simple = /\.jar$/.test(p.main) ? p.main : p.main.substring(p.main.lastIndexOf('.') + 1);
  const args = p.args && p.args.length > 48 ? p.args.substring(0, 47) + '\u2026' : p.args || '';
  return simple + (args && !short ? ' ' + args : '') + (p.pid ? ' \u00B7 pid ' + p.pid : '');
}

// Sort rank of every frame name, so children can be ordered alphabetically by counting sort.
const rank = (function () {
  const idx = new Int32Array(names.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  const sorted = Array.prototype.slice.call(idx).sort(function (a, b) { return names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0; });
  const r = new Int32Array(names.length);
  sorted.forEach(function (f, i) { r[f] = i; });
  return r;
})();
