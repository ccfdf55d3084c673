// ---- read-only hook for tests and scripts -------------------------------------------------------
function describe(r) {
  const o = { x: r.x, y: r.y, w: r.w, h: RH, tree: ['main', 'callers', 'callees'][r.tree], label: r.label, samples: r.samples };
  if (r.merged) { o.merged = r.merged; o.name = null; return o; }
  const f = r.V.frame[r.node];
  o.name = f === ROOT_FRAME ? 'all' : names[f];
  o.kind = f === ROOT_FRAME ? 'ROOT' : D.kinds[kinds[f]];
  o.state = D.states[r.V.dominant(r.node)];
  o.dim = r.dim; o.match = !!r.match; o.node = r.node; o.selected = !!r.selected;
  if (DIFF) { const ch = changeAt(r.V, r.node); o.base = ch.base; o.change = ch.change; o.delta = ch.delta; o.color = changeColour(ch.change, ch.t); }
  return o;
}
function childrenOf(V, n) {
  const out = [];
  for (let i = V.start[n]; i < V.start[n + 1]; i++) {
    const c = V.kids[i], o = { name: names[V.frame[c]], samples: V.ntot[c] };
    if (DIFF) o.base = V.btot[c];
    out.push(o);
  }
  return out.sort(function (a, b) { return b.samples - a.samples; });
}
// A frame's two sides over its outermost occurrences in the view (recursion counted once), its change
// and the change's class, judged as the page colours frames.
function diffOf(name) {
  if (!DIFF) return null;
  const V = view, covered = new Uint8Array(V.size);
  let b = 0, n = 0, found = false;
  for (let m = 1; m < V.size; m++) {
    if (covered[V.parent[m]]) { covered[m] = 1; continue; }
    if (names[V.frame[m]] === name) { covered[m] = 1; found = true; b += V.btot[m]; n += V.ntot[m]; }
  }
  if (!found) return null;
  const d = delta(b, n);
  return { base: b, 'new': n, baseTotal: sides.b, newTotal: sides.n, delta: d, unit: DIFF.normalize ? 'points' : 'samples', change: changeOf(b, n, d) };
}
window.jflame = Object.freeze({
  rects: function () { return scene.map(describe); },
  find: function (name) { return scene.map(describe).filter(function (r) { return r.name === name; }); },
  matched: function () { return matchPct; },
  matches: function () { return matches.map(function (n) { return names[view.frame[n]]; }); },
  sandwichCallers: function () { return sand ? childrenOf(sand.callers, 0) : null; },
  sandwichCallees: function () { return sand ? childrenOf(sand.callees, 0) : null; },
  view: function () {
    return { orient: ui.orient, reverse: ui.reverse, group: ui.group, states: STATE_KEYS.split('').filter(function (k, s) { return ui.mask >> s & 1; }).join(''),
      zoom: ui.zoom > 0 ? names[view.frame[ui.zoom]] : null, query: ui.query, sandwich: ui.sandwich >= 0 ? names[ui.sandwich] : null,
      total: view.ntot[0], nodes: view.size, height: cssH, width: cssW, range: ui.range ? msOfRange(ui.range) : null,
      waits: ui.waits, blame: ui.blame ? blameText(ui.blame) : null,
      diff: DIFF ? { normalize: DIFF.normalize, baseTotal: view.btot[0], scale: diffScale, unchangedBelow: diffScale * UNCHANGED } : null };
  },
  // In a diff page: a frame's base and new samples, its change and its class (grew, shrank, new, gone,
  // same); null if the frame is not in the view or the page is no diff.
  diff: function (name) { return diffOf(name); },
  // Where a rectangle is on screen, after scrolling it into view, for tests that click.
  clientPoint: function (r) {
    chart.scrollTop = Math.max(0, r.y - chart.clientHeight / 2);
    const b = canvas.getBoundingClientRect();
    return { x: b.left + r.x + Math.min(r.w, 40) / 2, y: b.top + r.y + RH / 2 };
  },
  timing: function () { return timing; },
  // The view's samples per state (the forward view's root: under the state filter and the time range).
  stateTotals: function () {
    const out = {};
    D.states.forEach(function (name, s) { out[name] = fwd.total[s]; });
    return out;
  },
  // The timeline's cells and its lanes as drawn (opened processes followed by their threads), or null.
  timeline: function () { return TL ? timelineInfo() : null; },
  // Shows only the cells that [fromMs, toMs) overlaps, in ms from the start; null shows the whole profile.
  selectRange: function (fromMs, toMs) { setUi({ range: fromMs === null || fromMs === undefined ? null : rangeOfMs(fromMs, toMs) }); return rangeInfo(); },
  range: function () { return rangeInfo(); },
  // Opens (or with open false, closes) the lane of a process to its threads; returns the threads' lanes.
  expandLane: function (pid, open) {
    const lane = LANES.filter(function (l) { return (D.processes[l.proc] ? D.processes[l.proc].pid : 0) === pid; })[0];
    if (!lane) return null;
    if (lane.open !== (open !== false)) toggleLane(lane);
    return lane.open ? threadLanes(lane).length : 0;
  },
  // Where a time (ms from the start) is on screen in the timeline's lane i, for tests that drag.
  timelinePoint: function (ms, i) {
    if (!tl) return null;
    const b = tlCanvas.getBoundingClientRect();
    return { x: b.left + xOfMs(ms), y: b.top + (i + 0.5) * tl.laneH };
  },
  // The chart's scroll window, to check the root stays in view after a re-layout.
  scroll: function () { return { top: chart.scrollTop, height: chart.clientHeight }; },
  hidden: function () { return Array.from(ui.hidden).map(function (f) { return names[f]; }); },
  lastCopied: function () { return lastCopied; },
  keysOpen: function () { return !document.getElementById('keys').hidden; },
  // Who waits for whom, for the range and the state filter: the edges (heaviest first, grouped by process) and
  // the locks as the Waits view shows them; null where no sample waited on a named lock.
  waits: function () { return WAITS ? waitsInfo() : null; },
  // Opens the blame of an edge or a lock by its key in waits() (null closes it); returns blame().
  openBlame: function (key) { setUi({ blame: key ? blameOfKey(key) : null, zoom: 0, sandwich: -1 }); return ui.blame ? blameInfo() : null; },
  // The blame view shown: its selection, its samples, and each frame's samples (outermost occurrences); or null.
  blame: function () { return ui.blame ? blameInfo() : null; },
  // The table's rows as drawn (first 500), in their order: name, self and total samples.
  table: function () {
    return ui.table && tableRows ? tableRows.slice(0, TABLE_ROWS).map(function (r) {
      const o = { name: names[r.f], self: r.self, total: r.total };
      if (DIFF) { o.baseSelf = r.bself; o.baseTotal = r.btotal; o.change = r.change; }
      return o;
    }) : null;
  }
});
