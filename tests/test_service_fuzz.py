"""API fuzzing with schemathesis against the service's own OpenAPI document: whatever the
input, valid by the schema or not, no 5xx, and every error is problem JSON. Bounded (a few
examples per operation and mode) so it runs in well under a minute; each case is sent as an
admin (to reach every operation's body) and anonymously.

Schemathesis's pytest integration does not work with this pytest, so the operations are
driven through its Hypothesis strategies directly."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from fairsift.service.settings import ServiceSettings
from fairsift.service.testing import ServerThread, seed_people

EXAMPLES = 25


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerThread, str]]:
    folder = tmp_path_factory.mktemp("fuzz")
    db = str(folder / "fairsift.db")
    token = seed_people(db)["admin"]
    config = ServiceSettings(db=db, data_dir=folder / "data", pow_bits=0, login_per_minute=1000)
    with ServerThread(config) as running:
        yield running, token


def test_no_input_makes_the_service_fail(server: tuple[ServerThread, str]) -> None:
    running, token = server
    schema = schemathesis.openapi.from_url(f"{running.url}/openapi.json")
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Any) -> None:
                for headers in ({"Authorization": f"Bearer {token}"}, {}):
                    response = case.call(base_url=running.url, headers=headers)
                    case.validate_response(response, checks=[not_a_server_error])
                    if response.status_code >= 400:
                        kind = (response.headers.get("content-type") or [""])[0]
                        assert kind.startswith("application/problem+json"), kind
                        body = response.json()
                        assert body["status"] == response.status_code and body["hint"]

            try:
                run()
            except Unsatisfiable:
                continue  # nothing to break: an operation without inputs has no invalid ones
            except Exception as exc:  # collect every operation's failure, then report all
                failures.append(f"{operation.label} ({mode.value}): {exc}")
    assert operations >= 30
    assert not failures, "\n\n".join(failures)
