/* Leader Routes map plugin, part 2: legs, buckets of legs, stops (drawn by part 3).
 *
 * Speed (10,000 legs): a group's legs of one style are ONE LinesLayer (part 1b) on a
 * canvas renderer: decoded into typed arrays, with one tooltip and one popup handler that
 * find the leg under the pointer when needed; popups are built on click; a leg's
 * [[lat, lon], …] and lengths (for the timeline) are made when first needed.
 */
(function () {
  'use strict';
  var LR = window.LeaderRoutes;
  var el = LR.el;
  var TEXT_FIELDS = ['leg_id', 'trip', 'mode', 'origin', 'destination', 'depart', 'arrive', 'depart_precision',
                     'arrive_precision', 'corridor', 'vehicle', 'notes', 'confidence', 'depart_zone',
                     'arrive_zone'];
  var LARGE_MAP_WEIGHT = 1;     // line width when the map has too many legs for patterns

  /* ---------- one leg: a row of its group's columns, decoded on demand ---------- */
  function Leg(group, row) {
    this.group = group;
    this.row = row;
    this._latlngs = null;
    this._cum = null;
    this._props = null;
  }
  Object.defineProperties(Leg.prototype, {
    id: { get: function () { return LR.legId(this.group, this.row); } },
    departMs: { get: function () { return this.group.columns.depart_ms[this.row]; } },
    arriveMs: { get: function () { return this.group.columns.arrive_ms[this.row]; } },
    latlngs: { get: function () {
      if (!this._latlngs) {
        this._latlngs = this.bucket && this.bucket.lines ? LR.lineLatLngs(this.bucket.lines, this.index)
          : LR.decode(this.group.columns.line[this.row] || '', lineScale(this.group));
      }
      return this._latlngs;
    } },
    cum: { get: function () {
      if (!this._cum) this._cum = LR.cumulative(this.latlngs);
      return this._cum;
    } },
    props: { get: function () {
      if (!this._props) this._props = legProps(this.group, this.row);
      return this._props;
    } },
    /* The shape older callers used: {layers: [{openPopup, openTooltip}]}. */
    item: { get: function () {
      var leg = this, routes = this.group.routes;
      return { from: leg.departMs, shown: routes.isShown(leg),
               layers: [{ openPopup: function () { routes.openLegPopup(leg); },
                          openTooltip: function () { routes.openLegTooltip(leg); } }] };
    } }
  });

  /* The scale the group's lines were encoded at (routes/mapview/columns.py, line_decimals). */
  function lineScale(group) {
    return (group.routes && group.routes.config && group.routes.config.lineScale) || 1e5;
  }

  /* A leg's id: its own column when the data has one, else "leader|trip|seq" as the itinerary
     makes them (the page data leaves such ids out: routes/mapview/columns.py). */
  LR.legId = function (group, row) {
    var columns = group.columns, strings = group.strings;
    if (columns.leg_id) return strings[columns.leg_id[row]];
    var trip = columns.trip ? strings[columns.trip[row]] : group.trip;
    var seq = columns.seq ? columns.seq[row] : null;
    return group.leader + '|' + (trip || '') + '|' + (seq === null || seq === undefined ? '' : seq);
  };

  /* How many legs a group's columns hold. */
  LR.rowCount = function (columns) {
    var names = Object.keys(columns);
    return names.length ? columns[names[0]].length : 0;
  };

  function legProps(group, row) {
    var columns = group.columns, strings = group.strings, p = {};
    Object.keys(columns).forEach(function (name) { p[name] = columns[name][row]; });
    TEXT_FIELDS.forEach(function (name) { if (name in p) p[name] = strings[p[name]]; });
    // "source": one string index per leg (null: none), sent when no leg cites more than one
    if ('source' in p) { p.sources = p.source === null || p.source === undefined ? [] : [p.source]; delete p.source; }
    p.sources = (p.sources || []).map(function (index) { return strings[index]; });
    ['depart', 'arrive'].forEach(function (side) {   // a time's text, written again (columns.py)
      if (!((side + '_zone') in p)) return;
      p[side] = LR.timeText(p[side + '_ms'], p[side + '_offset'], p[side + '_precision'], p[side + '_zone']);
      delete p[side + '_zone'];
      delete p[side + '_offset'];
    });
    p.leader = group.leader;
    p.trip = p.trip || group.trip;
    p.leg_id = LR.legId(group, row);
    return p;
  }

  /* Columns (text as string-table indices) -> one plain object per leg. */
  LR.columnsToLegs = function (columns, strings) {
    var count = LR.rowCount(columns), out = [];
    var group = { columns: columns, strings: strings, leader: '', trip: '' };
    for (var i = 0; i < count; i++) out.push(legProps(group, i));
    return out;
  };

  function casingStyle(styles, mode, approximate) {
    var base = styles.modes[mode] || styles.unknown;
    if (!base.casing) return null;
    var weight = base.weight * (approximate ? styles.approximateWeight : 1);
    return { color: '#ffffff', weight: Math.round(Math.max(weight - 2, 1) * 100) / 100, opacity: 0.9,
             dashArray: base.casing, lineCap: 'butt', interactive: false };
  }

  /* ---------- a bucket: the legs of one group drawn in one style, as one multi-line ---------- */
  function Bucket(routes, group, mode, approximate) {
    this.routes = routes;
    this.group = group;
    this.legs = [];          // in drawing order; sorted by departure once the timeline is used
    this.shown = 0;          // legs[0 .. shown-1] are on the map
    this.style = LR.legStyle(routes.styles, mode, group.colour, approximate, group.selected);
    this.casing = casingStyle(routes.styles, mode, approximate);
    if (routes.config.patterns === false) {
      // thousands of dashed lines take seconds to stroke; the notice says to filter
      this.style.dashArray = null;
      this.casing = null;
      // round joins and caps cost the canvas most of its stroking time at this density
      this.style.lineJoin = 'bevel';
      this.style.lineCap = 'butt';
      // and wide strokes the rest: 1-pixel lines take the canvas's hairline path (about
      // 6x faster to rasterise 10,000 legs) and read better where thousands cross;
      // the selected trip keeps its width so it still stands out
      if (group.selected !== true) this.style.weight = LARGE_MAP_WEIGHT;
    }
  }

  /* Decode the bucket's lines and make its layers (the line, and its casing if any). */
  Bucket.prototype.draw = function (renderer) {
    var group = this.group, t0 = LR.now();
    this.lines = LR.decodeLines(this.legs.map(function (leg) { return group.columns.line[leg.row]; }),
                                lineScale(group));
    LR.spent('routes: decode lines', t0);
    this.legs.forEach(function (leg, i) { leg.index = i; leg.position = i; });
    this.byIndex = this.legs.slice();        // line index -> leg, whatever the drawing order
    this.shown = this.legs.length;
    this.layer = new LR.LinesLayer(this.lines, L.extend({ renderer: renderer }, this.style));
    if (this.casing) this.casingLayer = new LR.LinesLayer(this.lines, L.extend({ renderer: renderer }, this.casing));
    this.wire();
    return this.casingLayer ? [this.layer, this.casingLayer] : [this.layer];
  };

  /* One tooltip and one popup for the whole bucket; the leg is found from the pointer. */
  Bucket.prototype.wire = function () {
    var self = this, layer = this.layer;
    // registered before bindPopup, so the popup opens with this leg's content
    layer.on('click', function (e) {
      var leg = self.legAt(e.layerPoint);
      if (leg) layer.setPopupContent(LR.legPopup(leg.props));
    });
    layer.bindPopup(el('div', 'lr-popup'), { maxWidth: 340 });
    layer.bindTooltip(el('span'), { sticky: true });
    layer.on('mouseover mousemove', function (e) {
      var leg = self.legAt(e.layerPoint);
      if (leg && leg !== self.hovered) {
        self.hovered = leg;
        layer.setTooltipContent(legTooltip(leg.props));
      }
    });
  };

  function legTooltip(p) {
    var tip = el('span');
    tip.appendChild(el('bdi', null, p.origin));
    tip.appendChild(document.createTextNode(' \u2192 '));
    tip.appendChild(el('bdi', null, p.destination));
    return tip;
  }

  /* The shown leg under a layer point (within the line's pick distance), or null. */
  Bucket.prototype.legAt = function (point) {
    var index = this.layer.legAt(point);
    return index === null ? null : this.byIndex[index];
  };

  /* Draw the legs in the order of this.legs (the timeline sorts them by departure). */
  Bucket.prototype.reorder = function () {
    var order = new Int32Array(this.legs.length);
    this.legs.forEach(function (leg, position) { order[position] = leg.index; leg.position = position; });
    this.layer.setOrder(order);
    if (this.casingLayer) this.casingLayer.setOrder(order);
  };

  /* Show the first `count` legs (the timeline keeps legs sorted by departure). */
  Bucket.prototype.showFirst = function (count) {
    if (count === this.shown) return;
    this.shown = count;
    this.layer.setShown(count);
    if (this.casingLayer) this.casingLayer.setShown(count);
    if (this.arrowLayer) this.updateArrows();
  };

  Bucket.prototype.updateArrows = function () {
    var map = this.routes.map, rings = [];
    for (var i = 0; i < this.shown; i++) {
      var chevron = arrowLatLngs(map, this.legs[i]);
      if (chevron) rings.push(chevron);
    }
    this.arrowLayer.setLatLngs(rings);
  };

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

  /* ---------- stops: one feature group per group, one tooltip/popup handler ---------- */
  function stopLayer(group, colour) {
    var markers = (group.stops || []).map(function (s) {
      s.leader = group.leader; s.trip = group.trip;
      var marker = new LR.ShapeMarker([s.lat, s.lon], {   // the leader's mark: its second cue after colour
        radius: s.radius, color: '#ffffff', weight: 1.5, fillColor: colour, fillOpacity: 0.85, mark: group.mark });
      marker.lrStop = s;
      return marker;
    });
    var layer = L.featureGroup(markers);
    layer.bindTooltip(function (marker) { return el('bdi', null, marker.lrStop.name); });
    layer.bindPopup(function (marker) { return LR.stopPopup(marker.lrStop); });
    layer.markers = markers;
    layer.shown = markers.length;
    return layer;
  }

  LR.Leg = Leg;
  LR.Bucket = Bucket;
  LR.stopLayer = stopLayer;
  LR.arrowLatLngs = arrowLatLngs;

  // In Node (tests/js) the same functions, for unit tests; a classic script in the page has no `module`.
  if (typeof module === 'object' && module.exports) module.exports = { LeaderRoutes: LR, casingStyle: casingStyle };
})();
