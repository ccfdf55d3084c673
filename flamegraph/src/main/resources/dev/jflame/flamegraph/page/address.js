// ---- address: the view in the URL hash ------------------------------------------------------------
let lastHash = '';
function writeHash() {
  const parts = [];
  if (ui.orient !== 'flame') parts.push('o=' + ui.orient);
  if (ui.reverse) parts.push('r=1');
  if (ui.group !== (multiProcess ? 'process' : 'none')) parts.push('g=' + ui.group);
  if (ui.mask !== ALL_STATES) parts.push('s=' + STATE_KEYS.split('').filter(function (k, s) { return ui.mask >> s & 1; }).join(''));
  if (ui.zoom > 0) parts.push('z=' + ui.zoom);
  if (ui.sandwich >= 0) parts.push('sw=' + ui.sandwich);
  if (ui.query) parts.push('q=' + encodeURIComponent(ui.query));
  if (ui.hidden.size) parts.push('h=' + Array.from(ui.hidden).join('.'));
  if (ui.table) parts.push('t=' + ui.sort);
  if (!ui.nest) parts.push('n=flat');
  if (ui.range) { const m = msOfRange(ui.range); parts.push('tr=' + m.from + '-' + m.to); }
  if (ui.waits) parts.push('w=1');
  if (ui.blame) parts.push('b=' + blameKeyOf(ui.blame));
  const h = parts.length ? '#' + parts.join('&') : '';
  if (h === lastHash) return;
  lastHash = h;
  history.replaceState(null, '', h || location.pathname + location.search);
}
function readHash() {
  const next = { orient: 'flame', reverse: false, group: multiProcess ? 'process' : 'none', mask: ALL_STATES, query: '', zoom: 0, sandwich: -1,
    hidden: new Set(), table: false, sort: 'total', nest: true, range: null, waits: false, blame: null };
  location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
    const i = kv.indexOf('='), k = i < 0 ? kv : kv.substring(0, i), v = i < 0 ? '' : kv.substring(i + 1);
    let dec = v;
    try { dec = decodeURIComponent(v); } catch (e) { /* keep the raw text */ }
    if (k === 'o' && (v === 'icicle' || v === 'flame')) next.orient = v;
    else if (k === 'r') next.reverse = v === '1';
    else if (k === 'g' && /^(none|thread|process)$/.test(v)) next.group = v;
    else if (k === 's') { let m = 0; for (const c of v) { const s = STATE_KEYS.indexOf(c); if (s >= 0) m |= 1 << s; } next.mask = m || ALL_STATES; }
    else if (k === 'z') next.zoom = Math.max(0, parseInt(v, 10) || 0);
    else if (k === 'sw') { const f = parseInt(v, 10); next.sandwich = f >= 0 && f < ROOT_FRAME ? f : -1; }
    else if (k === 'q') next.query = dec;
    else if (k === 'n') next.nest = v !== 'flat';
    else if (k === 'tr' && /^\d+-\d+$/.test(v)) next.range = rangeOfMs(+v.split('-')[0], +v.split('-')[1]);
    else if (k === 't') { next.table = true; if (/^(self|total|name|change)$/.test(v)) next.sort = v; }
    else if (k === 'w') next.waits = v === '1' && WAITS !== null;
    else if (k === 'b') next.blame = blameOfKey(v);
    else if (k === 'h') v.split('.').forEach(function (x) { const f = parseInt(x, 10); if (f >= 0 && f < ROOT_FRAME) next.hidden.add(f); });
  });
  return next;
}
window.addEventListener('hashchange', function () {
  if (location.hash === lastHash) return;
  Object.assign(ui, readHash());
  rebuild(); redraw();
});
