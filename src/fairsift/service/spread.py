"""Worker processes that share the load: uvicorn's supervisor, but each process accepts on its
own listening socket, all bound to the same address with SO_REUSEPORT, so the kernel spreads
new connections over the processes. With uvicorn's one shared socket, whichever process wakes
first accepts a whole burst of connections (asyncio accepts in a loop) and the others idle:
20 keep-alive clients that connect at once were all served by one of two processes.

Before binding, the address is tried without SO_REUSEPORT, so a second service started on a
port already in use fails as it would without this, instead of quietly sharing the port.
"""

from __future__ import annotations

import errno
import socket

from uvicorn.config import Config
from uvicorn.supervisors.multiprocess import Multiprocess, Process

from fairsift.errors import ConfigError

__all__ = ["available", "serve"]


def available() -> bool:
    """Whether this system can spread connections over sockets (Linux and the BSDs)."""
    return hasattr(socket, "SO_REUSEPORT")


class _Spread(Multiprocess):
    """Multiprocess with one socket per process: process i accepts on sockets[i]."""

    def _process(self, index: int) -> Process:
        return Process(self.config, [self.sockets[index]])

    def init_processes(self) -> None:
        for index in range(self.processes_num):
            process = self._process(index)
            process.start()
            self.processes.append(process)

    def restart_all(self) -> None:
        for index, old in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new = self._process(index)
            new.start()
            if not new.wait_until_ready(self.config.timeout_worker_healthcheck, self.should_exit):
                new.kill()
                new.join()
                return
            old.terminate()
            old.join()
            self.processes[index] = new

    def keep_subprocess_alive(self) -> None:
        if self.should_exit.is_set():
            return
        for index, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()
            process.join()
            if process.exitcode == 3:  # uvicorn's STARTUP_FAILURE: it would fail again
                self.should_exit.set()
                return
            if self.should_exit.is_set():
                return
            replacement = self._process(index)
            replacement.start()
            self.processes[index] = replacement


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _bind(host: str, port: int, backlog: int) -> socket.socket:
    # proto given, as uvicorn does: asyncio turns Nagle off (TCP_NODELAY) only on sockets
    # that say they are TCP; without it every small write waits for a delayed ACK (40 ms)
    sock = socket.socket(_family(host), socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


def _check_free(host: str, port: int) -> None:
    probe = socket.socket(_family(host), socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(
                f"{host}:{port} is in use by another program",
                "Stop it, or serve on another --port",
            ) from exc
        where = f"{host}:{port}"
        raise ConfigError(f"cannot listen on {where} ({exc.strerror})", "Check --host") from exc
    finally:
        probe.close()


def serve(config: Config) -> None:
    """Run `config.workers` processes of `config`'s app on one address until interrupted."""
    _check_free(config.host, config.port)
    sockets = [_bind(config.host, config.port, config.backlog) for _ in range(config.workers)]
    try:
        _Spread(config, sockets=sockets).run()
    finally:
        for sock in sockets:
            sock.close()
