// ---- header, toolbar, legend --------------------------------------------------------------------
function buildHeader() {
  document.title = D.title;
  document.getElementById('title').textContent = D.title;
  const facts = document.getElementById('facts');
  function fact(label, value) {
    const d = el('div');
    d.appendChild(el('dt', label));
    const dd = el('dd');
    if (typeof value === 'string') dd.textContent = value; else dd.appendChild(value);
    d.appendChild(dd);
    facts.appendChild(d);
  }
  const ps = D.processes;
  if (DIFF) { buildDiffHeader(fact); return; }
  if (ps.length === 1) {
    fact('Process', pidAnd(ps[0]) + ps[0].main + (ps[0].partial ? ' (partial)' : ''));
  } else if (ps.length > 1) {
    const det = el('details'), sum = el('summary', ps.length + ' processes: ' + ps[0].main + (ps.length > 1 ? ', \u2026' : ''));
    det.appendChild(sum);
    const ul = el('ul');
    ps.forEach(function (p) { ul.appendChild(el('li', processLine(p))); });
    det.appendChild(ul);
    fact('Processes', det);
  }
  const jdks = distinct(ps.map(function (p) { return p.jdk + (p.vm ? ' (' + p.vm + ')' : ''); }));
  if (jdks.length) fact('JDK', jdks.join(', '));
  fact('Duration', fmtDuration(D.end - D.start));
  const ivs = distinct(ps.map(function (p) { return p.intervalNanos > 0 ? fmtNanos(p.intervalNanos) : ''; }));
  if (ivs.length) fact('Interval', ivs.join(', '));
  let all = 0;
  for (let i = 0; i < bSelf.length; i++) all += bSelf[i];
  fact('Samples', fmtInt(all));
  const t = D.stats.tick;
  // A profile read from a recording or folded stacks had no jflame sampler: no tick to speak of.
  if (t.count) fact('Sampler tick p50 / p99 / max', fmtMicros(t.p50) + ' / ' + fmtMicros(t.p99) + ' / ' + fmtMicros(t.max));
  if (D.stats.ticks) fact('Ticks', fmtInt(D.stats.ticks) + (D.stats.errors ? ' (' + D.stats.errors + ' failed)' : ''));
  const rate = rateReached(ps);
  if (rate) {
    const r = el('span', (rate.share * 100).toFixed(rate.share < 0.995 ? 1 : 0) + ' % of asked' +
      (rate.perSecond ? ' (' + rate.perSecond.toFixed(1) + ' ticks/s)' : ''));
    if (rate.share < 0.9) {
      r.className = 'warn';
      r.title = 'The sampler reached fewer ticks than the interval asks for (it was starved of CPU, or its ticks ' +
        'took longer than the interval). Shares stay right; counts are lower than the duration suggests.';
      r.textContent = '\u26A0 ' + r.textContent;
    }
    fact('Rate reached', r);
  }
  if (D.pool) fact('Pool', poolSentence(D.pool));
  // Each engine's words come with the data (ProcessInfo.engineText), so the page repeats no list of engines.
  const engines = distinct(ps.map(function (p) { return p.engineText || p.engine; }));
  if (engines.length) fact('Running stacks', engines.join('; '));
  // The sampler's counters, each shown where it is not 0: labels, words and tooltips come with the data
  // (the counters' table, SamplerCounter), so the page repeats no list of counters.
  D.counterFacts.forEach(function (f) {
    const n = D.stats[f.key];
    if (!n) return;
    const more = COUNTER_MORE[f.key];
    const v = el('span', (f.warn ? '\u26A0 ' : '') + fmtInt(n) + (f.text ? ' ' + f.text : '') + (more ? more(D.stats) : ''), f.warn ? 'warn' : null);
    if (f.tip) v.title = f.tip;
    fact(f.label, v);
  });
}

// Which way a pool leans, in words: a starved pool's workers wait for the master, a saturated pool's
// master waits for its workers (waits on a pipe or connection whose other end the other side held).
function poolSentence(pool) {
  function pct(v) { return (v * 100).toFixed(v < 0.1 ? 1 : 0) + ' %'; }
  const s = el('span', 'workers waited for the master ' + pct(pool.workersWaited) + ' of their time; the master waited for workers ' +
    pct(pool.masterWaited) + ' of its time');
  s.title = 'The master is pid ' + pool.masterPid + ' (' + pool.master + '), the workers its ' + pool.workers + ' child JVMs. ' +
    'A share is of all that side\'s samples, every thread: those idle in a read, write or poll on a pipe or connection ' +
    'whose other end the other side held. Workers that wait for the master: the pool is starved; a master that waits for ' +
    'its workers: the pool is saturated.';
  return s;
}

