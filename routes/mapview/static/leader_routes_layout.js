/* Leader Routes map plugin, part 4: the map's furniture and where it goes.
 *
 * One layout for every control, whatever the map's size: zoom, fullscreen and place
 * search top left; layer list and notices top right; legend (collapsible) and
 * attribution bottom right; scale (and the minimap, on a large map) bottom left; the
 * play bar in a strip across the bottom, the corners above it. Fitting the routes pads
 * the view by what the furniture covers, so every fitted route stays uncovered.
 *   LR.controlBoxes(map) -> [{name, left, top, width, height}] for tests and hosts.
 */
(function () {
  'use strict';
  var LR = window.LeaderRoutes, el = LR.el, MapBase = LR.MapBase, Routes = LR.Routes;

  var NARROW_PX = 600;              // below: legend collapsed, play bar on two rows
  var COMPACT_ATTRIBUTION_PX = 900; // below: the attribution behind a (c) button (it runs to ~700 px)
  var MINIMAP_MIN = [640, 480];     // the minimap only on a map at least this large
  var LEGEND_OPEN_MAX = 8;          // more entries than this: the legend starts collapsed
  var LEGEND_CAP = 10;              // leaders listed; the rest as "+N more"
  var MARGIN = 10;                  // Leaflet's control margin, kept free around fitted routes

  /* ---------- a leader's second cue: the shape of its stops ---------- */
  function shapePath(ctx, mark, x, y, s) {
    if (mark === 'square') { ctx.rect(x - s * 0.9, y - s * 0.9, s * 1.8, s * 1.8); return; }
    if (mark === 'triangle') {
      ctx.moveTo(x, y - s * 1.2); ctx.lineTo(x + s * 1.1, y + s * 0.8); ctx.lineTo(x - s * 1.1, y + s * 0.8);
      return;
    }
    if (mark === 'diamond') {
      ctx.moveTo(x, y - s * 1.25); ctx.lineTo(x + s * 1.25, y); ctx.lineTo(x, y + s * 1.25); ctx.lineTo(x - s * 1.25, y);
      return;
    }
    ctx.arc(x, y, s, 0, Math.PI * 2, false);
  }

  LR.ShapeMarker = L.CircleMarker.extend({
    options: { mark: 'circle' },
    _updatePath: function () {
      var renderer = this._renderer;
      if (!(renderer instanceof L.Canvas) || !this.options.mark || this.options.mark === 'circle') {
        return L.CircleMarker.prototype._updatePath.call(this);
      }
      if (!renderer._drawing || this._empty()) return;
      var ctx = renderer._ctx;
      ctx.beginPath();
      shapePath(ctx, this.options.mark, this._point.x, this._point.y, Math.max(Math.round(this._radius), 1));
      ctx.closePath();
      renderer._fillStroke(ctx, this);
    }
  });

  /* A legend swatch: the leader's colour as a line, its mark on it. */
  function swatch(colour, options) {
    options = options || {};
    var ns = 'http://www.w3.org/2000/svg', svg = document.createElementNS(ns, 'svg');
    var weight = options.weight || 4;
    svg.setAttribute('width', '34'); svg.setAttribute('height', '12');
    function add(name, attributes) {
      var node = document.createElementNS(ns, name);
      Object.keys(attributes).forEach(function (k) { node.setAttribute(k, String(attributes[k])); });
      svg.appendChild(node);
    }
    add('line', { x1: 1, y1: 6, x2: 33, y2: 6, stroke: colour, 'stroke-width': weight,
                  'stroke-dasharray': options.dash || 'none' });
    if (options.casing) {
      add('line', { x1: 1, y1: 6, x2: 33, y2: 6, stroke: '#ffffff', 'stroke-width': Math.max(weight - 2, 1),
                    'stroke-dasharray': options.casing });
    }
    var mark = options.mark;
    if (mark) {
      var shape = { fill: colour, stroke: '#ffffff', 'stroke-width': 1.2 };
      if (mark === 'square') add('rect', L.extend({ x: 12, y: 1, width: 10, height: 10 }, shape));
      else if (mark === 'triangle') add('polygon', L.extend({ points: '17,0 23,11 11,11' }, shape));
      else if (mark === 'diamond') add('polygon', L.extend({ points: '17,0 23,6 17,12 11,6' }, shape));
      else add('circle', L.extend({ cx: 17, cy: 6, r: 5 }, shape));
      svg.setAttribute('data-mark', mark);
    }
    return svg;
  }
  LR.swatch = swatch;

  /* ---------- the strip and the corners ---------- */
  MapBase.prototype.setupLayout = function () {
    var self = this, map = this.map;
    // the play bar's own row along the bottom; the bottom corners sit on top of it
    this.strip = L.DomUtil.create('div', 'leaflet-bottom lr-strip', map._controlContainer);
    map._controlCorners.strip = this.strip;
    this.addAttributionButton();
    map.on('resize', function () { self.layout(); });
    // a popup pans into the part of the map no control covers, not under the legend
    map.on('popupopen', function (event) {
      var pad = self.fitPadding(), popup = event.popup;
      popup.options.autoPanPaddingTopLeft = L.point(pad.left, pad.top);
      popup.options.autoPanPaddingBottomRight = L.point(pad.right, pad.bottom);
      if (popup.options.autoPan && popup._adjustPan) popup._adjustPan();
    });
    if (window.ResizeObserver) new ResizeObserver(function () { self.layout(); }).observe(this.strip);
    this.layout();
  };

  MapBase.prototype.layout = function () {
    var map = this.map, size = map.getSize(), container = map.getContainer();
    if (!size.x || !size.y) return;
    container.classList.toggle('lr-narrow', size.x < NARROW_PX);
    container.classList.toggle('lr-compact', size.x < COMPACT_ATTRIBUTION_PX);
    // until the reader opens or closes it, the legend is open only on a wide map with few entries
    var open = this.legendUserSet ? this.legendOpen : size.x >= NARROW_PX && this.legendEntries <= LEGEND_OPEN_MAX;
    if (open !== this.legendOpen) { this.legendOpen = open; this.renderLegendState(); }
    var lift = this.strip ? this.strip.offsetHeight : 0;
    ['bottomleft', 'bottomright'].forEach(function (corner) {
      map._controlCorners[corner].style.bottom = lift + 'px';
    });
    // what grows (legend, notices) never reaches the other corners: the notices first
    // (a quarter of the height at most), then the legend gets what the right-hand column
    // has left below them
    if (this.noticeBox) {
      this.noticeBox.style.maxWidth = Math.max(size.x - 2 * (44 + 2 * MARGIN), 120) + 'px';
      this.noticeBox.style.maxHeight = Math.round(size.y * 0.25) + 'px';
    }
    if (this.legendBody) {
      var top = map._controlCorners.topright.offsetHeight;
      var corner = map._controlCorners.bottomright.offsetHeight;
      var others = this.legendBody.hidden ? corner : corner - this.legendBody.offsetHeight;
      var room = Math.max(size.y - lift - top - others - 2 * MARGIN, 40);
      this.legendBody.style.maxHeight = Math.round(room) + 'px';
    }
    this.showMinimap(size.x >= MINIMAP_MIN[0] && size.y >= MINIMAP_MIN[1]);
  };

  /* The minimap is made when the map is large enough, and taken off when it is not. */
  MapBase.prototype.showMinimap = function (wanted) {
    if (!this.minimapLayer || !L.Control.MiniMap || !this.config.minimap) return;
    if (wanted && !this.minimap) {
      var mini = new LR.LinesLayer(this.minimapLayer.rings, this.minimapLayer.style);
      this.minimap = new L.Control.MiniMap(mini, { toggleDisplay: true, position: 'bottomleft', width: 140,
                                                   height: 100, zoomLevelOffset: -4, minimized: false });
      this.minimap.addTo(this.map);
    } else if (!wanted && this.minimap) {
      this.map.removeControl(this.minimap);
      this.minimap = null;
    }
  };

  /* On a narrow map the attribution folds behind a (c) button. */
  MapBase.prototype.addAttributionButton = function () {
    var map = this.map;
    var Control = L.Control.extend({
      options: { position: 'bottomright' },
      onAdd: function () {
        var button = el('button', 'lr-attrib-button leaflet-bar', '\u00a9');
        button.type = 'button'; button.title = 'Map data sources';
        button.setAttribute('aria-label', 'Map data sources');
        L.DomEvent.disableClickPropagation(button);
        button.addEventListener('click', function () {
          map.getContainer().classList.toggle('lr-attrib-open');
        });
        return button;
      }
    });
    new Control().addTo(map);
  };

  /* ---------- the legend: what is shown, collapsible ---------- */
  MapBase.prototype.addLegend = function () {
    var self = this;
    var Control = L.Control.extend({
      options: { position: 'bottomright' },
      onAdd: function () {
        var box = el('div', 'lr-legend');
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        var toggle = el('button', 'lr-legend-toggle', '');
        toggle.type = 'button';
        toggle.addEventListener('click', function () { self.openLegend(!self.legendOpen); });
        self.legendToggle = toggle;
        self.legendBody = el('div', 'lr-legend-body');
        box.appendChild(toggle);
        box.appendChild(self.legendBody);
        self.legendBox = box;
        return box;
      }
    });
    this.legendControl = new Control().addTo(this.map);
    this.updateLegend(this.config.leaders || [], this.config.modes || [], {});
  };

  MapBase.prototype.openLegend = function (open) {
    this.legendOpen = !!open;
    this.legendUserSet = true;
    this.renderLegendState();
  };

  MapBase.prototype.renderLegendState = function () {
    if (!this.legendBox) return;
    var open = this.legendOpen;
    this.legendBox.classList.toggle('lr-legend-open', open);
    this.legendBody.hidden = !open;
    this.legendToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    this.legendToggle.textContent = (open ? '\u25be ' : '\u25b8 ') + 'Legend' +
      (this.legendCount ? ' (' + this.legendCount + ')' : '');
  };

  /* Rows for the leaders and modes shown (first LEGEND_CAP leaders, then "+N more"). */
  MapBase.prototype.updateLegend = function (leaders, modes, flags) {
    var styles = this.styles, body = this.legendBody;
    if (!body) return;
    while (body.firstChild) body.removeChild(body.firstChild);
    if (this.config.title) body.appendChild(el('div', 'lr-legend-title', this.config.title));
    leaders.slice(0, LEGEND_CAP).forEach(function (leader) {
      var line = el('div', 'lr-legend-row lr-legend-leader');
      line.appendChild(swatch(leader.colour, { weight: 5, mark: leader.mark || 'circle' }));
      line.appendChild(el('bdi', null, leader.name));
      body.appendChild(line);
    });
    if (leaders.length > LEGEND_CAP) {
      body.appendChild(el('div', 'lr-legend-row lr-legend-more', '+' + (leaders.length - LEGEND_CAP) + ' more'));
    }
    body.appendChild(el('div', 'lr-legend-gap'));
    modes.forEach(function (mode) {
      var style = styles.modes[mode] || styles.unknown, line = el('div', 'lr-legend-row');
      line.appendChild(swatch('#555555', { dash: style.dash_array, casing: style.casing, weight: style.weight }));
      line.appendChild(el('span', null, style.label));
      body.appendChild(line);
    });
    if (flags.approximate) {
      var approx = el('div', 'lr-legend-row lr-legend-approx');
      approx.appendChild(swatch('#555555', { weight: 2 }));
      approx.appendChild(el('span', null, 'approximate route'));
      body.appendChild(approx);
    }
    if (flags.stops) body.appendChild(el('div', 'lr-legend-row', '\u25cf stop: larger = longer stay'));
    if (flags.arrows) body.appendChild(el('div', 'lr-legend-row', '> direction of travel'));
    this.legendCount = leaders.length;
    this.legendEntries = leaders.length + modes.length;
    this.legendOpen = undefined;
    this.layout();
  };

  /* The legend of what the routes draw (called when routes are mounted). */
  MapBase.prototype.showLegendRows = function (flags) {
    var routes = this.routes, leaders = [], seen = {}, modes = {};
    if (!routes) return;
    routes.config.groups.forEach(function (group) {
      if (!seen[group.leader]) {
        seen[group.leader] = true;
        leaders.push({ name: group.leader || '(no leader)', colour: group.colour, mark: group.mark });
      }
    });
    routes.buckets.forEach(function (bucket) { modes[bucket.lrMode] = true; });
    var order = Object.keys(this.styles.modes);
    var shown = Object.keys(modes).sort(function (a, b) {
      var x = order.indexOf(a), y = order.indexOf(b);
      return (x < 0 ? order.length : x) - (y < 0 ? order.length : y);
    });
    this.updateLegend(leaders, shown, flags);
  };

  /* ---------- fitting inside the furniture ---------- */
  /* Every control's box in the map's own pixels (zero-sized ones left out). */
  LR.controlBoxes = function (map) {
    var origin = map.getContainer().getBoundingClientRect(), out = [];
    var nodes = map.getContainer().querySelectorAll('.leaflet-control');
    Array.prototype.forEach.call(nodes, function (node) {
      var r = node.getBoundingClientRect();
      if (!r.width || !r.height) return;
      out.push({ name: node.className.split(' ').filter(function (c) {
        return c.indexOf('leaflet-control') === 0 || c.indexOf('lr-') === 0; }).join(' '),
        left: r.left - origin.left, top: r.top - origin.top, width: r.width, height: r.height });
    });
    return out;
  };

  /* Padding that keeps a view clear of every control: the play bar's row first, then each
   * box (largest first) by the side that costs the least more of the map (a tall zoom
   * bar by the left, a box above the play bar by the bottom it already takes). */
  MapBase.prototype.fitPadding = function () {
    var size = this.map.getSize(), pad = { left: MARGIN, top: MARGIN, right: MARGIN, bottom: MARGIN };
    var boxes = LR.controlBoxes(this.map), strip = this.strip ? this.strip.offsetHeight : 0;
    boxes.sort(function (a, b) { return b.width * b.height - a.width * a.height; });
    if (strip) boxes.unshift({ left: 0, top: size.y - strip, width: size.x, height: strip });   // the play bar's row
    boxes.forEach(function (box) {
      var need = { left: box.left + box.width, right: size.x - box.left,
                   top: box.top + box.height, bottom: size.y - box.top };
      var best = null, cost = Infinity;
      Object.keys(need).forEach(function (side) {
        var more = Math.max(0, need[side] + MARGIN - pad[side]) / (side === 'left' || side === 'right' ? size.x : size.y);
        if (more < cost) { cost = more; best = side; }
      });
      pad[best] = Math.max(pad[best], need[best] + MARGIN);
    });
    return pad;
  };

  /* Fit [[s, w], [n, e]] into the part of the map no control covers. */
  MapBase.prototype.fitInside = function (bounds) {
    if (!bounds) return;
    var pad = this.fitPadding(), map = this.map, box = L.latLngBounds(bounds);
    var options = { paddingTopLeft: [pad.left, pad.top], paddingBottomRight: [pad.right, pad.bottom], animate: false };
    // quarter zooms fit closer; routes wider than the world (lines kept continuous across
    // ±180°) on a phone-sized map need a zoom below 0 (the offline basemap draws it)
    map.options.zoomSnap = 0.25;
    var free = L.point(pad.left + pad.right, pad.top + pad.bottom);
    var span = map.project(box.getNorthEast(), 0).subtract(map.project(box.getSouthWest(), 0));
    var room = map.getSize().subtract(free);
    var needed = Math.log2(Math.min(room.x / Math.max(Math.abs(span.x), 1), room.y / Math.max(Math.abs(span.y), 1)));
    if (needed < map.getMinZoom()) map.setMinZoom(Math.floor(needed * 4) / 4);
    map.fitBounds(box, options);
    this.fitted = { bounds: bounds, padding: pad };
  };

  /* A host's request to fit: done once per request id (the host resends its script). */
  LR.fitRoutes = function (map, bounds, requestId) {
    var base = map._leaderRoutesBase;
    if (!base || (requestId !== undefined && base.fitRequest === requestId)) return;
    base.fitRequest = requestId;
    base.fitInside(bounds);
  };

  /* A host's request to show one leg (a row picked in a table): drawn over in a halo and
   * fitted inside the furniture. Once per request id. */
  LR.focusLeg = function (map, legId, requestId) {
    var base = map._leaderRoutesBase, routes = base && base.routes;
    if (!routes || (requestId !== undefined && base.focusRequest === requestId)) return false;
    var leg = null;
    routes.legs.forEach(function (candidate) { if (!leg && candidate.id === legId) leg = candidate; });
    if (!leg) return false;
    base.focusRequest = requestId;
    if (base.focusHalo) map.removeLayer(base.focusHalo);
    base.focusHalo = L.polyline(leg.latlngs, { color: leg.group.colour, weight: 12, opacity: 0.35,
                                               interactive: false, className: 'lr-focus' }).addTo(map);
    base.focused = legId;
    var box = base.focusHalo.getBounds();
    base.fitInside([[box.getSouth(), box.getWest()], [box.getNorth(), box.getEast()]]);
    if (map.getZoom() > 9) map.setZoom(9, { animate: false });   // a short leg: some context around it
    // no popup: the host shows the leg's details, and a popup would pan the leg away
    return true;
  };

  /* An online basemap that cannot load (no network, a blocked server) gives way to the
   * offline map, with a notice saying so, instead of a blank blue map. */
  MapBase.prototype.watchOnlineLayers = function (baseLayers, offline) {
    var self = this, map = this.map, FAILURES = 4;
    if (!offline) return;
    Object.keys(baseLayers || {}).forEach(function (label) {
      var layer = baseLayers[label];
      if (!(layer instanceof L.TileLayer)) return;
      var failed = 0, loaded = 0;
      layer.on('tileload', function () { loaded += 1; });
      layer.on('tileerror', function () {
        failed += 1;
        if (loaded || failed !== FAILURES || !map.hasLayer(layer)) return;
        map.removeLayer(layer);
        map.addLayer(offline);
        self.lateNotices = (self.lateNotices || []).concat(
          [label + ' could not be loaded (no connection?): showing the offline map.']);
        self.setNotices(self.routes ? self.routes.config.notices : []);
        map.fire('lr:online-failed', { label: label });
      });
    });
  };

  /* The play bar goes in the strip, across the map's width. */
  Routes.prototype.dockTimeline = function () {
    if (!this.timelineControl) return;
    this.timelineControl.setPosition('strip');
    this.base.layout();
  };

  // In Node (tests/js) the same functions, for unit tests; a classic script in the page has no `module`.
  if (typeof module === 'object' && module.exports) module.exports = { LeaderRoutes: LR, shapePath: shapePath };
})();
