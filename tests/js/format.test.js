'use strict';
/* leader_routes.js: decoding what the Python side packs, geometry along a track, time and
 * number formatting, the safety helpers, leg styles and the leg popup. */
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadScripts, pythonFixture } = require('./load.js');

const { LR, helpers } = loadScripts();
const py = pythonFixture();
const KM_PER_DEGREE = 2 * Math.PI * 6371.0088 / 360;   // along the equator

function close(actual, expected, tolerance, message) {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${message || ''} ${actual} is not within ${tolerance} of ${expected}`);
}

test('decode gives back the points the Python encoder wrote, swapped characters included', () => {
  assert.ok(py.lines.some((line) => /[!()]/.test(line.encoded)), 'the fixture has swapped characters');
  for (const line of py.lines) {
    assert.deepEqual(LR.decode(line.encoded), line.decoded, line.encoded);
    assert.deepEqual(LR.decode(line.encoded), line.points, line.encoded);
  }
});

test("decode reads Google's own example, with the backtick or its stand-in", () => {
  const points = [[38.5, -120.2], [40.7, -120.95], [43.252, -126.453]];
  assert.deepEqual(LR.decode('_p~iF~ps|U_ulLnnqC_mqNvxq(@'), points);
  assert.deepEqual(LR.decode('_p~iF~ps|U_ulLnnqC_mqNvxq`@'), points);
  assert.deepEqual(LR.decode(''), []);
});

test('the three stand-in characters read as a backslash, a backtick and a brace', () => {
  assert.equal(LR.polylineValues['!'.charCodeAt(0)], '\\'.charCodeAt(0) - 63);
  assert.equal(LR.polylineValues['('.charCodeAt(0)], '`'.charCodeAt(0) - 63);
  assert.equal(LR.polylineValues[')'.charCodeAt(0)], '{'.charCodeAt(0) - 63);
  assert.equal(LR.polylineValues['?'.charCodeAt(0)], 0);
  assert.equal(LR.polylineValues['~'.charCodeAt(0)], 63);
});

test('unpack gives the values packing.py packed: nulls, units, decimals, differences, flags', () => {
  for (const [name, { column, values }] of Object.entries(py.columns)) {
    assert.deepEqual(LR.unpack(column), values, name);
  }
  // times past 2^32 ms survive (arithmetic, not 32-bit bit operations)
  assert.ok(py.columns.times_ms.values[0] > 2 ** 32);
});

test('unpack leaves plain lists and missing columns as they are; unpackColumns does every column', () => {
  const list = [1, null, 3];
  assert.equal(LR.unpack(list), list);
  assert.equal(LR.unpack(null), null);
  assert.equal(LR.unpack(undefined), undefined);
  const out = LR.unpackColumns({ flags: py.columns.flags.column, sources: [[0], []] });
  assert.deepEqual(out, { flags: [true, false, true], sources: [[0], []] });
  assert.deepEqual(LR.unpackColumns(null), {});
});

test('cumulative lengths are haversine kilometres from the first point', () => {
  const cum = LR.cumulative([[0, 0], [0, 1], [0, 3]]);
  assert.equal(cum.length, 3);
  assert.equal(cum[0], 0);
  close(cum[1], KM_PER_DEGREE, 1e-9);
  close(cum[2], 3 * KM_PER_DEGREE, 1e-9);
  close(helpers.haversineKm([0, 0], [90, 0]), KM_PER_DEGREE * 90, 1e-9, 'equator to pole');
  assert.deepEqual(LR.cumulative([[5, 5]]), [0]);
});

test('pointAtFraction goes by distance along the line and clamps the fraction', () => {
  const line = [[0, 0], [0, 1], [0, 3]], cum = LR.cumulative(line);
  const half = LR.pointAtFraction(line, cum, 0.5);    // 1.5 of 3 degrees: a quarter into the second segment
  assert.equal(half[0], 0);
  close(half[1], 1.5, 1e-12);
  assert.deepEqual(LR.pointAtFraction(line, cum, -1), [0, 0]);
  assert.deepEqual(LR.pointAtFraction(line, cum, 7), [0, 3]);
  assert.equal(LR.pointAtFraction([], [], 0.5), null);
  // one point, or a line of no length: that point, as a copy the caller may change
  const still = [[5, 6], [5, 6]], at = LR.pointAtFraction(still, LR.cumulative(still), 0.5);
  assert.deepEqual(at, [5, 6]);
  assert.notEqual(at, still[0]);
});

