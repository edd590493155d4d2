"""Alerts to the group robots operations teams already use: WeCom, DingTalk and Feishu.

Configured by environment variables (read by omnichannel_config), off when the URL is unset:
- OMNI_ALERT_WEBHOOK_URL: the robot's webhook address;
- OMNI_ALERT_WEBHOOK_KIND: wecom | dingtalk | feishu (guessed from the host when unset);
- OMNI_ALERT_WEBHOOK_SECRET: the robot's signing secret, for DingTalk and Feishu robots with 加签 on.
A failed delivery is logged and never fails the pipeline: the alert is about a failure already.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass

from omnichannel_config import load_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Alert:
    """A message for the group chat: a title, a first line that says what it means, then items."""

    title: str
    lines: tuple[str, ...]
    level: str = "失败"  # 预警 (warning, published) | 失败 (failed, nothing published)
    link: str | None = None  # the run in the Dagster UI

    def _link_line(self) -> str | None:
        return f"[在 Dagster 中查看运行 (open the run)]({self.link})" if self.link else None

    def markdown(self) -> str:
        """WeCom's and DingTalk's markdown: a heading, the first line in bold, the rest as a list."""
        head, *items = self.lines or ("",)
        body = [f"### {self.title}", f"**{head}**", *[f"- {item}" for item in items]]
        link = self._link_line()
        return "\n".join([*body, link] if link else body)

    def card_markdown(self) -> str:
        """The body of a Feishu card (its title is the card's header)."""
        return "\n".join(self.markdown().splitlines()[1:])

    def text(self) -> str:
        return "\n".join([self.title, *self.lines, *([self.link] if self.link else [])])


@dataclass(frozen=True)
class WebhookConfig:
    url: str
    kind: str
    secret: str | None = None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> WebhookConfig | None:
        """The robot of the settings (OMNI_ALERT_WEBHOOK_*), or None when alerts are off."""
        alerts = load_settings(env).alerts
        if not alerts.webhook_url or alerts.kind is None:
            return None
        return cls(url=alerts.webhook_url, kind=alerts.kind, secret=alerts.webhook_secret)


def build_request(config: WebhookConfig, alert: Alert, now: float | None = None) -> tuple[str, dict]:
    """The URL and JSON body each robot expects, signed where a secret is set."""
    now = time.time() if now is None else now
    if config.kind == "wecom":
        return config.url, {"msgtype": "markdown", "markdown": {"content": alert.markdown()}}
    if config.kind == "dingtalk":
        url = config.url
        if config.secret:
            timestamp = str(round(now * 1000))
            digest = hmac.new(
                config.secret.encode(), f"{timestamp}\n{config.secret}".encode(), hashlib.sha256
            ).digest()
            sign = urllib.parse.quote_plus(base64.b64encode(digest))
            url = f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"
        return url, {"msgtype": "markdown", "markdown": {"title": alert.title, "text": alert.markdown()}}
    # Feishu: an interactive card, red for 失败 and orange for 预警, its body in Feishu's markdown.
    body: dict = {
        "msg_type": "interactive",
        "card": {
            "config": {"wide_screen_mode": True},
            "header": {
                "template": "orange" if alert.level == "预警" else "red",
                "title": {"tag": "plain_text", "content": alert.title},
            },
            "elements": [{"tag": "markdown", "content": alert.card_markdown()}],
        },
    }
    if config.secret:
        timestamp = str(int(now))
        # Feishu signs with the string as the key and an empty message.
        digest = hmac.new(f"{timestamp}\n{config.secret}".encode(), b"", hashlib.sha256).digest()
        body.update(timestamp=timestamp, sign=base64.b64encode(digest).decode())
    return config.url, body


def send_alert(alert: Alert, config: WebhookConfig | None = None, timeout: float = 10.0) -> bool:
    """Post the alert; True when the robot accepted it, False when off or the delivery failed."""
    config = config or WebhookConfig.from_env()
    if config is None:
        return False
    url, body = build_request(config, alert)
    request = urllib.request.Request(
        url,
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            reply = json.loads(response.read().decode("utf-8") or "{}")
    except (OSError, ValueError) as exc:
        log.warning("alert to %s robot failed: %s", config.kind, exc)
        return False
    # WeCom and DingTalk answer errcode, Feishu answers code; 0 means delivered.
    code = reply.get("errcode", reply.get("code", 0))
    if code != 0:
        log.warning("%s robot refused the alert: %s", config.kind, reply)
    return code == 0
