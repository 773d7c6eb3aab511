/** The report's look: one stylesheet for a page that reads on a laptop without scrolling sideways. */
export const REPORT_CSS = `
:root { --ink: #0f172a; --muted: #475569; --line: #e2e8f0; --panel: #f8fafc; --accent: #2563eb; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 20px 64px; }
header h1 { font-size: 26px; line-height: 1.25; margin: 0 0 6px; }
header .meta { color: var(--muted); margin: 0; font-size: 14px; }
nav { margin: 14px 0 8px; display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 14px; }
nav a { color: var(--accent); text-decoration: none; }
nav a:hover { text-decoration: underline; }
section { margin-top: 36px; }
h2 { font-size: 20px; margin: 0 0 6px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 4px; }
p.intro, p.empty, p.chart-note { color: var(--muted); margin: 4px 0 10px; font-size: 14px; }
p.empty { font-style: italic; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600;
  color: #fff; background: var(--muted); vertical-align: 2px; }
.badge.incomplete { background: #b45309; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 14px; margin-top: 12px; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; background: var(--panel); }
.card h3 { margin: 0 0 6px; }
.card p { margin: 6px 0; }
.card ul { margin: 6px 0 0; padding-left: 18px; font-size: 14px; }
.tally { display: flex; flex-wrap: wrap; align-items: center; gap: 5px; margin: 4px 0 8px; }
.tally-label { font-size: 13px; color: var(--muted); }
.chip { display: inline-flex; align-items: center; gap: 5px; border-radius: 999px; padding: 1px 8px; font-size: 12px; white-space: nowrap;
  background: #fff; border: 1px solid var(--line); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; }
.notice { border-left: 4px solid #f59e0b; background: #fffbeb; padding: 10px 14px; margin: 14px 0; border-radius: 0 8px 8px 0; }
.notice.failure { border-color: #dc2626; background: #fef2f2; }
.notice.ok { border-color: #16a34a; background: #f0fdf4; }
.notice ul { margin: 4px 0 0; padding-left: 18px; }
.notice p { margin: 0; }
table { width: 100%; border-collapse: collapse; font-size: 13px; margin: 8px 0; table-layout: auto; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top;
  overflow-wrap: break-word; }
tr.group th { background: #fff; color: var(--ink); font-size: 14px; padding-top: 14px; border-bottom: 2px solid var(--line); }
tr.group small, td small { color: var(--muted); font-weight: 400; }
table.fields td:first-child { width: 200px; color: var(--muted); }
th { font-weight: 600; color: var(--muted); background: var(--panel); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.win-a { color: #1d4ed8; font-weight: 600; }
td.win-b { color: #c2410c; font-weight: 600; }
td.win-same { color: #15803d; }
td.win-undecided { color: var(--muted); }
td.status-failure { color: #b91c1c; font-weight: 600; }
td.status-warning { color: #b45309; font-weight: 600; }
td.status-improvement { color: #15803d; font-weight: 600; }
td.status-inconclusive { color: #7c3aed; font-weight: 600; }
details { margin: 8px 0; }
.scroll { overflow-x: auto; }
summary { cursor: pointer; font-size: 14px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 13px; margin: 6px 0; }
.chart { position: relative; width: 100%; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 8px 24px; }
.grid > div { min-width: 0; }
select { font: inherit; font-size: 14px; padding: 4px 8px; max-width: 100%; border: 1px solid #cbd5e1; border-radius: 6px; }
button { font: inherit; font-size: 14px; padding: 8px 16px; border-radius: 8px; border: 0; color: #fff;
  background: var(--accent); cursor: pointer; }
button:hover { background: #1d4ed8; }
dl.env { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; font-size: 14px; margin: 8px 0; }
dl.env dt { color: var(--muted); }
dl.env dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 560px) { .grid, .cards { grid-template-columns: 1fr; } }
`;

