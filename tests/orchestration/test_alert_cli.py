"""`omnichannel alert --test` sends a sample 预警 to the robot, or says how to turn alerts on."""

import argparse

import pytest

from omnichannel_cli import alert
from tests.orchestration.test_webhook import robot  # noqa: F401  (the loopback robot fixture)


def alert_test() -> int:
    parser = argparse.ArgumentParser()
    alert.register(parser.add_subparsers())
    args = parser.parse_args(["alert", "--test"])
    return args.func(args)


def test_without_a_webhook_it_says_how_to_set_one_and_exits_2(monkeypatch, capsys):
    monkeypatch.delenv("OMNI_ALERT_WEBHOOK_URL", raising=False)
    assert alert_test() == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip().splitlines() == [
        "告警未开启：请把群机器人的 webhook 地址设为 OMNI_ALERT_WEBHOOK_URL 后重试 "
        "(alerts are off: set OMNI_ALERT_WEBHOOK_URL to the group robot's webhook address)"
    ]


def test_it_sends_a_sample_warning_and_prints_what_it_sent(robot, monkeypatch, capsys):  # noqa: F811
    url, received, _ = robot
    monkeypatch.setenv("OMNI_ALERT_WEBHOOK_URL", f"{url}/robot/send?access_token=t")
    monkeypatch.setenv("OMNI_ALERT_WEBHOOK_KIND", "dingtalk")
    monkeypatch.setenv("OMNI_DAGSTER_URL", "http://dagster.local:3000/")
    assert alert_test() == 0
    (sent,) = received
    markdown = sent["body"]["markdown"]
    assert markdown["title"] == "【预警】omnichannel-elt daily_pipeline"
    assert "gx_channel_daily_anomalies" in markdown["text"] and "只预警" in markdown["text"]
    assert "(http://dagster.local:3000/runs/00000000-test-test-test-000000000000)" in markdown["text"]
    out = capsys.readouterr().out
    assert "sending to the dingtalk robot, as markdown:" in out and markdown["text"] in out
    assert out.strip().endswith("已送达 (delivered)")


def test_a_robot_that_refuses_the_sample_exits_1(robot, monkeypatch, capsys):  # noqa: F811
    url, _, handler = robot
    handler.reply = {"errcode": 310000, "errmsg": "keywords not in content"}
    monkeypatch.setenv("OMNI_ALERT_WEBHOOK_URL", url)
    monkeypatch.delenv("OMNI_ALERT_WEBHOOK_KIND", raising=False)
    assert alert_test() == 1
    assert "发送失败 (not delivered)" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["slack"])
def test_a_bad_webhook_kind_is_one_line_naming_the_variable(monkeypatch, capsys, kind):
    monkeypatch.setenv("OMNI_ALERT_WEBHOOK_URL", "http://127.0.0.1:9/")
    monkeypatch.setenv("OMNI_ALERT_WEBHOOK_KIND", kind)
    assert alert_test() == 2
    assert capsys.readouterr().err.startswith("error: OMNI_ALERT_WEBHOOK_KIND is 'slack'; expected one of")
