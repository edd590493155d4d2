"""`omnichannel alert --test`: send a sample 预警 to the configured group robot, to check the setup."""

from __future__ import annotations

import argparse
import sys

NOT_CONFIGURED = (
    "告警未开启：请把群机器人的 webhook 地址设为 OMNI_ALERT_WEBHOOK_URL 后重试 "
    "(alerts are off: set OMNI_ALERT_WEBHOOK_URL to the group robot's webhook address)"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "alert",
        help="send a sample alert to the group robot (OMNI_ALERT_WEBHOOK_URL)",
        description="Check the alert setup: send a sample 预警 message and print what was sent.",
    )
    parser.add_argument("--test", action="store_true", required=True, help="send the sample message")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from omnichannel_config import SettingsError, load_settings
    from orchestration.alerts.messages import sample_alert
    from orchestration.alerts.webhook import WebhookConfig, build_request, send_alert

    try:
        settings = load_settings()
        config = WebhookConfig.from_env()
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if config is None:
        print(NOT_CONFIGURED, file=sys.stderr)
        return 2
    alert = sample_alert(settings.alerts.dagster_url)
    _, body = build_request(config, alert)
    kind = body.get("msgtype") or body.get("msg_type")
    print(f"发送到 sending to the {config.kind} robot, as {kind}:")
    print(alert.markdown())
    if not send_alert(alert, config):
        print("发送失败 (not delivered): the robot refused it or could not be reached; see the warning above")
        return 1
    print("已送达 (delivered)")
    return 0
