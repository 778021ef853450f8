import sys
import traceback

from routes.cli.commandline import main
from routes.cli.terminal import visible


def _visible_traceback(kind, value, trace) -> None:
    # an unexpected error's message may quote a cell: shown escaped like every other line
    sys.stderr.write(visible("".join(traceback.format_exception(kind, value, trace))))


sys.excepthook = _visible_traceback
sys.exit(main())
