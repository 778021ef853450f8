'use strict';
/* leader_routes_lines.js: many lines in flat arrays, their projection, hit-testing and drawing. */
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadScripts, pythonFixture } = require('./load.js');

const { LR, helpers, L } = loadScripts();
const py = pythonFixture();

/* A flat CRS for hit-testing in round numbers: at zoom 0 a point is (lon, lat) pixels. */
const FLAT = {
  scale: (zoom) => Math.pow(2, zoom),
  latLngToPoint: (ll, zoom) => ({ x: ll.lng * Math.pow(2, zoom), y: ll.lat * Math.pow(2, zoom) }),
};

function projected(latlngLines, options, zoom) {
  const encoded = latlngLines.map((line) => line.map(([lat, lon]) => [lat, lon]));
  const lines = LR.decodeLines(encoded.map(encode));
  const layer = new LR.LinesLayer(lines, Object.assign({ weight: 3 }, options));
  layer._map = { options: { crs: FLAT }, getZoom: () => zoom || 0, getPixelOrigin: () => ({ x: 0, y: 0 }) };
  layer._project();
  return layer;
}

/* Google's encoding, written out here so that layers can be made from any points. */
function encode(points) {
  let out = '', lat = 0, lon = 0;
  function number(value) {
    let v = value < 0 ? ~(value << 1) : value << 1, text = '';
    while (v >= 0x20) { text += String.fromCharCode((0x20 | (v & 0x1f)) + 63); v >>= 5; }
    return text + String.fromCharCode(v + 63);
  }
  for (const [a, b] of points) {
    const y = Math.round(a * 1e5), x = Math.round(b * 1e5);
    out += number(y - lat) + number(x - lon);
    lat = y; lon = x;
  }
  return out;
}

test('decodeLines holds every line flat, each as LR.decode reads it', () => {
  const encoded = py.lines.map((line) => line.encoded);
  const lines = LR.decodeLines(encoded);
  assert.equal(lines.count, encoded.length);
  const total = py.lines.reduce((sum, line) => sum + line.points.length, 0);
  assert.equal(lines.starts[lines.count], total);
  assert.equal(lines.coords.length, 2 * total);
  py.lines.forEach((line, i) => assert.deepEqual(LR.lineLatLngs(lines, i), line.points, line.encoded));
});

test('decodeLines: a missing line is a line of no points, and the others keep their places', () => {
  const lines = LR.decodeLines([null, '_p~iF~ps|U', '', undefined, '??']);
  assert.deepEqual(Array.from(lines.starts), [0, 0, 1, 1, 1, 2]);
  assert.deepEqual(LR.lineLatLngs(lines, 1), [[38.5, -120.2]]);
  assert.deepEqual(LR.lineLatLngs(lines, 4), [[0, 0]]);
  assert.deepEqual(LR.lineLatLngs(lines, 0), []);
});

test('geoJSONRings takes the rings of any polygon, as lat/lon, and nothing else', () => {
  const square = [[0, 0], [10, 0], [10, 10], [0, 0]], hole = [[2, 2], [3, 2], [3, 3], [2, 2]];
  const rings = LR.geoJSONRings({ type: 'FeatureCollection', features: [
    { type: 'Feature', geometry: { type: 'Polygon', coordinates: [square, hole] } },
    { type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: [[[[100, 1], [101, 1], [101, 2]]], [square]] } },
    { type: 'Feature', geometry: { type: 'Point', coordinates: [5, 5] } },
    { type: 'Feature', geometry: null },
    { type: 'Feature', geometry: { type: 'GeometryCollection', geometries: [{ type: 'Polygon', coordinates: [hole] }] } },
  ] });
  assert.equal(rings.count, 5);
  assert.deepEqual(Array.from(rings.starts), [0, 4, 8, 11, 15, 19]);
  assert.deepEqual(LR.lineLatLngs(rings, 2), [[1, 100], [1, 101], [2, 101]]);
  assert.deepEqual(LR.geoJSONRings({ type: 'Polygon', coordinates: [hole] }).count, 1);
});

test('worldCopies repeats every ring once per copy, 360 degrees of longitude apart', () => {
  const rings = LR.geoJSONRings({ type: 'Polygon', coordinates: [[[10, 1], [20, 2], [30, 3]], [[40, 4], [50, 5]]] });
  const copies = LR.worldCopies(rings, [-1, 0, 1]);
  assert.equal(copies.count, 6);
  assert.deepEqual(Array.from(copies.starts), [0, 3, 5, 8, 10, 13, 15]);
  assert.deepEqual(LR.lineLatLngs(copies, 0), [[1, -350], [2, -340], [3, -330]]);
  assert.deepEqual(LR.lineLatLngs(copies, 3), [[4, 40], [5, 50]]);
  assert.deepEqual(LR.lineLatLngs(copies, 5), [[4, 400], [5, 410]]);
});

