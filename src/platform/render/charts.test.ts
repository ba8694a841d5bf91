import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CHART_COLOURS, dailyCountsChart, horizontalBarChart, type Bar } from './charts.ts';
import { textWidth } from './text-measure.ts';

type Element = { name: string; attributes: Record<string, string> };

function unescape(text: string): string {
  return text.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] ?? '');
}

function elements(svg: string): Element[] {
  return [...svg.matchAll(/<([a-zA-Z]+)((?:\s+[\w:-]+="[^"]*")*)\s*\/?>/g)].map((m) => ({
    name: m[1],
    attributes: Object.fromEntries([...m[2].matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1], unescape(a[2])])),
  }));
}

/** Each <text> element's lines, as drawn. */
function texts(svg: string): { attributes: string; lines: string[] }[] {
  return [...svg.matchAll(/<text([^>]*)>(.*?)<\/text>/g)].map((m) => {
    const spans = [...m[2].matchAll(/<tspan[^>]*>(.*?)<\/tspan>/g)].map((s) => unescape(s[1]));
    return { attributes: m[1], lines: spans.length ? spans : [unescape(m[2])] };
  });
}

function rects(svg: string): Element[] {
  return elements(svg).filter((e) => e.name === 'rect');
}

function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high + 0.05) / (low + 0.05);
}

const SAMPLE: Bar[] = [
  { label: 'Strongly agree', value: 47, lower: 41, upper: 52 },
  { label: 'Agree', value: 30.6, lower: 25, upper: 36 },
  { label: 'Disagree', value: null, note: 'fewer than 10 responses' },
  { label: 'Strongly disagree', value: 12 },
];

