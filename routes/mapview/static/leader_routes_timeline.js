/* Leader Routes map plugin, part 4: the timeline control (play, pause, speed, date).
 * Playing runs in the page only: it never calls back to a server.
 */
(function () {
  'use strict';
  var LR = window.LeaderRoutes, el = LR.el, Routes = LR.Routes;

  var SPEEDS = [['1 hour/s', 3600e3], ['6 hours/s', 6 * 3600e3], ['1 day/s', 86400e3],
                ['1 week/s', 7 * 86400e3], ['1 month/s', 30 * 86400e3], ['1 year/s', 365 * 86400e3]];

  function defaultSpeed(range) {
    // about 20 seconds for the whole span
    var wanted = (range[1] - range[0]) / 20, best = SPEEDS[0][1];
    SPEEDS.forEach(function (s) { if (s[1] <= wanted) best = s[1]; });
    return best;
  }

  Routes.prototype.play = function () {
    var self = this, range = this.timeRange();
    if (!range || this.playing) return;
    if (!this.speed) this.speed = defaultSpeed(range);
    if (this.t === null || this.t >= range[1]) this.setTime(range[0]);
    this.playing = true;
    var last = null;
    function frame(now) {
      if (!self.playing) return;
      if (last !== null) {
        var t = Math.min(range[1], self.t + (now - last) / 1000 * self.speed);
        self.setTime(t);
        if (t >= range[1]) { self.pause(); self.reportMoment(); return; }
      }
      last = now;
      self.raf = window.requestAnimationFrame(frame);
    }
    this.raf = window.requestAnimationFrame(frame);
    if (this.onPlayState) this.onPlayState(true);
  };

  Routes.prototype.pause = function () {
    this.playing = false;
    if (this.raf) window.cancelAnimationFrame(this.raf);
    if (this.onPlayState) this.onPlayState(false);
  };

  /* The moment the reader stopped at (pause, end of play, slider let go) goes to the host page,
   * so that the page's moment and "where was everyone" follow the map's own timeline. In
   * streamlit-folium's page it travels in the component's value, sent on a view event. */
  Routes.prototype.reportMoment = function () {
    var data = window.__GLOBAL_DATA__;
    if (this.t === null || this.t === undefined) return;
    LR.reportedMoment = this.t;
    if (!data) return;
    data.last_geocoder_result = { leader_routes_moment: this.t };
    this.map.fire('moveend');
  };

  Routes.prototype.addTimeline = function () {
    var self = this, range = this.timeRange();
    if (!range) return;
    if (!this.speed) this.speed = defaultSpeed(range);
    var Control = L.Control.extend({
      options: { position: 'bottomleft' },
      onAdd: function () {
        var box = el('div', 'lr-timeline leaflet-bar');
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        var button = el('button', 'lr-play', self.playing ? '\u275a\u275a' : '\u25b6');
        button.type = 'button'; button.title = 'Play / pause';
        var slider = el('input', 'lr-slider');
        slider.type = 'range'; slider.min = String(range[0]); slider.max = String(range[1]);
        slider.step = String(Math.max(1, Math.round((range[1] - range[0]) / 1000)));
        var now = self.t === null ? range[1] : self.t;
        slider.value = String(now);
        var speed = el('select', 'lr-speed');
        SPEEDS.forEach(function (s) {
          var option = el('option', null, s[0]); option.value = String(s[1]);
          if (s[1] === self.speed) option.selected = true;
          speed.appendChild(option);
        });
        // before a moment is chosen every route is drawn: say so, not the last date of the range
        var readout = el('span', 'lr-readout', self.t === null ? 'every route, all dates' : LR.formatUtc(now, true));
        button.addEventListener('click', function () {
          if (self.playing) { self.pause(); self.reportMoment(); } else self.play();
        });
        slider.addEventListener('input', function () { self.pause(); self.setTime(Number(slider.value)); });
        slider.addEventListener('change', function () { self.reportMoment(); });
        speed.addEventListener('change', function () { self.speed = Number(speed.value); });
        self.onTime = function (t) { slider.value = String(t); readout.textContent = LR.formatUtc(t, true); };
        self.onPlayState = function (playing) { button.textContent = playing ? '\u275a\u275a' : '\u25b6'; };
        [button, slider, speed, readout].forEach(function (node) { box.appendChild(node); });
        return box;
      }
    });
    this.timelineControl = new Control().addTo(this.map);
  };

  // In Node (tests/js) the same functions, for unit tests; a classic script in the page has no `module`.
  if (typeof module === 'object' && module.exports) {
    module.exports = { LeaderRoutes: LR, defaultSpeed: defaultSpeed, SPEEDS: SPEEDS };
  }
})();
