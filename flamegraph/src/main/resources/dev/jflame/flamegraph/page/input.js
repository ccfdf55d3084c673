// ---- input ------------------------------------------------------------------------------------
function setUi(change) {
  const viewChanged = ('group' in change && change.group !== ui.group) || ('mask' in change && change.mask !== ui.mask) ||
    ('reverse' in change && change.reverse !== ui.reverse) || 'hidden' in change || ('nest' in change && change.nest !== ui.nest) ||
    ('range' in change && rangeKeyOf(change.range) !== rangeKeyOf(ui.range)) || ('blame' in change && blameKeyOf(change.blame) !== blameKeyOf(ui.blame));
  const zoomPath = viewChanged && !('zoom' in change) ? pathOf(view, ui.zoom) : null;
  // Any change of what is drawn can change the chart's height; the root must stay where the eye goes.
  if (viewChanged || 'orient' in change || 'sandwich' in change || 'zoom' in change || 'hidden' in change || 'table' in change || 'waits' in change) scrollToRoot = true;
  Object.assign(ui, change);
  if (viewChanged || 'sandwich' in change) {
    rebuild();
    if (zoomPath) ui.zoom = findPath(view, zoomPath);
  } else if ('query' in change) {
    computeMatches();
  }
  redraw();
}
function pathOf(V, n) { const p = []; for (; n > 0; n = V.parent[n]) p.push(V.frame[n]); return p.reverse(); }
// The same frames from the root in a rebuilt view, so a zoom survives a toggle where it still exists.
function findPath(V, path) {
  let n = 0;
  for (let i = 0; i < path.length; i++) {
    let next = -1;
    for (let j = V.start[n]; j < V.start[n + 1]; j++) if (V.frame[V.kids[j]] === path[i]) { next = V.kids[j]; break; }
    if (next < 0) return 0;
    n = next;
  }
  return n;
}
function step(dir) {
  if (!matches.length) return;
  matchAt = matchAt < 0 ? (dir > 0 ? 0 : matches.length - 1) : (matchAt + dir + matches.length) % matches.length;
  setUi({ zoom: matches[matchAt], sandwich: -1 });
}
document.querySelectorAll('#orient button').forEach(function (b) { b.addEventListener('click', function () { setUi({ orient: b.dataset.v }); }); });
document.querySelectorAll('#grouping button').forEach(function (b) { b.addEventListener('click', function () { setUi({ group: b.dataset.v }); }); });
// Nesting means something only where a process in the profile started another one in it.
document.getElementById('nest').hidden = PARENT_FRAME.size === 0;
document.getElementById('nest').addEventListener('click', function () { setUi({ nest: !ui.nest }); });
document.getElementById('reverse').addEventListener('click', function () { setUi({ reverse: !ui.reverse }); });
document.getElementById('sandwich').addEventListener('click', function () {
  if (ui.sandwich >= 0) { setUi({ sandwich: -1 }); return; }
  const n = ui.zoom > 0 ? ui.zoom : (matches.length ? matches[Math.max(0, matchAt)] : hottestFrameNode());
  if (n > 0) setUi({ sandwich: view.frame[n] });
});
// Without a selection, the sandwich opens on the frame with the most running self samples: the hottest
// method. Waits and idle native calls are not heat, whatever frame they sit in; nor is what a wait names
// under its state leaf (its lock and holder, or the process at the other end).
function hottestFrameNode() {
  let best = -1, bv = 0;
  for (let n = 1; n < view.size; n++) {
    const k = kinds[view.frame[n]];
    if (k === KIND.THREAD || k === KIND.PROCESS || k === KIND.STATE || k === KIND.AGENT || k === KIND.LOCK || k === KIND.OWNER || k === KIND.PEER) continue;
    let s = 0;
    for (let i = 0; i < NS; i++) if (STATE_COLOUR[i] === 'running') s += view.self[n * NS + i];
    if (s > bv) { bv = s; best = n; }
  }
  return best;
}
const q = document.getElementById('q');
q.addEventListener('input', function () { matchAt = -1; setUi({ query: q.value }); });
q.addEventListener('keydown', function (e) {
  if (e.key === 'Enter') { e.preventDefault(); step(e.shiftKey ? -1 : 1); }
  else if (e.key === 'Escape') { e.preventDefault(); if (q.value) { q.value = ''; setUi({ query: '' }); } else q.blur(); }
});
document.getElementById('next').addEventListener('click', function () { step(1); });
document.getElementById('prev').addEventListener('click', function () { step(-1); });
document.addEventListener('keydown', function (e) {
  if ((e.ctrlKey || e.metaKey) && (e.key === 'f' || e.key === 'F')) { e.preventDefault(); q.focus(); q.select(); return; }
  if (e.target === q || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === 'Escape' && !document.getElementById('keys').hidden) { toggleKeys(false); return; }
  if (e.key === 'Escape' || e.key === '0') {
    // Innermost first: the sandwich, then the zoom, then the blame, then the time range.
    if (ui.sandwich >= 0) setUi({ sandwich: -1 });
    else if (e.key === 'Escape' && ui.zoom === 0 && ui.blame) setUi({ blame: null });
    else if (e.key === 'Escape' && ui.zoom === 0 && ui.range) setUi({ range: null });
    else setUi({ zoom: 0 });
  } else if (e.key === '/') { e.preventDefault(); q.focus(); }
  else if (e.key === 'n') step(1);
  else if (e.key === 'N') step(-1);
  else if (e.key === 'r' || e.key === 'R') setUi({ reverse: !ui.reverse });
  else if (e.key === 'i' || e.key === 'I') setUi({ orient: ui.orient === 'flame' ? 'icicle' : 'flame' });
  else if ((e.key === 's' || e.key === 'S') && hoveredFrame() >= 0) setUi({ sandwich: hoveredFrame() });
  else if ((e.key === 'h' || e.key === 'H') && hoveredFrame() >= 0 && !sand) {
    const hidden = new Set(ui.hidden);
    hidden.add(hoveredFrame());
    hideTip();
    setUi({ hidden: hidden });
  } else if ((e.key === 'c' || e.key === 'C') && hoveredFrame() >= 0) copyName(names[hoveredFrame()]);
  else if (e.key === '?') toggleKeys();
  else if (e.key === 't' || e.key === 'T') setUi({ table: !ui.table });
  else if ((e.key === 'w' || e.key === 'W') && WAITS) setUi({ waits: !ui.waits });
});
// The frame under the pointer, or -1 (none, merged slivers, the root).
function hoveredFrame() {
  if (!hovered || hovered.merged) return -1;
  const f = hovered.V.frame[hovered.node];
  return f === ROOT_FRAME ? -1 : f;
}
// A frame's name onto the clipboard: the async API where the page may use it, else a selected text
// area (a page opened from a file is often not allowed the first).
let lastCopied = null;
function copyName(text) {
  function fallback() {
    const ta = el('textarea');
    ta.value = text; ta.style.position = 'fixed'; ta.style.opacity = '0';
    document.body.appendChild(ta); ta.select();
    try { document.execCommand('copy'); } catch (err) { /* nothing more to try */ }
    document.body.removeChild(ta);
  }
  try {
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).catch(fallback); else fallback();
  } catch (err) { fallback(); }
  lastCopied = text;
  flash('copied ' + text);
}
function flash(text) {
  const st = document.getElementById('status');
  st.textContent = text;
  clearTimeout(flash.timer);
  flash.timer = setTimeout(updateStatus, 2000);
}
// The keys, in a panel that ? opens and closes (Esc closes it too).
function toggleKeys(open) {
  const k = document.getElementById('keys');
  k.hidden = open === undefined ? !k.hidden : !open;
}
window.addEventListener('resize', redraw);
