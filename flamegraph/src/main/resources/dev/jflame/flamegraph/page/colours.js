// ---- colours ----------------------------------------------------------------------------------
const PALETTE = {
  app:     [22, 16, 86, 62],  // hue, hue spread, saturation, lightness: running application code
  jdk:     [46, 12, 78, 60],
  native:  [2, 10, 68, 66],
  synth:   [30, 10, 10, 76],
  blocked: [282, 12, 52, 66],
  pinned:  [318, 10, 58, 58],  // a virtual thread pinned to its carrier, and that carrier: a warmer blocked
  waiting: [210, 12, 62, 70],
  timed:   [172, 10, 46, 62],
  idle:    [200, 6, 24, 80]   // idle in native: a pale sky grey, it is not CPU
};
function category(kind, state) {
  if (STATE_COLOUR[state] !== 'running') return STATE_COLOUR[state];
  if (kind === KIND.JDK) return 'jdk';
  if (kind === KIND.NATIVE) return 'native';
  if (kind === KIND.JAVA) return 'app';
  return 'synth';
}
function hsl(c, jitter) {
  const p = PALETTE[c];
  return 'hsl(' + (p[0] + p[1] * (jitter - 0.5)).toFixed(1) + ',' + p[2] + '%,' + (p[3] + 8 * (jitter - 0.5)).toFixed(1) + '%)';
}
const colorCache = new Map();
// Neighbours differ by a stable per-name jitter, as in classic flame graphs.
function colorOf(f, state) {
  const kind = kinds[f], c = category(kind, state), key = f * NS + state;
  let col = colorCache.get(key);
  if (col === undefined) {
    let h = 2166136261;
    const s = names[f];
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    col = hsl(c, ((h >>> 0) % 1000) / 1000);
    colorCache.set(key, col);
  }
  return col;
}

// ---- diff: sides, change, its colour --------------------------------------------------------------
// The two sides' samples under the state filter, and how much of the width one sample of each is:
// normalised, each side's total is worth the same width (base share + new share); raw, a sample is a
// sample. Widths add up, so frames nest.
let sides = { n: 0, b: 0 }, diffWeight = { n: 1, b: 1 }, diffScale = 1;
// A change under this share of the view's largest is drawn as none.
const UNCHANGED = 0.05;
function setSides(newSum, baseSum) {
  sides = { n: newSum, b: baseSum };
  diffWeight = DIFF.normalize ? { n: newSum > 0 ? 1 / newSum : 0, b: baseSum > 0 ? 1 / baseSum : 0 } : { n: 1, b: 1 };
}
// The change from base to new: in percentage points of each side's total (normalised), else in samples.
function delta(b, n) {
  if (!DIFF.normalize) return n - b;
  return 100 * ((sides.n > 0 ? n / sides.n : 0) - (sides.b > 0 ? b / sides.b : 0));
}
// The largest change of any frame in the view gets the deepest colour; at least one point (or 1 % of
// the larger side's samples), so two alike runs stay pale rather than have their noise painted deep.
function scaleOf(V) {
  let m = DIFF.normalize ? 1 : Math.max(1, 0.01 * Math.max(sides.n, sides.b));
  for (let n = 1; n < V.size; n++) { const d = Math.abs(delta(V.btot[n], V.ntot[n])); if (d > m) m = d; }
  return m;
}
function changeOf(b, n, d) {
  if (n > 0 && b === 0) return 'new';
  if (b > 0 && n === 0) return 'gone';
  if (Math.abs(d) < diffScale * UNCHANGED) return 'same';
  return d > 0 ? 'grew' : 'shrank';
}
function changeAt(V, node) {
  const b = V.btot[node], n = V.ntot[node], d = delta(b, n);
  return { change: changeOf(b, n, d), t: Math.min(1, Math.abs(d) / diffScale), delta: d, base: b, now: n };
}
// Hue and saturation per change; lightness goes from pale (no change) to deep (the largest change).
// Frames only one side has are at least a third deep, so they read as new or gone however small.
const CHANGE = {
  grew:   { hue: 4,   sat: 78, label: 'grew' },
  shrank: { hue: 214, sat: 70, label: 'shrank' },
  'new':  { hue: 286, sat: 52, label: 'new (not in base)' },
  gone:   { hue: 220, sat: 8,  label: 'gone (only in base)' },
  same:   { hue: 40,  sat: 14, label: 'unchanged' }
};
const changeCache = new Map();
function changeColour(change, t) {
  const c = CHANGE[change];
  const q = change === 'same' ? 0 : Math.round(20 * (change === 'new' || change === 'gone' ? Math.max(t, 0.35) : t)) / 20;
  const key = change + q;
  let col = changeCache.get(key);
  if (col === undefined) {
    col = 'hsl(' + c.hue + ',' + c.sat + '%,' + (change === 'gone' ? 88 - 16 * q : 89 - 27 * q).toFixed(1) + '%)';
    changeCache.set(key, col);
  }
  return col;
}
let hatch = null;
// Diagonal lines over a gone frame's grey: absent from the new side, it is never mistaken for unchanged.
function hatchPattern() {
  if (!hatch) {
    const c = document.createElement('canvas');
    c.width = 6; c.height = 6;
    const g = c.getContext('2d');
    g.strokeStyle = 'rgba(60,70,90,.45)'; g.lineWidth = 1;
    g.beginPath(); g.moveTo(-1, 7); g.lineTo(7, -1); g.moveTo(-1, 1); g.lineTo(1, -1); g.moveTo(5, 7); g.lineTo(7, 5); g.stroke();
    hatch = ctx.createPattern(c, 'repeat');
  }
  return hatch;
}
const HATCH_CSS = 'repeating-linear-gradient(135deg, rgba(60,70,90,.5) 0 1px, transparent 1px 4px)';
function fmtChange(d, b) {
  const sign = d > 0 ? '+' : d < 0 ? '\u2212' : '\u00B1', a = Math.abs(d);
  if (DIFF.normalize) return sign + a.toFixed(a > 0 && a < 0.1 ? 2 : 1) + ' pts';
  return sign + fmtInt(a) + (b > 0 ? ' (' + sign + (100 * a / b).toFixed(a < b / 100 ? 2 : 1) + ' %)' : '');
}