// What a counter's header line adds from other counters, by the counter's key.
const COUNTER_MORE = {
  safepoints: function (s) {
    return s.activeNanos > 0 ? ' (' + (s.safepoints / (s.activeNanos / 1e9)).toFixed(1) + ' per second of sampling)' : '';
  },
  waitsReused: function (s) {
    return s.waitReusesChecked ? '; ' + fmtInt(s.waitReusesWrong) + ' of ' + fmtInt(s.waitReusesChecked) + ' checked were elsewhere' : '';
  },
};

// A process in one line: who it is, who started it, when it ran, its samples and how they split by state
// (running is the CPU-busy share; the rest waited or idled).
function processLine(p) {
  const i = D.processes.indexOf(p), c = PROC_STATES[i];
  let all = 0;
  for (let s = 0; s < NS; s++) all += c[s];
  const split = [];
  for (let s = 0; s < NS; s++) if (c[s] > 0) split.push(STATE_LABELS[s].toLowerCase() + ' ' + pct(c[s], all));
  const when = p.start > 0 && p.end >= p.start && D.start > 0 ? fmtSeconds((p.start - D.start) / 1000) + '\u2013' + fmtSeconds((p.end - D.start) / 1000) +
    ' (' + fmtDuration(p.end - p.start) + ')' : '';
  return pidAnd(p) + p.main + (p.args ? ' ' + p.args : '') + (p.parentPid ? ' \u00B7 child of ' + p.parentPid : '') + (p.partial ? ' (partial)' : '') +
    (when ? ' \u00B7 ' + when : '') + ' \u00B7 ' + fmtInt(all) + ' samples' + (split.length ? ': ' + split.join(', ') : '');
}
// Each process's samples per state, from the tree (its root's subtree), or the whole tree for a single process.
const PROC_STATES = (function () {
  const out = D.processes.map(function () { return new Float64Array(NS); });
  for (let n = 0; n < N; n++) {
    const o = NODE_PROC[n];
    if (o >= 0) for (let s = 0; s < NS; s++) out[o][s] += bSelf[n * NS + s];
  }
  return out;
})();
// "pid 12 · " before a process's name; nothing for one imported without a pid (0).
function pidAnd(p) { return p.pid ? 'pid ' + p.pid + ' \u00B7 ' : ''; }
// A diff's header: what each side is, and how they are compared. The sampler's own figures describe
// one run each and stay in the profiles themselves.
function buildDiffHeader(fact) {
  function side(ps, counts, start, end) {
    let all = 0;
    for (let i = 0; i < counts.length; i++) all += counts[i];
    const who = ps.length === 1 ? pidAnd(ps[0]) + ps[0].main + (ps[0].partial ? ' (partial)' : '') :
      ps.length + ' processes: ' + distinct(ps.map(function (p) { return p.main; })).join(', ');
    return who + ' \u00B7 ' + fmtInt(all) + ' samples \u00B7 ' + fmtDuration(end - start);
  }
  fact('Base', side(DIFF.processes, bBase, DIFF.start, DIFF.end));
  fact('New', side(D.processes, bSelf, D.start, D.end));
  const both = DIFF.processes.concat(D.processes);
  const jdks = distinct(both.map(function (p) { return p.jdk + (p.vm ? ' (' + p.vm + ')' : ''); }));
  if (jdks.length) fact('JDK', jdks.join(', '));
  const ivs = distinct(both.map(function (p) { return p.intervalNanos > 0 ? fmtNanos(p.intervalNanos) : ''; }));
  if (ivs.length) fact('Interval', ivs.join(', '));
  fact('Compared', DIFF.normalize ? 'shares: each side against its own total; changes in percentage points' :
    'raw sample counts (--no-normalize)');
}

