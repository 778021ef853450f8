"""Where derived files live: LEADER_ROUTES_CACHE, else ~/.cache/leader-routes.

If that directory cannot be written (read-only home, locked-down laptop), a
temporary directory is used instead and the caller is told why.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ENV_VAR = "LEADER_ROUTES_CACHE"


def default_cache_dir() -> Path:
    configured = os.environ.get(ENV_VAR, "").strip()
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "leader-routes"


def writable_dir(preferred: Path | None, notices: list[str]) -> Path | None:
    """Return a directory we can write to, preferring ``preferred``.

    Falls back to a temporary directory (with a notice), and returns None
    when not even that is possible, meaning: work in memory.
    """
    target = Path(preferred) if preferred is not None else default_cache_dir()
    if _can_write(target):
        return target
    notices.append(f"cache directory {target} is not writable; using a temporary directory")
    try:
        fallback = Path(tempfile.gettempdir()) / f"leader-routes-{os.getuid()}"
        if _can_write(fallback):
            return fallback
    except OSError:
        pass
    notices.append("no writable directory for the place index; building it in memory")
    return None


def _can_write(directory: Path) -> bool:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=directory, prefix=".probe-", delete=True)
        probe.close()
        return True
    except OSError:
        return False
