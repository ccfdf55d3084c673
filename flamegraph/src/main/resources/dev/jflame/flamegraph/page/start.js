// ---- start ------------------------------------------------------------------------------------
const timing = {};
timing.parsed = performance.now();
buildHeader(); buildLegend(); buildStates();
// What speaks of the timeline is left out of pages without one.
if (!TL) document.querySelectorAll('.timed').forEach(function (e) { e.hidden = true; });
Object.assign(ui, readHash());
rebuild();
timing.built = performance.now();
drawNow();
if (ui.orient === 'flame') chart.scrollTop = chart.scrollHeight;
timing.drawn = performance.now();
// First interactive frame: set once the browser has presented the first drawing.
// rAF runs just before that frame is painted; the timeout after it lands once the frame is out.
requestAnimationFrame(function () {
  setTimeout(function () { window.jflameReady = performance.now(); timing.ready = window.jflameReady; }, 0);
});
