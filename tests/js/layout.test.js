'use strict';
/* leader_routes_layout.js and leader_routes_find.js: fitting inside the furniture, the legend's
 * room, stop shapes, and the place search. */
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadScripts } = require('./load.js');

const { LR, helpers } = loadScripts();

function frame(width, height, fields) {
  const base = Object.create(LR.MapBase.prototype);
  return Object.assign(base, { map: { getSize: () => ({ x: width, y: height }) }, config: {} }, fields);
}

function withControls(boxes, fn) {
  const original = LR.controlBoxes;
  LR.controlBoxes = () => boxes.map((box) => Object.assign({}, box));
  try { return fn(); } finally { LR.controlBoxes = original; }
}

test('fitPadding: the control margin on a bare map; a tall zoom bar kept clear by the left, the cheapest side', () => {
  assert.deepEqual(withControls([], () => frame(800, 600).fitPadding()), { left: 10, top: 10, right: 10, bottom: 10 });
  const pad = withControls([{ left: 10, top: 10, width: 34, height: 300 }], () => frame(800, 600).fitPadding());
  assert.deepEqual(pad, { left: 54, top: 10, right: 10, bottom: 10 });
});

test('fitPadding: the play bar row first, then each box by the side that costs least more of the map', () => {
  const boxes = [{ left: 100, top: 520, width: 600, height: 30 },    // a wide box above the play bar
                 { left: 640, top: 400, width: 150, height: 150 }];  // the legend, bottom right
  const pad = withControls(boxes, () => frame(800, 600, { strip: { offsetHeight: 40 } }).fitPadding());
  // play bar: bottom 40 + 10; legend: right 160 + 10 (cheaper than raising the bottom to 210);
  // the wide box: bottom 80 + 10, only 40 px more of it
  assert.deepEqual(pad, { left: 10, top: 10, right: 170, bottom: 90 });
});

function laidOut(width, height, fields) {
  const classes = {};
  const corners = { bottomleft: { style: {} }, bottomright: { style: {}, offsetHeight: 200 },
                    topright: { offsetHeight: 100 } };
  const map = { getSize: () => ({ x: width, y: height }), _controlCorners: corners,
                getContainer: () => ({ classList: { toggle: (name, on) => { classes[name] = on; } } }) };
  const base = Object.assign(Object.create(LR.MapBase.prototype), { map, config: {}, strip: { offsetHeight: 40 },
    legendBody: { hidden: false, offsetHeight: 150, style: {} }, noticeBox: { style: {} }, legendEntries: 5 }, fields);
  base.layout();
  return { base, classes, corners };
}

test('layout on a wide map: legend open, corners above the play bar, legend and notices sized to fit', () => {
  const { base, classes, corners } = laidOut(800, 600);
  assert.deepEqual(classes, { 'lr-narrow': false, 'lr-compact': true });
  assert.equal(base.legendOpen, true);
  assert.equal(corners.bottomleft.style.bottom, '40px');
  assert.equal(corners.bottomright.style.bottom, '40px');
  // 600 high − 40 play bar − 100 top right − 50 of other controls bottom right − 2 × 10 margin
  assert.equal(base.legendBody.style.maxHeight, '390px');
  assert.equal(base.noticeBox.style.maxWidth, '672px');
  assert.equal(base.noticeBox.style.maxHeight, '150px');
});

test('layout on a narrow map: legend collapsed unless the reader opened it; never under 40 px', () => {
  const narrow = laidOut(500, 400, { legendBody: { hidden: true, offsetHeight: 0, style: {} } });
  assert.deepEqual(narrow.classes, { 'lr-narrow': true, 'lr-compact': true });
  assert.equal(narrow.base.legendOpen, false);
  assert.equal(narrow.base.legendBody.style.maxHeight, '40px');
  assert.equal(narrow.base.noticeBox.style.maxWidth, '372px');
  assert.equal(laidOut(500, 400, { legendUserSet: true, legendOpen: true }).base.legendOpen, true);
  assert.equal(laidOut(1000, 800, { legendEntries: 9 }).base.legendOpen, false);   // too many entries
  assert.deepEqual(laidOut(1000, 800).classes, { 'lr-narrow': false, 'lr-compact': false });
  assert.deepEqual(laidOut(0, 0).classes, {});                                     // not on screen yet
});