/**
 * The page's own script: reads the chart specs embedded as JSON and draws each
 * one with the inlined Chart.js. Plain browser JavaScript (no template
 * placeholders, no backticks), run after the library.
 */
export const CHARTS_SCRIPT = String.raw`
(function () {
  'use strict';
  var model = JSON.parse(document.getElementById('lab-charts').textContent);
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = '#334155';
  Chart.defaults.borderColor = '#e2e8f0';
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.position = 'bottom';
  Chart.defaults.plugins.legend.labels.boxWidth = 14;

  function sig(value) { return Number(value.toPrecision(3)).toString(); }
  function count(value) {
    var abs = Math.abs(value);
    if (abs >= 1e9) return sig(value / 1e9) + 'G';
    if (abs >= 1e6) return sig(value / 1e6) + 'M';
    if (abs >= 1e3) return sig(value / 1e3) + 'k';
    return sig(value);
  }
  function bytes(value) {
    var abs = Math.abs(value);
    if (abs >= 1073741824) return sig(value / 1073741824) + ' GiB';
    if (abs >= 1048576) return sig(value / 1048576) + ' MiB';
    if (abs >= 1024) return sig(value / 1024) + ' KiB';
    return Math.round(value) + ' B';
  }
  function ms(value) {
    if (value >= 1000) return sig(value / 1000) + ' s';
    if (value >= 1) return sig(value) + ' ms';
    return sig(value * 1000) + ' µs';
  }
  /**
   * Ticks of a log axis: the finest of these mantissa sets that gives at most
   * eight ticks, so a narrow range still has labels and a wide one never crowds.
   */
  var tickLevels = [[1, 1.25, 1.5, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1.5, 2, 3, 5, 7], [1, 2, 5], [1]];
  function logTicks(min, max) {
    var ticks = [];
    if (!(min > 0 && max >= min && isFinite(max))) return ticks;
    for (var level = 0; level < tickLevels.length; level++) {
      ticks = [];
      for (var e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
        tickLevels[level].forEach(function (m) {
          var value = Number((m * Math.pow(10, e)).toPrecision(6));
          if (value >= min * (1 - 1e-9) && value <= max * (1 + 1e-9)) ticks.push(value);
        });
      }
      if (ticks.length <= 8) break;
    }
    return ticks;
  }
  function ticksAt(values) { return function (axis) { axis.ticks = values.map(function (value) { return { value: value }; }); }; }
  function logAxisTicks(axis) { ticksAt(logTicks(axis.min, axis.max))(axis); }
  function axisTitle(text) { return { display: true, text: text, font: { weight: '600' } }; }
  function unique(values) { return values.filter(function (v, i) { return values.indexOf(v) === i; }).sort(function (a, b) { return a - b; }); }

  /** Draws the interval of each bar and the line of equality at 1, which Chart.js has no element for. */
  function whiskers(spec) {
    return {
      id: 'labWhiskers',
      afterDatasetsDraw: function (chart) {
        var ctx = chart.ctx, area = chart.chartArea, x = chart.scales.x;
        var clamp = function (value) { return Math.min(area.right, Math.max(area.left, x.getPixelForValue(value))); };
        ctx.save();
        ctx.strokeStyle = '#0f172a';
        ctx.lineWidth = 1.5;
        ctx.setLineDash([5, 4]);
        ctx.beginPath();
        ctx.moveTo(clamp(1), area.top);
        ctx.lineTo(clamp(1), area.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
        chart.getDatasetMeta(0).data.forEach(function (bar, i) {
          var lo = clamp(spec.ci95[i][0]), hi = clamp(spec.ci95[i][1]), y = bar.y;
          ctx.beginPath();
          ctx.moveTo(lo, y); ctx.lineTo(hi, y);
          ctx.moveTo(lo, y - 6); ctx.lineTo(lo, y + 6);
          ctx.moveTo(hi, y - 6); ctx.lineTo(hi, y + 6);
          ctx.stroke();
        });
        ctx.restore();
      },
    };
  }

  /** Data bounds of a log axis, widened so the outermost points are not cut in half. */
  function padLog(values, factor) {
    var positive = values.filter(function (v) { return v > 0 && isFinite(v); });
    return { min: Math.min.apply(null, positive) / factor, max: Math.max.apply(null, positive) * factor };
  }
  function padLinear(values, share) {
    var min = Math.min.apply(null, values), max = Math.max.apply(null, values), pad = (max - min) * share || 1;
    return { min: min - pad, max: max + pad };
  }
  function lineDataset(s) {
    return { label: s.label, data: s.points.map(function (p) { return { x: p[0], y: p[1] }; }), borderColor: s.colour,
      backgroundColor: s.colour, pointRadius: 3.5, pointHoverRadius: 5, borderWidth: 2, clip: false };
  }

  function ratioChart(canvas, spec) {
    var colours = spec.verdicts.map(function (verdict) { return model.verdictColours[verdict]; });
    var span = padLog([1].concat(spec.ratios, spec.ci95.map(function (c) { return c[0]; }), spec.ci95.map(function (c) { return c[1]; })), 1.15);
    return new Chart(canvas, {
      type: 'bar',
      data: { labels: spec.labels, datasets: [{ data: spec.ratios, base: 1, backgroundColor: colours.map(function (c) { return c + 'b3'; }),
        borderColor: colours, borderWidth: 1, barPercentage: 0.55, categoryPercentage: 0.9 }] },
      options: {
        indexAxis: 'y',
        scales: {
          // Even a tiny difference is drawn against at least 0.8×–1.25×, so it looks as small as it is.
          x: { type: 'logarithmic', min: Math.min(span.min, 0.8), max: Math.max(span.max, 1.25), afterBuildTicks: logAxisTicks,
            title: axisTitle('threads ÷ processes throughput (log scale; right of 1: threads faster)'),
            ticks: { callback: function (v) { return sig(v) + '×'; } } },
          y: { ticks: { autoSkip: false }, grid: { display: false } },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (item) {
            var i = item.dataIndex;
            return ['ratio ' + spec.ratios[i].toFixed(2) + ' [' + spec.ci95[i][0].toFixed(2) + ', ' + spec.ci95[i][1].toFixed(2) + ']',
              model.verdictWords[spec.verdicts[i]], spec.notes[i]];
          } } },
        },
      },
      plugins: [whiskers(spec)],
    });
  }

  function lineChart(canvas, spec) {
    var xs = unique([].concat.apply([], spec.series.map(function (s) { return s.points.map(function (p) { return p[0]; }); })));
    var ys = [].concat.apply([], spec.series.map(function (s) { return s.points.map(function (p) { return p[1]; }); }));
    var formatX = spec.xFormat === 'bytes' ? bytes : count;
    var xRange = spec.xLog ? padLog(xs, 1.3) : padLinear(xs, 0.04);
    var y = spec.yLog
      ? { type: 'logarithmic', min: padLog(ys, 1.3).min, max: padLog(ys, 1.3).max, afterBuildTicks: logAxisTicks }
      : { type: 'linear', grace: '8%' };
    y.title = axisTitle(spec.yTitle);
    y.ticks = { callback: function (v) { return count(v); } };
    return new Chart(canvas, {
      type: 'line',
      data: { datasets: spec.series.map(lineDataset) },
      options: {
        scales: {
          x: { type: spec.xLog ? 'logarithmic' : 'linear', min: xRange.min, max: xRange.max, title: axisTitle(spec.xTitle),
            afterBuildTicks: ticksAt(xs), ticks: { callback: function (v) { return formatX(v); } } },
          y: y,
        },
        plugins: { tooltip: { callbacks: { label: function (item) {
          return item.dataset.label + ': ' + count(item.parsed.y) + ' at ' + formatX(item.parsed.x);
        } } } },
      },
    });
  }

  var percentiles = [50, 75, 90, 95, 99, 99.9, 99.99, 99.999];
  function positionOf(p) { return -Math.log10(1 - p / 100); }

  function latencyChart(canvas, spec) {
    var container = canvas.parentNode;
    var select = document.createElement('select');
    select.setAttribute('aria-label', 'point');
    spec.choices.forEach(function (choice, i) { select.add(new Option(choice.label, String(i))); });
    var note = document.createElement('p');
    note.className = 'chart-note';
    container.parentNode.insertBefore(select, container);
    container.parentNode.insertBefore(note, container);
    var chart;
    function draw(index) {
      var choice = spec.choices[index];
      var maxima = unique(choice.series.map(function (s) { return s.points[s.points.length - 1][0]; }));
      var last = maxima[maxima.length - 1];
      var ticks = percentiles.map(positionOf).filter(function (x) { return x < last - 0.05; }).concat(maxima);
      var ys = [].concat.apply([], choice.series.map(function (s) { return s.points.map(function (p) { return p[1]; }); }));
      var yRange = padLog(ys, 1.4);
      note.textContent = 'One latency = ' + choice.definition + '. Values per backend: ' + Object.keys(choice.counts).map(function (label) {
        return label + ' ' + count(choice.counts[label]);
      }).join(', ') + '. The last point of each line is its maximum.';
      if (chart) chart.destroy();
      chart = new Chart(canvas, {
        type: 'line',
        data: { datasets: choice.series.map(lineDataset) },
        options: {
          scales: {
            x: { type: 'linear', min: Math.max(0, ticks[0] - 0.1), max: last + 0.1, afterBuildTicks: ticksAt(ticks),
              title: axisTitle('percentile (tail stretched: log of 1 / (1 − p))'),
              ticks: { autoSkip: false, callback: function (v) {
                if (maxima.indexOf(v) >= 0) return 'max';
                var p = percentiles.filter(function (q) { return Math.abs(positionOf(q) - v) < 1e-9; })[0];
                return p === undefined ? '' : 'p' + p;
              } } },
            y: { type: 'logarithmic', min: yRange.min, max: yRange.max, afterBuildTicks: logAxisTicks, title: axisTitle('latency (log scale)'),
              ticks: { callback: function (v) { return ms(v); } } },
          },
          plugins: { tooltip: { callbacks: { label: function (item) {
            var isMax = item.dataIndex === item.dataset.data.length - 1;
            return item.dataset.label + ': ' + ms(item.parsed.y) + (isMax ? ' (max)' : ' at p' + sig(100 * (1 - Math.pow(10, -item.parsed.x))));
          } } } },
        },
      });
    }
    select.addEventListener('change', function () { draw(Number(select.value)); });
    draw(0);
  }

  var MiB = 1048576;
  function barChart(canvas, spec) {
    return new Chart(canvas, {
      type: 'bar',
      data: { labels: spec.labels, datasets: spec.series.map(function (s) {
        return { label: s.label, data: s.values.map(function (v) { return v === null ? null : v / MiB; }), backgroundColor: s.colour, borderRadius: 3 };
      }) },
      options: {
        scales: { y: { title: axisTitle(spec.yTitle), beginAtZero: true, grace: '5%', ticks: { callback: function (v) { return sig(v); } } },
          x: { grid: { display: false } } },
        plugins: { tooltip: { callbacks: { label: function (item) { return item.dataset.label + ': ' + bytes(item.parsed.y * MiB); } } } },
      },
    });
  }

  var draw = { ratio: ratioChart, line: lineChart, latency: latencyChart, bars: barChart };
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var spec = model.charts[Number(canvas.getAttribute('data-chart'))];
    draw[spec.kind](canvas, spec);
  });

  var download = document.getElementById('download-result');
  if (download) download.addEventListener('click', function () {
    var text = JSON.stringify(JSON.parse(document.getElementById('lab-result').textContent), null, 2) + '\n';
    var url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    var link = document.createElement('a');
    link.href = url;
    link.download = model.fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });
})();
`;
