"""Reading a place query: name, hints ("Name, Region, Country", "Name (Region)"), kind."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from routes.places.normalize import compact, drop_fillers, normalize, split_kind

_PARENS = re.compile(r"\(([^()]*)\)")
_CODE = re.compile(r"^[A-Z0-9]{3,4}$")


@dataclass
class ParsedQuery:
    raw: str
    name: str                      # the place name, hints removed
    hints: list[str] = field(default_factory=list)
    bracketed: list[str] = field(default_factory=list)   # the hints written in parentheses
    kind: str | None = None        # kind word found in the name
    base: str = ""                 # normalised name without kind words (spaced)

    @property
    def full_key(self) -> str:
        return compact(normalize(self.name))

    @property
    def base_key(self) -> str:
        return compact(self.base)

    @property
    def lean_key(self) -> str:
        """Base without filler words ("noi bai international" -> "noibai")."""
        return compact(drop_fillers(self.base))

    @property
    def looks_like_code(self) -> bool:
        # Typed as a code: "FNJ", "ZKPY". "Rome" or "rome" are names.
        return bool(_CODE.match(self.name.strip())) and not self.hints


def parse(query: str) -> ParsedQuery:
    text = " ".join(str(query).split())
    bracketed = [h.strip() for h in _PARENS.findall(text) if h.strip()]
    text = _PARENS.sub(" ", text)
    parts = [p.strip() for p in text.split(",")]
    name = parts[0] if parts else ""
    hints = [p for p in parts[1:] if p] + bracketed
    base, kind = split_kind(normalize(name))
    return ParsedQuery(raw=query, name=" ".join(name.split()), hints=hints, bracketed=bracketed,
                       kind=kind, base=base)


def whole(query: str) -> ParsedQuery:
    """The query taken as one name ("Washington, D.C." is a name, not a hint)."""
    text = " ".join(str(query).split())
    base, kind = split_kind(normalize(text))
    return ParsedQuery(raw=query, name=text, hints=[], kind=kind, base=base)