test("a stop's shape is drawn from the leader's mark", () => {
  function drawn(mark) {
    const calls = [];
    const ctx = new Proxy({}, { get: (_, name) => (...args) => calls.push([name, ...args]) });
    helpers.shapePath(ctx, mark, 100, 50, 10);
    return calls;
  }
  assert.deepEqual(drawn('square'), [['rect', 91, 41, 18, 18]]);
  assert.deepEqual(drawn('triangle').map((c) => c[0]), ['moveTo', 'lineTo', 'lineTo']);
  assert.deepEqual(drawn('diamond'), [['moveTo', 100, 37.5], ['lineTo', 112.5, 50], ['lineTo', 100, 62.5],
                                      ['lineTo', 87.5, 50]]);
  assert.deepEqual(drawn('circle'), [['arc', 100, 50, 10, 0, 2 * Math.PI, false]]);
  assert.deepEqual(drawn(undefined), drawn('circle'));
});

/* ---------- the place search ---------- */
function searchable(labels, stops) {
  const base = Object.create(LR.MapBase.prototype);
  base.config = { placeLabels: labels };
  base.routes = { config: { groups: stops.map((group) => ({ stops: group })) } };
  return base;
}

const LABELS = [['Hanoi', 21.03, 105.85, 1, 1], ['Haiphong', 20.86, 106.68, 2, 0], ['Shanghai', 31.23, 121.47, 1, 0],
                ['Beijing', 39.9, 116.4, 1, 1]];
const STOPS = [[{ name: 'Hà Nội', lat: 21.0, lon: 105.8 }, { name: 'Dong Dang', lat: 21.9, lon: 106.7 },
                { name: 'Hanoi', lat: 21.03, lon: 105.85 }, { name: 'Nowhere', lat: null, lon: null }],
               [{ name: 'Nanning', lat: 22.8, lon: 108.3 }, { name: 'Dandong', lat: 40.1, lon: 124.4 }]];

test('search folds case and accents', () => {
  assert.equal(helpers.folded('  Hà Nội '), 'ha noi');
  assert.equal(helpers.folded('ŠANGHAJ'), 'sanghaj');
  assert.equal(helpers.folded(null), '');
});

test("search: the data's places first, then the gazetteer's; names that start with the query first", () => {
  const base = searchable(LABELS, STOPS);
  const found = base.findPlaces('HA');
  assert.deepEqual(found.map((p) => [p.name, p.source]),
                   [['Hà Nội', 'data'], ['Hanoi', 'data'], ['Haiphong', 'gazetteer'], ['Shanghai', 'gazetteer']]);
  assert.deepEqual(base.findPlaces('an').map((p) => p.name), ['Dong Dang', 'Hanoi', 'Nanning', 'Dandong', 'Shanghai']);
  assert.deepEqual(base.findPlaces('dan').map((p) => p.name), ['Dandong', 'Dong Dang']);
  assert.deepEqual(found[1], { name: 'Hanoi', key: 'hanoi', lat: 21.03, lon: 105.85, source: 'data' });
  assert.deepEqual(base.findPlaces('nowhere'), []);          // a stop without coordinates is not offered
  assert.deepEqual(base.findPlaces('   '), []);
});

test('search gives at most eight places, each name once', () => {
  const labels = Array.from({ length: 12 }, (_, i) => [`Place ${i + 1}`, i, i, 1, 0]);
  const base = searchable(labels.concat([['PLACE 1', 50, 50, 1, 0]]), []);
  const found = base.findPlaces('place');
  assert.equal(found.length, 8);
  assert.deepEqual(found.map((p) => p.name).slice(0, 2), ['Place 1', 'Place 2']);
  assert.equal(base.searchPlaces().length, 12);
  assert.deepEqual(searchable([], []).findPlaces('x'), []);
});