describe('horizontalBarChart', () => {
  test('is an image with a title and description that screen readers find by id', () => {
    const { svg } = horizontalBarChart({ title: 'How satisfied are families?', caption: 'Based on 345 responses', unit: 'percent', bars: SAMPLE });
    const root = elements(svg)[0];
    assert.equal(root.name, 'svg');
    assert.equal(root.attributes.role, 'img');
    assert.equal(root.attributes.width, '100%');
    assert.match(root.attributes.viewBox, /^0 0 640 \d+(\.\d+)?$/);
    const [titleId, descId] = root.attributes['aria-labelledby'].split(' ');
    assert.match(svg, new RegExp(`<title id="${titleId}">How satisfied are families\\?</title>`));
    const desc = new RegExp(`<desc id="${descId}">(.*?)</desc>`).exec(svg)?.[1] ?? '';
    assert.equal(
      desc,
      'Based on 345 responses. Strongly agree: 47% (95% interval 41% to 52%). Agree: 31% (95% interval 25% to 36%). Disagree: suppressed (fewer than 10 responses). Strongly disagree: 12%.',
    );
  });

  test('uses no style attributes, and text no smaller than 19 units in a 640-unit width', () => {
    const { svg } = horizontalBarChart({ title: 'T', unit: 'percent', bars: SAMPLE });
    assert.doesNotMatch(svg, /style=/);
    const sizes = elements(svg).flatMap((e) => (e.attributes['font-size'] ? [Number(e.attributes['font-size'])] : []));
    assert.deepEqual(sizes, [19]);
  });

  test('draws only GOV.UK colours with enough contrast against white', () => {
    assert.ok(contrast(CHART_COLOURS.bar, '#ffffff') >= 3);
    assert.ok(contrast(CHART_COLOURS.interval, '#ffffff') >= 3);
    assert.ok(contrast(CHART_COLOURS.axis, '#ffffff') >= 3);
    // The whisker crosses the bar, so it must also stand out against the bar itself.
    assert.ok(contrast(CHART_COLOURS.interval, CHART_COLOURS.bar) >= 3);
    assert.ok(contrast(CHART_COLOURS.text, '#ffffff') >= 4.5);
    assert.ok(contrast(CHART_COLOURS.secondaryText, '#ffffff') >= 4.5);
    const { svg } = horizontalBarChart({ title: 'T', caption: 'C', unit: 'percent', bars: [...SAMPLE, { label: 'N', value: 5, note: 'a note' }] });
    const used = new Set(elements(svg).flatMap((e) => [e.attributes.fill, e.attributes.stroke].filter((c) => c !== undefined)));
    const allowed = new Set<string>(Object.values(CHART_COLOURS));
    for (const colour of used) assert.ok(allowed.has(colour), `${colour} is not in the palette`);
  });

  test('escapes labels, notes, titles and captions typed by users', () => {
    const hostile = '<script>alert("x")</script> & \'quoted\' \u0007bell';
    const { svg, table } = horizontalBarChart({
      title: `</title><script>1</script>`,
      caption: hostile,
      unit: 'count',
      bars: [
        { label: hostile, value: 3, note: '<img src=x onerror=alert(1)>' },
        { label: 'x" onload="alert(1)', value: null, note: '</text><script>2</script>' },
      ],
    });
    const names = new Set(elements(svg).map((e) => e.name));
    assert.deepEqual([...names].sort(), ['desc', 'line', 'rect', 'svg', 'text', 'title', 'tspan']);
    assert.doesNotMatch(svg, /<script|<img/);
    assert.ok(!svg.includes('\u0007'), 'the control character is dropped');
    const attributeNames = new Set(elements(svg).flatMap((e) => Object.keys(e.attributes)));
    assert.deepEqual([...attributeNames].filter((n) => n.startsWith('on')), []);
    assert.match(svg, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &#39;quoted&#39;/);
    const drawn = texts(svg).flatMap((t) => t.lines).join(' ');
    assert.ok(drawn.includes('<script>alert("x")</script> & \'quoted\' bell'), 'the label reads as typed, without the control character');
    // The table holds plain text for the page's templates to escape.
    assert.equal(table.rows[0][0], hostile);
  });

  test('a suppressed figure draws no bar and says why, in the chart and the table', () => {
    const { svg, table } = horizontalBarChart({ title: 'T', unit: 'percent', bars: SAMPLE });
    assert.equal(rects(svg).length, 3);
    const drawn = texts(svg).map((t) => t.lines.join(' '));
    assert.ok(drawn.includes('Suppressed (fewer than 10 responses)'));
    assert.deepEqual(table.rows[2], ['Disagree', 'Suppressed', 'Suppressed', 'Fewer than 10 responses']);
    const bare = horizontalBarChart({ title: 'T', unit: 'count', bars: [{ label: 'A', value: null }, { label: 'B', value: 4 }] });
    assert.ok(texts(bare.svg).some((t) => t.lines.join(' ') === 'Suppressed'));
    assert.deepEqual(bare.table, { head: ['Category', 'Number'], rows: [['A', 'Suppressed'], ['B', '4']] });
  });

  test('draws each 95% interval at its bounds and lists it in the table', () => {
    const { svg, table } = horizontalBarChart({ title: 'T', unit: 'percent', bars: SAMPLE, labelHeading: 'Answer' });
    assert.deepEqual(table.head, ['Answer', 'Percentage', '95% interval', 'Note']);
    assert.deepEqual(
      table.rows.map((r) => r[2]),
      ['41% to 52%', '25% to 36%', 'Suppressed', 'Not available'],
    );
    const bars = rects(svg);
    const scale = Number(bars[0].attributes.width) / 47;
    const whiskers = elements(svg).filter((e) => e.name === 'line' && e.attributes.y1 === e.attributes.y2);
    assert.equal(whiskers.length, 2);
    const ends = whiskers.map((w) => [Number(w.attributes.x1) / scale, Number(w.attributes.x2) / scale]);
    assert.deepEqual(
      ends.map(([a, b]) => [Math.round(a * 10) / 10, Math.round(b * 10) / 10]),
      [
        [41, 52],
        [25, 36],
      ],
    );
    const plain = horizontalBarChart({ title: 'T', unit: 'percent', bars: [{ label: 'A', value: 10 }] });
    assert.deepEqual(plain.table.head, ['Category', 'Percentage']);
    assert.equal(elements(plain.svg).filter((e) => e.name === 'line' && e.attributes.y1 === e.attributes.y2).length, 0);
  });

  test('wraps long labels onto several lines, losing nothing', () => {
    const label =
      'How well did the local area partnership identify and assess the needs of your child or young person, and did you feel listened to throughout the process?';
    const word = 'Antidisestablishmentarianism'.repeat(4);
    const { svg } = horizontalBarChart({ title: 'T', unit: 'percent', bars: [{ label, value: 40 }, { label: word, value: 20 }] });
    const [first, second] = texts(svg).filter((t) => t.lines.length > 1);
    assert.ok(first.lines.length >= 2);
    assert.equal(first.lines.join(' '), label);
    assert.equal(second.lines.join(''), word);
    for (const line of [...first.lines, ...second.lines]) assert.ok(textWidth(line, 19) <= 640, `"${line}" is wider than the chart`);
    // Lines stack downwards one after another.
    const ys = [...svg.matchAll(/<tspan x="0" y="([\d.]+)">/g)].map((m) => Number(m[1]));
    assert.ok(ys.every((y, i) => i === 0 || y > ys[i - 1]));
  });

  test('writes the same figures in the chart as in the table, with bars in proportion', () => {
    const bars: Bar[] = [
      { label: 'North', value: 1250 },
      { label: 'South', value: 310, lower: 250, upper: 380 },
      { label: 'East', value: null },
      { label: 'West', value: 0 },
    ];
    const { svg, table } = horizontalBarChart({ title: 'T', unit: 'count', bars });
    const figures = texts(svg)
      .filter((t) => !t.attributes.includes('fill') && t.lines.length === 1 && /^[\d,]+%?$|^Suppressed/.test(t.lines[0]))
      .map((t) => t.lines[0]);
    assert.deepEqual(figures, ['1,250', '310', 'Suppressed', '0']);
    assert.deepEqual(
      table.rows.map((r) => r[1]),
      figures,
    );
    const widths = rects(svg).map((r) => Number(r.attributes.width));
    assert.equal(widths.length, 3);
    assert.ok(Math.abs(widths[1] / widths[0] - 310 / 1250) < 0.001);
    assert.equal(widths[2], 0);
  });

  test('shares a scale through maxValue, but never cuts a bar short', () => {
    const half = horizontalBarChart({ title: 'T', unit: 'count', bars: [{ label: 'A', value: 50 }], maxValue: 100 });
    const full = horizontalBarChart({ title: 'T', unit: 'count', bars: [{ label: 'A', value: 100 }], maxValue: 100 });
    assert.ok(Math.abs(Number(rects(half.svg)[0].attributes.width) * 2 - Number(rects(full.svg)[0].attributes.width)) < 0.01);
    const over = horizontalBarChart({ title: 'T', unit: 'count', bars: [{ label: 'A', value: 300 }, { label: 'B', value: 150 }], maxValue: 100 });
    const [a, b] = rects(over.svg).map((r) => Number(r.attributes.width));
    assert.ok(a <= 640 && Math.abs(a / b - 2) < 0.001);
  });

  test('refuses figures that cannot be drawn', () => {
    assert.throws(() => horizontalBarChart({ title: 'T', unit: 'percent', bars: [{ label: 'A', value: 101 }] }), RangeError);
    assert.throws(() => horizontalBarChart({ title: 'T', unit: 'count', bars: [{ label: 'A', value: -1 }] }), RangeError);
    assert.throws(() => horizontalBarChart({ title: 'T', unit: 'count', bars: [{ label: 'A', value: Number.NaN }] }), RangeError);
    assert.throws(() => horizontalBarChart({ title: 'T', unit: 'percent', bars: [{ label: 'A', value: 50, lower: 55, upper: 60 }] }), /within its interval/);
    assert.throws(() => horizontalBarChart({ title: 'T', unit: 'percent', bars: [{ label: 'A', value: 50, lower: 40 }] }), /both ends/);
    assert.throws(() => horizontalBarChart({ title: 'T', unit: 'percent', bars: [], id: '1 bad"id' }), TypeError);
  });

  test('gives charts with different content different ids, or the id asked for', () => {
    const a = horizontalBarChart({ title: 'A', unit: 'count', bars: [{ label: 'x', value: 1 }] });
    const b = horizontalBarChart({ title: 'B', unit: 'count', bars: [{ label: 'x', value: 1 }] });
    const idOf = (svg: string) => elements(svg)[0].attributes['aria-labelledby'];
    assert.notEqual(idOf(a.svg), idOf(b.svg));
    assert.equal(idOf(horizontalBarChart({ title: 'A', unit: 'count', bars: [], id: 'satisfaction' }).svg), 'satisfaction-title satisfaction-desc');
  });
});

describe('dailyCountsChart', () => {
  const days = [
    { date: '2026-03-02', count: 12 },
    { date: '2026-03-03', count: 30 },
    { date: '2026-03-05', count: 7 },
  ];

  test('fills missing days with 0 and lists every day in the table', () => {
    const { table } = dailyCountsChart({ title: 'Responses per day', days: [days[2], days[0], days[1]], countHeading: 'Responses' });
    assert.deepEqual(table, {
      head: ['Date', 'Responses'],
      rows: [
        ['2 March 2026', '12'],
        ['3 March 2026', '30'],
        ['4 March 2026', '0'],
        ['5 March 2026', '7'],
      ],
    });
  });

  test('draws columns in proportion, with the same figures as the table', () => {
    const { svg, table } = dailyCountsChart({ title: 'Responses per day', days });
    const heights = rects(svg).map((r) => Number(r.attributes.height));
    assert.equal(heights.length, 3, 'a day with no responses has no column');
    assert.ok(Math.abs(heights[1] / heights[0] - 30 / 12) < 0.001);
    assert.ok(Math.abs(heights[2] / heights[0] - 7 / 12) < 0.001);
    const figures = texts(svg)
      .filter((t) => t.attributes.includes('text-anchor="middle"') && /^\d+$/.test(t.lines[0]))
      .map((t) => t.lines[0]);
    assert.deepEqual(
      figures,
      table.rows.map((r) => r[1]),
    );
    const desc = /<desc[^>]*>(.*?)<\/desc>/.exec(svg)?.[1];
    assert.equal(desc, '49 in total over 4 days, from 2 March 2026 to 5 March 2026. The most in one day was 30, on 3 March 2026.');
    assert.doesNotMatch(svg, /style=/);
  });

  test('labels fewer dates when days are many, and leaves figures to the table', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10), count: i * 3 }));
    const { svg, table } = dailyCountsChart({ title: 'T', days: many });
    assert.equal(table.rows.length, 60);
    const labels = texts(svg)
      .map((t) => t.lines[0])
      .filter((l) => /^\d+ [A-Z][a-z]{2}$/.test(l));
    assert.ok(labels.length >= 4 && labels.length <= 10, `${labels.length} date labels`);
    // Weekly labels fall on Mondays: 5 January 2026 was one.
    assert.equal(labels[0], '5 Jan');
    assert.equal(rects(svg).length, 59);
    const numbers = texts(svg).filter((t) => /^\d+$/.test(t.lines[0]));
    assert.deepEqual(
      numbers.map((t) => t.lines[0]),
      ['0', '50', '100', '150', '200'],
      'only the scale is written',
    );
    assert.ok(numbers.every((t) => t.attributes.includes('text-anchor="end"')));
  });

  test('says so when there is nothing to show', () => {
    const { svg, table } = dailyCountsChart({ title: 'T', days: [] });
    assert.deepEqual(table.rows, []);
    assert.match(svg, /There are no figures to show yet\./);
  });

  test('refuses dates and counts that are not real', () => {
    assert.throws(() => dailyCountsChart({ title: 'T', days: [{ date: '2026-02-30', count: 1 }] }), /not a real date/);
    assert.throws(() => dailyCountsChart({ title: 'T', days: [{ date: '2/3/2026', count: 1 }] }), /YYYY-MM-DD/);
    assert.throws(() => dailyCountsChart({ title: 'T', days: [{ date: '2026-03-01', count: 1.5 }] }), RangeError);
    assert.throws(() => dailyCountsChart({ title: 'T', days: [days[0], days[0]] }), /more than once/);
  });
});
