/* Leader Routes map plugin, part 1: formatting, popups, styles, geometry helpers.
 * Parts 2 and 3 (leader_routes_layers.js, leader_routes_map.js) draw the map with them.
 *
 * All user text arrives as JSON data and is put on screen with textContent only;
 * nothing here builds HTML from strings. Links are made only from http(s) URLs.
 * Times are epoch milliseconds (UTC); a day-only date covers the whole day
 * (00:00 to 23:59:59 UTC, as the itinerary stage stores it).
 */
(function () {
  'use strict';
  var LR = window.LeaderRoutes = window.LeaderRoutes || {};
  LR.maps = LR.maps || {};

  var BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
  var EARTH_KM = 6371.0088;
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  LR.clean = function (value) {
    return value === null || value === undefined ? '' : String(value).replace(BIDI, '');
  };

  LR.LEG_ID_LABEL = 'leg id: ';

  /* Named moments and spans on the page's performance timeline (lr:…), read by
   * bench/bench_map.py to say where the first paint's time goes; costs microseconds. */
  var perf = window.performance && window.performance.mark ? window.performance : null;
  LR.mark = function (name) { if (perf) perf.mark('lr:' + name); };
  LR.measure = function (name, startMark) {
    if (!perf || !perf.measure) return;
    try { perf.measure('lr:' + name, 'lr:' + startMark); } catch (e) { /* mark cleared */ }
  };
  /* Milliseconds spent in work done in many small pieces (decoding, layers), summed. */
  LR.timings = {};
  LR.now = function () { return perf ? perf.now() : Date.now(); };
  LR.spent = function (name, since) { LR.timings[name] = (LR.timings[name] || 0) + LR.now() - since; };

  /* For the few places Leaflet sets innerHTML from a string (layer control names). */
  LR.escapeHtml = function (value) {
    return LR.clean(value).replace(/[&<>"'`{}]/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
  };

  LR.safeUrl = function (value) {
    if (typeof value !== 'string') return null;
    var text = value.trim();
    if (!/^https?:\/\/[^\s\/?#]+/i.test(text) || /[\s<>"'`\u0000-\u001f]/.test(text) || BIDI.test(text)) {
      BIDI.lastIndex = 0;
      return null;
    }
    return text;
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = LR.clean(text);
    return node;
  }
  LR.el = el;

  /* Polyline character -> its 6-bit value. Google's alphabet (63-126) with three
     characters swapped so lines need no escaping in a script: "!" for a backslash,
     "(" for a backtick, ")" for "{" (routes/mapview/polyline.py encodes them). */
  var POLYLINE = new Int16Array(128);
  (function () {
    for (var c = 63; c < 127; c++) POLYLINE[c] = c - 63;
    POLYLINE[33] = 92 - 63; POLYLINE[40] = 96 - 63; POLYLINE[41] = 123 - 63;
  })();
  LR.polylineValues = POLYLINE;

  /* A column packed by routes/mapview/packing.py -> its values. Each value is a varint of
     5-bit groups, low first (0x20: more follow); 0 is null, any other code zigzag + 1.
     Arithmetic, not bit operations: times in milliseconds pass 2^32. */
  LR.unpack = function (column) {
    if (!column || Array.isArray(column)) return column;
    var text = column.packed, out = [], index = 0, running = 0;
    var unit = column.unit || 1, divisor = column.divisor || 1;
    while (index < text.length) {
      var result = 0, scale = 1, byte;
      do {
        byte = POLYLINE[text.charCodeAt(index++)];
        result += (byte & 0x1f) * scale;
        scale *= 32;
      } while (byte >= 0x20);
      if (result === 0) { out.push(null); continue; }
      result -= 1;
      var value = (result % 2) ? -(result + 1) / 2 : result / 2;
      if (column.delta) { running += value; value = running; }
      value = divisor === 1 ? value * unit : value * unit / divisor;
      out.push(column.bool ? value !== 0 : value);
    }
    return out;
  };

  /* A group's stops as objects: sent as {columns: {key: [value, …]}} (payload.py,
   * stop_columns), or already a list. */
  LR.stopRows = function (stops) {
    if (!stops || Array.isArray(stops)) return stops || [];
    var columns = stops.columns || {}, keys = Object.keys(columns), out = [];
    var count = keys.length ? columns[keys[0]].length : 0;
    for (var i = 0; i < count; i++) {
      var stop = {};
      keys.forEach(function (key) { stop[key] = columns[key][i]; });
      out.push(stop);
    }
    return out;
  };

  LR.unpackColumns = function (columns) {
    var out = {};
    Object.keys(columns || {}).forEach(function (name) { out[name] = LR.unpack(columns[name]); });
    return out;
  };

  /* A time's text as the itinerary wrote it (routes/mapview/columns.py, written_times): the
   * instant plus the offset of its local time, cut at its precision, then its zone text. */
  var ISO_LENGTH = { month: 7, day: 10, minute: 16, second: 19 };
  LR.timeText = function (ms, offsetMinutes, precision, zone) {
    if (ms === null || ms === undefined || offsetMinutes === null || offsetMinutes === undefined) return '';
    var length = ISO_LENGTH[precision];
    if (!length) return '';
    return new Date(ms + offsetMinutes * 60000).toISOString().slice(0, length) + (zone || '');
  };

  /* Encoded polyline -> [[lat, lon], ...]; longitudes stay continuous. scale: 1e5 (the
   * default, 5 decimals) or the routes' config.lineScale (1e4 for thinned lines). */
  LR.decode = function (encoded, scale) {
    var points = [], index = 0, lat = 0, lon = 0;
    scale = scale || 1e5;
    while (index < encoded.length) {
      var values = [0, 0];
      for (var k = 0; k < 2; k++) {
        var shift = 0, result = 0, byte;
        do {
          byte = POLYLINE[encoded.charCodeAt(index++)];
          result |= (byte & 0x1f) << shift;
          shift += 5;
        } while (byte >= 0x20);
        values[k] = (result & 1) ? ~(result >> 1) : (result >> 1);
      }
      lat += values[0]; lon += values[1];
      points.push([lat / scale, lon / scale]);
    }
    return points;
  };

  function haversineKm(a, b) {
    var rad = Math.PI / 180;
    var dLat = (b[0] - a[0]) * rad, dLon = (b[1] - a[1]) * rad;
    var h = Math.pow(Math.sin(dLat / 2), 2) +
      Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  LR.cumulative = function (latlngs) {
    var cum = [0];
    for (var i = 1; i < latlngs.length; i++) cum.push(cum[i - 1] + haversineKm(latlngs[i - 1], latlngs[i]));
    return cum;
  };

  /* Point at a fraction (0..1) of the line's length, linear in lat/lon within a segment. */
  LR.pointAtFraction = function (latlngs, cum, fraction) {
    if (!latlngs.length) return null;
    var total = cum[cum.length - 1];
    if (latlngs.length === 1 || total === 0) return latlngs[0].slice();
    var target = Math.max(0, Math.min(1, fraction)) * total;
    for (var i = 1; i < cum.length; i++) {
      if (cum[i] >= target) {
        var span = cum[i] - cum[i - 1];
        var f = span > 0 ? (target - cum[i - 1]) / span : 0;
        return [latlngs[i - 1][0] + f * (latlngs[i][0] - latlngs[i - 1][0]),
                latlngs[i - 1][1] + f * (latlngs[i][1] - latlngs[i - 1][1])];
      }
    }
    return latlngs[latlngs.length - 1].slice();
  };

  /* Where the timetable puts the traveller at time t, or null when not travelling. */
  LR.positionAt = function (latlngs, cum, departMs, arriveMs, t) {
    if (departMs === null || arriveMs === null || t < departMs || t > arriveMs) return null;
    var fraction = arriveMs > departMs ? (t - departMs) / (arriveMs - departMs) : 1;
    return LR.pointAtFraction(latlngs, cum, fraction);
  };

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  /* Local time as written, at the precision given: '7 Jan 2019' or '23 Feb 2019 17:00 (UTC+09:00)'. */
  LR.formatWhen = function (iso, precision) {
    var text = LR.clean(iso);
    var m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
    if (!m) return text;
    var day = parseInt(m[3], 10) + ' ' + (MONTHS[parseInt(m[2], 10) - 1] || m[2]) + ' ' + m[1];
    if (precision === 'day' || m[4] === undefined) return day;
    var clock = m[4] + ':' + m[5] + (precision === 'second' && m[6] ? ':' + m[6] : '');
    var zone = m[7] === undefined ? '' : (m[7] === 'Z' ? ' (UTC)' : ' (UTC' + m[7] + ')');
    return day + ' ' + clock + zone;
  };

  LR.formatUtc = function (ms, withTime) {
    var d = new Date(ms);
    var day = d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
    return withTime ? day + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ' UTC' : day;
  };

  function formatHours(h) {
    if (h === null || h === undefined || !isFinite(h)) return '';
    // rounded once, then split: 0.999 h is "1 h", not "60 min"; 71.9 h is "3 d 0 h", not "2 d 24 h"
    var minutes = Math.round(h * 60);
    if (minutes < 60) return minutes + ' min';
    if (minutes < 48 * 60) {
      var rest = minutes % 60;
      return Math.floor(minutes / 60) + ' h' + (rest ? ' ' + rest + ' min' : '');
    }
    var hours = Math.round(h), days = Math.floor(hours / 24);
    return days + ' d ' + (hours - days * 24) + ' h';
  }
  LR.formatHours = formatHours;

  function formatNumber(x, unit) {
    if (x === null || x === undefined || !isFinite(x)) return '';
    return Math.round(x).toLocaleString('en-GB') + ' ' + unit;
  }

  function row(table, label, value) {
    if (value === null || value === undefined || value === '') return;
    var tr = el('tr');
    tr.appendChild(el('th', null, label));
    var td = el('td');
    if (value instanceof Node) td.appendChild(value); else td.appendChild(el('bdi', null, value));
    tr.appendChild(td);
    table.appendChild(tr);
  }

  function sourcesNode(sources) {
    if (!sources || !sources.length) return null;
    var box = el('span', 'lr-sources');
    sources.forEach(function (source, i) {
      if (i) box.appendChild(document.createTextNode('; '));
      var url = LR.safeUrl(source);
      if (url) {
        var a = el('a', null, url);
        a.href = url; a.target = '_blank'; a.rel = 'noopener noreferrer';
        box.appendChild(a);
      } else {
        box.appendChild(el('bdi', null, source));
      }
    });
    return box;
  }

  /* Popup of one leg, as DOM nodes (never an HTML string). */
  LR.legPopup = function (p) {
    var box = el('div', 'lr-popup');
    var title = el('div', 'lr-title');
    title.appendChild(el('bdi', null, p.origin || '?'));
    title.appendChild(document.createTextNode(' \u2192 '));
    title.appendChild(el('bdi', null, p.destination || '?'));
    box.appendChild(title);
    var sub = el('div', 'lr-sub');
    sub.appendChild(el('bdi', null, p.leader));
    sub.appendChild(document.createTextNode(' \u00b7 '));
    sub.appendChild(el('bdi', null, p.trip));
    box.appendChild(sub);
    if (p.approximate) box.appendChild(el('div', 'lr-approx', 'Approximate route'));
    var table = el('table');
    row(table, 'Departs', p.depart ? LR.formatWhen(p.depart, p.depart_precision) : 'unknown');
    row(table, 'Arrives', p.arrive ? LR.formatWhen(p.arrive, p.arrive_precision) : 'unknown');
    row(table, 'Mode', LR.clean(p.mode) + (p.vehicle ? ' \u2014 ' + LR.clean(p.vehicle) : ''));
    row(table, 'Line', p.corridor);
    row(table, 'Distance', formatNumber(p.distance_km, 'km'));
    row(table, 'Duration', formatHours(p.duration_h));
    row(table, 'Average speed', formatNumber(p.speed_kmh, 'km/h'));
    row(table, 'Notes', p.notes);
    row(table, 'Confidence', p.confidence);
    row(table, 'Sources', sourcesNode(p.sources));
    box.appendChild(table);
    // For screen readers and for the Streamlit app, which reads the clicked popup's text
    // to know which leg was picked (CSS keeps it off screen).
    if (p.leg_id) box.appendChild(el('div', 'lr-leg-id', LR.LEG_ID_LABEL + p.leg_id));
    return box;
  };

  LR.stopPopup = function (s) {
    var box = el('div', 'lr-popup');
    box.appendChild(el('div', 'lr-title', s.name));
    var sub = el('div', 'lr-sub');
    sub.appendChild(el('bdi', null, s.leader));
    sub.appendChild(document.createTextNode(' \u00b7 '));
    sub.appendChild(el('bdi', null, s.trip));
    box.appendChild(sub);
    var table = el('table');
    row(table, 'Arrived', s.arrive ? LR.formatWhen(s.arrive, s.arrive_precision) : '');
    row(table, 'Left', s.depart ? LR.formatWhen(s.depart, s.depart_precision) : '');
    row(table, 'Time there', formatHours(s.hours));
    box.appendChild(table);
    return box;
  };

  /* Same rules as routes/mapview/style.py leg_style (tested against each other). */
  LR.legStyle = function (styles, mode, colour, approximate, selected) {
    var base = styles.modes[mode] || styles.unknown;
    var weight = base.weight * (approximate ? styles.approximateWeight : 1);
    var opacity = approximate ? styles.approximateOpacity : styles.opacity;
    if (selected === true) weight += styles.selectedWeightBonus;
    else if (selected === false) opacity = Math.min(opacity, styles.dimmedOpacity);
    return { color: colour, weight: Math.round(weight * 100) / 100, opacity: opacity,
             dashArray: base.dash_array, lineCap: base.line_cap || 'round' };
  };

  // In Node (tests/js) the same functions, for unit tests; a classic script in the page has no `module`.
  if (typeof module === 'object' && module.exports) {
    module.exports = { LeaderRoutes: LR, haversineKm: haversineKm, formatNumber: formatNumber };
  }
})();
