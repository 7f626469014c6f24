// tiebreak's report page: every chart and sentence drawn from the data inlined in the page (ReportData).
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('tiebreak-data').textContent);
  const OUTCOMES = ['tied', 'diverged', 'split', 'merged', 'untied', 'nonfinite', 'failed'];
  const INITIALLY_SHOWN = 12;
  const PALETTE = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4',
    '#ea7ccc', '#2f4554', '#c23531', '#61a0a8'];
  const conds = data.conditions;
  const byKey = new Map(conds.map(c => [c.key, c]));
  const axes = data.axes;
  const present = OUTCOMES.filter(o => conds.some(c => c.frac[o] > 0));
  const charts = [];
  const check = { errors: window.tiebreakErrors, conditions: conds.length, heatmapCells: 0, charts: [] };

  const pct = v => v == null ? '–' : (100 * v).toFixed(1).replace(/\.0$/, '') + '%';
  const num = v => v == null ? '–' : Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3)
    ? Number(v).toExponential(3) : String(Number(Number(v).toPrecision(4)));
  const esc = s => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  /** A condition's label: the values of the axes that vary, except those given, named. */
  function label(c, except) {
    const parts = axes.filter(a => !(except || []).includes(a.name)).map(a => a.name + ' = ' + c.axes[a.name]);
    return parts.length ? parts.join(', ') : 'all runs';
  }

  /** The short label of legends and chart rows: the varying values alone, in the axes' order (named above each chart). */
  function shortLabel(c) {
    const parts = axes.map(a => c.axes[a.name]);
    return parts.length ? parts.join(' · ') : 'all runs';
  }
  /** The label of a group of the law charts: its key is a JSON array of its columns' values. */
  const groupLabel = key => { const v = JSON.parse(key); return v.length ? v.join(' · ') : 'all runs'; };
  const orderOf = names => names.length ? 'conditions as ' + names.join(' · ') : '';
  const axisOrder = orderOf(axes.map(a => a.name));
  const legendTitle = names => ({ text: orderOf(names), right: 10, top: 0,
    textStyle: { fontSize: 11, fontWeight: 'normal', color: '#666' } });

  /** Wilson's 95% interval for k of n; the summary's own where it has one (tied, diverged). */
  function interval(c, outcome) {
    if (outcome === 'tied' || outcome === 'diverged') {
      return [c[outcome + '_ci_low'], c[outcome + '_ci_high']];
    }
    const n = c.n;
    if (!n) return [null, null];
    const z = 1.959963984540054;
    const p = Math.round(c.frac[outcome] * n) / n;
    const d = 1 + z * z / n;
    const centre = (p + z * z / (2 * n)) / d;
    const half = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d;
    return [Math.max(0, centre - half), Math.min(1, centre + half)];
  }

  /** The hover text of a condition's cell: what it is, the outcome's fraction, n, the interval. */
  function cellText(c, outcome) {
    const [low, high] = interval(c, outcome);
    return [label(c), outcome + ': ' + pct(c.frac[outcome]) + ' of ' + c.n + ' runs',
      '95% interval (Wilson): ' + pct(low) + ' – ' + pct(high)];
  }

  function chart(element, option) {
    const instance = echarts.init(element, null, { renderer: 'canvas' });
    if (option.legend && axisOrder) {
      option.title = option.title || legendTitle(axes.map(a => a.name));
      option.legend.top = 22;
    }
    instance.setOption(Object.assign({ animation: false }, option));
    charts.push(instance);
    return instance;
  }

  function hide(id) {
    document.getElementById(id).style.display = 'none';
  }

  // --- overview and headline -------------------------------------------------------------------------------
  function overview() {
    const runs = conds.reduce((s, c) => s + c.n, 0);
    const axisText = axes.map(a => a.name + ' (' + a.values.length + ')').join(', ');
    document.getElementById('overview').textContent = runs.toLocaleString('en') + ' runs in ' + conds.length
      + (conds.length === 1 ? ' condition' : ' conditions') + (axes.length ? '; axes: ' + axisText : '') + '.';
  }

  function range(values) {
    const v = values.filter(x => x != null).sort((a, b) => a - b);
    if (!v.length) return '–';
    return v[0] === v[v.length - 1] ? pct(v[0]) : pct(v[0]) + '–' + pct(v[v.length - 1]);
  }

  function median(values) {
    const v = values.filter(x => x != null).sort((a, b) => a - b);
    if (!v.length) return null;
    const m = Math.floor(v.length / 2);
    return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
  }

  /** The sweep's answers in words: per value of the axis whose values differ most in how often ties hold. */
  function headline() {
    const list = document.getElementById('headline');
    const sentence = (name, group) => {
      const runs = group.reduce((s, c) => s + c.n, 0);
      const pooled = o => group.reduce((s, c) => s + c.n * (c.frac[o] || 0), 0) / Math.max(1, runs);
      const main = present.filter(o => pooled(o) > 0).sort((x, y) => pooled(y) - pooled(x));
      const parts = main.map(o => o + ' in ' + pct(pooled(o))
        + (group.length > 1 && range(group.map(c => c.frac[o])) !== pct(pooled(o))
          ? ' (' + range(group.map(c => c.frac[o])) + ' by condition)' : ''));
      const steps = median(group.filter(c => c.frac.diverged > 0).map(c => c.median_diverge_step));
      return name + ': ' + parts.join('; ') + ' of ' + runs.toLocaleString('en') + ' runs'
        + (group.length > 1 ? ' in ' + group.length + ' conditions' : '')
        + (steps != null ? '; median diverge step ' + num(steps) : '') + '.';
    };
    const item = text => { const li = document.createElement('li'); li.textContent = text; list.appendChild(li); };
    if (!axes.length) {
      item(sentence('All runs', conds));
      return;
    }
    // the axis whose values differ most in their pooled outcomes (largest total-variation distance)
    const pooledBy = (a, v) => {
      const group = conds.filter(c => c.axes[a.name] === v);
      const runs = group.reduce((s, c) => s + c.n, 0);
      return present.map(o => group.reduce((s, c) => s + c.n * (c.frac[o] || 0), 0) / Math.max(1, runs));
    };
    let best = axes[0];
    let spread = -1;
    for (const a of axes) {
      const dists = a.values.map(v => pooledBy(a, v));
      let widest = 0;
      for (const p of dists) {
        for (const q of dists) {
          widest = Math.max(widest, 0.5 * p.reduce((s, x, i) => s + Math.abs(x - q[i]), 0));
        }
      }
      if (widest > spread) { spread = widest; best = a; }
    }
    for (const v of best.values) {
      item(sentence(best.name + ' = ' + v, conds.filter(c => c.axes[best.name] === v)));
    }
  }

  // --- heat maps ---------------------------------------------------------------------------------------------
  function spreadOf(o) {
    const v = conds.map(c => c.frac[o] || 0);
    return Math.max(...v) - Math.min(...v) + 1e-9 * v.reduce((s, x) => s + x, 0);
  }
  const byCount = axes.slice().sort((a, b) => b.values.length - a.values.length);
  const heat = {
    // the outcome whose fraction differs most between conditions: what the map is for
    outcome: present.slice().sort((x, y) => spreadOf(y) - spreadOf(x))[0],
    rows: byCount[0] ? byCount[0].name : '',
    cols: byCount[1] ? byCount[1].name : ''
  };

  function select(name, options, value, onChange) {
    const wrap = document.createElement('label');
    wrap.textContent = name + ' ';
    const s = document.createElement('select');
    s.id = 'heat-' + name;
    for (const o of options) {
      const opt = document.createElement('option');
      opt.value = o; opt.textContent = o === '' ? '(none)' : o; opt.selected = o === value;
      s.appendChild(opt);
    }
    s.addEventListener('change', () => onChange(s.value));
    wrap.appendChild(s);
    return wrap;
  }

  function heatControls() {
    const form = document.getElementById('heatmap-controls');
    const names = axes.map(a => a.name);
    form.appendChild(select('outcome', present, heat.outcome, v => { heat.outcome = v; heatmaps(); }));
    // choosing for one what the other holds swaps them; either may be none (its axis then a facet)
    form.appendChild(select('rows', [''].concat(names), heat.rows, v => {
      if (v !== '' && v === heat.cols) heat.cols = heat.rows;
      heat.rows = v; syncControls(); heatmaps();
    }));
    form.appendChild(select('columns', [''].concat(names), heat.cols, v => {
      if (v !== '' && v === heat.rows) heat.rows = heat.cols;
      heat.cols = v; syncControls(); heatmaps();
    }));
  }

  function syncControls() {
    document.getElementById('heat-rows').value = heat.rows;
    document.getElementById('heat-columns').value = heat.cols;
  }

  let heatCharts = [];
  /** Where each condition's cell is drawn: its chart and index there (the self-check hovers one). */
  const cellAt = new Map();

  function heatmaps() {
    const grid = document.getElementById('heatmap-grid');
    heatCharts.forEach(h => { h.dispose(); charts.splice(charts.indexOf(h), 1); });
    heatCharts = [];
    cellAt.clear();
    grid.innerHTML = '';
    const rowAxis = axes.find(a => a.name === heat.rows);
    const colAxis = axes.find(a => a.name === heat.cols);
    const rowValues = rowAxis ? rowAxis.values : ['all runs'];
    const colValues = colAxis ? colAxis.values : [''];
    const facetAxes = axes.filter(a => a !== rowAxis && a !== colAxis);
    const facets = new Map();
    for (const c of conds) {
      const key = facetAxes.map(a => a.name + ' = ' + c.axes[a.name]).join(', ');
      if (!facets.has(key)) facets.set(key, []);
      facets.get(key).push(c);
    }
    const cells = new Set();
    const longest = Math.max(...colValues.map(v => String(v).length), 1);
    const rowLabel = Math.min(220, 14 + 7 * Math.max(...rowValues.map(v => String(v).length), 4));
    for (const [facet, members] of facets) {
      const cellWidth = Math.max(34, Math.min(90, 7 * longest + 8));
      const width = Math.min(1330, rowLabel + 40 + cellWidth * colValues.length);
      const height = 84 + (facet ? 24 : 0) + 22 * rowValues.length + (longest > 6 ? 60 : 20);
      const div = document.createElement('div');
      div.className = 'facet chart-box';
      div.style.width = width + 'px';
      div.style.height = height + 'px';
      grid.appendChild(div);
      const points = members.map(c => {
        const x = colAxis ? colValues.indexOf(c.axes[colAxis.name]) : 0;
        const y = rowAxis ? rowValues.indexOf(c.axes[rowAxis.name]) : 0;
        return { value: [x, y, c.frac[heat.outcome] ?? 0], key: c.key };
      });
      points.forEach(p => cells.add(facet + '\u0000' + p.value[0] + '\u0000' + p.value[1]));
      const instance = chart(div, {
        title: facet ? { text: facet, left: 'center', textStyle: { fontSize: 12, fontWeight: 'normal' } } : undefined,
        tooltip: { className: 'tiebreak-tip',
          formatter: p => cellText(byKey.get(p.data.key), heat.outcome).map(esc).join('<br>') },
        grid: { left: rowLabel, right: 20, top: facet ? 46 : 26, bottom: longest > 6 ? 70 : 30 },
        xAxis: { type: 'category', data: colValues, name: colAxis ? colAxis.name : '', nameLocation: 'center',
          nameGap: longest > 6 ? 55 : 22, axisLabel: { rotate: longest > 6 ? 35 : 0, interval: 0, fontSize: 11 } },
        yAxis: { type: 'category', data: rowValues, name: rowAxis ? rowAxis.name : '', nameLocation: 'end',
          axisLabel: { interval: 0, fontSize: 11, width: rowLabel - 12, overflow: 'truncate' } },
        visualMap: { show: false, min: 0, max: 1, inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] } },
        series: [{ type: 'heatmap', data: points,
          label: { show: cellWidth >= 34, fontSize: 10, formatter: p => Math.round(100 * p.data.value[2]) } }]
      });
      heatCharts.push(instance);
      members.forEach((c, i) => cellAt.set(c.key, { chart: instance, dataIndex: i }));
    }
    check.heatmapCells = cells.size;
  }

  // --- trajectories ---------------------------------------------------------------------------------------------
  /** Median lines with a quartile band per condition, on log10 of the values; legend toggles a condition. */
  function bands(id, field, yName) {
    const quartiles = t => t.steps.map((s, k) => [s + 1, t[field][k]]).filter(([, q]) => q.length === 3 && q[0] > 0 && q[2] > 0);
    // a curve needs a step where all three quartiles are above 0 (log scale)
    const curves = (data.trajectories || []).filter(t => quartiles(t).length);
    if (!curves.length) { hide(id); return false; }
    const series = [];
    const selected = {};
    curves.forEach((t, i) => {
      const name = shortLabel(byKey.get(t.key) || { axes: {} });
      const color = PALETTE[i % PALETTE.length];
      selected[name] = i < INITIALLY_SHOWN;
      const kept = quartiles(t);
      const lower = kept.map(([x, q]) => [x, Math.log10(q[0])]);
      const upper = kept.map(([x, q]) => [x, Math.log10(q[2])]);
      // the quartile band as one polygon: stacking would add up the x values, both axes being numeric
      series.push({ name, type: 'custom', silent: true, tooltip: { show: false }, clip: true, z: 1, data: [kept[0][0]],
        encode: { x: 0 }, itemStyle: { color },
        renderItem: (params, api) => ({ type: 'polygon', shape: {
          points: upper.concat(lower.slice().reverse()).map(p => api.coord(p)) },
          style: { fill: color, opacity: 0.14 } }) });
      series.push({ name, type: 'line', symbol: 'none', itemStyle: { color }, lineStyle: { width: 1.6, color },
        data: kept.map(([x, q]) => [x, Math.log10(q[1])]) });
    });
    chart(document.getElementById(id), {
      tooltip: { trigger: 'item', formatter: p => esc(p.seriesName) + '<br>step ' + (p.data[0] - 1) + ': '
        + num(Math.pow(10, p.data[1])) },
      legend: { type: 'scroll', orient: 'vertical', right: 0, top: 10, bottom: 10, width: 380, selected,
        textStyle: { fontSize: 11, width: 340, overflow: 'truncate' } },
      grid: { left: 70, right: 400, top: 20, bottom: 45 },
      xAxis: { type: 'log', name: 'step + 1', nameLocation: 'center', nameGap: 28 },
      yAxis: { type: 'value', name: yName + ' (log scale)', scale: true, axisLabel: { formatter: v => num(Math.pow(10, v)) } },
      series
    });
    return true;
  }

  // --- the ε law, growth, prediction, weight decay --------------------------------------------------------------
  function epsilonLaw() {
    const eps = data.epsilon;
    if (!eps || !eps.points.length) { hide('epsilon-section'); return; }
    const groups = new Map();
    eps.points.forEach(([key, x, y]) => { if (!groups.has(key)) groups.set(key, []); groups.get(key).push([x, y]); });
    const series = [];
    for (const [key, points] of groups) {
      const name = groupLabel(key);
      series.push({ name, type: 'scatter', symbolSize: 4, data: points });
      const fit = eps.fits.find(f => f[0] === key);
      if (fit) {
        const xs = points.map(p => p[0]);
        const lo = Math.min(...xs);
        const hi = Math.max(...xs);
        series.push({ name, type: 'line', symbol: 'none', data: [[lo, fit[2] + fit[1] * lo], [hi, fit[2] + fit[1] * hi]],
          tooltip: { formatter: () => esc(name) + '<br>slope ' + num(fit[1]) + ' steps per unit ln(1/ε)' } });
      }
    }
    chart(document.getElementById('epsilon-chart'), {
      title: legendTitle(eps.columns),
      tooltip: { formatter: p => esc(p.seriesName) + '<br>ln(1/ε) ' + num(p.data[0]) + ', diverge step ' + p.data[1] },
      legend: { type: 'scroll', orient: 'vertical', right: 0, top: 10, bottom: 10, width: 380,
        textStyle: { fontSize: 11, width: 340, overflow: 'truncate' } },
      grid: { left: 70, right: 400, top: 20, bottom: 45 },
      xAxis: { type: 'value', name: 'ln(1/ε)', nameLocation: 'center', nameGap: 28, scale: true },
      yAxis: { type: 'value', name: 'diverge step' },
      series
    });
  }

  function growth() {
    const rows = data.growth || [];
    if (!rows.length) { hide('growth-section'); return; }
    const element = document.getElementById('growth-chart');
    element.style.height = Math.max(260, 60 + 20 * rows.length) + 'px';
    const names = rows.map(r => shortLabel(byKey.get(r[0]) || { axes: {} }));
    chart(element, {
      tooltip: { formatter: p => esc(names[p.dataIndex]) + '<br>' + rows[p.dataIndex].slice(1, 6).map(num).join(' · ')
        + '<br>' + rows[p.dataIndex][6] + ' runs' },
      grid: { left: 420, right: 30, top: 10, bottom: 40 },
      xAxis: { type: 'value', name: 'growth rate per step', nameLocation: 'center', nameGap: 26, scale: true },
      yAxis: { type: 'category', data: names, inverse: true,
        axisLabel: { fontSize: 11, width: 400, overflow: 'truncate', interval: 0 } },
      series: [{ type: 'boxplot', data: rows.map(r => r.slice(1, 6)) }]
    });
  }

  function predicted() {
    const rows = data.predicted || [];
    if (!rows.length) { hide('predicted-section'); return; }
    const groups = new Map();
    rows.forEach(([key, measured, predicted]) => {
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push([predicted, measured]);
    });
    const all = rows.flatMap(r => [r[1], r[2]]);
    const lo = Math.min(...all);
    const hi = Math.max(...all);
    // in the conditions' order, so that colours follow the other charts' legends
    const order = new Map(conds.map((c, i) => [c.key, i]));
    const series = [...groups].sort(([a], [b]) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
      .map(([key, points]) => ({ name: shortLabel(byKey.get(key) || { axes: {} }), type: 'scatter',
        symbolSize: 6, data: points }));
    series.push({ name: 'measured = predicted', type: 'line', symbol: 'none', data: [[lo, lo], [hi, hi]],
      lineStyle: { type: 'dashed', color: '#888' } });
    chart(document.getElementById('predicted-chart'), {
      tooltip: { formatter: p => esc(p.seriesName) + '<br>predicted ' + num(p.data[0]) + ', measured ' + num(p.data[1]) },
      legend: { type: 'scroll', orient: 'vertical', right: 0, top: 10, bottom: 10, width: 380,
        textStyle: { fontSize: 11, width: 340, overflow: 'truncate' } },
      grid: { left: 80, right: 400, top: 20, bottom: 45 },
      xAxis: { type: 'value', name: 'predicted growth', nameLocation: 'center', nameGap: 28, scale: true },
      yAxis: { type: 'value', name: 'measured growth', scale: true },
      series
    });
  }

  function merged() {
    const rows = data.merged ? data.merged.bins : [];
    if (!rows.length) { hide('merged-section'); return; }
    const groups = new Map();
    rows.forEach(([key, ratio, fraction, n]) => {
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push([ratio, fraction, n]);
    });
    chart(document.getElementById('merged-chart'), {
      title: legendTitle(data.merged.columns),
      tooltip: { formatter: p => esc(p.seriesName) + '<br>λ/λ* ≈ ' + num(p.data[0]) + ': ' + pct(p.data[1])
        + ' merged of ' + p.data[2] + ' runs' },
      legend: { type: 'scroll', orient: 'vertical', right: 0, top: 10, bottom: 10, width: 380,
        textStyle: { fontSize: 11, width: 340, overflow: 'truncate' } },
      grid: { left: 70, right: 400, top: 20, bottom: 45 },
      xAxis: { type: 'log', name: 'λ / λ*', nameLocation: 'center', nameGap: 28 },
      yAxis: { type: 'value', name: 'fraction merged', min: 0, max: 1 },
      series: [...groups].map(([key, points]) => ({ name: groupLabel(key), type: 'line', data: points }))
    });
  }

  // --- the summary table ----------------------------------------------------------------------------------
  function summaryTable() {
    const table = document.getElementById('summary-table');
    const hasPredicted = conds.some(c => c.median_growth_over_predicted != null);
    const columns = axes.map(a => ({ name: a.name, left: true, value: c => c.axes[a.name] }))
      .concat([{ name: 'n', value: c => c.n }])
      .concat(present.map(o => ({ name: o, value: c => c.frac[o], show: pct })))
      .concat([
        { name: 'tied 95% CI', value: c => c.tied_ci_low, show: (v, c) => pct(c.tied_ci_low) + ' – ' + pct(c.tied_ci_high) },
        { name: 'diverged 95% CI', value: c => c.diverged_ci_low,
          show: (v, c) => pct(c.diverged_ci_low) + ' – ' + pct(c.diverged_ci_high) },
        { name: 'median diverge step', value: c => c.median_diverge_step, show: num },
        { name: 'median growth', value: c => c.median_growth_rate, show: num }])
      .concat(hasPredicted ? [{ name: 'measured ÷ predicted', value: c => c.median_growth_over_predicted, show: num }] : [])
      .concat([{ name: 'mean final loss', value: c => c.mean_final_loss, show: num },
        { name: 'trace', left: true, value: c => c.example, show: v => v
          ? '<code class="trace">jobs/trace ' + esc(data.folder) + ' ' + esc(v) + '</code>' : '–', html: true }]);
    let order = { column: -1, up: true };
    const filter = document.getElementById('summary-filter');
    const render = () => {
      const text = filter.value.trim().toLowerCase();
      // the filter matches the text as the table shows it (50%, not 0.5); the trace column by its run id
      const shownText = (col, c) => String(col.show && !col.html ? col.show(col.value(c), c) : col.value(c) ?? '–');
      let rows = conds.filter(c => !text || columns.some(col => shownText(col, c).toLowerCase().includes(text)));
      if (order.column >= 0) {
        const col = columns[order.column];
        rows = rows.slice().sort((a, b) => {
          const x = col.value(a);
          const y = col.value(b);
          const cmp = typeof x === 'number' && typeof y === 'number' ? x - y
            : String(x ?? '').localeCompare(String(y ?? ''), 'en', { numeric: true });
          return order.up ? cmp : -cmp;
        });
      }
      const head = '<tr>' + columns.map((col, i) => '<th class="' + (col.left ? 'l' : '') + '" data-i="' + i + '">'
        + esc(col.name) + (order.column === i ? (order.up ? ' ▲' : ' ▼') : '') + '</th>').join('') + '</tr>';
      const body = rows.map(c => '<tr>' + columns.map(col => {
        const v = col.value(c);
        const shown = col.show ? col.show(v, c) : esc(v ?? '–');
        return '<td class="' + (col.left ? 'l' : '') + '">' + (col.html ? shown : col.show ? esc(shown) : shown) + '</td>';
      }).join('') + '</tr>').join('');
      table.innerHTML = head + body;
      document.getElementById('summary-count').textContent = rows.length + ' of ' + conds.length + ' conditions';
      table.querySelectorAll('th').forEach(th => th.addEventListener('click', () => {
        const i = Number(th.dataset.i);
        order = { column: i, up: order.column === i ? !order.up : true };
        render();
      }));
    };
    filter.addEventListener('input', render);
    render();
  }

  // --- the page ---------------------------------------------------------------------------------------------------
  /** One section's drawing: a failure is counted by the self-check and shown, and the other sections still drawn. */
  function section(name, draw) {
    try {
      return draw();
    } catch (e) {
      window.tiebreakErrors.push(name + ': ' + String(e && e.stack || e));
      const p = document.createElement('p');
      p.className = 'error';
      p.textContent = 'This part of the page could not be drawn (' + name + '): ' + e;
      document.body.insertBefore(p, document.body.firstChild);
      return null;
    }
  }
  section('overview', overview);
  section('headline', headline);
  if (conds.length) {
    section('heat maps', () => { heatControls(); heatmaps(); });
  } else {
    hide('heatmaps');
  }
  const dist = section('distance', () => bands('dist-chart', 'dist', 'dist(t) / dist(0)'));
  const loss = section('loss', () => bands('loss-chart', 'loss', 'loss'));
  if (!dist && !loss) hide('trajectories-section');
  section('epsilon law', epsilonLaw);
  section('growth', growth);
  section('predicted growth', predicted);
  section('merged', merged);
  section('summary table', summaryTable);
  window.addEventListener('resize', () => charts.forEach(c => c.resize()));

  // --- what the page's own tests read back (ReportCommandTest), at index.html#self-check ------------------------------------------------------
  /** The share of a canvas's pixels that something was drawn on (it starts transparent). */
  function inked(canvas) {
    if (!canvas || !canvas.width || !canvas.height) return 0;
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let drawn = 0;
    for (let i = 3; i < pixels.length; i += 4) {
      if (pixels[i] > 0) drawn++;
    }
    return drawn / (canvas.width * canvas.height);
  }

  /** The hover text ECharts itself shows for a condition's cell: hover it, read the tooltip, hide it. */
  function hoverText(c) {
    const at = cellAt.get(c.key);
    if (!at) return [];
    at.chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: at.dataIndex });
    const tip = at.chart.getDom().querySelector('.tiebreak-tip');
    const lines = tip ? tip.innerHTML.split(/<br\s*\/?>/).map(h => {
      const d = document.createElement('div');
      d.innerHTML = h;
      return d.textContent.trim();
    }) : [];
    at.chart.dispatchAction({ type: 'hideTip' });
    return lines;
  }

  // only when asked (index.html#self-check): it hovers a cell and reads every canvas back
  if (location.hash !== '#self-check') return;
  section('self-check', () => {
    const visible = el => el.offsetParent !== null;
    document.querySelectorAll('.chart, .chart-box').forEach(el => {
      if (visible(el)) {
        check.charts.push({ id: el.id || 'facet', inked: inked(el.querySelector('canvas')) });
      }
    });
    check.headline = Array.from(document.querySelectorAll('#headline li')).map(li => li.textContent);
    check.firstKey = conds.length ? conds[0].key : null;
    check.outcome = heat.outcome;
    check.firstCell = conds.length ? hoverText(conds[0]) : [];
    check.scrollWidth = document.documentElement.scrollWidth;
    check.tableRows = document.querySelectorAll('#summary-table tr').length - 1;
  });
  document.getElementById('tiebreak-check').textContent = JSON.stringify(check);
})();
