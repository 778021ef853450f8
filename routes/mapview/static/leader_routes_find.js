/* Leader Routes map plugin, part 5: place names on the offline basemap, and a place search.
 *
 * Names: capitals and large cities (config.placeLabels, or window.LeaderRoutesPlaceLabels when
 * they are shipped apart with the land: [name, lat, lon, rank, capital],
 * most important first), written from the zoom their rank allows, a name left out where it
 * would collide with a more important one; shown only with an offline basemap.
 * Search: the dataset's places first (stops of the routes shown), then those names.
 */
(function () {
  'use strict';
  var LR = window.LeaderRoutes, el = LR.el, MapBase = LR.MapBase;

  var RANK_ZOOM = { 1: 2, 2: 3.5, 3: 5 };   // a rank is written from this zoom on
  var CHAR_PX = 6.2, LINE_PX = 14;           // a label's box, for collisions
  var RESULTS = 8;

  /* ---------- names on the basemap ---------- */
  LR.placeLabels = function (config) {
    if (config.placeLabels) return config.placeLabels;
    return config.placeLabels === null ? window.LeaderRoutesPlaceLabels || [] : [];
  };

  MapBase.prototype.addPlaceLabels = function (offlineLayers) {
    var self = this, map = this.map, labels = LR.placeLabels(this.config);
    if (!labels.length) return;
    map.createPane('lr-labels');
    map.getPane('lr-labels').style.zIndex = 350;          // above the land, under the routes
    map.getPane('lr-labels').style.pointerEvents = 'none';
    this.labelBox = L.DomUtil.create('div', 'lr-labels', map.getPane('lr-labels'));
    this.offlineLayers = offlineLayers.filter(Boolean);
    map.on('zoomend moveend baselayerchange', function () { self.drawLabels(); });
    this.drawLabels();
  };

  MapBase.prototype.offlineShown = function () {
    var map = this.map;
    return (this.offlineLayers || []).some(function (layer) { return map.hasLayer(layer); });
  };

  MapBase.prototype.drawLabels = function () {
    var map = this.map, box = this.labelBox, labels = LR.placeLabels(this.config);
    if (!box) return;
    while (box.firstChild) box.removeChild(box.firstChild);
    var zoom = map.getZoom(), size = map.getSize(), placed = [], shown = 0;
    if (!this.offlineShown() || zoom < RANK_ZOOM[1]) return;
    var copies = this.config.landCopies || [0];
    for (var i = 0; i < labels.length; i++) {
      var label = labels[i];
      if (zoom < RANK_ZOOM[label[3]]) continue;
      for (var c = 0; c < copies.length; c++) {
        var point = map.latLngToContainerPoint([label[1], label[2] + 360 * copies[c]]);   // copies: whole turns
        var width = label[0].length * CHAR_PX + 8;
        var rect = { left: point.x + 4, top: point.y - LINE_PX / 2, right: point.x + 4 + width, bottom: point.y + LINE_PX / 2 };
        if (rect.right < 0 || rect.left > size.x || rect.bottom < 0 || rect.top > size.y) continue;
        if (placed.some(function (other) {
          return rect.left < other.right && other.left < rect.right && rect.top < other.bottom && other.top < rect.bottom;
        })) continue;
        placed.push(rect);
        var at = map.containerPointToLayerPoint(point);
        var node = el('div', 'lr-label' + (label[4] ? ' lr-capital' : ''));
        node.appendChild(el('bdi', null, label[0]));
        L.DomUtil.setPosition(node, at);
        box.appendChild(node);
        shown += 1;
      }
    }
    this.labelsShown = shown;
  };

  /* ---------- the search ---------- */
  function folded(text) {
    return String(text || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
  }

  /* Places to search: the routes' stops (the dataset's), then the basemap's names. */
  MapBase.prototype.searchPlaces = function () {
    var out = [], seen = {};
    function add(name, lat, lon, source) {
      var key = folded(name);
      if (!name || seen[key] || lat === null || lon === null || lat === undefined) return;
      seen[key] = true;
      out.push({ name: name, key: key, lat: lat, lon: lon, source: source });
    }
    var routes = this.routes;
    if (routes) {
      routes.config.groups.forEach(function (group) {
        (group.stops || []).forEach(function (stop) { add(stop.name, stop.lat, stop.lon, 'data'); });
      });
    }
    LR.placeLabels(this.config).forEach(function (label) { add(label[0], label[1], label[2], 'gazetteer'); });
    return out;
  };

  MapBase.prototype.findPlaces = function (query) {
    var key = folded(query);
    if (!key) return [];
    var starts = [], contains = [];
    this.searchPlaces().forEach(function (place) {
      var at = place.key.indexOf(key);
      if (at === 0) starts.push(place); else if (at > 0) contains.push(place);
    });
    // the dataset's places first, then the gazetteer's; each: names that start with the query first
    function bySource(list, source) { return list.filter(function (p) { return p.source === source; }); }
    return bySource(starts, 'data').concat(bySource(contains, 'data'), bySource(starts, 'gazetteer'),
                                           bySource(contains, 'gazetteer')).slice(0, RESULTS);
  };

  MapBase.prototype.goToPlace = function (place) {
    var map = this.map;
    map.setView([place.lat, place.lon], Math.max(map.getZoom(), 6), { animate: false });
    if (this.foundMarker) map.removeLayer(this.foundMarker);
    this.foundMarker = L.circleMarker([place.lat, place.lon], { radius: 7, color: '#222', weight: 2,
                                                               fill: false, interactive: false }).addTo(map);
    this.foundMarker.bindTooltip(el('bdi', null, place.name), { permanent: true, direction: 'right',
                                                                className: 'lr-found' }).openTooltip();
  };

  MapBase.prototype.addSearch = function () {
    var self = this;
    var Control = L.Control.extend({
      options: { position: 'topleft' },
      onAdd: function () {
        var box = el('div', 'lr-search leaflet-bar');
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        var button = el('button', 'lr-search-button', '\u2315');
        button.type = 'button'; button.title = 'Find a place'; button.setAttribute('aria-label', 'Find a place');
        var input = el('input', 'lr-search-input');
        input.type = 'search'; input.placeholder = 'Find a place'; input.setAttribute('aria-label', 'Find a place');
        var list = el('ul', 'lr-search-results');
        list.setAttribute('role', 'listbox');
        function show(open) {
          box.classList.toggle('lr-search-open', open);
          if (open) input.focus(); else { input.value = ''; render([]); }
          self.layout();
        }
        function render(found) {
          while (list.firstChild) list.removeChild(list.firstChild);
          found.forEach(function (place) {
            var item = el('li', 'lr-search-result lr-from-' + place.source);
            item.setAttribute('role', 'option');
            item.appendChild(el('bdi', null, place.name));
            if (place.source === 'data') item.appendChild(el('span', 'lr-search-tag', ' in the data'));
            item.addEventListener('click', function () { self.goToPlace(place); show(false); });
            list.appendChild(item);
          });
          self.searchFound = found;
        }
        button.addEventListener('click', function () { show(!box.classList.contains('lr-search-open')); });
        input.addEventListener('input', function () { render(self.findPlaces(input.value)); });
        input.addEventListener('keydown', function (event) {
          if (event.key === 'Enter' && self.searchFound && self.searchFound.length) {
            self.goToPlace(self.searchFound[0]); show(false);
          } else if (event.key === 'Escape') { show(false); }
        });
        [button, input, list].forEach(function (node) { box.appendChild(node); });
        return box;
      }
    });
    this.searchControl = new Control().addTo(this.map);
  };

  /* The dark offline map: the page's sea follows the basemap chosen. */
  MapBase.prototype.watchDarkLayer = function (darkLayer) {
    var map = this.map;
    if (!darkLayer) return;
    function paint() { map.getContainer().classList.toggle('lr-dark', map.hasLayer(darkLayer)); }
    map.on('baselayerchange layeradd layerremove', paint);
    paint();
  };

  // In Node (tests/js) the same functions, for unit tests; a classic script in the page has no `module`.
  if (typeof module === 'object' && module.exports) module.exports = { LeaderRoutes: LR, folded: folded };
})();
