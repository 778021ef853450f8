/* Leader Routes map plugin: routes, stops, legend, offline basemap and a timeline.
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

  /* Google encoded polyline (precision 5) -> [[lat, lon], ...]; longitudes stay continuous. */
  LR.decode = function (encoded) {
    var points = [], index = 0, lat = 0, lon = 0;
    while (index < encoded.length) {
      var values = [0, 0];
      for (var k = 0; k < 2; k++) {
        var shift = 0, result = 0, byte;
        do {
          byte = encoded.charCodeAt(index++) - 63;
          result |= (byte & 0x1f) << shift;
          shift += 5;
        } while (byte >= 0x20);
        values[k] = (result & 1) ? ~(result >> 1) : (result >> 1);
      }
      lat += values[0]; lon += values[1];
      points.push([lat / 1e5, lon / 1e5]);
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
    if (h < 1) return Math.round(h * 60) + ' min';
    if (h < 48) {
      var whole = Math.floor(h), minutes = Math.round((h - whole) * 60);
      if (minutes === 60) { whole += 1; minutes = 0; }
      return whole + ' h' + (minutes ? ' ' + minutes + ' min' : '');
    }
    var days = Math.floor(h / 24);
    return days + ' d ' + Math.round(h - days * 24) + ' h';
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
             dashArray: base.dash_array, lineCap: mode === 'train' ? 'butt' : 'round' };
  };

  function casingStyle(styles, mode, approximate) {
    var base = styles.modes[mode] || styles.unknown;
    if (!base.casing) return null;
    var weight = base.weight * (approximate ? styles.approximateWeight : 1);
    return { color: '#ffffff', weight: Math.round(Math.max(weight - 2, 1) * 100) / 100, opacity: 0.9,
             dashArray: base.casing, lineCap: 'butt', interactive: false };
  }

  /* A chevron at the middle of the leg pointing the way of travel, sized in screen pixels. */
  function arrowLatLngs(map, leg) {
    var mid = LR.pointAtFraction(leg.latlngs, leg.cum, 0.5);
    var before = LR.pointAtFraction(leg.latlngs, leg.cum, 0.45);
    if (!mid || !before) return null;
    var zoom = map.getZoom();
    var a = map.project(L.latLng(before[0], before[1]), zoom), b = map.project(L.latLng(mid[0], mid[1]), zoom);
    var dx = b.x - a.x, dy = b.y - a.y, length = Math.sqrt(dx * dx + dy * dy);
    if (length < 1e-6) return null;
    dx /= length; dy /= length;
    var size = 7;
    function corner(sign) {
      var x = b.x - size * dx + sign * size * 0.6 * -dy, y = b.y - size * dy + sign * size * 0.6 * dx;
      return map.unproject(L.point(x, y), zoom);
    }
    return [corner(1), L.latLng(mid[0], mid[1]), corner(-1)];
  }

  var TEXT_FIELDS = ['leg_id', 'mode', 'origin', 'destination', 'depart', 'arrive', 'depart_precision',
                     'arrive_precision', 'corridor', 'vehicle', 'notes', 'confidence'];

  /* Columns (text as string-table indices) -> one plain object per leg. */
  LR.columnsToLegs = function (columns, strings) {
    var names = Object.keys(columns), count = names.length ? columns[names[0]].length : 0, legs = [];
    for (var i = 0; i < count; i++) {
      var leg = {};
      names.forEach(function (name) { leg[name] = columns[name][i]; });
      TEXT_FIELDS.forEach(function (name) { if (name in leg) leg[name] = strings[leg[name]]; });
      leg.sources = (leg.sources || []).map(function (index) { return strings[index]; });
      legs.push(leg);
    }
    return legs;
  };

  function RouteMap(map, config) {
    this.map = map;
    this.config = config;
    this.items = [];     // everything the timeline shows or hides: {from, layers, container, shown}
    this.legs = [];      // legs with geometry, for moving markers
    this.markers = {};
    this.arrows = [];
    this.t = null;
    this.playing = false;
  }

  RouteMap.prototype.addItem = function (from, layers, container) {
    var item = { from: from, layers: layers, container: container, shown: true };
    layers.forEach(function (layer) { container.addLayer(layer); });
    this.items.push(item);
    return item;
  };

  RouteMap.prototype.setShown = function (item, shown) {
    if (item.shown === shown) return;
    item.layers.forEach(function (layer) {
      if (shown) item.container.addLayer(layer); else item.container.removeLayer(layer);
    });
    item.shown = shown;
  };

  RouteMap.prototype.addGroup = function (group, container) {
    var self = this, styles = this.config.styles;
    var legs = LR.columnsToLegs(group.columns, this.config.strings);
    legs.forEach(function (p) {
      p.leader = group.leader; p.trip = group.trip;
      if (!p.line) return;
      var latlngs = LR.decode(p.line);
      var options = LR.legStyle(styles, p.mode, group.colour, !!p.approximate, group.selected);
      var line = L.polyline(latlngs, options);
      line.bindTooltip(function () {
        var tip = el('span');
        tip.appendChild(el('bdi', null, p.origin));
        tip.appendChild(document.createTextNode(' \u2192 '));
        tip.appendChild(el('bdi', null, p.destination));
        return tip;
      }, { sticky: true });
      line.bindPopup(function () { return LR.legPopup(p); }, { maxWidth: 340 });
      var layers = [line];
      var casing = casingStyle(styles, p.mode, !!p.approximate);
      if (casing) layers.push(L.polyline(latlngs, casing));
      var leg = { props: p, latlngs: latlngs, cum: LR.cumulative(latlngs), colour: group.colour,
                  container: container, id: p.leg_id };
      if (self.config.arrows) {
        var arrow = L.polyline([], { color: group.colour, weight: 2, opacity: options.opacity, interactive: false });
        leg.arrow = arrow; self.arrows.push(leg);
        layers.push(arrow);
      }
      leg.item = self.addItem(p.depart_ms, layers, container);
      self.legs.push(leg);
    });
    (group.stops || []).forEach(function (s) {
      s.leader = group.leader; s.trip = group.trip;
      var marker = L.circleMarker([s.lat, s.lon], {
        radius: s.radius, color: '#ffffff', weight: 1.5, fillColor: group.colour, fillOpacity: 0.85 });
      marker.bindTooltip(function () { return el('bdi', null, s.name); });
      marker.bindPopup(function () { return LR.stopPopup(s); });
      self.addItem(s.arrive_ms, [marker], container);
    });
  };

  RouteMap.prototype.updateArrows = function () {
    var map = this.map;
    this.arrows.forEach(function (leg) {
      var points = arrowLatLngs(map, leg);
      leg.arrow.setLatLngs(points || []);
    });
  };

  RouteMap.prototype.timeRange = function () {
    var lo = Infinity, hi = -Infinity;
    this.items.forEach(function (item) { if (item.from !== null && item.from !== undefined) lo = Math.min(lo, item.from); });
    this.legs.forEach(function (leg) {
      var p = leg.props;
      if (p.arrive_ms !== null && p.arrive_ms !== undefined) hi = Math.max(hi, p.arrive_ms);
      if (p.depart_ms !== null && p.depart_ms !== undefined) hi = Math.max(hi, p.depart_ms);
    });
    this.items.forEach(function (item) { if (item.from !== null && item.from !== undefined) hi = Math.max(hi, item.from); });
    return isFinite(lo) && isFinite(hi) ? [lo, hi] : null;
  };

  /* Show what has started by time t; put a marker where each traveller is. */
  RouteMap.prototype.setTime = function (t) {
    var self = this;
    this.t = t;
    this.items.forEach(function (item) {
      if (item.from === null || item.from === undefined) return;
      self.setShown(item, item.from <= t);
    });
    var seen = {};
    this.legs.forEach(function (leg, index) {
      var p = leg.props;
      var at = LR.positionAt(leg.latlngs, leg.cum, p.depart_ms, p.arrive_ms, t);
      if (!at || p.depart_ms === p.arrive_ms) return;
      seen[index] = true;
      var marker = self.markers[index];
      if (!marker) {
        marker = L.circleMarker(at, { radius: 6, color: '#ffffff', weight: 2, fillColor: leg.colour,
                                      fillOpacity: 1, className: 'lr-traveller' });
        marker.bindTooltip(function () { return el('bdi', null, p.leader); });
        self.markers[index] = marker;
        leg.container.addLayer(marker);
      } else {
        marker.setLatLng(at);
      }
    });
    Object.keys(this.markers).forEach(function (index) {
      if (!seen[index]) { self.legs[index].container.removeLayer(self.markers[index]); delete self.markers[index]; }
    });
    if (this.onTime) this.onTime(t);
  };

  /* Positions of the moving markers, keyed by leg_id: for tests and the app. */
  RouteMap.prototype.travellers = function () {
    var self = this, out = {};
    Object.keys(this.markers).forEach(function (index) {
      var ll = self.markers[index].getLatLng();
      out[self.legs[index].id] = [ll.lat, ll.lng];
    });
    return out;
  };

  RouteMap.prototype.play = function () {
    var self = this, range = this.timeRange();
    if (!range || this.playing) return;
    if (this.t === null || this.t >= range[1]) this.setTime(range[0]);
    this.playing = true;
    var last = null;
    function frame(now) {
      if (!self.playing) return;
      if (last !== null) {
        var t = Math.min(range[1], self.t + (now - last) / 1000 * self.speed);
        self.setTime(t);
        if (t >= range[1]) { self.pause(); return; }
      }
      last = now;
      self.raf = window.requestAnimationFrame(frame);
    }
    this.raf = window.requestAnimationFrame(frame);
    if (this.onPlayState) this.onPlayState(true);
  };

  RouteMap.prototype.pause = function () {
    this.playing = false;
    if (this.raf) window.cancelAnimationFrame(this.raf);
    if (this.onPlayState) this.onPlayState(false);
  };

  var SPEEDS = [['1 hour/s', 3600e3], ['6 hours/s', 6 * 3600e3], ['1 day/s', 86400e3],
                ['1 week/s', 7 * 86400e3], ['1 month/s', 30 * 86400e3], ['1 year/s', 365 * 86400e3]];

  function defaultSpeed(range) {
    // about 20 seconds for the whole span
    var wanted = (range[1] - range[0]) / 20, best = SPEEDS[0][1];
    SPEEDS.forEach(function (s) { if (s[1] <= wanted) best = s[1]; });
    return best;
  }

  RouteMap.prototype.addTimeline = function () {
    var self = this, range = this.timeRange();
    if (!range) return;
    this.speed = defaultSpeed(range);
    var Control = L.Control.extend({
      options: { position: 'bottomleft' },
      onAdd: function () {
        var box = el('div', 'lr-timeline leaflet-bar');
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        var button = el('button', 'lr-play', '\u25b6');
        button.type = 'button'; button.title = 'Play / pause';
        var slider = el('input', 'lr-slider');
        slider.type = 'range'; slider.min = String(range[0]); slider.max = String(range[1]);
        slider.step = String(Math.max(1, Math.round((range[1] - range[0]) / 1000)));
        slider.value = String(range[1]);
        var speed = el('select', 'lr-speed');
        SPEEDS.forEach(function (s) {
          var option = el('option', null, s[0]); option.value = String(s[1]);
          if (s[1] === self.speed) option.selected = true;
          speed.appendChild(option);
        });
        var readout = el('span', 'lr-readout', LR.formatUtc(range[1], true));
        button.addEventListener('click', function () { if (self.playing) self.pause(); else self.play(); });
        slider.addEventListener('input', function () { self.pause(); self.setTime(Number(slider.value)); });
        speed.addEventListener('change', function () { self.speed = Number(speed.value); });
        self.onTime = function (t) { slider.value = String(t); readout.textContent = LR.formatUtc(t, true); };
        self.onPlayState = function (playing) { button.textContent = playing ? '\u275a\u275a' : '\u25b6'; };
        [button, slider, speed, readout].forEach(function (node) { box.appendChild(node); });
        return box;
      }
    });
    new Control().addTo(this.map);
  };

  function swatch(colour, dash, casing, weight) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', '34'); svg.setAttribute('height', '10');
    function line(stroke, w, pattern) {
      var l = document.createElementNS(ns, 'line');
      l.setAttribute('x1', '1'); l.setAttribute('y1', '5'); l.setAttribute('x2', '33'); l.setAttribute('y2', '5');
      l.setAttribute('stroke', stroke); l.setAttribute('stroke-width', String(w));
      if (pattern) l.setAttribute('stroke-dasharray', pattern);
      svg.appendChild(l);
    }
    line(colour, weight || 4, dash);
    if (casing) line('#ffffff', Math.max((weight || 4) - 2, 1), casing);
    return svg;
  }

  RouteMap.prototype.addLegend = function () {
    var config = this.config, styles = config.styles;
    var Control = L.Control.extend({
      options: { position: 'bottomright' },
      onAdd: function () {
        var box = el('div', 'lr-legend');
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        if (config.title) box.appendChild(el('div', 'lr-legend-title', config.title));
        config.leaders.forEach(function (leader) {
          var line = el('div', 'lr-legend-row');
          line.appendChild(swatch(leader.colour, null, null, 5));
          line.appendChild(el('bdi', null, leader.name));
          box.appendChild(line);
        });
        box.appendChild(el('div', 'lr-legend-gap'));
        config.modes.forEach(function (mode) {
          var style = styles.modes[mode] || styles.unknown;
          var line = el('div', 'lr-legend-row');
          line.appendChild(swatch('#555555', style.dash_array, style.casing, style.weight));
          line.appendChild(el('span', null, style.label));
          box.appendChild(line);
        });
        if (config.hasApproximate) {
          var approx = el('div', 'lr-legend-row lr-legend-approx');
          approx.appendChild(swatch('#555555', null, null, 2));
          approx.appendChild(el('span', null, 'approximate route'));
          box.appendChild(approx);
        }
        if (config.hasStops) box.appendChild(el('div', 'lr-legend-row', '\u25cf stop: larger = longer stay'));
        if (config.arrows) box.appendChild(el('div', 'lr-legend-row', '> direction of travel'));
        return box;
      }
    });
    new Control().addTo(this.map);
  };

  RouteMap.prototype.addNotices = function (notices) {
    if (!notices || !notices.length) return;
    var Control = L.Control.extend({
      options: { position: 'topright' },
      onAdd: function () {
        var box = el('div', 'lr-notices');
        notices.forEach(function (text) { box.appendChild(el('div', null, text)); });
        return box;
      }
    });
    new Control().addTo(this.map);
  };

  var LAND = { color: '#b9b2a3', weight: 0.6, fillColor: '#f4f1ea', fillOpacity: 1, interactive: false };

  RouteMap.prototype.addBasemap = function (countries, container) {
    if (!countries || !container) return;
    var style = this.config.landStyle || LAND;
    container.addLayer(L.geoJSON(countries, { style: function () { return style; }, interactive: false }));
    if (L.Control.MiniMap && this.config.minimap) {
      var mini = L.geoJSON(countries, { style: function () { return style; }, interactive: false });
      new L.Control.MiniMap(mini, { toggleDisplay: true, position: 'bottomleft', width: 140, height: 100,
                                    zoomLevelOffset: -4, minimized: false }).addTo(this.map);
    }
  };

  /* Entry point called by the folium element: config is data only. */
  LR.mount = function (map, config, containers, basemapContainer, countries) {
    var routeMap = new RouteMap(map, config);
    LR.maps[config.id] = routeMap;
    LR.last = routeMap;
    if (config.attribution && map.attributionControl) map.attributionControl.addAttribution(config.attribution);
    routeMap.addBasemap(countries, basemapContainer);
    config.groups.forEach(function (group) {
      if (containers[group.key]) routeMap.addGroup(group, containers[group.key]);
    });
    if (config.arrows) {
      routeMap.updateArrows();
      map.on('zoomend', function () { routeMap.updateArrows(); });
    }
    routeMap.addLegend();
    routeMap.addNotices(config.notices);
    if (config.timeline) routeMap.addTimeline();
    return routeMap;
  };
})();
