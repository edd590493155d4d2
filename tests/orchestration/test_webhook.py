"""Alerts reach a WeCom/DingTalk/Feishu-style robot; tested against a local HTTP server."""

import base64
import hashlib
import hmac
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

from orchestration.alerts.webhook import Alert, WebhookConfig, build_request, send_alert

ALERT = Alert(title="omnichannel-elt: daily_pipeline failed", lines=("run abc", "gmv_reconciles failed"))


@pytest.fixture
def robot():
    """A loopback HTTP server that records posts and answers like a robot."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        reply: ClassVar[dict] = {"errcode": 0, "errmsg": "ok"}

        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append({"path": self.path, "body": json.loads(self.rfile.read(length))})
            payload = json.dumps(Handler.reply).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", received, Handler
    server.shutdown()
    server.server_close()


def test_off_when_no_url_is_configured(monkeypatch):
    monkeypatch.delenv("OMNI_ALERT_WEBHOOK_URL", raising=False)
    assert WebhookConfig.from_env({}) is None
    assert send_alert(ALERT) is False


def test_wecom_markdown_is_posted_and_accepted(robot):
    url, received, _ = robot
    config = WebhookConfig.from_env({"OMNI_ALERT_WEBHOOK_URL": f"{url}/cgi-bin/webhook/send?key=k"})
    assert config.kind == "wecom"
    assert send_alert(ALERT, config) is True
    assert len(received) == 1
    body = received[0]["body"]
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["content"].splitlines() == [
        "### omnichannel-elt: daily_pipeline failed",
        "**run abc**",
        "- gmv_reconciles failed",
    ]


def test_dingtalk_request_is_signed_in_the_url(robot):
    url, received, _ = robot
    config = WebhookConfig(url=f"{url}/robot/send?access_token=t", kind="dingtalk", secret="SECabc")
    assert send_alert(ALERT, config) is True
    query = urllib.parse.parse_qs(urllib.parse.urlparse(received[0]["path"]).query)
    timestamp = query["timestamp"][0]
    expected = base64.b64encode(
        hmac.new(b"SECabc", f"{timestamp}\nSECabc".encode(), hashlib.sha256).digest()
    ).decode()
    assert query["sign"][0] == expected
    assert received[0]["body"]["markdown"]["title"] == ALERT.title


def test_feishu_gets_a_signed_card_red_for_failed_orange_for_warning():
    config = WebhookConfig(url="https://open.feishu.cn/open-apis/bot/v2/hook/x", kind="feishu", secret="s")
    _, body = build_request(config, ALERT, now=1_700_000_000)
    expected = base64.b64encode(hmac.new(b"1700000000\ns", b"", hashlib.sha256).digest()).decode()
    assert (body["msg_type"], body["timestamp"], body["sign"]) == ("interactive", "1700000000", expected)
    card = body["card"]
    assert card["header"] == {
        "template": "red",
        "title": {"tag": "plain_text", "content": "omnichannel-elt: daily_pipeline failed"},
    }
    assert card["elements"] == [{"tag": "markdown", "content": "**run abc**\n- gmv_reconciles failed"}]
    warning = Alert(title="【预警】x", lines=("ok",), level="预警", link="http://dagster:3000/runs/r1")
    _, body = build_request(config, warning, now=1_700_000_000)
    assert body["card"]["header"]["template"] == "orange"
    assert body["card"]["elements"][0]["content"].endswith("(http://dagster:3000/runs/r1)")


def test_a_refusing_or_unreachable_robot_returns_false_without_raising(robot):
    url, _, handler = robot
    handler.reply = {"errcode": 93000, "errmsg": "invalid webhook url"}
    assert send_alert(ALERT, WebhookConfig(url=url, kind="wecom")) is False
    assert send_alert(ALERT, WebhookConfig(url="http://127.0.0.1:9/", kind="wecom"), timeout=2) is False


def test_kind_is_guessed_from_the_host_and_validated():
    def kind(url: str) -> str:
        return WebhookConfig.from_env({"OMNI_ALERT_WEBHOOK_URL": url}).kind

    assert kind("https://oapi.dingtalk.com/robot/send?access_token=x") == "dingtalk"
    assert kind("https://open.feishu.cn/open-apis/bot/v2/hook/x") == "feishu"
    assert kind("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k") == "wecom"
    with pytest.raises(ValueError, match="expected one of wecom, dingtalk, feishu"):
        WebhookConfig.from_env({"OMNI_ALERT_WEBHOOK_URL": "http://x", "OMNI_ALERT_WEBHOOK_KIND": "slack"})
