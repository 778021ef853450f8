'use strict';
/* leader_routes_when.js and leader_routes_timeline.js: where a leader is at a moment (as
 * routes/view/whereabouts.py answers it), when a leg counts as begun, and the play speed. */
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadScripts, pythonFixture } = require('./load.js');

const { LR, helpers } = loadScripts();
const { styles } = pythonFixture();
const H = 3600e3, DAY = 24 * H;

/* A leg as page_data writes it: id, trip, origin, destination, mode, departure bounds, arrival
 * bounds, pace (from, until), destination lat, lon. */
function leg(id, trip, origin, destination, dep, arr, place) {
  return [id, trip, origin, destination, 'train', dep[0], dep[1], arr[0], arr[1], dep[0], arr[1],
          place[0], place[1]];
}

function person(legs) {
  const times = legs.flatMap((l) => [l[5], l[6], l[7], l[8]]).filter((v) => v !== null);
  return { leader: 'Kim', first: Math.min(...times), last: Math.max(...times), legs };
}

const TRIP = person([leg('K|a|1', 'a', 'Pyongyang', 'Dandong', [0, 0], [10 * H, 10 * H], [40.1, 124.4]),
                     leg('K|a|2', 'a', 'Dandong', 'Beijing', [20 * H, 20 * H], [30 * H, 30 * H], [39.9, 116.4])]);

test('whereAt on exact times: travelling on a leg, at a stop between legs, unknown outside the trip', () => {
  const travelling = LR.whereAt(TRIP, 5 * H);
  assert.deepEqual([travelling.status, travelling.certain, travelling.leg[0], travelling.text],
                   ['travelling', true, 'K|a|1', 'travelling Pyongyang \u2192 Dandong by train']);
  const at = LR.whereAt(TRIP, 15 * H);
  assert.deepEqual([at.status, at.certain, at.place, at.text], ['at', true, [40.1, 124.4], 'at Dandong']);
  assert.equal(LR.whereAt(TRIP, 10 * H).status, 'travelling');    // the moment of arrival is still the journey
  assert.equal(LR.whereAt(TRIP, 20 * H).status, 'at');            // the moment of departure is still the stop
  for (const t of [-1, 31 * H]) assert.deepEqual(LR.whereAt(TRIP, t), { status: 'unknown', certain: false, text: 'unknown' });
  assert.equal(LR.whereAt({ leader: 'X', first: null, last: null, legs: [] }, 0).status, 'unknown');
});

test('whereAt between trips: at the place if the next trip starts where the last ended, else unknown', () => {
  const sameplace = person([leg('K|a|1', 'a', 'Pyongyang', 'Dandong', [0, 0], [10 * H, 10 * H], [40.1, 124.4]),
                            leg('K|b|1', 'b', 'Dandong', 'Beijing', [20 * H, 20 * H], [30 * H, 30 * H], [39.9, 116.4])]);
  const between = LR.whereAt(sameplace, 15 * H);
  assert.deepEqual([between.status, between.certain, between.text], ['at', false, 'at Dandong (between trips)']);
  const elsewhere = person([leg('K|a|1', 'a', 'Pyongyang', 'Dandong', [0, 0], [10 * H, 10 * H], [40.1, 124.4]),
                            leg('K|b|1', 'b', 'Hanoi', 'Beijing', [20 * H, 20 * H], [30 * H, 30 * H], [39.9, 116.4])]);
  assert.equal(LR.whereAt(elsewhere, 15 * H).status, 'unknown');
});

test('whereAt with a vague arrival: within 36 hours a guess by the middle, beyond it "somewhere between"', () => {
  const vague = (arrHi) => person([
    leg('K|a|1', 'a', 'Pyongyang', 'Dandong', [0, 0], [10 * H, arrHi], [40.1, 124.4]),
    leg('K|a|2', 'a', 'Dandong', 'Beijing', [arrHi + 10 * H, arrHi + 10 * H], [arrHi + 20 * H, arrHi + 20 * H], [39.9, 116.4])]);
  const day = vague(30 * H);                              // arrived between 10 h and 30 h: guess by 20 h
  assert.deepEqual([LR.whereAt(day, 15 * H).status, LR.whereAt(day, 15 * H).certain], ['travelling', false]);
  assert.deepEqual([LR.whereAt(day, 25 * H).status, LR.whereAt(day, 25 * H).certain], ['at', false]);
  assert.equal(LR.whereAt(day, 5 * H).certain, true);    // before the earliest arrival: surely on the way
  const days = vague(60 * H);                             // 50 hours of doubt: no guess
  assert.deepEqual(LR.whereAt(days, 15 * H),
                   { status: 'between', certain: false, text: 'somewhere between Pyongyang and Dandong (times not reported)' });
});

