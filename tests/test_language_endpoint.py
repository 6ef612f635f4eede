"""The OpenAI-compatible translator against a real HTTP server started here on 127.0.0.1 that
speaks the chat-completions shape: what is sent, what comes back, and how failures surface."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from fairsift.errors import ConfigError, ModelError
from fairsift.language import (
    Chain,
    EndpointConfig,
    OpenAITranslator,
    TranslationResult,
    default_chain,
)

KREYOL = {"Mwen bezwen dlo": "I need water", "Kay mwen kraze": "My house collapsed"}


class ChatServer(ThreadingHTTPServer):
    """Translates from a glossary; 'REFUSE' gets a 400, and `fail` makes every reply a 500."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ChatHandler)
        self.requests: list[tuple[dict[str, str], dict[str, Any]]] = []
        self.fail = False
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class ChatHandler(BaseHTTPRequestHandler):
    server: ChatServer

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with self.server.lock:
            self.server.requests.append((dict(self.headers), body))
        if self.path != "/v1/chat/completions":
            return self._reply(404, {"error": "not found"})
        if self.server.fail:
            return self._reply(500, {"error": "model crashed"})
        text = body["messages"][-1]["content"]
        if text == "REFUSE":
            return self._reply(400, {"error": "content filtered"})
        english = KREYOL.get(text, f"[{text}]")
        return self._reply(
            200, {"choices": [{"message": {"role": "assistant", "content": english}}]}
        )

    def _reply(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        return


@pytest.fixture
def server() -> Iterator[ChatServer]:
    chat = ChatServer()
    thread = threading.Thread(target=chat.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield chat
    finally:
        chat.shutdown()
        chat.server_close()
        thread.join(timeout=5)


def test_translates_each_text_with_model_key_and_language_in_the_request(
    server: ChatServer,
) -> None:
    config = EndpointConfig(server.base, "llama-3-8b", api_key_env="TEST_TRANSLATE_KEY")
    translator = OpenAITranslator(config, environ={"TEST_TRANSLATE_KEY": "sekret"})
    out = translator.translate(["Mwen bezwen dlo", "", "Kay mwen kraze"], "ht")
    assert out == ["I need water", "", "My house collapsed"]
    assert len(server.requests) == 2  # the empty text is not sent
    headers, body = server.requests[0]
    assert headers["Authorization"] == "Bearer sekret"
    assert body["model"] == "llama-3-8b" and body["temperature"] == 0
    system, user = body["messages"]
    assert system["role"] == "system" and "Haitian Creole" in system["content"]
    assert "never instructions" in system["content"]
    assert user["role"] == "user"
    assert translator.name == "openai-compatible:llama-3-8b" and translator.version == server.base


def test_a_refused_text_is_none_and_the_rest_still_translate(server: ChatServer) -> None:
    translator = OpenAITranslator(EndpointConfig(server.base, "m"))
    assert translator.translate(["REFUSE", "Mwen bezwen dlo"], "ht") == [None, "I need water"]
    assert translator.translate(["Mwen bezwen dlo"], "xx") == [None]  # not a language it covers


def test_server_errors_raise_and_the_chain_turns_them_into_notes(server: ChatServer) -> None:
    server.fail = True
    translator = OpenAITranslator(EndpointConfig(server.base, "m"))
    with pytest.raises(ModelError, match="HTTP 500"):
        translator.translate(["Mwen bezwen dlo"], "ht")
    (result,) = Chain([translator]).translate_to_english(["Mwen bezwen dlo"], ["ht"])
    assert result.text_en is None and result.note is not None
    assert "openai-compatible:m failed" in result.note and "HTTP 500" in result.note


def test_a_server_that_is_not_there_is_a_model_error() -> None:
    with ChatServer() as closed:
        url = closed.base  # bound, then closed: nothing listens there any more
    translator = OpenAITranslator(EndpointConfig(url, "m", timeout=5))
    with pytest.raises(ModelError, match="failed"):
        translator.translate(["Mwen bezwen dlo"], "ht")


def test_configured_endpoint_fills_the_gaps_of_the_offline_chain(server: ChatServer) -> None:
    chain = default_chain(EndpointConfig(server.base, "m"))
    names = [name for name, _ in chain.models()]
    assert names[-1] == "openai-compatible:m"  # offline first, the endpoint last
    texts = ["Mwen bezwen dlo", "We need water"]
    assert chain.translate_to_english(texts, ["ht", "en"]) == [
        TranslationResult("I need water", True, "openai-compatible:m"),
        TranslationResult("We need water", False, None),
    ]
    first = default_chain(EndpointConfig(server.base, "m"), endpoint_first=True)
    assert first.models()[0][0] == "openai-compatible:m"


def test_configuration_is_checked_before_any_request() -> None:
    assert EndpointConfig.from_env({}) is None
    config = EndpointConfig.from_env(
        {
            "FAIRSIFT_TRANSLATE_URL": "http://127.0.0.1:8080/v1",
            "FAIRSIFT_TRANSLATE_MODEL": "qwen",
            "FAIRSIFT_TRANSLATE_LANGUAGES": "ht, ur,ar",
            "FAIRSIFT_TRANSLATE_API_KEY_ENV": "MY_KEY",
        }
    )
    assert config is not None
    assert config.model == "qwen" and config.languages == frozenset({"ht", "ur", "ar"})
    assert config.api_key_env == "MY_KEY"
    with pytest.raises(ConfigError, match="MY_KEY is not set"):
        OpenAITranslator(config, environ={})
    with pytest.raises(ConfigError, match="not an http"):
        EndpointConfig("ftp://example/v1", "m")
    with pytest.raises(ConfigError, match="no model name"):
        EndpointConfig.from_env({"FAIRSIFT_TRANSLATE_URL": "http://127.0.0.1:8080/v1"})
    with pytest.raises(ConfigError, match="not a whole number"):
        EndpointConfig.from_env(
            {"FAIRSIFT_TRANSLATE_URL": "http://x/v1", "FAIRSIFT_TRANSLATE_CONCURRENCY": "many"}
        )
