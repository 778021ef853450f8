"""A draft itinerary from a news story in any supported language (issue #10).

``draft_story(text, story_date=None) -> Draft``; ``Draft.to_json()`` and
``Draft.to_stops_frame()`` give it to the command line and to the app.
"""

__all__ = ["STOPS_COLUMNS", "Background", "Draft", "DraftStop", "draft_story"]


def __getattr__(name: str):
    # Loaded on first use, so `python -m routes validate` does not pay for dateparser.
    if name == "draft_story":
        from routes.draft.draft import draft_story
        return draft_story
    if name in __all__:
        from routes.draft import model
        return getattr(model, name)
    raise AttributeError(name)
