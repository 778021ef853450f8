import socket

import pytest


def test_outside_connections_are_blocked():
    with socket.socket() as s, pytest.raises(OSError, match="blocked"):
        s.connect(("93.184.216.34", 80))


def test_name_resolution_is_blocked():
    with pytest.raises(OSError, match="blocked"):
        socket.getaddrinfo("example.org", 80)
