// ---- formatting -------------------------------------------------------------------------------
function fmtInt(v) { return Math.round(v).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009'); }
function pct(v, of) { return of > 0 ? (100 * v / of).toFixed(v * 1000 < of ? 2 : 1) + ' %' : '\u2013'; }
function fmtMicros(us) {
  if (us === undefined) return '\u2013';
  if (us < 1000) return us + ' \u00B5s';
  if (us < 1e6) return (us / 1000).toFixed(us < 1e4 ? 2 : 1) + ' ms';
  return (us / 1e6).toFixed(2) + ' s';
}
function fmtDuration(ms) {
  if (!(ms > 0)) return '\u2013';
  if (ms < 1000) return ms + ' ms';
  const s = ms / 1000;
  if (s < 120) return s.toFixed(1) + ' s';
  const m = Math.floor(s / 60);
  return m + ' min ' + Math.round(s - 60 * m) + ' s';
}
function fmtNanos(ns) {
  if (ns >= 1e9) return +(ns / 1e9).toFixed(3) + ' s';
  if (ns >= 1e6) return +(ns / 1e6).toFixed(3) + ' ms';
  return +(ns / 1e3).toFixed(3) + ' \u00B5s';
}
function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}
function distinct(list) { return list.filter(function (v, i) { return v && list.indexOf(v) === i; }); }
