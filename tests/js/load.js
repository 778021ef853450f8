'use strict';
/* The page's scripts (routes/mapview/static/*.js) loaded into Node as the page loads them: in
 * the order routes/mapview/plugin.py gives (SCRIPTS), each adding to one window.LeaderRoutes.
 * They are classic browser scripts; here `window` is Node's global object, and Leaflet (`L`)
 * and the DOM (`document`) are small stand-ins: just what the scripts use when they load, what
 * their pure parts (decoding, time, layout maths, search, hit-testing) touch, and text-only DOM
 * nodes whose textContent a test can read. Each test file runs in a process of its own
 * (node --test), so every file gets fresh scripts.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const STATIC = path.join(ROOT, 'routes', 'mapview', 'static');

/* The load order, read from plugin.py (so a script added there is loaded here too). */
function scriptOrder() {
  const source = fs.readFileSync(path.join(ROOT, 'routes', 'mapview', 'plugin.py'), 'utf8');
  const tuple = /^SCRIPTS = \(([^)]*)\)/m.exec(source);
  if (!tuple) throw new Error('SCRIPTS not found in routes/mapview/plugin.py');
  return [...tuple[1].matchAll(/"([^"]+\.js)"/g)].map((m) => m[1]);
}

/* ---------- a text-only DOM ---------- */
class Node {
  constructor(tag, text) {
    this.tagName = tag;
    this.childNodes = [];
    this.attributes = {};
    this.className = '';
    this._text = text === undefined ? '' : String(text);
  }
  appendChild(child) { this.childNodes.push(child); return child; }
  removeChild(child) { this.childNodes.splice(this.childNodes.indexOf(child), 1); return child; }
  get firstChild() { return this.childNodes[0] || null; }
  get textContent() { return this._text + this.childNodes.map((c) => c.textContent).join(''); }
  set textContent(value) { this.childNodes = []; this._text = String(value); }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  getAttribute(name) { return name in this.attributes ? this.attributes[name] : null; }
  addEventListener() {}
  /* Every node below this one (depth first) that passes `test`. */
  findAll(test) {
    const out = [];
    for (const child of this.childNodes) {
      if (test(child)) out.push(child);
      out.push(...child.findAll(test));
    }
    return out;
  }
}

const fakeDocument = {
  createElement: (tag) => new Node(tag),
  createElementNS: (ns, tag) => new Node(tag),
  createTextNode: (text) => new Node('#text', text),
};

/* ---------- a Leaflet stand-in ---------- */
function fakeLeaflet() {
  function extend(Base, props) {
    function Class() { if (this.initialize) this.initialize.apply(this, arguments); }
    Class.prototype = Object.create(Base.prototype);
    Object.assign(Class.prototype, props);
    Class.prototype.options = Object.assign({}, Base.prototype.options, props.options);
    Class.prototype.constructor = Class;
    Class.extend = (more) => extend(Class, more);
    return Class;
  }
  function Base() {}
  Base.prototype.options = {};
  const Class = { extend: (props) => extend(Base, props) };
  const Path = Class.extend({
    options: { stroke: true, weight: 3 },
    // Leaflet's: half the line's width plus the renderer's tolerance (0 here)
    _clickTolerance() { return (this.options.stroke ? this.options.weight / 2 : 0); },
  });
  const CircleMarker = Path.extend({ _updatePath() { this.drawnAsCircle = true; } });
  function latLngBounds(southWest, northEast) {
    if (!northEast) return { empty: true, getCenter: () => null };
    return { south: southWest[0], west: southWest[1], north: northEast[0], east: northEast[1],
             getCenter: () => ({ lat: (southWest[0] + northEast[0]) / 2, lng: (southWest[1] + northEast[1]) / 2 }) };
  }
  return {
    Class, Path, CircleMarker,
    Canvas: function Canvas() {},
    Control: Class.extend({}),
    CRS: { EPSG3857: { scale: (zoom) => 256 * Math.pow(2, zoom) } },
    extend: Object.assign,
    setOptions(obj, options) {
      obj.options = Object.assign(Object.create(obj.options || {}), options);
      return obj.options;
    },
    latLng: (lat, lng) => ({ lat, lng }),
    latLngBounds,
    point: (x, y) => ({ x, y }),
    bounds: (min, max) => ({ min: { x: min[0], y: min[1] }, max: { x: max[0], y: max[1] } }),
  };
}

/* Load every script; returns LeaderRoutes and the private helpers each script exports. */
function loadScripts() {
  globalThis.window = globalThis;
  globalThis.document = fakeDocument;
  globalThis.Node = Node;
  globalThis.L = fakeLeaflet();
  const helpers = {};
  for (const name of scriptOrder()) Object.assign(helpers, require(path.join(STATIC, name)));
  return { LR: globalThis.LeaderRoutes, helpers, L: globalThis.L, document: fakeDocument };
}

/* What the Python side wrote (tests/js/fixtures/generate.py). */
function pythonFixture() {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'python.json'), 'utf8'));
}

module.exports = { loadScripts, pythonFixture, scriptOrder, STATIC };
