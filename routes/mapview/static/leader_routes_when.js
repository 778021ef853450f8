/* Leader Routes map plugin, part 5: one timeline with the page.
 *
 * config.when (routes/view/whereabouts.py page_data) holds, per shown leader, all their legs in order
 * with the bounds of each departure and arrival (ms UTC, null when unbounded), the pace along
 * each leg and its destination. whereAt answers as Whereabouts.where does; the map marks where
 * each leader is, starts at the page's moment (config.moment), and draws a leg as travelled only
 * once its possible interval has begun. Legs with no time bound at all are drawn apart, dashed,
 * as undated.
 */
(function () {
  'use strict';
  var LR = window.LeaderRoutes, el = LR.el, Routes = LR.Routes;
  var GUESS_WITHIN = 36 * 3600e3;
  // one leg's fields, as page_data writes them
  var ID = 0, TRIP = 1, ORIGIN = 2, DESTINATION = 3, MODE = 4, DEP_LO = 5, DEP_HI = 6, ARR_LO = 7, ARR_HI = 8,
      PACE_FROM = 9, PACE_UNTIL = 10, LAT = 11, LON = 12;

  /* A leader's legs as rows (the fields above), read from the packed columns the map sends
   * (routes/mapview/build.py: page_data's rows, texts as indices into person.strings); legs
   * already written out as rows stay as they are. */
  LR.whenLegs = function (person) {
    if (!person.columns) return person.legs;
    var strings = person.strings, columns = person.columns.map(LR.unpack), rows = [];
    var count = columns.length ? columns[0].length : 0;
    for (var i = 0; i < count; i++) {
      var row = columns.map(function (column) { return column[i]; });
      for (var t = ID; t <= MODE; t++) row[t] = strings[row[t]];
      rows.push(row);
    }
    return rows;
  };

  function lo(v) { return v === null || v === undefined ? -Infinity : v; }
  function hi(v) { return v === null || v === undefined ? Infinity : v; }

  /* Where one leader (an entry of config.when) is at t: {status, leg, certain, place, text}. */
  LR.whereAt = function (person, t) {
    var legs = person.legs, n = legs.length, possible = [];
    if (person.first === null || person.last === null || t < person.first || t > person.last) {
      return { status: 'unknown', certain: false, text: 'unknown' };
    }
    for (var k = 0; k <= 2 * n; k++) {
      var prevLo = k === 0 ? -Infinity : lo(eventBound(legs, k - 1, true));
      var nextHi = k === 2 * n ? Infinity : hi(eventBound(legs, k, false));
      if (prevLo < t && t <= nextHi) possible.push(k);
    }
    if (possible.length === 1) return state(legs, possible[0], true);
    if (possible.length === 2) {
      var a = eventBound(legs, possible[0], true), b = eventBound(legs, possible[0], false);
      if (a !== null && b !== null && b - a <= GUESS_WITHIN) {
        return state(legs, t > a + Math.floor((b - a) / 2) ? possible[1] : possible[0], false);
      }
    }
    if (!possible.length) return { status: 'unknown', certain: false, text: 'unknown' };
    var first = span(legs, possible[0])[0], last = span(legs, possible[possible.length - 1])[1];
    return { status: 'between', certain: false,
             text: 'somewhere between ' + first + ' and ' + last + ' (times not reported)' };
  };

  /* Bound of event i (0: first departure, 1: first arrival, ...): lower or upper. */
  function eventBound(legs, i, lower) {
    var leg = legs[i >> 1], departure = (i % 2) === 0;
    return lower ? leg[departure ? DEP_LO : ARR_LO] : leg[departure ? DEP_HI : ARR_HI];
  }

  function state(legs, k, certain) {
    var n = legs.length;
    if (k % 2) {
      var leg = legs[(k - 1) / 2];
      return { status: 'travelling', certain: certain, leg: leg,
               text: 'travelling ' + leg[ORIGIN] + ' \u2192 ' + leg[DESTINATION] + ' by ' + leg[MODE] };
    }
    if (k === 0 || k === 2 * n) return { status: 'unknown', certain: false, text: 'unknown' };
    var before = legs[k / 2 - 1], after = legs[k / 2], sameTrip = before[TRIP] === after[TRIP];
    if (!sameTrip && before[DESTINATION] !== after[ORIGIN]) {
      return { status: 'unknown', certain: false, text: 'unknown' };
    }
    return { status: 'at', certain: certain && sameTrip, leg: before, place: [before[LAT], before[LON]],
             text: 'at ' + before[DESTINATION] + (sameTrip ? '' : ' (between trips)') };
  }

  function span(legs, k) {
    var n = legs.length;
    if (k % 2) { var leg = legs[(k - 1) / 2]; return [leg[ORIGIN], leg[DESTINATION]]; }
    if (k === 0) return [legs[0][ORIGIN], legs[0][ORIGIN]];
    if (k === 2 * n) return [legs[n - 1][DESTINATION], legs[n - 1][DESTINATION]];
    var before = legs[k / 2 - 1], after = legs[k / 2];
    return [before[DESTINATION], before[TRIP] !== after[TRIP] ? before[DESTINATION] : after[ORIGIN]];
  }

  /* [lat, lon] of a leader at t, as Whereabouts gives lat/lon, or null. */
  Routes.prototype.leaderPosition = function (person, t) {
    var answer = LR.whereAt(person, t);
    if (answer.status === 'at') {
      return answer.place[0] === null || answer.place[1] === null ? null : answer.place;
    }
    if (answer.status !== 'travelling' || !answer.certain) return null;
    var leg = answer.leg, drawn = this.legById(leg[ID]);
    if (!drawn || leg[PACE_FROM] === null || leg[PACE_UNTIL] === null) return null;
    var from = leg[PACE_FROM], until = leg[PACE_UNTIL];
    return LR.positionAt(drawn.latlngs, drawn.cum, from, until, Math.min(Math.max(t, from), until));
  };

  Routes.prototype.legById = function (id) {
    if (!this._byId) {
      var byId = this._byId = {};
      this.legs.forEach(function (leg) { byId[leg.id] = leg; });
    }
    return this._byId[id] || null;
  };

  /* One marker per shown leader where the time model places them. */
  Routes.prototype.placeLeaders = function (t) {
    var self = this, colours = {};
    this.config.groups.forEach(function (group) { colours[group.leader] = group.colour; });
    if (!this.leaderLayer) {
      this.leaderLayer = L.layerGroup().addTo(this.map);
      this.layers.push(this.leaderLayer);
      this.leaderMarkers = {};
    }
    (this.config.when || []).forEach(function (person) {
      var answer = LR.whereAt(person, t), at = self.leaderPosition(person, t);
      var marker = self.leaderMarkers[person.leader];
      if (!at) {
        if (marker) { self.leaderLayer.removeLayer(marker); delete self.leaderMarkers[person.leader]; }
        return;
      }
      if (!marker) {
        marker = L.circleMarker(at, { radius: 7, color: '#ffffff', weight: 2, fillOpacity: 1,
                                      fillColor: colours[person.leader] || '#555555',
                                      className: 'lr-leader-at' });
        marker.bindTooltip('');
        self.leaderMarkers[person.leader] = marker;
        self.leaderLayer.addLayer(marker);
      } else {
        marker.setLatLng(at);
      }
      marker.setStyle({ dashArray: answer.certain ? null : '3 3' });
      marker.setTooltipContent(el('bdi', null, person.leader + ': ' + answer.text
                                               + (answer.certain ? '' : ' (not certain)')));
    });
  };

  /* Positions of the leaders' markers: for tests and hosts. */
  Routes.prototype.leaderPositions = function () {
    var out = {}, markers = this.leaderMarkers || {};
    Object.keys(markers).forEach(function (name) {
      var ll = markers[name].getLatLng();
      out[name] = [ll.lat, ll.lng];
    });
    return out;
  };

  /* When a leg's possible interval begins (its earliest departure), +Infinity when undated;
   * without config.when, its given departure as before (null: always counted as begun). */
  Routes.prototype.beginOf = function (leg) {
    if (!this.config.when) return leg.departMs;
    if (!this._begins) {
      var begins = this._begins = {};
      (this.config.when || []).forEach(function (person) {
        // no earliest departure (a leader's first leg): begun at the earliest arrival, never before
        person.legs.forEach(function (l) { begins[l[ID]] = l[DEP_LO] !== null ? l[DEP_LO] : l[ARR_LO]; });
      });
    }
    var begin = this._begins[leg.id];
    if (begin === undefined) return leg.departMs === null ? Infinity : leg.departMs;
    return begin === null ? Infinity : begin;
  };

  /* Legs with no time bound at all, drawn apart (dashed grey) while the timeline has a time. */
  Routes.prototype.drawUndated = function () {
    var self = this, lines = [];
    this.legs.forEach(function (leg) { if (self.beginOf(leg) === Infinity) lines.push(leg.latlngs); });
    if (!lines.length) return;
    this.undatedLayer = L.polyline(lines, { color: '#777777', weight: 2, opacity: 0.8, dashArray: '2 6',
                                            interactive: true, className: 'lr-undated' });
    this.undatedLayer.bindTooltip('Undated: times not reported');
    this.layers.push(this.undatedLayer);
  };

  var finish = Routes.prototype.finish;
  Routes.prototype.finish = function () {
    finish.call(this);
    if (this.removed || !this.config.when) return;
    this.drawUndated();
    if (this.config.moment !== null && this.config.moment !== undefined) this.setTime(this.config.moment);
  };

  var setTime = Routes.prototype.setTime;
  Routes.prototype.setTime = function (t) {
    setTime.call(this, t);
    if (this.undatedLayer && !this.map.hasLayer(this.undatedLayer)) this.undatedLayer.addTo(this.map);
  };

  // In Node (tests/js) the same functions, for unit tests; a classic script in the page has no `module`.
  if (typeof module === 'object' && module.exports) module.exports = { LeaderRoutes: LR };
})();
