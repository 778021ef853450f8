'use strict';
/* leader_routes_layers.js and leader_routes_map.js: legs from columns, a bucket's style, and
 * what the timeline shows at a moment. */
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadScripts, pythonFixture } = require('./load.js');

const { LR, helpers } = loadScripts();
const { styles } = pythonFixture();

test('columnsToLegs turns string-table indices back into text, sources included', () => {
  const strings = ['a|t|1', 'a|t|2', 'train', 'Hanoi', 'Dong Dang', 'https://example.org/x'];
  const legs = LR.columnsToLegs({ leg_id: [0, 1], mode: [2, 2], origin: [3, 4], destination: [4, 3],
                                  distance_km: [12.5, null], sources: [[5], []] }, strings);
  assert.deepEqual(legs, [
    { leg_id: 'a|t|1', mode: 'train', origin: 'Hanoi', destination: 'Dong Dang', distance_km: 12.5,
      sources: ['https://example.org/x'], leader: '', trip: '' },
    { leg_id: 'a|t|2', mode: 'train', origin: 'Dong Dang', destination: 'Hanoi', distance_km: null,
      sources: [], leader: '', trip: '' },
  ]);
  assert.deepEqual(LR.columnsToLegs({}, []), []);
});

test('a leg id is its column when sent, else leader|trip|seq (the ids the itinerary makes)', () => {
  const strings = ['custom', 'Hanoi summit', 'train'];
  const composed = { leader: 'Kim', trip: '', strings, columns: { trip: [1, 1], seq: [1, 2], mode: [2, 2] } };
  assert.equal(LR.legId(composed, 1), 'Kim|Hanoi summit|2');
  assert.equal(LR.columnsToLegs(composed.columns, strings)[0].leg_id, '|Hanoi summit|1');
  assert.equal(new LR.Leg(composed, 0).props.leg_id, 'Kim|Hanoi summit|1');
  assert.equal(new LR.Leg(composed, 0).props.trip, 'Hanoi summit');
  const sent = { leader: 'Kim', trip: 'Hanoi summit', strings, columns: { leg_id: [0], seq: [1] } };
  assert.equal(LR.legId(sent, 0), 'custom');
  assert.equal(LR.rowCount(composed.columns), 2);
  assert.equal(LR.rowCount({}), 0);
});

test('a leg reads its row when asked, and measures its line once', () => {
  const group = { leader: 'Kim', trip: 'Hanoi', strings: ['K|H|1', 'train'],
                  columns: { leg_id: [0], mode: [1], depart_ms: [100], arrive_ms: [200],
                             line: ['_p~iF~ps|U_ulLnnqC_mqNvxq(@'] } };
  const leg = new LR.Leg(group, 0);
  assert.equal(leg.id, 'K|H|1');
  assert.equal(leg.departMs, 100);
  assert.equal(leg.arriveMs, 200);
  assert.deepEqual(leg.latlngs, [[38.5, -120.2], [40.7, -120.95], [43.252, -126.453]]);
  assert.equal(leg.cum.length, 3);
  assert.equal(leg.cum, leg.cum);
  assert.equal(leg.props.mode, 'train');
  assert.equal(leg.props.leader, 'Kim');
});

test("a bucket's style is legStyle's; trains get white sleepers (a casing)", () => {
  const routes = { styles, config: {} }, group = { colour: '#123456', selected: null };
  const train = new LR.Bucket(routes, group, 'train', false);
  assert.deepEqual(train.style, LR.legStyle(styles, 'train', '#123456', false, null));
  assert.deepEqual(train.casing, { color: '#ffffff', weight: 2, opacity: 0.9, dashArray: '2 6', lineCap: 'butt',
                                   interactive: false });
  assert.equal(helpers.casingStyle(styles, 'train', true).weight, 1);   // 4 × 0.6 − 2 is under a pixel: 1
  assert.equal(new LR.Bucket(routes, group, 'flight', false).casing, null);
  assert.equal(new LR.Bucket(routes, group, 'balloon', true).style.dashArray, styles.unknown.dash_array);
});

test('a map too large for patterns draws plain hairlines, but the selected trip keeps its width', () => {
  const routes = { styles, config: { patterns: false } };
  const other = new LR.Bucket(routes, { colour: '#123456', selected: false }, 'train', false);
  assert.equal(other.style.dashArray, null);
  assert.equal(other.casing, null);
  assert.equal(other.style.weight, 1);
  assert.equal(other.style.lineJoin, 'bevel');
  assert.equal(other.style.lineCap, 'butt');
  const selected = new LR.Bucket(routes, { colour: '#123456', selected: true }, 'flight', false);
  assert.equal(selected.style.weight, styles.modes.flight.weight + styles.selectedWeightBonus);
  assert.equal(selected.style.dashArray, null);
});