test('Web Mercator world points: the map is one unit wide, longitudes stay continuous, poles clamp', () => {
  const world = helpers.worldPoints(new Float64Array([0, 0, 0, 180, 0, -180, 0, 540, 85.0511287798, 0, -90, 0]),
                                    L.CRS.EPSG3857);
  assert.deepEqual(Array.from(world.slice(0, 8)), [0.5, 0.5, 1, 0.5, 0, 0.5, 2, 0.5]);
  assert.ok(Math.abs(world[9]) < 1e-9, `north edge at ${world[9]}`);
  assert.ok(Math.abs(world[11] - 1) < 1e-9, `south pole clamped to the south edge, at ${world[11]}`);
});

test('segmentDistance2 is the squared distance to the nearest point of the segment', () => {
  assert.equal(helpers.segmentDistance2(1, 1, 0, 0, 2, 0), 1);
  assert.equal(helpers.segmentDistance2(5, 0, 0, 0, 2, 0), 9);      // past the end: to the end
  assert.equal(helpers.segmentDistance2(-3, 4, 0, 0, 2, 0), 25);    // before the start: to the start
  assert.equal(helpers.segmentDistance2(3, 4, 0, 0, 0, 0), 25);     // a segment of no length: a point
});

test('a lines layer knows its bounds and, once projected, its pixel box padded by the click tolerance', () => {
  const layer = projected([[[0, 0], [0, 100]], [[10, 0], [10, 100]]]);
  const bounds = layer.getBounds();
  assert.deepEqual([bounds.south, bounds.west, bounds.north, bounds.east], [0, 0, 10, 100]);
  assert.deepEqual(bounds.getCenter(), { lat: 5, lng: 50 });
  assert.deepEqual(layer._pxBounds, { min: { x: -1.5, y: -1.5 }, max: { x: 101.5, y: 11.5 } });
  const zoomed = projected([[[0, 0], [0, 100]]], {}, 2);
  assert.deepEqual(Array.from(zoomed._points), [0, 0, 400, 0]);   // x, y of each vertex, 4 px a degree
});

test('legAt finds the nearest shown line within the pick distance (at least 4 px)', () => {
  const layer = projected([[[0, 0], [0, 100]], [[10, 0], [10, 100]], [[2, 50]]]);
  assert.equal(layer.legAt({ x: 30, y: 1 }), 0);
  assert.equal(layer.legAt({ x: 30, y: 8 }), 1);
  assert.equal(layer.legAt({ x: 30, y: 5 }), null);       // 5 px from both
  assert.equal(layer.legAt({ x: 50, y: 2.5 }), 2);        // the one-point line is nearer than line 0
  assert.equal(layer.legAt({ x: 103.9, y: 0 }), 0);       // just past the end
  assert.equal(layer.legAt({ x: 150, y: 0 }), null);
  const unplaced = new LR.LinesLayer(LR.decodeLines(['_p~iF~ps|U']), {});
  assert.equal(unplaced.legAt({ x: 0, y: 0 }), null);     // not on a map yet
});

test('legAt: among lines at the same distance the one drawn last wins; hidden lines are never hit', () => {
  const layer = projected([[[0, 0], [0, 100]], [[0, 0], [0, 100]]]);
  assert.equal(layer.legAt({ x: 30, y: 1 }), 1);
  layer.setOrder([1, 0]);
  assert.equal(layer.legAt({ x: 30, y: 1 }), 0);
  assert.equal(layer.lineAt(0), 1);
  layer.setShown(1);
  assert.equal(layer.shownCount(), 1);
  assert.equal(layer.legAt({ x: 30, y: 1 }), 1);
  layer.setShown(0);
  assert.equal(layer.legAt({ x: 30, y: 1 }), null);
});

test('one path for the shown lines in view, vertices closer than smoothFactor skipped', () => {
  const layer = projected([[[1, 0], [1, 0.3], [1, 0.6], [1, 50]], [[1, 200], [1, 300]], [[5, 10], [5, 20], [5, 20.4]]]);
  const calls = [], redraws = [];
  const ctx = new Proxy({}, { get: (_, name) => (...args) => calls.push([name, ...args]) });
  layer._renderer = { _drawing: true, _ctx: ctx, _bounds: { min: { x: -5, y: -5 }, max: { x: 60, y: 20 } },
                      _fillStroke: (c, l) => calls.push(['fillStroke', l === layer]),
                      _requestRedraw: (l) => redraws.push(l) };
  layer._updatePath();
  assert.deepEqual(calls, [['beginPath'], ['moveTo', 0, 1], ['lineTo', 50, 1], ['moveTo', 10, 5], ['lineTo', 20, 5],
                           ['lineTo', 20.4, 5],   // a line's last vertex is always drawn
                           ['fillStroke', true]]);
  calls.length = 0;
  layer.setShown(1);
  layer.setShown(1);                    // no change: no second redraw
  assert.equal(redraws.length, 1);
  layer.options.closed = true;
  layer._updatePath();
  assert.deepEqual(calls, [['beginPath'], ['moveTo', 0, 1], ['lineTo', 50, 1], ['closePath'], ['fillStroke', true]]);
  calls.length = 0;
  layer.setShown(0);
  layer._updatePath();
  assert.deepEqual(calls, [['beginPath']]);   // nothing drawn, nothing stroked
});
