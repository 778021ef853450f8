/* Leader Routes map plugin, part 3: the map's constant frame and its changing routes.
 *
 *   LeaderRoutes.mountBase(map, base, baseLayers, basemapLayer, countries)
 *     basemap, legend, notices, layer control, minimap: what stays while filters change;
 *   LeaderRoutes.mountRoutes(map, routes) -> [layers it added to the map]
 *     the legs and stops shown now, and the timeline; replaces the previous routes.
 * Both take data only (JSON); user text reaches the page through textContent, or through
 * LR.escapeHtml where Leaflet insists on innerHTML (layer control names).
 */
(function () {
  'use strict';
  var LR = window.LeaderRoutes, el = LR.el;
  LR.maps = LR.maps || {};

  var LAND = { color: '#b9b2a3', weight: 0.6, fillColor: '#f4f1ea', fillOpacity: 1, interactive: false };
  // the dark offline map: land light enough for the darkest route colours to stay visible
  var DARK_LAND = { color: '#7b828c', weight: 0.6, fillColor: '#4a5059', fillOpacity: 1, interactive: false };

  /* ---------- the frame ---------- */
  function MapBase(map, config) {
    this.map = map;
    this.config = config;
    this.styles = config.styles;
    this.routes = null;
  }

  /* The canvas lines and land are drawn on: the map's own when it draws on canvas. */
  MapBase.prototype.canvasRenderer = function () {
    var renderer = this.map.getRenderer({ options: {} });
    if (!(renderer instanceof L.Canvas)) renderer = this.canvas = this.canvas || L.canvas();
    return renderer;
  };

  /* Land has a canvas of its own under the routes' (the light and dark maps can be switched
   * back and forth: on the routes' canvas, land added again would be drawn over them). */
  MapBase.prototype.landRenderer = function () {
    if (!this.landCanvas) {
      this.map.createPane('lr-land').style.zIndex = 250;   // over tiles (200), under routes (400)
      this.landCanvas = L.canvas({ pane: 'lr-land' });
    }
    return this.landCanvas;
  };

  MapBase.prototype.addBasemap = function (countries, container) {
    if (!countries || !container) return;
    // flat rings on the canvas: no L.LatLng per vertex (the outlines are not interactive)
    var style = L.extend({ fill: true, closed: true, interactive: false }, this.config.landStyle || LAND);
    var rings = this.rings = LR.worldCopies(LR.geoJSONRings(countries), this.config.landCopies || [0]);
    container.addLayer(new LR.LinesLayer(rings, L.extend({ renderer: this.landRenderer() }, style)));
    if (!L.Control.MiniMap || !this.config.minimap) return;
    // canvas: an SVG path of every coastline costs the minimap hundreds of ms
    this.minimapLayer = { rings: rings, style: L.extend({ renderer: L.canvas() }, style) };
    var self = this;
    afterFirstFrame(function () {
      LR.mark('minimap-start');
      self.layout();   // the minimap is made there, when the map is large enough for it
      LR.measure('deferred: minimap', 'minimap-start');
    });
  };

  /* Run fn once the frame that draws the routes has been produced (the routes' canvas
   * redraw is queued for the next frame; the one after it comes once that is done):
   * what can wait should not delay the first paint. */
  function afterFirstFrame(fn) {
    L.Util.requestAnimFrame(function () {
      L.Util.requestAnimFrame(function () { setTimeout(fn, 0); });
    });
  }
  LR.afterFirstFrame = afterFirstFrame;

  MapBase.prototype.addLayerControl = function (baseLayers) {
    var named = {};
    Object.keys(baseLayers || {}).forEach(function (name) { named[LR.escapeHtml(name)] = baseLayers[name]; });
    this.control = L.control.layers(named, {}, { collapsed: true }).addTo(this.map);
  };

  /* The legend, the strip and the other furniture: leader_routes_layout.js. */

  /* Notices of the frame (missing assets) and of the routes (simplified lines, unplaced legs). */
  MapBase.prototype.setNotices = function (routeNotices) {
    var self = this, all = (this.config.notices || []).concat(this.lateNotices || [], routeNotices || []);
    if (this.noticeControl) { this.map.removeControl(this.noticeControl); this.noticeControl = null; }
    if (!all.length) return;
    var Control = L.Control.extend({
      options: { position: 'topright' },
      onAdd: function () {
        var box = self.noticeBox = el('div', 'lr-notices');
        L.DomEvent.disableScrollPropagation(box);
        all.forEach(function (text) { box.appendChild(el('div', null, text)); });
        return box;
      }
    });
    this.noticeControl = new Control().addTo(this.map);
    this.layout();
  };

  LR.mountBase = function (map, config, baseLayers, basemapLayer, countries) {
    LR.mark('base-start');
    var base = new MapBase(map, config);
    map._leaderRoutesBase = base;
    // The page fits the view right after this (folium's fitBounds). Animated, that zoom
    // projected and drew every route twice (at the first zoom, then again when the
    // animation ended: ~0.3 s at 10,000 legs) and showed a half-zoomed first frame; so
    // the first view lands at once, and zooming animates again after the first frame.
    var zoomAnimated = map._zoomAnimated;
    map._zoomAnimated = false;
    afterFirstFrame(function () { map._zoomAnimated = zoomAnimated; });
    map.getContainer().classList.add('lr-map');
    if (config.attribution && map.attributionControl) map.attributionControl.addAttribution(config.attribution);
    base.setupLayout();
    base.addBasemap(countries, basemapLayer);
    var dark = config.darkLabel && baseLayers ? baseLayers[config.darkLabel] : null;
    if (dark && base.rings) {
      dark.addLayer(new LR.LinesLayer(base.rings, L.extend({ renderer: base.landRenderer(), fill: true,
                                                             closed: true, interactive: false }, DARK_LAND)));
    }
    base.watchDarkLayer(dark);
    base.addPlaceLabels([basemapLayer, dark]);
    base.addSearch();
    base.addLayerControl(baseLayers);
    base.watchOnlineLayers(baseLayers, basemapLayer);
    base.addLegend();
    base.setNotices([]);
    LR.mark('base-end');
    return base;
  };

  /* ---------- the routes ---------- */
  function Routes(map, base, config) {
    this.map = map;
    this.base = base;
    this.config = config;
    this.styles = config.styles = config.styles || base.styles;
    this.legs = [];        // every leg with a line, group by group, in data order
    this.buckets = [];
    this.stopLayers = [];
    this.layers = [];      // top-level layers added to the map (removed on replacement)
    this.overlays = [];    // layers listed in the layer control
    this.markers = {};     // moving markers by leg index
    this.t = null;
    this.playing = false;
    this.sorted = false;
  }

  Routes.prototype.containers = function () {
    var map = this.map, self = this, leaders = {}, out = {};
    var subGroups = this.config.perTrip && L.featureGroup.subGroup;
    this.config.groups.forEach(function (group) {
      if (!leaders[group.leader]) {
        leaders[group.leader] = L.featureGroup().addTo(map);
        self.layers.push(leaders[group.leader]);
        self.overlay(leaders[group.leader], group.leader || '(no leader)');
      }
      var container = leaders[group.leader];
      if (subGroups) {
        container = L.featureGroup.subGroup(leaders[group.leader]).addTo(map);
        self.layers.push(container);
        self.overlay(container, (group.leader || '(no leader)') + ' \u00b7 ' + (group.trip || '(no trip)'));
      }
      out[group.key] = container;
    });
    return out;
  };

  Routes.prototype.overlay = function (layer, name) {
    if (!this.base.control) return;
    this.base.control.addOverlay(layer, LR.escapeHtml(name));
    this.overlays.push(layer);
  };

  Routes.prototype.draw = function () {
    var self = this, containers = this.containers(), strings = this.config.strings;
    var renderer = this.base.canvasRenderer();
    this.config.groups.forEach(function (group) {
      group.strings = strings;
      group.routes = self;
      var container = containers[group.key], buckets = {}, columns = group.columns;
      var count = LR.rowCount(columns);
      for (var row = 0; row < count; row++) {
        if (!columns.line[row]) continue;
        var mode = strings[columns.mode[row]], approximate = !!columns.approximate[row];
        var key = mode + (approximate ? '|a' : '');
        if (!buckets[key]) {
          buckets[key] = new LR.Bucket(self, group, mode, approximate);
          buckets[key].lrMode = mode;   // for the legend of what is shown
          self.buckets.push(buckets[key]);
        }
        var leg = new LR.Leg(group, row);
        leg.bucket = buckets[key];
        buckets[key].legs.push(leg);
        self.legs.push(leg);
      }
      Object.keys(buckets).forEach(function (key) {
        buckets[key].container = container;
        var layers = buckets[key].draw(renderer), t0 = LR.now();
        layers.forEach(function (layer) { container.addLayer(layer); });
        LR.spent('routes: add layers (project)', t0);
      });
      if (group.stops && group.stops.length) {
        var stops = LR.stopLayer(group, group.colour);
        stops.container = container;
        container.addLayer(stops);
        self.stopLayers.push(stops);
      }
    });
  };

  /* Work that can wait until the routes are on screen. */
  Routes.prototype.finish = function () {
    var self = this;
    if (this.removed) return;
    LR.mark('finish-start');
    if (this.config.arrows) {
      this.buckets.forEach(function (bucket) {
        bucket.arrowLayer = L.polyline([], { color: bucket.group.colour, weight: 2,
                                             opacity: bucket.style.opacity, interactive: false });
        bucket.container.addLayer(bucket.arrowLayer);
        bucket.updateArrows();
      });
      this.onZoom = function () { self.buckets.forEach(function (b) { b.updateArrows(); }); };
      this.map.on('zoomend', this.onZoom);
    }
    if (this.config.timeline) { this.addTimeline(); this.dockTimeline(); }
    LR.measure('deferred: arrows, timeline', 'finish-start');
    LR.mark('finished');
  };

  Routes.prototype.remove = function () {
    var map = this.map, base = this.base;
    this.removed = true;
    this.pause();
    if (this.onZoom) map.off('zoomend', this.onZoom);
    if (this.timelineControl) map.removeControl(this.timelineControl);
    this.overlays.forEach(function (layer) { if (base.control) base.control.removeLayer(layer); });
    this.layers.forEach(function (layer) { map.removeLayer(layer); });
    map.closePopup();
  };

  /* Order of two begin times (null first: a leg with no known start counts as begun). */
  function byBegin(x, y) {
    x = x === null ? -Infinity : x; y = y === null ? -Infinity : y;
    return x === y ? 0 : (x < y ? -1 : 1);
  }

  function byArrive(a, b) {
    var x = a.lrStop.arrive_ms === null ? -Infinity : a.lrStop.arrive_ms;
    var y = b.lrStop.arrive_ms === null ? -Infinity : b.lrStop.arrive_ms;
    return x - y;
  }

  /* How many of the sorted items have started by t (null times always count). */
  function startedBy(items, t, time) {
    var lo = 0, hi = items.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1, value = time(items[mid]);
      if (value === null || value === undefined || value <= t) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /* The timeline's order, computed the first time it is used. */
  Routes.prototype.sortForTimeline = function () {
    if (this.sorted) return;
    this.sorted = true;
    var self = this;
    this.buckets.forEach(function (bucket) {
      bucket.legs.sort(function (a, b) { return byBegin(self.beginOf(a), self.beginOf(b)); });
      bucket.reorder();
    });
    this.stopLayers.forEach(function (layer) { layer.markers.sort(byArrive); });
  };

  Routes.prototype.timeRange = function () {
    var lo = Infinity, hi = -Infinity;
    this.config.groups.forEach(function (group) {
      var columns = group.columns;
      [columns.depart_ms, columns.arrive_ms].forEach(function (values) {
        values.forEach(function (v) { if (v !== null && v !== undefined) { lo = Math.min(lo, v); hi = Math.max(hi, v); } });
      });
      (group.stops || []).forEach(function (s) {
        if (s.arrive_ms !== null && s.arrive_ms !== undefined) { lo = Math.min(lo, s.arrive_ms); hi = Math.max(hi, s.arrive_ms); }
      });
    });
    return isFinite(lo) && isFinite(hi) ? [lo, hi] : null;
  };

  /* Show what has started by time t; put a marker where each traveller is. */
  Routes.prototype.setTime = function (t) {
    var self = this;
    this.sortForTimeline();
    this.t = t;
    this.buckets.forEach(function (bucket) {
      bucket.showFirst(startedBy(bucket.legs, t, function (leg) { return self.beginOf(leg); }));
    });
    this.stopLayers.forEach(function (layer) {
      var count = startedBy(layer.markers, t, function (m) { return m.lrStop.arrive_ms; });
      layer.markers.forEach(function (marker, i) {
        if (i < count && !layer.hasLayer(marker)) layer.addLayer(marker);
        else if (i >= count && layer.hasLayer(marker)) layer.removeLayer(marker);
      });
      layer.shown = count;
    });
    if (this.config.when) this.placeLeaders(t); else this.moveTravellers(t);
    if (this.onTime) this.onTime(t);
  };

  Routes.prototype.moveTravellers = function (t) {
    var self = this, seen = {};
    this.legs.forEach(function (leg, index) {
      var depart = leg.departMs, arrive = leg.arriveMs;
      // times first: the line's lengths are only computed for legs under way
      if (depart === null || arrive === null || t < depart || t > arrive || depart === arrive) return;
      var at = LR.positionAt(leg.latlngs, leg.cum, depart, arrive, t);
      if (!at) return;
      seen[index] = true;
      var marker = self.markers[index];
      if (!marker) {
        marker = L.circleMarker(at, { radius: 6, color: '#ffffff', weight: 2, fillColor: leg.group.colour,
                                      fillOpacity: 1, className: 'lr-traveller' });
        marker.bindTooltip(function () { return el('bdi', null, leg.group.leader); });
        self.markers[index] = marker;
        leg.bucket.container.addLayer(marker);
      } else {
        marker.setLatLng(at);
      }
    });
    Object.keys(this.markers).forEach(function (index) {
      if (!seen[index]) {
        self.legs[index].bucket.container.removeLayer(self.markers[index]);
        delete self.markers[index];
      }
    });
  };

  /* When a leg counts as begun on the timeline (leader_routes_when.js refines it). */
  Routes.prototype.beginOf = function (leg) { return leg.departMs; };

  Routes.prototype.isShown = function (leg) {
    return leg.position < leg.bucket.shown;
  };

  /* Ids of the legs on the map now (for tests and hosts). */
  Routes.prototype.shownLegIds = function () {
    var out = [];
    this.buckets.forEach(function (bucket) {
      for (var i = 0; i < bucket.shown; i++) out.push(bucket.legs[i].id);
    });
    return out;
  };

  /* Positions of the moving markers, keyed by leg_id: for tests and the app. */
  Routes.prototype.travellers = function () {
    var self = this, out = {};
    Object.keys(this.markers).forEach(function (index) {
      var ll = self.markers[index].getLatLng();
      out[self.legs[index].id] = [ll.lat, ll.lng];
    });
    return out;
  };

  Routes.prototype.openLegPopup = function (leg) {
    var layer = leg.bucket.layer, at = LR.pointAtFraction(leg.latlngs, leg.cum, 0.5);
    layer.setPopupContent(LR.legPopup(leg.props));
    layer.openPopup(at);
  };

  Routes.prototype.openLegTooltip = function (leg) {
    var layer = leg.bucket.layer, at = LR.pointAtFraction(leg.latlngs, leg.cum, 0.5);
    layer.setTooltipContent(el('bdi', null, leg.props.origin + ' \u2192 ' + leg.props.destination));
    layer.openTooltip(at);
  };

  /* Everything the timeline shows or hides, in the shape older callers used. */
  Object.defineProperty(Routes.prototype, 'items', { get: function () {
    var map = this.map, items = this.legs.map(function (leg) { return leg.item; });
    this.stopLayers.forEach(function (layer) {
      layer.markers.forEach(function (marker) {
        items.push({ from: marker.lrStop.arrive_ms, shown: layer.hasLayer(marker), layers: [{
          openPopup: function () {
            L.popup().setLatLng(marker.getLatLng()).setContent(LR.stopPopup(marker.lrStop)).openOn(map);
          } }] });
      });
    });
    return items;
  } });

  LR.Routes = Routes;
  LR.MapBase = MapBase;

  LR.mountRoutes = function (map, config) {
    LR.mark('routes-start');
    var base = map._leaderRoutesBase || LR.mountBase(map, { styles: config.styles, notices: [] }, {}, null, null);
    if (base.routes) base.routes.remove();
    config.groups.forEach(function (group) {
      group.columns = LR.unpackColumns(group.columns);
      group.stops = LR.stopRows(group.stops);
    });
    (config.when || []).forEach(function (person) {
      person.legs = LR.whenLegs(person);
      delete person.strings;
      delete person.columns;
    });
    var routes = new Routes(map, base, config);
    base.routes = routes;
    LR.maps[config.id || 'map'] = routes;
    LR.last = routes;
    routes.draw();
    base.showLegendRows({ approximate: config.hasApproximate, stops: config.hasStops, arrows: config.arrows });
    base.setNotices(config.notices);
    // the play bar comes after the first frame; its row is kept from now, so a fit leaves room for it
    map.getContainer().classList.toggle('lr-has-timeline', !!(config.timeline && routes.timeRange()));
    base.layout();
    if (base.config.fit && !base.fittedOnce) {
      base.fittedOnce = true;
      base.fitInside(base.config.fit);
    }
    // arrows and the timeline after the first frame: the routes are on screen sooner
    afterFirstFrame(function () { routes.finish(); });
    LR.mark('routes-end');
    return routes.layers.slice();
  };

  // In Node (tests/js) the same functions, for unit tests; a classic script in the page has no `module`.
  if (typeof module === 'object' && module.exports) {
    module.exports = { LeaderRoutes: LR, startedBy: startedBy, byBegin: byBegin };
  }
})();
