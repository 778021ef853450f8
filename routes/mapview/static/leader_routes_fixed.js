/* The standalone page's fixed part (routes/mapview/standalone.py): the scripts, styles, offline
 * land and place names every page carries whatever its legs, as one raw-DEFLATE stream in
 * base64, unpacked in the page's head before the map's own script runs.
 *
 * Synchronous on purpose (tiny-inflate, not the browser's asynchronous DecompressionStream):
 * the scripts then run in their order while the page is parsed, as separate tags would, and
 * the map's script at the end of the body finds Leaflet and the plugins ready.
 */
(function (root) {
  'use strict';

  /* base64 text of a raw-DEFLATE stream of `packed` bytes, `size` bytes unpacked →
   * {css: [text], js: [text]}. A stream of another length is refused before inflating: a
   * cut stream would send tiny-inflate reading past its end for ever. */
  function unpack(text, packed, size, inflate) {
    var binary = root.atob(text), bytes = new Uint8Array(binary.length);
    if (binary.length !== packed) throw new Error('the page is damaged: its scripts are cut short');
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    var out = inflate(bytes, new Uint8Array(size));
    return JSON.parse(new TextDecoder('utf-8').decode(out));
  }

  /* Styles, then scripts, each as an element of its own: an inline script added to the
   * document runs at once, so the next one sees what it defined. */
  function run(parts, doc) {
    parts.css.forEach(function (css) {
      var style = doc.createElement('style');
      style.textContent = css;
      doc.head.appendChild(style);
    });
    parts.js.forEach(function (js) {
      var script = doc.createElement('script');
      script.text = js;
      doc.head.appendChild(script);
    });
  }

  root.LeaderRoutesFixed = { unpack: unpack, run: run };
})(typeof window !== 'undefined' ? window : globalThis);
