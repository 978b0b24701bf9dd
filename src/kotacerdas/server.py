"""The HTTP server: uvicorn serving ``kotacerdas.asgi``, one or several worker processes.

uvicorn's defaults pick httptools and uvloop, which the project installs (see pyproject).
"""

from __future__ import annotations

import socket

import uvicorn
from uvicorn.supervisors import Multiprocess

APPLICATION = "kotacerdas.asgi:application"


class ServerConfig(uvicorn.Config):
    """uvicorn's configuration with Nagle's algorithm off on the shared listening socket.

    With several workers uvicorn binds the socket itself (protocol number 0), and asyncio
    only sets TCP_NODELAY on accepted sockets whose protocol is IPPROTO_TCP: every keep-alive
    response then waited ~40 ms for the client's delayed ACK (a /healthz took 52 ms instead
    of 5). Accepted sockets inherit the option from the listening one. Module level, not
    nested: the workers are spawned processes and receive this configuration pickled.
    """

    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock


def run(host: str, port: int, workers: int) -> None:
    config = ServerConfig(
        APPLICATION, host=host, port=port, workers=workers, log_level="warning", lifespan="off"
    )
    if workers > 1:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
    else:
        uvicorn.Server(config).run()
