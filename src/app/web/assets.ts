// The pages' stylesheet and the one script of our own (drawing the report chart with ECharts).
// Kept as strings in TypeScript, so the compiled bot (dist/) carries them without a copy step;
// ECharts itself is served from node_modules (src/app/web-server/routes.ts).

export const STYLESHEET = `
body { font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  margin: 0; color: #1f2328; background: #f6f8fa; }
nav { display: flex; gap: 1rem; align-items: center; padding: .6rem 1.2rem; background: #24292f; color: #fff; }
nav a { color: #fff; font-weight: 600; }
nav .who { margin-left: auto; font-size: .9rem; }
nav form { margin: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
/* A table wider than the page (the report's per-priority one in a narrow window) scrolls inside
   its own box: the page never scrolls sideways and the header bar stays as wide as what is under
   it (operator trial, 2026-12-07). */
.table-scroll { max-width: 100%; overflow-x: auto; }
h1 { font-size: 1.5rem; }
h2 { font-size: 1.15rem; margin-top: 1.6rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid #d0d7de; padding: .35rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #eaeef2; }
tr.p1 td:first-child { border-left: 4px solid #cf222e; }
tr.p2 td:first-child { border-left: 4px solid #bc4c00; }
.overdue { color: #cf222e; font-weight: 600; }
.met { color: #1a7f37; }
.met_late { color: #cf222e; }
.paused { color: #6e7781; }
.refusal { font-size: 1.1rem; }
.error { color: #cf222e; font-weight: 600; }
.chart { width: 100%; height: 360px; background: #fff; border: 1px solid #d0d7de; overflow: hidden; }
.fields { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; }
.fields dt { font-weight: 600; }
.fields dd { margin: 0; }
.description { white-space: pre-wrap; background: #fff; border: 1px solid #d0d7de; padding: .6rem; }
.figure dt { font-weight: 600; }
.timeline { list-style: none; padding: 0; }
.timeline li { background: #fff; border: 1px solid #d0d7de; border-left: 4px solid #0969da; margin: .4rem 0; padding: .4rem .6rem; }
.timeline li.kind-breach, .timeline li.kind-escalation { border-left-color: #cf222e; }
.timeline li.kind-decline { border-left-color: #bc4c00; }
.timeline time { color: #57606a; margin-right: .6rem; }
.timeline .step { font-weight: 600; margin-right: .6rem; }
.timeline dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .3rem 0 0; font-size: .9rem; }
.timeline dd { margin: 0; white-space: pre-wrap; }
.zone { color: #57606a; font-size: .85rem; }
/* The period and filter fields side by side with room between them (adjacent labels have no
   text between them, so without a gap a select touches the next label: "[All]Team"). */
.period-form { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.2rem; }
.period-form small { flex-basis: 100%; color: #57606a; }
`;

/** Reads the chart data the page embeds (report-page.ts chartData) and draws it. */
export const REPORT_CHART_SCRIPT = `(function () {
  var el = document.getElementById('report-chart');
  var src = document.getElementById('report-data');
  if (!el || !src || !window.echarts) return;
  var d = JSON.parse(src.textContent);
  var chart = window.echarts.init(el, null, { renderer: 'svg' });
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { top: 48, left: 48, right: 48, bottom: 32 },
    xAxis: { type: 'category', data: d.categories },
    yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } }],
    series: d.series
  });
  el.setAttribute('data-rendered', 'true');
  window.addEventListener('resize', function () { chart.resize(); });
})();
`;
