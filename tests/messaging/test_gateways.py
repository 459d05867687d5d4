"""The SMS gateways: the HTTP adapter's request and its error codes, the file adapter."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import override_settings

from lotse.messaging.gateways import (
    FileGateway,
    GatewayError,
    HttpGateway,
    sms_gateway,
)

RECEIVED: list[dict[str, object]] = []


class _Provider(BaseHTTPRequestHandler):
    status = 202

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        RECEIVED.append(
            {
                "auth": self.headers["Authorization"],
                "body": json.loads(self.rfile.read(length)),
            }
        )
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args: object) -> None:  # keep the test output quiet
        pass


@pytest.fixture
def provider() -> Iterator[HTTPServer]:
    RECEIVED.clear()
    server = HTTPServer(("127.0.0.1", 0), _Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    _Provider.status = 202


def test_http_gateway_posts_json_with_the_bearer_token(provider: HTTPServer) -> None:
    url = f"http://127.0.0.1:{provider.server_port}/sms"
    HttpGateway(url, "secret-token").send(to="+49 151 1", text="مرحباً", reference="ab12")
    assert RECEIVED == [
        {
            "auth": "Bearer secret-token",
            "body": {"to": "+49 151 1", "text": "مرحباً", "id": "ab12"},
        }
    ]


def test_http_gateway_errors_are_codes(provider: HTTPServer) -> None:
    _Provider.status = 503
    url = f"http://127.0.0.1:{provider.server_port}/sms"
    with pytest.raises(GatewayError) as failed:
        HttpGateway(url, "t").send(to="+49 151 1", text="x", reference="r")
    assert failed.value.code == "sms_http_503"
    with pytest.raises(GatewayError) as unset:
        HttpGateway("", "t").send(to="+49 151 1", text="x", reference="r")
    assert unset.value.code == "sms_not_configured"


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://sms.example/", "http://sms.example/send"]
)
def test_http_gateway_sends_only_to_https_or_a_local_relay(url: str) -> None:
    with pytest.raises(GatewayError) as refused:
        HttpGateway(url, "t").send(to="+49 151 1", text="x", reference="r")
    assert refused.value.code == "sms_url_not_http"


def test_the_setting_chooses_the_gateway(tmp_path) -> None:
    with override_settings(LOTSE_SMS_GATEWAY="file", LOTSE_SMS_DIR=str(tmp_path)):
        gateway = sms_gateway()
        assert isinstance(gateway, FileGateway)
        gateway.send(to="+49 151 1", text="Hallo", reference="ab12")
        (written,) = tmp_path.iterdir()
        assert written.read_text(encoding="utf-8") == "To: +49 151 1\nId: ab12\n\nHallo\n"
    with override_settings(LOTSE_SMS_GATEWAY="http", LOTSE_SMS_URL="http://x.invalid/"):
        assert isinstance(sms_gateway(), HttpGateway)