test("positionAt agrees with the Python twin (routes/geometry/position.py) along a real track", () => {
  const { line, depart, arrive, cases } = py.position, cum = LR.cumulative(line);
  assert.ok(cases.some((c) => c.at === null) && cases.some((c) => c.at !== null));
  for (const { t, at } of cases) {
    const js = LR.positionAt(line, cum, depart, arrive, t);
    if (at === null) { assert.equal(js, null, `t=${t}`); continue; }
    close(js[0], at[0], 1e-9, `lat at t=${t}`);
    close(js[1], at[1], 1e-9, `lon at t=${t}`);
  }
});

test('positionAt: unknown times mean not travelling; a leg of no duration is at its end', () => {
  const line = [[0, 0], [0, 10]], cum = LR.cumulative(line);
  assert.equal(LR.positionAt(line, cum, null, 100, 50), null);
  assert.equal(LR.positionAt(line, cum, 0, null, 50), null);
  assert.deepEqual(LR.positionAt(line, cum, 100, 100, 100), [0, 10]);
  assert.deepEqual(LR.positionAt(line, cum, 0, 100, 25), [0, 2.5]);
});

test('formatWhen writes local time as given, at the precision given', () => {
  assert.equal(LR.formatWhen('2019-01-07', 'day'), '7 Jan 2019');
  assert.equal(LR.formatWhen('2019-02-23T17:00+09:00', 'minute'), '23 Feb 2019 17:00 (UTC+09:00)');
  assert.equal(LR.formatWhen('2019-02-23T17:00:30Z', 'second'), '23 Feb 2019 17:00:30 (UTC)');
  assert.equal(LR.formatWhen('2019-02-23T17:00:30Z', 'minute'), '23 Feb 2019 17:00 (UTC)');
  assert.equal(LR.formatWhen('2019-02-23 17:05', 'minute'), '23 Feb 2019 17:05');
  assert.equal(LR.formatWhen('2019-12-31T23:59', 'day'), '31 Dec 2019');
  assert.equal(LR.formatWhen('2019-12-31T23:59', undefined), '31 Dec 2019 23:59');
});

test('formatWhen returns text it cannot read as it is, without bidi controls', () => {
  assert.equal(LR.formatWhen('2019-02', 'month'), '2019-02');
  assert.equal(LR.formatWhen('early March', ''), 'early March');
  assert.equal(LR.formatWhen('\u202e2019-01-07\u202c', 'day'), '7 Jan 2019');
  assert.equal(LR.formatWhen(null, 'day'), '');
});

test('formatUtc writes epoch milliseconds as a UTC day, with the time when asked', () => {
  const t = Date.UTC(2019, 1, 27, 9, 5, 59);
  assert.equal(LR.formatUtc(t, false), '27 Feb 2019');
  assert.equal(LR.formatUtc(t, true), '27 Feb 2019 09:05 UTC');
  assert.equal(LR.formatUtc(0, true), '1 Jan 1970 00:00 UTC');
  assert.equal(LR.formatUtc(-1, true), '31 Dec 1969 23:59 UTC');
});

test('formatHours: minutes under an hour, hours and minutes under two days, then days', () => {
  assert.equal(LR.formatHours(0.5), '30 min');
  assert.equal(LR.formatHours(1.5), '1 h 30 min');
  assert.equal(LR.formatHours(2), '2 h');
  assert.equal(LR.formatHours(1.999), '2 h');            // 59.94 minutes round up into the hour
  assert.equal(LR.formatHours(47.5), '47 h 30 min');
  assert.equal(LR.formatHours(50), '2 d 2 h');
  assert.equal(LR.formatHours(24 * 9 + 0.4), '9 d 0 h');
  // rounding carries into the next unit instead of showing 60 minutes or 24 hours
  assert.equal(LR.formatHours(0.999), '1 h');
  assert.equal(LR.formatHours(47.999), '2 d 0 h');
  assert.equal(LR.formatHours(71.9), '3 d 0 h');
  for (const nothing of [null, undefined, NaN, Infinity]) assert.equal(LR.formatHours(nothing), '');
});

test('formatNumber rounds and groups thousands; nothing for no number', () => {
  assert.equal(helpers.formatNumber(1234.56, 'km'), '1,235 km');
  assert.equal(helpers.formatNumber(0.4, 'km/h'), '0 km/h');
  assert.equal(helpers.formatNumber(null, 'km'), '');
  assert.equal(helpers.formatNumber(NaN, 'km'), '');
});

