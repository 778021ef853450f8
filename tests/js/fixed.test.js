'use strict';
/* leader_routes_fixed.js: the standalone page's fixed part, packed by Python's zlib (raw
 * DEFLATE, as routes/mapview/standalone.py writes it; Node's zlib here), unpacked with the
 * real tiny-inflate from node_modules, then run in order. */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const zlib = require('node:zlib');
const { STATIC } = require('./load.js');

const inflate = require(path.resolve(__dirname, '..', '..', 'node_modules', 'tiny-inflate'));

function loadUnpacker() {
  const root = { atob: (text) => Buffer.from(text, 'base64').toString('latin1') };
  vm.runInNewContext(fs.readFileSync(path.join(STATIC, 'leader_routes_fixed.js'), 'utf8'),
                     { window: root, Uint8Array, TextDecoder, JSON });
  return root.LeaderRoutesFixed;
}

function packed(parts) {
  const text = Buffer.from(JSON.stringify(parts), 'utf8');
  const stream = zlib.deflateRawSync(text, { level: 9 });
  return { text: stream.toString('base64'), packed: stream.length, size: text.length };
}

test('unpack gives back the styles and scripts, non-ASCII text intact', () => {
  const parts = { css: ['.a{color:red}'], js: ['var x = "Pyongyang · 평양 · København";', 'x += "!";'] };
  const { text, packed: length, size } = packed(parts);
  assert.deepEqual(loadUnpacker().unpack(text, length, size, inflate), parts);
});

test('run adds styles first, then each script in order as an element of its own', () => {
  const added = [];
  const doc = { head: { appendChild: (node) => added.push(node) },
                createElement: (tag) => ({ tag }) };
  loadUnpacker().run({ css: ['.a{}', '.b{}'], js: ['first()', 'second()'] }, doc);
  assert.deepEqual(added.map((node) => [node.tag, node.textContent || node.text]),
                   [['style', '.a{}'], ['style', '.b{}'], ['script', 'first()'], ['script', 'second()']]);
});

test('a stream cut short is refused before inflating (tiny-inflate would read past its end)', () => {
  const { text, packed: length, size } = packed({ css: [], js: ['var big = "' + 'x'.repeat(5000) + '";'] });
  assert.throws(() => loadUnpacker().unpack(text.slice(0, 20), length, size, inflate), /cut short/);
});
