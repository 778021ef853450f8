"""A draft itinerary from a news story: the leader, the stops of the trip, and background.

Each sentence is read for leaders, travel verbs, places, dates and modes. A place becomes a
stop when a travel verb puts the leader there within the days the story reports; a place
whose nearest date is weeks before the story, or whose sentence says "last year", is
background (the Singapore summit "i juni sidste år" is not a stop of a January trip).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from routes.draft.dates import DateMention, find_dates, has_past_marker
from routes.draft.leaders import LeaderMention, find_leaders
from routes.draft.mentions import PlaceMention, find_modes, find_places
from routes.draft.model import Background, Draft, DraftStop
from routes.draft.roles import ARRIVAL, DEPARTURE, find_verbs, role_at
from routes.draft.story import Sentence, Story, read_story

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
    place: object = None      # the gazetteer's Place, once resolved


def draft_story(text: str, story_date: date | None = None, gazetteer=None,
                source: str = "") -> Draft:
    """Propose an itinerary from ``text``; ``story_date`` wins over a date line or dateline."""
    gazetteer = gazetteer or _default_gazetteer()
    story = read_story(text, story_date)
    when = story.date or date.today()
    mentions = find_leaders(story.text)
    readings = [_read(s, story, when, mentions, gazetteer) for s in story.sentences]
    leader = _choose_leader(readings)
    sightings = [_sight(place, r, leader, when, story.language) for r in readings for place in r.places]
    stops = _stops(sightings, leader, story)
    background = _background(sightings, stops, when)
    _resolve(stops, gazetteer)
    trip_modes = Counter(m.mode for r in readings for m in r.modes if not r.past)
    return Draft(leader=leader or "", story_date=story.date, language=story.language,
                 stops=[_finish(s, trip_modes) for s in stops], background=background,
                 source=source or f"news story {story.date.isoformat() if story.date else ''}".strip())


def _default_gazetteer():
    from routes.geocode import Gazetteer    # the geocode stage; loaded only when needed

    return Gazetteer.default()


def _read(sentence: Sentence, story: Story, when: date, mentions, gazetteer) -> _Reading:
    start, end = sentence.start, sentence.start + len(sentence.text)
    leaders = [LeaderMention(m.leader, m.start - start, m.end - start, m.text, m.full)
               for m in mentions if start <= m.start < end]
    dates = find_dates(sentence.text, when, (story.language,))
    modes = find_modes(sentence.text)
    # Names, dates and vehicles ("Air Force One") are never places.
    skip = ([(m.start, m.end) for m in leaders] + [(d.start, d.end) for d in dates]
            + [(m.start, m.start + len(m.text)) for m in modes])
    return _Reading(sentence, leaders, find_verbs(sentence.text, story.language),
                    find_places(sentence.text, gazetteer, story.language, skip), dates,
                    modes, has_past_marker(sentence.text, story.language))


def _choose_leader(readings: list[_Reading]) -> str | None:
    """The known leader most often the subject of travel verbs (else the most named)."""
    as_subject: Counter = Counter()
    named: Counter = Counter()
    for reading in readings:
        named.update(m.leader for m in reading.leaders)
        for verb in reading.verbs:
            subject = _subject(reading.leaders, verb.start)
            if subject:
                as_subject[subject] += 1
    if not named:
        return None
    return max(named, key=lambda name: (as_subject[name], named[name]))


def _subject(leaders: list[LeaderMention], verb_start: int) -> str | None:
    """The leader named closest before the verb, or just after it (verb-second order)."""
    before = [m for m in leaders if m.end <= verb_start]
    if before:
        return before[-1].leader
    after = [m for m in leaders if m.start >= verb_start and m.start - verb_start < 40]
    return after[0].leader if after else None


def _sight(place: PlaceMention, reading: _Reading, leader, when: date, language: str) -> _Sighting:
    day = _nearest(reading.dates, place.start)
    role = role_at(reading.sentence.text, place.start, reading.verbs, language)
    named = any(m.leader == leader for m in reading.leaders)
    others_only = reading.leaders and not named
    if others_only:
        role = None             # someone else's travel
    return _Sighting(place, role, day.day if day else None, bool(day and day.relative),
                     reading, named)


def _nearest(dates: list[DateMention], position: int) -> DateMention | None:
    return min(dates, key=lambda d: abs(d.start - position), default=None)


def _is_background(s: _Sighting, when: date) -> bool:
    if s.day is not None and s.day < when - timedelta(days=TRIP_WINDOW_DAYS):
        return True
    return s.reading.past and (s.day is None or s.day < when - timedelta(days=1))


def _stops(sightings: list[_Sighting], leader, story: Story) -> list[_Stop]:
    when = story.date or date.today()
    stops: dict[str, _Stop] = {}
    for s in sightings:
        if s.role is None or _is_background(s, when):
            continue
        key = _key(s.place)
        stop = stops.setdefault(key, _Stop(key, s.place, order=len(stops)))
        if s.role == ARRIVAL and s.day:
            stop.arrive = min(filter(None, (stop.arrive, s.day)))
        if s.role == DEPARTURE and s.day:
            stop.depart = max(filter(None, (stop.depart, s.day)))
        stop.confidence = max(stop.confidence, _confidence(s, story))
        stop.evidence.append(s.reading.sentence.text)
        if s.role in (ARRIVAL, DEPARTURE):
            stop.modes.update(m.mode for m in s.reading.modes)
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


def _background(sightings: list[_Sighting], stops: list[_Stop], when: date) -> list[Background]:
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