test('clean and escapeHtml: bidi controls dropped, markup characters as entities', () => {
  assert.equal(LR.clean('a\u200eb\u202ec\u2066d\u2069'), 'abcd');
  assert.equal(LR.clean(0), '0');
  assert.equal(LR.clean(null), '');
  assert.equal(LR.escapeHtml('<b a="1">&\'`{x}</b>'),
               '&#60;b a=&#34;1&#34;&#62;&#38;&#39;&#96;&#123;x&#125;&#60;/b&#62;');
  assert.equal(LR.escapeHtml('Kim \u202eJong'), 'Kim Jong');
});

test('safeUrl keeps http(s) addresses only, whatever came before', () => {
  assert.equal(LR.safeUrl('  https://example.org/a?b=1#c '), 'https://example.org/a?b=1#c');
  assert.equal(LR.safeUrl('HTTP://EXAMPLE.ORG'), 'HTTP://EXAMPLE.ORG');
  for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'ftp://example.org', 'https://', '//example.org',
                     'https://exa mple.org', 'https://example.org/"onmouseover=x', 'https://example.org/<script>',
                     'https://example.org/\u0007', 42, null]) {
    assert.equal(LR.safeUrl(bad), null, String(bad));
  }
  // the bidi test is a global regular expression: its state must not leak from one call to the next
  for (let i = 0; i < 3; i++) assert.equal(LR.safeUrl('https://example.org/\u202egnp.exe'), null, `call ${i + 1}`);
  assert.equal(LR.safeUrl('https://example.org/ok'), 'https://example.org/ok');
});

test('legStyle gives what routes/mapview/style.py leg_style gives, for every mode and state', () => {
  assert.equal(py.legStyles.length, (Object.keys(py.styles.modes).length + 1) * 6);
  for (const { mode, approximate, selected, style } of py.legStyles) {
    assert.deepEqual(LR.legStyle(py.styles, mode, '#0072B2', approximate, selected), style,
                     `${mode} approximate=${approximate} selected=${selected}`);
  }
});

test('legPopup puts every text in as text, leaves out empty rows and links only http(s) sources', () => {
  const popup = LR.legPopup({
    origin: 'Pyongyang', destination: 'Dong Dang', leader: 'Kim Jong Un', trip: '2019-02 Hanoi summit',
    approximate: true, depart: '2019-02-23T17:00+09:00', depart_precision: 'minute', arrive: '',
    mode: 'train', vehicle: 'armoured train', corridor: '', distance_km: 1234.4, duration_h: 65.5,
    speed_kmh: null, notes: '<img src=x onerror=alert(1)>', sources: ['https://example.org/a', 'javascript:alert(1)'],
    leg_id: 'Kim Jong Un|2019-02 Hanoi summit|1',
  });
  const byClass = (name) => popup.findAll((n) => n.className === name);
  assert.equal(byClass('lr-title')[0].textContent, 'Pyongyang \u2192 Dong Dang');
  assert.equal(byClass('lr-sub')[0].textContent, 'Kim Jong Un \u00b7 2019-02 Hanoi summit');
  assert.equal(byClass('lr-approx').length, 1);
  const rows = popup.findAll((n) => n.tagName === 'tr').map((tr) => [tr.childNodes[0].textContent, tr.childNodes[1].textContent]);
  assert.deepEqual(rows, [
    ['Departs', '23 Feb 2019 17:00 (UTC+09:00)'], ['Arrives', 'unknown'], ['Mode', 'train \u2014 armoured train'],
    ['Distance', '1,234 km'], ['Duration', '2 d 18 h'], ['Notes', '<img src=x onerror=alert(1)>'],
    ['Sources', 'https://example.org/a; javascript:alert(1)'],
  ]);
  assert.equal(popup.findAll((n) => n.tagName === 'img').length, 0);
  const links = popup.findAll((n) => n.tagName === 'a');
  assert.equal(links.length, 1);
  assert.equal(links[0].href, 'https://example.org/a');
  assert.equal(links[0].rel, 'noopener noreferrer');
  assert.equal(byClass('lr-leg-id')[0].textContent, LR.LEG_ID_LABEL + 'Kim Jong Un|2019-02 Hanoi summit|1');
});
