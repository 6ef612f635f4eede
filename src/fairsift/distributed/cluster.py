"""Connect to a Ray cluster for one batch, or start a throwaway one on this machine.

`connect("local")` starts Ray here, bound to 127.0.0.1 only (Ray otherwise rewrites
127.0.0.1 to the machine's public address and listens on every interface), with a small
object store and a set memory budget, and stops it when the batch ends. `connect(ADDRESS)`
joins a running cluster and only disconnects. Either way the cluster must run the same Ray
and fairsift as this process: any difference is a ClusterError before work starts.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from fairsift import __version__
from fairsift.errors import ClusterError

__all__ = ["LOCAL", "OBJECT_STORE_BYTES", "Cluster", "check_address", "connect", "import_ray"]

LOCAL = "local"
# Ray reserves ~30 % of RAM per node for objects unless told; a batch only ever holds the
# files in flight (two per actor), so a small store is plenty.
OBJECT_STORE_BYTES = 256 * 2**20
MEMORY_PER_CPU = 1024 * 2**20  # heap budget Ray may schedule per CPU of a local cluster
INSTALL_HINT = "Install the extra: pip install 'fairsift[ray]'"


@dataclass(frozen=True)
class Cluster:
    """What a batch needs to know of the cluster it runs on."""

    address: str
    cpus: int
    nodes: int
    local: bool


def import_ray() -> Any:
    """The `ray` module, or a ClusterError saying how to install it."""
    # Private by default: Ray sends no usage statistics.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    try:
        import ray
    except ImportError as exc:
        raise ClusterError("Ray is not installed", INSTALL_HINT) from exc
    return ray


def _loopback_only(ray: Any) -> None:
    # Ray treats a single-node cluster on Linux like a node of a multi-machine one and
    # advertises the machine's address; this switch keeps every port on 127.0.0.1.
    os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
    from ray._private import ray_constants

    ray_constants.ENABLE_RAY_CLUSTER = False


@contextmanager
def connect(address: str, *, cpus: int | None = None) -> Iterator[Cluster]:
    """Ray for the duration of the block; `address` is "local" or a cluster's host:port."""
    ray = import_ray()
    if ray.is_initialized():
        raise ClusterError("Ray is already initialised in this process", "Run one batch at a time")
    quiet: dict[str, Any] = {
        "configure_logging": False,
        "log_to_driver": False,
        "logging_level": logging.ERROR,
    }
    local = address == LOCAL
    check_address(address)
    if local or _host(address) in ("127.0.0.1", "localhost", "::1"):
        _loopback_only(ray)  # a cluster on this machine's loopback: this driver stays there too
    # Ray logs notices (e.g. that token authentication is on: only processes holding
    # ~/.ray/auth_token may use a local cluster) through `logging`; the library never prints.
    logging.getLogger("ray").setLevel(logging.ERROR)
    try:
        if local:
            count = cpus or os.cpu_count() or 1
            ray.init(
                num_cpus=count,
                object_store_memory=OBJECT_STORE_BYTES,
                _memory=MEMORY_PER_CPU * count,
                _node_ip_address="127.0.0.1",
                include_dashboard=False,
                **quiet,
            )
        else:
            ray.init(address=address, **quiet)
    except (ConnectionError, TimeoutError) as exc:
        raise ClusterError(
            f"cannot reach the Ray cluster at {address}: {_first_line(exc)}"
        ) from exc
    except RuntimeError as exc:
        if "version mismatch" in str(exc).lower():
            raise ClusterError(
                f"the Ray cluster at {address} runs another Ray or Python version than this "
                f"process (Ray {ray.__version__}): {_first_line(exc)}",
                "Install the same Ray version on every node and here",
            ) from exc
        raise ClusterError(f"cannot start Ray at {address}: {_first_line(exc)}") from exc
    except Exception as exc:  # Ray raises its own types for auth and RPC failures
        raise ClusterError(
            f"cannot reach the Ray cluster at {address}: {_first_line(exc)}"
        ) from exc
    try:
        nodes = [n for n in ray.nodes() if n.get("Alive")]
        total = int(ray.cluster_resources().get("CPU", 0))
        if total < 1:
            raise ClusterError(f"the Ray cluster at {address} has no CPUs to run work on")
        yield Cluster(address=address, cpus=total, nodes=len(nodes), local=local)
    finally:
        ray.shutdown()


def check_workers(infos: list[tuple[str, str, str]], config_sha256: str) -> None:
    """Every actor reported (fairsift version, Ray version, configuration hash): they must
    all be this process's, or the output would not be what a run without Ray gives."""
    ray = import_ray()
    for version, ray_version, config in infos:
        if version != __version__ or ray_version != ray.__version__:
            raise ClusterError(
                f"a Ray worker runs fairsift {version} with Ray {ray_version}; this process "
                f"runs fairsift {__version__} with Ray {ray.__version__}",
                "Install the same fairsift and Ray on every node",
            )
        if config != config_sha256:
            raise ClusterError(
                "a Ray worker computed another configuration than this process (its "
                "models or settings differ)",
                "Install the same fairsift, models and FAIRSIFT_* settings on every node",
            )


def check_address(address: str) -> None:
    """Fail in seconds, before any model loads and not after Ray's minutes of retries, when
    Ray is missing or nothing listens at `address`."""
    import_ray()
    if address == LOCAL:
        return
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise ClusterError(
            f"--ray {address!r} is not a cluster address",
            "Give the head node's host:port (as `ray start --head` prints it), or local",
        )
    try:
        socket.create_connection((host, int(port)), timeout=5).close()
    except OSError as exc:
        raise ClusterError(
            f"cannot reach the Ray cluster at {address}: {exc.strerror or exc}"
        ) from exc


def _host(address: str) -> str:
    return address.removeprefix("ray://").rpartition(":")[0].strip("[]")


def _unreachable(address: str, exc: BaseException) -> ClusterError:
    return ClusterError(f"cannot reach the Ray cluster at {address}: {_first_line(exc)}")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__
