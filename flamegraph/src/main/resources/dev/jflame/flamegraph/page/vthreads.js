// ---- virtual threads: each group's live count over time ---------------------------------------------
// Per process, its virtual-thread groups by the name of their thread frame: the census points (absolute
// ms, live virtual threads), and each group's peak and latest count. A point may stand for several
// censuses (per): then it is the most of them, at the first one's time.
const VGROUPS = D.processes.map(function (p) {
  const m = new Map();
  (p.vthreads || []).forEach(function (g) {
    let peak = 0;
    g.n.forEach(function (v) { if (v > peak) peak = v; });
    m.set(g.thread, { thread: g.thread, per: g.per, at: g.at, n: g.n, peak: peak, latest: g.n.length ? g.n[g.n.length - 1] : 0 });
  });
  return m;
});
// The group of thread frame name in process proc (an index in D.processes), or null.
function vgroupOf(proc, threadName) {
  return proc >= 0 && proc < VGROUPS.length ? VGROUPS[proc].get(threadName) || null : null;
}
// The point in force at absolute time ms (the last at or before it: the count holds until the next
// census), or -1 before the first.
function vpointAt(g, ms) {
  let lo = 0, hi = g.at.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (g.at[mid] <= ms) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}
// "last 1 998 · peak 2 013": what a group's lane label and its tooltip say.
function vgroupSummary(g) { return 'last ' + fmtInt(g.latest) + ' \u00B7 peak ' + fmtInt(g.peak); }
// Lines on a group's count at absolute time ms, for tooltips.
function vcountLines(g, ms) {
  const i = vpointAt(g, ms), out = [];
  if (i < 0) out.push('no census yet at this time (the first at ' + fmtRangeMs(g.at[0] - ORIGIN) + ' s)');
  else {
    const when = fmtRangeMs(g.at[i] - ORIGIN) + ' s';
    out.push(fmtInt(g.n[i]) + ' live virtual threads ' + (g.per > 1 ? '(the most of up to ' + g.per + ' censuses from ' + when + ')' : '(census at ' + when + ')'));
  }
  out.push(g.at.length + ' points \u00B7 ' + vgroupSummary(g));
  return out;
}
// The groups a thread frame of the view V at node n stands for: in the process of the process frame above
// it, or in every process that has such a group where there is none (one process, or grouped views).
function vgroupsOfView(V, n) {
  const name = names[V.frame[n]], out = [];
  for (let a = V.parent[n]; a > 0; a = V.parent[a]) {
    const f = V.frame[a];
    if (kinds[f] === KIND.PROCESS && PROC_OF_FRAME.has(f)) {
      const g = vgroupOf(PROC_OF_FRAME.get(f), name);
      return g ? [{ proc: PROC_OF_FRAME.get(f), g: g }] : [];
    }
  }
  VGROUPS.forEach(function (m, proc) { const g = m.get(name); if (g) out.push({ proc: proc, g: g }); });
  return out;
}