function routesWith(when, drawn) {
  const routes = new LR.Routes(null, { styles }, { groups: [], when });
  routes.legs = drawn;
  return routes;
}

test('leaderPosition: along the drawn line by the pace when travelling, at the stop between legs', () => {
  const line = [[0, 0], [0, 10]];
  const routes = routesWith([TRIP], [{ id: 'K|a|1', latlngs: line, cum: LR.cumulative(line) }]);
  assert.deepEqual(routes.leaderPosition(TRIP, 5 * H), [0, 5]);
  assert.deepEqual(routes.leaderPosition(TRIP, 15 * H), [40.1, 124.4]);
  assert.equal(routes.leaderPosition(TRIP, 25 * H), null);      // the second leg is not drawn
  assert.equal(routes.leaderPosition(TRIP, -1), null);
  assert.equal(routes.legById('K|a|1').id, 'K|a|1');
  assert.equal(routes.legById('nope'), null);
  // a pace narrower than the possible times: held at its ends
  const paced = person([leg('P|a|1', 'a', 'A', 'B', [0, 0], [10 * H, 10 * H], [1, 1])]);
  paced.legs[0][9] = 2 * H; paced.legs[0][10] = 4 * H;
  const held = routesWith([paced], [{ id: 'P|a|1', latlngs: line, cum: LR.cumulative(line) }]);
  assert.deepEqual([held.leaderPosition(paced, H), held.leaderPosition(paced, 3 * H), held.leaderPosition(paced, 9 * H)],
                   [[0, 0], [0, 5], [0, 10]]);
});

test('beginOf: the earliest departure, else the earliest arrival; never begun when undated', () => {
  const when = [{ leader: 'Kim', first: 0, last: 1, legs: [
    leg('a', 't', 'A', 'B', [100, 200], [300, 400], [0, 0]),
    leg('b', 't', 'B', 'C', [null, 600], [500, 700], [0, 0]),
    leg('c', 't', 'C', 'D', [null, null], [null, null], [0, 0])] }];
  const routes = routesWith(when, []);
  assert.deepEqual(['a', 'b', 'c'].map((id) => routes.beginOf({ id, departMs: 1 })), [100, 500, Infinity]);
  assert.equal(routes.beginOf({ id: 'elsewhere', departMs: 42 }), 42);
  assert.equal(routes.beginOf({ id: 'elsewhere', departMs: null }), Infinity);
  assert.equal(routesWith(undefined, []).beginOf({ id: 'a', departMs: null }), null);   // no time model: as given
});

test('the play speed covers the whole span in about 20 seconds, within the speeds offered', () => {
  const speed = (days) => helpers.defaultSpeed([0, days * DAY]);
  assert.equal(speed(20), DAY);             // 1 day/s
  assert.equal(speed(19), 6 * H);           // just under: the next slower
  assert.equal(speed(1 / 24), H);           // an hour: the slowest there is
  assert.equal(speed(365 * 100), 365 * DAY);
  assert.equal(speed(140), 7 * DAY);
  assert.deepEqual(helpers.SPEEDS.map((s) => s[1]), [...helpers.SPEEDS.map((s) => s[1])].sort((a, b) => a - b));
});

test('whenLegs writes back the text page_data sends as indices; legs already written stay', () => {
  const sent = { leader: 'Kim', first: 0, last: 10, strings: ['K|a|1', 'a', 'Pyongyang', 'Dandong', 'train'],
                 columns: [[0], [1], [2], [3], [4], [0], [0], [10], [10], [0], [10], [40.1], [124.4]] };
  assert.deepEqual(LR.whenLegs(sent), [['K|a|1', 'a', 'Pyongyang', 'Dandong', 'train', 0, 0, 10, 10, 0, 10,
                                        40.1, 124.4]]);
  assert.equal(LR.whenLegs(TRIP), TRIP.legs);
});

test('whenLegs reads the rows from columns (packed by the map, plain lists pass as they are)', () => {
  const sent = { leader: 'Kim', first: 0, last: 10, strings: ['K|a|1', 'a', 'Pyongyang', 'Dandong', 'train'],
                 columns: [[0], [1], [2], [3], [4], [0], [0], [10], [10], [null], [null], [40.1], [124.4]] };
  assert.deepEqual(LR.whenLegs(sent), [['K|a|1', 'a', 'Pyongyang', 'Dandong', 'train', 0, 0, 10, 10, null, null,
                                        40.1, 124.4]]);
});
