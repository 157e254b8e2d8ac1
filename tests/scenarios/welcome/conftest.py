"""The Slack welcome runs on the Slack front end's rig (a served bolt app and the Web API
stand-in)."""

from tests.frontends.slack.conftest import rig, slack_rig, stand_in

__all__ = ["rig", "slack_rig", "stand_in"]
