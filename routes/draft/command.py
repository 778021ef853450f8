"""``python -m routes draft FILE [--date YYYY-MM-DD] [--json]``: a draft itinerary from a story."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser("draft", help="draft an itinerary from a news story (.txt)")
    parser.add_argument("file", metavar="FILE", help="the story as UTF-8 text ('-' reads stdin)")
    parser.add_argument("--date", type=_iso_date, default=None,
                        help="the story's date, YYYY-MM-DD, for a story without a dated date line or "
                             "dateline (a dateline without a year takes it from here)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a CSV table")
    parser.set_defaults(func=run_draft)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {text!r}") from None


def run_draft(args) -> int:
    from routes.draft.draft import draft_story  # loads dateparser and the gazetteer

    text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8-sig")
    draft = draft_story(text, args.date, source=Path(args.file).name)
    if args.json:
        print(draft.to_json())
    else:
        sys.stdout.write(draft.to_csv())
    return 0 if draft.stops else 1
