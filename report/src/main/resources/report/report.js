// Draws every chart of the report from its inlined data, then records on each chart's element what the
// chart instance holds (series, points drawn, policy lines), so a browser test can check it through the DOM.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"]/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c];
    });
  }

  // one tooltip text for every item: a decision marker, a heat-map cell or a plain point
  function itemTip(p) {
    var d = p.data || {};
    if (d.reason) {
      return esc(d.day) + '<br><b>' + esc(d.type) + '</b> ' + esc(d.clause) + '<br>' + esc(d.reason);
    }
    if (d.from) {
      return esc(d.from) + ' \u2192 ' + esc(d.to) + ': <b>' + esc(d.value[2]) + '</b> merchants' +
          (d.clauses ? '<br>clauses: ' + esc(d.clauses) : '') + (d.samples ? '<br>e.g. ' + esc(d.samples) : '');
    }
    if (p.componentType === 'markLine') {
      return esc(p.name);
    }
    var v = Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value;
    return esc(p.seriesName) + '<br>' + esc(p.name) + ': <b>' + esc(v) + '</b>';
  }

  function drawn(values) {
    var n = 0;
    (values || []).forEach(function (v) {
      var y = (v && typeof v === 'object' && !Array.isArray(v)) ? v.value : v;
      if (Array.isArray(y)) { y = y[y.length - 1]; }
      if (y !== null && y !== undefined && y !== '-') { n++; }
    });
    return n;
  }

  data.charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    var option = c.option;
    option.animation = false;
    option.textStyle = {fontFamily: 'system-ui, sans-serif'};
    if (option.tooltip && option.tooltip.trigger === 'item') { option.tooltip.formatter = itemTip; }
    var chart = echarts.init(el, null, {renderer: 'canvas'});
    chart.setOption(option);
    var shown = chart.getOption();
    var lines = [];
    var lineLabels = [];
    shown.series.forEach(function (s) {
      ((s.markLine && s.markLine.data) || []).forEach(function (seg) {
        var start = Array.isArray(seg) ? seg[0] : seg;
        lines.push(start.coord ? start.coord[1] : start.yAxis);
        lineLabels.push(start.label && start.label.formatter ? start.label.formatter : start.name);
      });
    });
    el.setAttribute('data-series', String(shown.series.length));
    el.setAttribute('data-series-names', shown.series.map(function (s) { return s.name; }).join('|'));
    el.setAttribute('data-points', shown.series.map(function (s) { return drawn(s.data); }).join(','));
    el.setAttribute('data-categories', String(((shown.xAxis && shown.xAxis[0] && shown.xAxis[0].data) || []).length));
    el.setAttribute('data-marklines', lines.join('|'));
    el.setAttribute('data-markline-labels', lineLabels.join('|'));
    el.setAttribute('data-rendered', el.querySelector('canvas') ? 'true' : 'false');
  });
  document.body.setAttribute('data-charts', String(data.charts.length));
  document.body.setAttribute('data-height', String(document.documentElement.scrollHeight));
})();
