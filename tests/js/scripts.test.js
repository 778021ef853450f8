'use strict';
/* The scripts stay classic browser scripts: every one is in the page's load order, none uses
 * module syntax, and run as the page runs them (one shared global, no `module`) they build
 * LeaderRoutes without touching Node's module system. */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { loadScripts, scriptOrder, STATIC } = require('./load.js');

/* The standalone page's unpacker, which that page runs before the others (standalone.py). */
function unpacker() {
  const source = fs.readFileSync(path.join(STATIC, '..', 'standalone.py'), 'utf8');
  return /^UNPACKER = "([^"]+\.js)"/m.exec(source)[1];
}

test("every script in static/ is in plugin.py's load order, once (or is the standalone page's unpacker)", () => {
  const onDisk = fs.readdirSync(STATIC).filter((name) => name.endsWith('.js')).sort();
  const order = scriptOrder();
  assert.deepEqual([...order, unpacker()].sort(), onDisk);
  assert.equal(new Set(order).size, order.length);
  assert.equal(order[0], 'leader_routes.js');     // the helpers every other part uses
});

test('no script uses import or export (a classic <script> could not run it)', () => {
  for (const name of scriptOrder()) {
    const source = fs.readFileSync(path.join(STATIC, name), 'utf8');
    assert.doesNotMatch(source, /^\s*(import|export)\b/m, name);
    assert.doesNotThrow(() => new vm.Script(source, { filename: name }), name);
  }
});

test('run as classic scripts in one global without `module`, they build the same LeaderRoutes', () => {
  const { LR: loaded, L, document } = loadScripts();
  const page = { L, document, Node: globalThis.Node, performance: { now: () => 0 } };
  page.window = page;
  vm.createContext(page);
  for (const name of scriptOrder()) {
    vm.runInContext(fs.readFileSync(path.join(STATIC, name), 'utf8'), page, { filename: name });
  }
  assert.equal(typeof page.module, 'undefined');
  const LR = page.LeaderRoutes;
  assert.deepEqual(Object.keys(LR).sort(), Object.keys(loaded).sort());
  for (const name of ['mountBase', 'mountRoutes', 'decode', 'unpack', 'whereAt', 'LinesLayer', 'Routes', 'MapBase']) {
    assert.equal(typeof LR[name], 'function', name);
  }
  assert.equal(typeof LR.Routes.prototype.play, 'function');            // the timeline's part
  assert.equal(typeof LR.MapBase.prototype.findPlaces, 'function');     // the search's part
  // (arrays made in the page's context: compared by value)
  assert.equal(JSON.stringify(LR.decode('_p~iF~ps|U_ulLnnqC')), JSON.stringify(loaded.decode('_p~iF~ps|U_ulLnnqC')));
  assert.equal(LR.formatWhen('2019-01-07', 'day'), '7 Jan 2019');
});