// One colour per state for chips and tooltips: running in the application's colour, the rest in their group's.
function stateSwatches() { return STATE_COLOUR.map(function (c) { return hsl(c === 'running' ? 'app' : c, .5); }); }
// Ticks reached as a share of the ticks asked for while the samplers ran (older profiles do not say).
function rateReached(ps) {
  let ticks = 0, asked = 0, secs = 0, intervals = distinct(ps.map(function (p) { return String(p.intervalNanos); }));
  ps.forEach(function (p) {
    if (p.activeNanos > 0 && p.intervalNanos > 0 && p.ticks > 0) { ticks += p.ticks; asked += p.activeNanos / p.intervalNanos; secs += p.activeNanos / 1e9; }
  });
  if (!(asked > 0)) return null;
  return { share: ticks / asked, perSecond: intervals.length === 1 && ps.length === 1 ? ticks / secs : 0 };
}
function swatch(color) { const s = el('span', null, 'sw'); s.style.background = color; return s; }
let scaleNote = null;
function buildLegend() {
  const lg = document.getElementById('legend');
  function item(color, text) { const s = el('span'); s.appendChild(swatch(color)); s.appendChild(document.createTextNode(text)); lg.appendChild(s); return s; }
  if (DIFF) {
    lg.appendChild(el('span', 'Base \u2192 new:'));
    Object.keys(CHANGE).forEach(function (c) {
      const s = item(changeColour(c, 1), CHANGE[c].label);
      s.dataset.change = c;
      if (c === 'gone') s.firstChild.style.background = HATCH_CSS + ', ' + changeColour(c, 1);
    });
    lg.appendChild(el('span', null, 'sep'));
    scaleNote = el('span');
    lg.appendChild(scaleNote);
    lg.appendChild(el('span', null, 'sep'));
    lg.appendChild(el('span', DIFF.normalize ? 'width: base share + new share' : 'width: base + new samples'));
  } else {
    buildStateLegend(item);
  }
  lg.appendChild(el('span', null, 'sep'));
  item('#d5d9e0', 'frames under a pixel, merged');
  const s = el('span'); const m = swatch('#fff'); m.style.border = '1.5px solid #c2185b'; s.appendChild(m); s.appendChild(document.createTextNode('search match')); lg.appendChild(s);
}
function buildStateLegend(item) {
  const lg = document.getElementById('legend');
  lg.appendChild(el('span', 'Running:'));
  item(hsl('app', .5), 'application'); item(hsl('jdk', .5), 'JDK'); item(hsl('native', .5), 'native');
  item(hsl('synth', .5), 'thread / process / other');
  lg.appendChild(el('span', null, 'sep'));
  // One entry per colour group of the not-running states, e.g. "timed waiting / parked".
  distinct(STATE_COLOUR).forEach(function (c) {
    if (c === 'running') return;
    item(hsl(c, .5), STATE_LABELS.filter(function (l, s) { return STATE_COLOUR[s] === c; }).join(' / ').toLowerCase());
  });
}

const stateButtons = [];
function buildStates() {
  const box = document.getElementById('states'), seg = el('span', null, 'seg');
  const cols = stateSwatches();
  STATE_LABELS.forEach(function (label, s) {
    const b = el('button', null, 'chip');
    b.dataset.state = STATE_KEYS[s];
    b.title = 'Show or hide ' + label.toLowerCase() + ' samples; Alt+click shows only these';
    b.appendChild(swatch(cols[s])); b.appendChild(document.createTextNode(label));
    b.addEventListener('click', function (e) {
      let m = e.altKey ? (1 << s) : ui.mask ^ (1 << s);
      if (e.altKey && ui.mask === (1 << s)) m = ALL_STATES; // Alt+click again: everything back
      if (m === 0) m = ALL_STATES; // hiding the last state would leave nothing to show
      setUi({ mask: m, zoom: 0 });
    });
    stateButtons.push(b); seg.appendChild(b);
  });
  box.appendChild(seg);
}