test("timeRange spans every leg's departure and arrival and every stop's arrival", () => {
  const config = { groups: [
    { columns: { depart_ms: [5, null], arrive_ms: [10, 20] }, stops: [{ arrive_ms: 2 }, { arrive_ms: null }] },
    { columns: { depart_ms: [], arrive_ms: [30] } },
  ] };
  assert.deepEqual(new LR.Routes(null, { styles }, config).timeRange(), [2, 30]);
  const undated = { groups: [{ columns: { depart_ms: [null], arrive_ms: [undefined] }, stops: [] }] };
  assert.equal(new LR.Routes(null, { styles }, undated).timeRange(), null);
});

test('startedBy counts the sorted items begun by t (unknown starts count as begun)', () => {
  const items = [null, 1, 2, 2, 5], same = (x) => x;
  assert.equal(helpers.startedBy(items, 2, same), 4);
  assert.equal(helpers.startedBy(items, 1.5, same), 2);
  assert.equal(helpers.startedBy(items, 0, same), 1);
  assert.equal(helpers.startedBy(items, 10, same), 5);
  assert.equal(helpers.startedBy([], 10, same), 0);
  assert.deepEqual([5, null, 3, null, -1].sort(helpers.byBegin), [null, null, -1, 3, 5]);
  assert.equal(helpers.byBegin(4, 4), 0);
});

test('setTime sorts legs by their start once and shows those begun', () => {
  const routes = new LR.Routes(null, { styles }, { groups: [] });
  const legs = [{ departMs: 30 }, { departMs: null }, { departMs: 10 }];
  let reorders = 0, moments = [];
  const bucket = { legs, reorder: () => { reorders += 1; }, showFirst(count) { this.shown = count; } };
  routes.buckets = [bucket];
  routes.moveTravellers = () => {};
  routes.onTime = (t) => moments.push(t);
  routes.setTime(15);
  assert.deepEqual(legs.map((leg) => leg.departMs), [null, 10, 30]);
  assert.equal(bucket.shown, 2);
  routes.setTime(30);
  assert.equal(bucket.shown, 3);
  routes.setTime(-1);
  assert.equal(bucket.shown, 1);
  assert.equal(reorders, 1);
  assert.deepEqual(moments, [15, 30, -1]);
  assert.equal(routes.t, -1);
});

test('lines decode at the scale they were written at (1e4 once thinned, 1e5 by default)', () => {
  // (38.5, -120.2), (40.7, -120.95) at 4 decimals: Python's encode_flat(points, lengths, 4)
  const points = LR.decode('o}nV~sjhA_~i@vsM', 1e4);
  assert.deepEqual(points, [[38.5, -120.2], [40.7, -120.95]]);
  const flat = LR.decodeLines(['o}nV~sjhA_~i@vsM'], 1e4);
  assert.deepEqual(Array.from(flat.coords), [38.5, -120.2, 40.7, -120.95]);
  assert.deepEqual(LR.decode('_p~iF~ps|U'), [[38.5, -120.2]]);
});

test('a "source" column (one source a leg) reads as the same sources list', () => {
  const strings = ['https://example.org/x', 'train'];
  const legs = LR.columnsToLegs({ mode: [1, 1], source: [0, null] }, strings);
  assert.deepEqual(legs.map((leg) => leg.sources), [['https://example.org/x'], []]);
  assert.ok(!('source' in legs[0]));
});

test('timeText writes a time again from its instant, offset, precision and zone', () => {
  const ms = Date.UTC(2018, 5, 9, 23, 30);                       // 2018-06-10T08:30+09:00
  assert.equal(LR.timeText(ms, 540, 'minute', '+09:00'), '2018-06-10T08:30+09:00');
  assert.equal(LR.timeText(Date.UTC(2018, 2, 25), 0, 'day', ''), '2018-03-25');
  assert.equal(LR.timeText(Date.UTC(2018, 2, 1), 0, 'month', ''), '2018-03');
  assert.equal(LR.timeText(Date.UTC(2019, 1, 26, 10, 15, 30), 0, 'second', 'Z'), '2019-02-26T10:15:30Z');
  assert.equal(LR.timeText(null, null, 'day', ''), '');
  const legs = LR.columnsToLegs({ depart_ms: [ms], depart_offset: [540], depart_precision: [0], depart_zone: [1] },
                                ['minute', '+09:00']);
  assert.equal(legs[0].depart, '2018-06-10T08:30+09:00');
  assert.ok(!('depart_zone' in legs[0]) && !('depart_offset' in legs[0]));
});

test('stops sent as columns come back as one object a stop; a list stays as it is', () => {
  const stops = LR.stopRows({ columns: { name: ['Hanoi', 'Dong Dang'], lat: [21.03, 21.96], hours: [null, 2.5] } });
  assert.deepEqual(stops, [{ name: 'Hanoi', lat: 21.03, hours: null }, { name: 'Dong Dang', lat: 21.96, hours: 2.5 }]);
  assert.deepEqual(LR.stopRows([{ name: 'x' }]), [{ name: 'x' }]);
  assert.deepEqual(LR.stopRows([]), []);
  assert.deepEqual(LR.stopRows(undefined), []);
});
