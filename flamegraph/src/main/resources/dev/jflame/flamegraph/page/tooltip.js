// ---- tooltip ----------------------------------------------------------------------------------
const tip = document.getElementById('tip');
let hovered = null;
function hitTest(px, py) {
  for (let i = scene.length - 1; i >= 0; i--) {
    const r = scene[i];
    if (py >= r.y && py < r.y + RH && px >= r.x && px < r.x + Math.max(r.w, 1)) return r;
  }
  return null;
}
function showTip(r, cx, cy) {
  tip.textContent = '';
  const allTotal = r.tree === 0 ? view.ntot[0] : fwd.ntot[0];
  const ofAll = ui.mask === ALL_STATES ? ' of all' : ' of shown'; // a state filter changes what 100 % is
  if (r.merged) {
    tip.appendChild(el('div', r.merged + ' frames merged (each under a pixel wide)', 'name'));
    const amount = DIFF ? 'base ' + fmtInt(r.base) + ' (' + pct(r.base, sides.b) + ') \u2192 new ' + fmtInt(r.samples) + ' (' + pct(r.samples, sides.n) + ')' + ofAll :
      fmtInt(r.samples) + ' samples \u00B7 ' + pct(r.samples, allTotal) + ofAll;
    tip.appendChild(el('div', amount + ' \u00B7 click to zoom into their parent', 'sub'));
  } else if (DIFF) {
    diffTip(r, ofAll);
  } else {
    const V = r.V, n = r.node, f = V.frame[n];
    tip.appendChild(el('div', f === ROOT_FRAME ? 'all samples' : names[f], 'name'));
    const kindName = f === ROOT_FRAME ? 'root' : D.kinds[kinds[f]].toLowerCase();
    const where = r.tree === 1 ? ' \u00B7 caller' : r.tree === 2 ? ' \u00B7 callee' : '';
    tip.appendChild(el('div', kindName + where + (r.dim ? ' \u00B7 ancestor of the zoomed frame' : ''), 'sub'));
    if (kinds[f] === KIND.PROCESS && PROC_OF_FRAME.has(f)) tip.appendChild(el('div', processLine(D.processes[PROC_OF_FRAME.get(f)]), 'sub'));
    if (kinds[f] === KIND.THREAD) {
      const groups = vgroupsOfView(V, n);
      groups.forEach(function (v) {
        const whose = groups.length > 1 || D.processes.length > 1 ? ' in ' + processText(D.processes[v.proc], true) : '';
        tip.appendChild(el('div', 'virtual-thread group' + whose + ': live virtual threads ' + vgroupSummary(v.g) + ' (' + v.g.at.length + ' points)', 'sub'));
      });
    }
    let self = 0;
    for (let s = 0; s < NS; s++) self += V.self[n * NS + s];
    const tb = el('table');
    function row(a, b, c) { const tr = el('tr'); tr.appendChild(el('td', a)); tr.appendChild(el('td', b, 'n')); tr.appendChild(el('td', c, 'n')); tb.appendChild(tr); return tr; }
    row('Total', fmtInt(V.tot[n]) + timeOf(V.tot[n]), pct(V.tot[n], allTotal) + ofAll);
    row('Self', fmtInt(self) + timeOf(self), pct(self, allTotal) + ofAll);
    const cols = stateSwatches();
    for (let s = 0; s < NS; s++) {
      const v = V.total[n * NS + s];
      if (!v) continue;
      const tr = row(STATE_LABELS[s], fmtInt(v) + timeOf(v), pct(v, V.tot[n]));
      const td = el('td'), bar = el('span', null, 'bar');
      bar.style.width = Math.max(2, Math.round(60 * v / V.tot[n])) + 'px'; bar.style.background = cols[s];
      td.appendChild(bar); tr.appendChild(td);
    }
    // A wait's holders, from the [lock] and [held by] frames under it: who it waited for.
    const held = WAITS ? holdersOf(V, n) : [];
    if (held.length) {
      const tr = row('Waiting for', '', '');
      tr.className = 'head';
      held.slice(0, 5).forEach(function (h) { row('\u2003' + h[0], fmtInt(h[1]) + timeOf(h[1]), pct(h[1], V.tot[n])); });
      if (held.length > 5) row('\u2003' + (held.length - 5) + ' more', '', '');
    }
    tip.appendChild(tb);
  }
  placeTip(cx, cy);
}
function placeTip(cx, cy) {
  tip.style.display = 'block';
  const tw = tip.offsetWidth, th = tip.offsetHeight;
  tip.style.left = Math.min(cx + 14, window.innerWidth - tw - 8) + 'px';
  tip.style.top = (cy + 16 + th > window.innerHeight ? Math.max(4, cy - th - 10) : cy + 16) + 'px';
}
// A diff frame's tooltip: each side's samples and share, and the change, for the total, the self part
// and each state either side has.
function diffTip(r, ofAll) {
  const V = r.V, n = r.node, f = V.frame[n], ch = changeAt(V, n);
  tip.appendChild(el('div', f === ROOT_FRAME ? 'all samples' : names[f], 'name'));
  const kindName = f === ROOT_FRAME ? 'root' : D.kinds[kinds[f]].toLowerCase();
  const where = r.tree === 1 ? ' \u00B7 caller' : r.tree === 2 ? ' \u00B7 callee' : '';
  const sub = el('div', null, 'sub');
  const sw = swatch(changeColour(ch.change, ch.t));
  if (ch.change === 'gone') sw.style.background = HATCH_CSS + ', ' + changeColour('gone', ch.t);
  sub.appendChild(sw);
  sub.appendChild(document.createTextNode(' ' + CHANGE[ch.change].label + ' \u00B7 ' + kindName + where + (r.dim ? ' \u00B7 ancestor of the zoomed frame' : '')));
  tip.appendChild(sub);
  const tb = el('table');
  function row(label, b, m, cls) {
    const tr = el('tr');
    tr.appendChild(el('td', label));
    if (cls) { [b, m, cls].forEach(function (t) { tr.appendChild(el('td', t, 'n')); }); tb.appendChild(tr); return; }
    tr.appendChild(el('td', fmtInt(b) + ' \u00B7 ' + pct(b, sides.b), 'n'));
    tr.appendChild(el('td', fmtInt(m) + ' \u00B7 ' + pct(m, sides.n), 'n'));
    tr.appendChild(el('td', fmtChange(delta(b, m), b), 'n'));
    tb.appendChild(tr);
  }
  row(ofAll === ' of all' ? '' : 'of shown:', 'Base', 'New', 'Change');
  row('Total', V.btot[n], V.ntot[n]);
  let sb = 0, sn = 0, states = 0;
  for (let s = 0; s < NS; s++) {
    sb += V.base[n * NS + s]; sn += V.self[n * NS + s];
    if (V.baseTotal[n * NS + s] || V.total[n * NS + s]) states++;
  }
  row('Self', sb, sn);
  if (states > 1) {
    for (let s = 0; s < NS; s++) {
      const b = V.baseTotal[n * NS + s], m = V.total[n * NS + s];
      if (b || m) row(STATE_LABELS[s], b, m);
    }
  }
  tip.appendChild(tb);
}
function canvasPoint(e) { const b = canvas.getBoundingClientRect(); return [e.clientX - b.left, e.clientY - b.top]; }
canvas.addEventListener('mousemove', function (e) {
  const p = canvasPoint(e), r = hitTest(p[0], p[1]);
  hovered = r;
  if (r) showTip(r, e.clientX, e.clientY); else tip.style.display = 'none';
});
function hideTip() { hovered = null; tip.style.display = 'none'; }
canvas.addEventListener('mouseleave', hideTip);
canvas.addEventListener('click', function (e) {
  const p = canvasPoint(e), r = hitTest(p[0], p[1]);
  if (!r) return;
  tip.style.display = 'none';
  if (r.tree !== 0) {
    if (!r.merged && r.V.frame[r.node] !== ui.sandwich) setUi({ sandwich: r.V.frame[r.node] });
    return;
  }
  if (e.shiftKey && !r.merged && r.node > 0) { setUi({ sandwich: view.frame[r.node] }); return; }
  matchAt = -1;
  setUi({ zoom: r.node });
});
