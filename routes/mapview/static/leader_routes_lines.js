/* Leader Routes map plugin, part 1b: many lines as ONE canvas layer, from flat arrays.
 *
 * Why: at 10,000 legs an L.polyline holds an L.LatLng and an L.Point object per vertex
 * (hundreds of thousands), and the garbage collector and Leaflet's projection took most
 * of the first paint. Here a bucket's lines live in typed arrays: decoded straight from
 * the encoded polylines, projected with one multiply-add per coordinate, stroked as one
 * canvas path, and hit-tested by a nearest-segment search (so click and hover still name
 * the leg under the pointer).
 *
 *   var lines = LR.decodeLines(['_p~iF~ps|U_ulLnnqC', …]);   // {coords, starts, count}
 *   var layer = new LR.LinesLayer(lines, {color: …, weight: …, renderer: aCanvas});
 *   layer.setOrder([2, 0, 1]).setShown(2);                   // draw lines 2 and 0
 *   layer.legAt(layerPoint)  -> index of the line under the point, or null
 *   new LR.LinesLayer(LR.geoJSONRings(land), {fill: true, closed: true, …})   // polygons
 */
(function () {
  'use strict';
  var LR = window.LeaderRoutes;
  var MIN_PICK_PIXELS = 4;       // thin lines are still easy to hover and click
  var MAX_LATITUDE = 85.0511287798;
  var RAD = Math.PI / 180;

  /* Google encoded polylines (at scale: 1e5 by default, 5 decimals) -> one Float64Array of
   * lat, lon pairs; line i is points starts[i] .. starts[i + 1] - 1. Longitudes stay continuous. */
  LR.decodeLines = function (encodedLines, scale) {
    var count = encodedLines.length, capacity = 0, i;
    scale = scale || 1e5;
    // every coordinate takes at least one character: an upper bound on the values
    for (i = 0; i < count; i++) capacity += (encodedLines[i] || '').length;
    var coords = new Float64Array(capacity), starts = new Int32Array(count + 1), at = 0;
    for (i = 0; i < count; i++) {
      starts[i] = at >> 1;
      at = decodeInto(encodedLines[i] || '', coords, at, scale);
    }
    starts[count] = at >> 1;
    return { coords: coords.subarray(0, at), starts: starts, count: count };
  };

  function decodeInto(encoded, out, at, scale) {
    var VALUES = LR.polylineValues, index = 0, lat = 0, lon = 0, length = encoded.length;
    while (index < length) {
      var shift = 0, result = 0, byte;
      do { byte = VALUES[encoded.charCodeAt(index++)]; result |= (byte & 0x1f) << shift; shift += 5; }
      while (byte >= 0x20);
      lat += (result & 1) ? ~(result >> 1) : (result >> 1);
      shift = 0; result = 0;
      do { byte = VALUES[encoded.charCodeAt(index++)]; result |= (byte & 0x1f) << shift; shift += 5; }
      while (byte >= 0x20);
      lon += (result & 1) ? ~(result >> 1) : (result >> 1);
      out[at++] = lat / scale;
      out[at++] = lon / scale;
    }
    return at;
  }

  /* Flat lines (as geoJSONRings gives them) once for each world copy k, at longitude
   * + 360·k: routes keep longitudes continuous across the date line (Beijing →
   * Washington runs 116° → 283°), so the land under them is drawn more than once. */
  LR.worldCopies = function (lines, copies) {
    var n = lines.starts[lines.count], count = lines.count * copies.length;
    var coords = new Float64Array(2 * n * copies.length), starts = new Int32Array(count + 1);
    copies.forEach(function (k, c) {
      for (var i = 0; i < 2 * n; i += 2) {
        coords[2 * n * c + i] = lines.coords[i];
        coords[2 * n * c + i + 1] = lines.coords[i + 1] + 360 * k;
      }
      for (var r = 0; r < lines.count; r++) starts[c * lines.count + r] = lines.starts[r] + c * n;
    });
    starts[count] = n * copies.length;
    return { coords: coords, starts: starts, count: count };
  };

  /* The rings of GeoJSON polygons (a Feature, FeatureCollection or geometry) in the
   * same flat form, for filled shapes such as the offline basemap's land. */
  LR.geoJSONRings = function (geojson) {
    var rings = [], total = 0;
    function polygon(coordinates) { coordinates.forEach(function (ring) { rings.push(ring); total += ring.length; }); }
    function geometry(g) {
      if (!g) return;
      if (g.type === 'Polygon') polygon(g.coordinates);
      else if (g.type === 'MultiPolygon') g.coordinates.forEach(polygon);
      else if (g.type === 'GeometryCollection') g.geometries.forEach(geometry);
    }
    function any(o) {
      if (o && o.type === 'FeatureCollection') o.features.forEach(any);
      else if (o && o.type === 'Feature') geometry(o.geometry);
      else geometry(o);
    }
    any(geojson);
    var coords = new Float64Array(2 * total), starts = new Int32Array(rings.length + 1), at = 0;
    rings.forEach(function (ring, i) {
      starts[i] = at >> 1;
      for (var j = 0; j < ring.length; j++) { coords[at++] = ring[j][1]; coords[at++] = ring[j][0]; }
    });
    starts[rings.length] = at >> 1;
    return { coords: coords, starts: starts, count: rings.length };
  };

  /* Line i of decoded lines as [[lat, lon], …] (what the timeline and popups use). */
  LR.lineLatLngs = function (lines, i) {
    var out = [], coords = lines.coords;
    for (var k = lines.starts[i]; k < lines.starts[i + 1]; k++) out.push([coords[2 * k], coords[2 * k + 1]]);
    return out;
  };

  /* Web Mercator at zoom 0 with a 1-pixel world (Leaflet's EPSG:3857 without the scale):
   * a layer point is then world * crs.scale(zoom) - pixelOrigin. */
  function worldPoints(coords, crs) {
    var out = new Float64Array(coords.length), i;
    if (crs === L.CRS.EPSG3857) {
      for (i = 0; i < coords.length; i += 2) {
        var lat = Math.max(Math.min(MAX_LATITUDE, coords[i]), -MAX_LATITUDE), sin = Math.sin(lat * RAD);
        out[i] = 0.5 + coords[i + 1] / 360;
        out[i + 1] = 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
      }
      return out;
    }
    var unit = crs.scale(0);     // any other CRS: Leaflet's own projection, point by point
    for (i = 0; i < coords.length; i += 2) {
      var p = crs.latLngToPoint(L.latLng(coords[i], coords[i + 1]), 0);
      out[i] = p.x / unit;
      out[i + 1] = p.y / unit;
    }
    return out;
  }

  function segmentDistance2(px, py, ax, ay, bx, by) {
    var dx = bx - ax, dy = by - ay, t = 0, length2 = dx * dx + dy * dy;
    if (length2 > 0) t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
    var x = ax + t * dx - px, y = ay + t * dy - py;
    return x * x + y * y;
  }

  LR.LinesLayer = L.Path.extend({
    // closed: each line is a ring (closed, filled when fill is true), e.g. land
    options: { fill: false, closed: false, smoothFactor: 1 },

    initialize: function (lines, options) {
      L.setOptions(this, options);
      this._lines = lines;
      this._lineOrder = null;          // drawing order of line indices (null: 0 .. count-1)
      this._shown = lines.count;   // how many of the order are drawn
      var coords = lines.coords, south = Infinity, west = Infinity, north = -Infinity, east = -Infinity;
      for (var i = 0; i < coords.length; i += 2) {
        if (coords[i] < south) south = coords[i];
        if (coords[i] > north) north = coords[i];
        if (coords[i + 1] < west) west = coords[i + 1];
        if (coords[i + 1] > east) east = coords[i + 1];
      }
      this._latLngBounds = coords.length ? L.latLngBounds([south, west], [north, east]) : L.latLngBounds([]);
    },

    getBounds: function () { return this._latLngBounds; },
    getCenter: function () { return this._latLngBounds.getCenter(); },

    setOrder: function (order) { this._lineOrder = order; return this._redrawLines(); },
    setShown: function (count) {
      if (count !== this._shown) { this._shown = count; this._redrawLines(); }
      return this;
    },
    shownCount: function () { return this._shown; },
    lineAt: function (position) { return this._lineOrder ? this._lineOrder[position] : position; },

    _redrawLines: function () {
      // the projection does not change: only the canvas needs painting again
      if (this._map && this._renderer) this._renderer._requestRedraw(this);
      return this;
    },

    /* Layer points of every vertex and box of every line, for the current zoom. */
    _project: function () {
      var map = this._map, lines = this._lines, count = lines.count;
      // shared by every layer drawing these lines (a casing, the minimap's land)
      if (!lines.world || lines.worldCrs !== map.options.crs) {
        lines.world = worldPoints(lines.coords, map.options.crs);
        lines.worldCrs = map.options.crs;
      }
      var world = lines.world, scale = map.options.crs.scale(map.getZoom()), origin = map.getPixelOrigin();
      var points = this._points = this._points || new Float64Array(world.length);
      var boxes = this._boxes = this._boxes || new Float64Array(4 * count);
      var ox = origin.x, oy = origin.y, minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (var i = 0; i < count; i++) {
        var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
        for (var k = 2 * lines.starts[i]; k < 2 * lines.starts[i + 1]; k += 2) {
          var x = world[k] * scale - ox, y = world[k + 1] * scale - oy;
          points[k] = x; points[k + 1] = y;
          if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
        }
        boxes[4 * i] = x0; boxes[4 * i + 1] = y0; boxes[4 * i + 2] = x1; boxes[4 * i + 3] = y1;
        if (x0 < minX) minX = x0; if (y0 < minY) minY = y0; if (x1 > maxX) maxX = x1; if (y1 > maxY) maxY = y1;
      }
      var pad = this._clickTolerance();
      this._pxBounds = isFinite(minX) ? L.bounds([minX - pad, minY - pad], [maxX + pad, maxY + pad]) : null;
    },

    _update: function () {
      if (this._map) this._updatePath();
    },

    _updateBounds: function () {
      if (this._map) this._project();
    },

    /* Called by the canvas renderer inside its draw pass: one path for every shown line
     * in view; vertices closer than smoothFactor pixels to the last one drawn are skipped
     * (Leaflet's polylines simplify the same way). */
    _updatePath: function () {
      var renderer = this._renderer;
      if (!renderer._drawing || !this._points) return;
      var ctx = renderer._ctx, view = renderer._bounds, points = this._points, boxes = this._boxes;
      var starts = this._lines.starts, order = this._lineOrder, tolerance = this.options.smoothFactor;
      var pad = (this.options.weight || 0) + 1, closed = !!this.options.closed;
      var left = view.min.x - pad, top = view.min.y - pad, right = view.max.x + pad, bottom = view.max.y + pad;
      var drawn = 0;
      ctx.beginPath();
      for (var position = 0; position < this._shown; position++) {
        var i = order ? order[position] : position, b = 4 * i;
        if (boxes[b] > right || boxes[b + 2] < left || boxes[b + 1] > bottom || boxes[b + 3] < top) continue;
        var k = 2 * starts[i], end = 2 * starts[i + 1];
        if (k >= end) continue;
        var lastX = points[k], lastY = points[k + 1];
        ctx.moveTo(lastX, lastY);
        for (k += 2; k < end; k += 2) {
          var x = points[k], y = points[k + 1];
          if (k + 2 < end && Math.abs(x - lastX) + Math.abs(y - lastY) < tolerance) continue;
          ctx.lineTo(x, y);
          lastX = x; lastY = y;
        }
        if (closed) ctx.closePath();
        drawn++;
      }
      if (drawn) renderer._fillStroke(ctx, this);
    },

    /* The shown line nearest to a layer point within the click tolerance, or null;
     * among equals the one drawn last (on top). */
    legAt: function (point) {
      if (!this._points || !this._map) return null;
      var tolerance = Math.max(this._clickTolerance(), MIN_PICK_PIXELS), best = null;
      var bestDistance = tolerance * tolerance, px = point.x, py = point.y;
      var points = this._points, boxes = this._boxes, starts = this._lines.starts, order = this._lineOrder;
      for (var position = 0; position < this._shown; position++) {
        var i = order ? order[position] : position, b = 4 * i;
        if (px < boxes[b] - tolerance || px > boxes[b + 2] + tolerance ||
            py < boxes[b + 1] - tolerance || py > boxes[b + 3] + tolerance) continue;
        var k = 2 * starts[i], end = 2 * starts[i + 1];
        if (end - k === 2) {
          var d0 = (points[k] - px) * (points[k] - px) + (points[k + 1] - py) * (points[k + 1] - py);
          if (d0 <= bestDistance) { bestDistance = d0; best = i; }
          continue;
        }
        for (k += 2; k < end; k += 2) {
          var d = segmentDistance2(px, py, points[k - 2], points[k - 1], points[k], points[k + 1]);
          if (d <= bestDistance) { bestDistance = d; best = i; }
        }
      }
      return best;
    },

    _containsPoint: function (point) {
      this._hit = this.legAt(point);
      return this._hit !== null;
    }
  });

  // In Node (tests/js) the same functions, for unit tests; a classic script in the page has no `module`.
  if (typeof module === 'object' && module.exports) {
    module.exports = { LeaderRoutes: LR, worldPoints: worldPoints, segmentDistance2: segmentDistance2 };
  }
})();