function updateControls() {
  document.querySelectorAll('#orient button').forEach(function (b) { b.setAttribute('aria-pressed', String(b.dataset.v === ui.orient)); });
  document.querySelectorAll('#grouping button').forEach(function (b) { b.setAttribute('aria-pressed', String(b.dataset.v === ui.group)); });
  document.getElementById('reverse').setAttribute('aria-pressed', String(ui.reverse));
  document.getElementById('sandwich').setAttribute('aria-pressed', String(ui.sandwich >= 0));
  document.getElementById('tablebtn').setAttribute('aria-pressed', String(ui.table));
  document.getElementById('waitsbtn').setAttribute('aria-pressed', String(ui.waits));
  document.getElementById('nest').setAttribute('aria-pressed', String(ui.nest));
  document.getElementById('nest').disabled = ui.group === 'none';
  stateButtons.forEach(function (b, s) { b.setAttribute('aria-pressed', String((ui.mask >> s & 1) === 1)); });
  const q = document.getElementById('q');
  if (document.activeElement !== q && q.value !== ui.query) q.value = ui.query;
  q.classList.toggle('bad', badQuery);
  function share(v) { return (v === 0 ? '0' : v.toFixed(v < 0.1 ? 3 : 1)) + ' %'; }
  document.getElementById('matched').textContent = badQuery ? 'bad regex' : matchPct === null ? '' :
    'matched: ' + (DIFF ? share(matchBasePct) + ' \u2192 ' : '') + share(matchPct) + (matches.length ? '  (' + (matchAt >= 0 ? matchAt + 1 + '/' : '') + matches.length + ')' : '');
  if (scaleNote) {
    scaleNote.textContent = 'deepest colour: a change of ' + fmtChange(diffScale, 0).replace(/^\+/, '\u00B1') +
      ' (the largest here); under ' + fmtChange(diffScale * UNCHANGED, 0).replace(/^\+/, '') + ': unchanged';
  }
}

function updateStatus() {
  const st = document.getElementById('status');
  st.textContent = '';
  function add(text, bold) { st.appendChild(bold ? el('b', text) : document.createTextNode(text)); }
  function link(text, fn) { const a = el('a', text); a.addEventListener('click', fn); st.appendChild(a); }
  if (sand) {
    add('Sandwich of '); add(names[ui.sandwich], true);
    add(' \u2014 ' + sampleCounts(sand.callees, 0) + ' (' + shares(sand.callees, 0, fwd) + '), callers above, callees below');
    link('close (Esc)', function () { setUi({ sandwich: -1 }); });
    statusRange(add, link);
    return;
  }
  if (ui.blame) {
    // The blame stands in for the call tree: its samples are the waits it spreads.
    add('Blame: '); add(blameText(ui.blame), true);
    add(' \u00B7 ' + fmtInt(view.ntot[0]) + ' waiting samples' + timeOf(view.ntot[0]) + (TL ? ', spread per ' + TL.cell + ' ms cell' : '') +
      (ui.reverse ? ' \u00B7 reversed (leaf first)' : '') + (ui.mask !== ALL_STATES ? ' \u00B7 waits in: ' + STATE_LABELS.filter(function (l, s) { return ui.mask >> s & 1; }).join(', ') : ''));
    link('close (Esc)', function () { setUi({ blame: null }); });
  } else {
    const mode = (ui.reverse ? 'Reversed (leaf first)' : 'Call tree') + (ui.mask !== ALL_STATES ? ', states: ' + STATE_LABELS.filter(function (l, s) { return ui.mask >> s & 1; }).join(', ') : '');
    add(mode + ' \u00B7 ' + sampleCounts(view, 0));
  }
  statusRange(add, link);
  if (ui.hidden.size) {
    add(' \u00B7 hidden (merged into their callers): ');
    add(Array.from(ui.hidden).map(function (f) { return names[f]; }).join(', '), true);
    link('show all', function () { setUi({ hidden: new Set() }); });
  }
  if (ui.zoom > 0) {
    add(' \u00B7 zoomed to '); add(names[view.frame[ui.zoom]], true);
    add(' (' + shares(view, ui.zoom, view) + ')');
    link('reset (Esc)', function () { setUi({ zoom: 0 }); });
  }
}

// The selected time range, and the processes it cannot speak for.
function statusRange(add, link) {
  if (!ui.range) return;
  add(' \u00B7 time '); add(rangeText(), true);
  link('whole profile', function () { setUi({ range: null }); });
  if (UNTIMED.length) {
    add(' \u00B7 no times for ' + UNTIMED.map(function (u) { return pidAnd(D.processes[u.proc]) + D.processes[u.proc].main + ' (' + fmtInt(u.samples) + ' samples)'; }).join(', ') +
      ': left out of every range');
  }
}
