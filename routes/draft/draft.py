"""A draft itinerary from a news story: the leader, the stops of the trip, and background.

Each sentence is read for leaders, travel verbs, places, dates and modes. A place becomes a
stop when the words around it mark it as a location ("in", "에", "抵达"), a travel verb puts
the leader there, and the leader (not someone else the sentence names first) is the one
travelling, within the days the story reports. A place whose nearest date is weeks before
the story, or whose sentence says "last year", is background (the Singapore summit "i juni
sidste år" is not a stop of a January trip); a trip still to come is neither.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from routes.draft.actors import actor_of, same_day
from routes.draft.cues import latin_cue
from routes.draft.dates import DateMention, find_dates, has_past_marker
from routes.draft.leaders import LeaderMention, find_leaders
from routes.draft.lexicon import UNSPACED
from routes.draft.mentions import PlaceMention, find_modes, find_places
from routes.draft.model import Background, Draft, DraftStop
from routes.draft.roles import ARRIVAL, DEPARTURE, PLAN, STAY, clause_of, find_verbs, role_at
from routes.draft.story import Sentence, Story, read_story
from routes.places.countries import country_code, is_country
from routes.places.place import Place
from routes.places.sphere import distance_km as haversine_km

# A trip is reported within days; anything older than this before the story is background.
TRIP_WINDOW_DAYS = 14
_LEVELS = ("low", "medium", "high")


@dataclass
class _Reading:
    """What one sentence says."""
    sentence: Sentence
    leaders: list[LeaderMention]
    verbs: list
    places: list[PlaceMention]
    dates: list[DateMention]
    modes: list
    past: bool
    language: str = ""


@dataclass
class _Sighting:
    place: PlaceMention
    role: str | None
    day: date | None
    relative: bool
    reading: _Reading
    leader_named: bool


@dataclass
class _Stop:
    key: str
    mention: PlaceMention
    arrive: date | None = None
    depart: date | None = None
    confidence: int = 0
    evidence: list[str] = field(default_factory=list)
    modes: Counter = field(default_factory=Counter)
    order: int = 0
    place: Place | None = None      # the gazetteer's Place, once resolved
    stayed: date | None = None   # the first day the story has the leader there, without an arrival


def draft_story(text: str, story_date: date | None = None, gazetteer=None,
                source: str = "") -> Draft:
    """Propose an itinerary from ``text``; ``story_date`` wins over a date line or dateline."""
    gazetteer = gazetteer or _default_gazetteer()
    story = read_story(text, story_date)
    when = story.date        # None: the story gives no date and none was given; never today
    mentions = find_leaders(story.text)
    readings = [_read(s, story, when, mentions, gazetteer) for s in story.sentences]
    _carry_same_day(readings, story.language)
    leader = _choose_leader(readings)
    sightings = [_sight(place, r, leader, when, story.language) for r in readings for place in r.places]
    stops = _stops(sightings, leader, story)
    background = _background(sightings, stops, when)
    _resolve(stops, gazetteer)
    stops = _merge_nearby(stops)
    _date_from_country(stops, readings, leader, story.language)
    trip_modes = Counter(m.mode for r in readings for m in r.modes if not r.past)
    return Draft(leader=leader or "", story_date=story.date, language=story.language,
                 stops=[_finish(s, trip_modes) for s in stops], background=background,
                 source=source or f"news story {story.date.isoformat() if story.date else ''}".strip())


def _default_gazetteer():
    from routes.places import Gazetteer  # the geocode stage; loaded only when needed

    return Gazetteer.default()


def _read(sentence: Sentence, story: Story, when: date | None, mentions, gazetteer) -> _Reading:
    start, end = sentence.start, sentence.start + len(sentence.text)
    leaders = [LeaderMention(m.leader, m.start - start, m.end - start, m.text, m.full)
               for m in mentions if start <= m.start < end]
    dates = find_dates(sentence.text, when, (story.language,)) if when else []
    modes = find_modes(sentence.text)
    # Names, dates and vehicles ("Air Force One") are never places.
    skip = ([(m.start, m.end) for m in leaders] + [(d.start, d.end) for d in dates]
            + [(m.start, m.start + len(m.text)) for m in modes])
    return _Reading(sentence, leaders, find_verbs(sentence.text, story.language),
                    find_places(sentence.text, gazetteer, story.language, skip), dates,
                    modes, has_past_marker(sentence.text, story.language), story.language)


# Every word with the one after it, overlapping: "in Frankreich", "Frankreich eingetroffen".
_WORD_RUN = re.compile(r"(?<![^\W\d_])(?=([^\W\d_]+(?:\s+[^\W\d_]+)?))")


def _date_from_country(stops: list[_Stop], readings: list[_Reading], leader, language: str) -> None:
    """"arrived in France on Sunday … landing in Paris": an undated stop takes the day the
    leader arrived in its country."""
    arrived: dict[str | None, date] = {}
    for reading in readings:
        text = reading.sentence.text
        for match in _WORD_RUN.finditer(text):
            for name in (match.group(1), match.group(1).split()[0]):
                if not (name[:1].isupper() and is_country(name)):
                    continue
                day = _nearest(reading.dates, match.start(), text)
                if (day and latin_cue(text, match.start(), language)
                        and role_at(text, match.start(), reading.verbs, language) == ARRIVAL
                        and actor_of(text, match.start(), reading.leaders, language, leader) == leader):
                    code = country_code(name)
                    arrived[code] = min(filter(None, (arrived.get(code), day.day)))
                break
    for stop in stops:
        arrival = arrived.get(getattr(stop.place, "country", None))
        if stop.arrive is None and arrival and (stop.depart is None or arrival <= stop.depart):
            stop.arrive = arrival


def _carry_same_day(readings: list[_Reading], language: str) -> None:
    """"Earlier in the day", "이날": a sentence without a date of its own is on the last day named."""
    last: DateMention | None = None
    for reading in readings:
        days = [d for d in reading.dates if d.precision == "day"]
        if last is not None and same_day(reading.sentence.text, language):
            reading.dates = reading.dates + [DateMention("", 0, 0, last.day, "day", last.relative)]
        if days:
            last = days[-1]


def _choose_leader(readings: list[_Reading]) -> str | None:
    """The known leader most often the one travelling (else the most named)."""
    as_subject: Counter = Counter()
    named: Counter = Counter()
    for reading in readings:
        named.update(m.leader for m in reading.leaders)
        for verb in reading.verbs:
            subject = actor_of(reading.sentence.text, verb.start, reading.leaders, reading.language, None)
            if subject:
                as_subject[subject] += 1
    if not named:
        return None
    return max(named, key=lambda name: (as_subject[name], named[name]))


def _sight(place: PlaceMention, reading: _Reading, leader, when: date | None, language: str) -> _Sighting:
    text = reading.sentence.text
    others = [p.start for p in reading.places if p.start != place.start]
    day = _nearest(reading.dates, place.start, text, place.end, reading.verbs, others)
    role = role_at(text, place.start, reading.verbs, language, place.end)
    # The object of a travel verb: "left Beijing", "forlod onsdag Beijing", "verließ Peking".
    adjacent = any(_next_to(text[v.end:place.start], language) for v in reading.verbs if v.end <= place.start) \
        or _perfect_object(text, place, reading.verbs, language)
    if not (place.marked or adjacent):
        role = None             # "while Pyongyang looks for backing": a government, not a stop
    elif actor_of(text, place.start, reading.leaders, language, leader) != leader:
        role = None             # someone else's travel
    elif role == PLAN or (day and when and day.day > when):
        role = PLAN             # announced, not made
    named = any(m.leader == leader for m in reading.leaders)
    return _Sighting(place, role, day.day if day else None, bool(day and day.relative),
                     reading, named)


def _next_to(gap: str, language: str) -> bool:
    """Whether ``gap`` (between a verb and a place) is at most one word, and no comma."""
    if language in UNSPACED:
        return len(gap) <= 1
    return len(gap.split()) <= 1 and "," not in gap


_AUXILIARIES = {"de": {"hat", "hatte", "haben", "hatten"}, "da": {"har", "havde"}}


def _perfect_object(text: str, place: PlaceMention, verbs, language: str) -> bool:
    """German and Danish perfect tenses put the verb last: "hat Pjöngjang … verlassen"."""
    before = text[:place.start].split()[-1:]
    return (bool(before) and before[0].casefold() in _AUXILIARIES.get(language, ())
            and any(v.start > place.end and v.kind in (ARRIVAL, DEPARTURE) for v in verbs))


# A clause about the place just named: "Riad, donde aterrizó el martes".
_ABOUT_IT = re.compile(r"^\s*,\s*(?:where|donde|où|wo|hvor|nơi|где|när|waar)\b", re.IGNORECASE)


def _nearest(dates: list[DateMention], position: int, sentence: str = "",
             end: int | None = None, verbs=(), others=()) -> DateMention | None:
    """The date for the place at ``position``: the nearest in its clause that no other place
    (starts in ``others``) is nearer to; else one in a "where" clause right after it ("Riad,
    donde aterrizó el martes"); else the day carried over ("earlier in the day"); else the
    nearest in the sentence."""
    low, high = clause_of(sentence, position)
    own = [d for d in dates if d.text and low <= d.start < high
           and not any(low <= o < high and abs(d.start - o) < abs(d.start - position) for o in others)]
    if own:
        return min(own, key=lambda d: abs(d.start - position))
    if end is not None and _ABOUT_IT.match(sentence[end:]):
        low, high = clause_of(sentence, end + 2)
        about = [d for d in dates if d.text and low <= d.start < high]
        # "…Hà Nội, nơi ông sẽ gặp Trump ngày 28/2": a clause about what is still to come there.
        if about and not any(v.kind == PLAN and low <= v.start < high for v in verbs):
            return min(about, key=lambda d: d.start)
    carried = [d for d in dates if not d.text]
    return min(carried or dates, key=lambda d: abs(d.start - position), default=None)


def _is_background(s: _Sighting, when: date | None) -> bool:
    if s.role == PLAN or not (s.place.marked or s.role):
        return False            # a trip to come, or a name that is no place here
    if when is None:
        return s.reading.past
    if s.day is not None and s.day < when - timedelta(days=TRIP_WINDOW_DAYS):
        return True
    return s.reading.past and (s.day is None or s.day < when - timedelta(days=1))


def _stops(sightings: list[_Sighting], leader, story: Story) -> list[_Stop]:
    when = story.date
    stops: dict[str, _Stop] = {}
    for s in sightings:
        if s.role in (None, PLAN) or _is_background(s, when):
            continue
        key = _key(s.place)
        stop = stops.setdefault(key, _Stop(key, s.place, order=len(stops)))
        if s.role == ARRIVAL and s.day:
            stop.arrive = min(filter(None, (stop.arrive, s.day)))
        if s.role == DEPARTURE and s.day:
            stop.depart = max(filter(None, (stop.depart, s.day)))
        if s.role == STAY and s.day:
            stop.stayed = min(filter(None, (stop.stayed, s.day)))
        stop.confidence = max(stop.confidence, _confidence(s, story))
        stop.evidence.append(s.reading.sentence.text)
        if s.role in (ARRIVAL, DEPARTURE):
            stop.modes.update(m.mode for m in s.reading.modes)
    for stop in stops.values():
        if stop.arrive is None and stop.stayed and (stop.depart is None or stop.stayed <= stop.depart):
            stop.arrive = stop.stayed     # "visited Komsomolsk on Friday": there by Friday
    return sorted(stops.values(), key=lambda st: (st.arrive or st.depart or date.max, st.order))


def _confidence(s: _Sighting, story: Story) -> int:
    """0 low, 1 medium, 2 high: a dated arrival or departure of the named leader is high."""
    score = (s.role in (ARRIVAL, DEPARTURE)) + (s.day is not None) + s.leader_named
    if s.relative and story.date_precision != "day":
        score -= 1               # "tuesday" counted from a story date we only half know
    return max(0, min(2, score - 1))


def _key(place: PlaceMention) -> str:
    best = place.candidates[0] if place.candidates else None
    return f"{best.name}|{best.country}" if best else place.form.casefold()


def _background(sightings: list[_Sighting], stops: list[_Stop], when: date | None) -> list[Background]:
    """Places of earlier events, unless they are also stops of this trip."""
    stop_keys = {stop.key for stop in stops}
    out: dict[str, Background] = {}
    for s in sightings:
        key = _key(s.place)
        if key not in stop_keys and key not in out and _is_background(s, when):
            out[key] = Background(_name(s.place), s.reading.sentence.text)
    return list(out.values())


def _name(place: PlaceMention) -> str:
    return place.candidates[0].name if place.candidates else place.form


def _resolve(stops: list[_Stop], gazetteer) -> None:
    context: list[tuple[float, float]] = []
    for stop in stops:
        place = gazetteer.resolve(stop.mention.form, context=tuple(context))
        stop.place = place
        if place is not None and place.lat is not None:
            context.append((place.lat, place.lon))


# Two stops this close are one: "the resort island of Sentosa" and Singapore, "평양 순안국제공항".
SAME_STOP_KM = 25.0


def _merge_nearby(stops: list[_Stop]) -> list[_Stop]:
    """Fold each stop into one named earlier in the story that lies within ``SAME_STOP_KM``."""
    kept: list[_Stop] = []
    for stop in sorted(stops, key=lambda st: st.order):
        home = next((k for k in kept if _close(k, stop)), None)
        if home is None:
            kept.append(stop)
            continue
        home.arrive = min(filter(None, (home.arrive, stop.arrive)), default=None)
        home.depart = max(filter(None, (home.depart, stop.depart)), default=None)
        home.confidence = max(home.confidence, stop.confidence)
        home.evidence += stop.evidence
        home.modes.update(stop.modes)
    return sorted(kept, key=lambda st: (st.arrive or st.depart or date.max, st.order))


def _close(a: _Stop, b: _Stop) -> bool:
    pa, pb = a.place, b.place
    if pa is None or pb is None or pa.lat is None or pb.lat is None or pa.lon is None or pb.lon is None:
        return False
    return haversine_km(pa.lat, pa.lon, pb.lat, pb.lon) <= SAME_STOP_KM


def _finish(stop: _Stop, trip_modes: Counter) -> DraftStop:
    place = stop.place
    modes = stop.modes or trip_modes
    return DraftStop(
        place=(place.name if place is not None and place.name else stop.mention.form),
        lat=place.lat if place is not None else None, lon=place.lon if place is not None else None,
        country=place.country if place is not None else "",
        arrive=stop.arrive.isoformat() if stop.arrive else "",
        depart=stop.depart.isoformat() if stop.depart else "",
        mode=modes.most_common(1)[0][0] if modes else "",
        confidence=_LEVELS[stop.confidence], evidence=stop.evidence[0],
        written=stop.mention.text)
