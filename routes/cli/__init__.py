"""``python -m routes``: the command line (commandline.py) and its terminal output (terminal.py)."""
