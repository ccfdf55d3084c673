// ---- the table of functions -----------------------------------------------------------------------
// Each function's self and total samples in the forward view (so under the state filter and the hidden
// frames), its total over its outermost occurrences: a recursive method is not counted twice.
const TABLE_ROWS = 500;
let tableKey = '', tableRows = null;
function functionRows() {
  const V = fwd, F = names.length;
  const self = new Float64Array(F), total = new Float64Array(F), active = new Int32Array(F);
  const bself = DIFF ? new Float64Array(F) : null, btotal = DIFF ? new Float64Array(F) : null;
  const stack = [0], leaving = [false];
  while (stack.length) {
    const n = stack.pop(), out = leaving.pop(), f = V.frame[n];
    if (out) { active[f]--; continue; }
    for (let s = 0; s < NS; s++) self[f] += V.self[n * NS + s];
    if (active[f] === 0) total[f] += V.ntot[n];
    if (DIFF) {
      for (let s = 0; s < NS; s++) bself[f] += V.base[n * NS + s];
      if (active[f] === 0) btotal[f] += V.btot[n];
    }
    active[f]++;
    stack.push(n); leaving.push(true);
    for (let i = V.start[n + 1] - 1; i >= V.start[n]; i--) { stack.push(V.kids[i]); leaving.push(false); }
  }
  const rows = [];
  for (let f = 0; f < ROOT_FRAME; f++) {
    const k = kinds[f];
    // Threads and processes are groupings, not functions; the state leaves stay, they are where time waited.
    if ((total[f] > 0 || DIFF && btotal[f] > 0) && k !== KIND.THREAD && k !== KIND.PROCESS) {
      const row = { f: f, self: self[f], total: total[f] };
      // A diff's row: the base side too, and the change of the total (points, or samples raw) to sort by.
      if (DIFF) { row.bself = bself[f]; row.btotal = btotal[f]; row.change = delta(btotal[f], total[f]); }
      rows.push(row);
    }
  }
  return rows;
}
function renderTable() {
  const box = document.getElementById('table');
  box.hidden = !ui.table;
  if (!ui.table) return;
  const key = fwdKey + '/' + ui.sort + '/' + ui.query;
  if (key === tableKey) return;
  tableKey = key;
  let rows = functionRows();
  if (matchFrame) rows = rows.filter(function (r) { return matchFrame[r.f] === 1; });
  const by = ui.sort;
  rows.sort(function (a, b) {
    return by === 'name' ? (names[a.f] < names[b.f] ? -1 : names[a.f] > names[b.f] ? 1 : 0)
      : by === 'change' ? Math.abs(b.change) - Math.abs(a.change) || b.total - a.total : b[by] - a[by] || b.total - a.total;
  });
  tableRows = rows;
  const all = fwd.ntot[0], timed = SAMPLE_NANOS > 0 && !DIFF;
  const head = box.querySelector('thead tr');
  head.textContent = '';
  const columns = DIFF ? [['name', 'Function'], ['self', 'Self base \u2192 new'], ['total', 'Total base \u2192 new'], ['change', 'Change']]
    : [['name', 'Function'], ['self', 'Self'], ['self', 'Self %'], ['total', 'Total'], ['total', 'Total %']].concat(
      timed ? [['self', 'Self time'], ['total', 'Total time']] : []);
  columns.forEach(function (c) {
    const th = el('th', c[1]);
    th.dataset.sort = c[0];
    if (c[0] === by) th.setAttribute('aria-sort', by === 'name' ? 'ascending' : 'descending');
    head.appendChild(th);
  });
  const body = box.querySelector('tbody');
  body.textContent = '';
  rows.slice(0, TABLE_ROWS).forEach(function (r) {
    const tr = el('tr');
    tr.dataset.f = r.f;
    const name = el('td', names[r.f]);
    name.title = names[r.f];
    tr.appendChild(name);
    if (DIFF) {
      tr.appendChild(el('td', pct(r.bself, sides.b) + ' \u2192 ' + pct(r.self, sides.n)));
      tr.appendChild(el('td', pct(r.btotal, sides.b) + ' \u2192 ' + pct(r.total, sides.n)));
      const ch = el('td', ' ' + fmtChange(r.change, r.btotal));
      ch.insertBefore(swatch(changeColour(changeOf(r.btotal, r.total, r.change), 1)), ch.firstChild);
      tr.appendChild(ch);
      body.appendChild(tr);
      return;
    }
    tr.appendChild(el('td', fmtInt(r.self))); tr.appendChild(el('td', pct(r.self, all)));
    tr.appendChild(el('td', fmtInt(r.total))); tr.appendChild(el('td', pct(r.total, all)));
    if (timed) { tr.appendChild(el('td', fmtSeconds(r.self * SAMPLE_NANOS / 1e9))); tr.appendChild(el('td', fmtSeconds(r.total * SAMPLE_NANOS / 1e9))); }
    body.appendChild(tr);
  });
  box.querySelector('.more').textContent = rows.length > TABLE_ROWS ? 'the first ' + TABLE_ROWS + ' of ' + fmtInt(rows.length) +
    ' functions; search to narrow them' : fmtInt(rows.length) + ' functions' + (matchFrame ? ' matching the search' : '');
}
document.getElementById('tablebtn').addEventListener('click', function () { setUi({ table: !ui.table }); });
document.querySelector('#table thead').addEventListener('click', function (e) {
  const th = e.target.closest('th');
  if (th) setUi({ sort: th.dataset.sort });
});
document.querySelector('#table tbody').addEventListener('click', function (e) {
  const tr = e.target.closest('tr');
  if (tr) setUi({ sandwich: +tr.dataset.f });
});
