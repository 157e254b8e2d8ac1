"""The history budget a Slack install really has (Slack's rate-limit page): internal
(customer-built) apps and Marketplace apps keep Tier 3 for conversations.history and
.replies (50+ calls a minute, pages up to 1,000; 200 is the usual page); commercially
distributed apps outside the Marketplace get one call a minute and 15 objects a call.

A single-token install (SLACK_BOT_TOKEN, the app created from our manifest) is an internal
app; an OAuth install is taken for an unlisted distributed app, the strict case.
WGBOT_SLACK_HISTORY_BUDGET (internal, marketplace, unlisted) says otherwise."""

from __future__ import annotations

from enum import StrEnum

from bot.frontends.slack.settings import SlackSettings
from bot.record.budget import Allowance


class Budget(StrEnum):
    INTERNAL = "internal"
    MARKETPLACE = "marketplace"
    UNLISTED = "unlisted"


TIER3 = Allowance(interval=60.0 / 50, per_call=200)
UNLISTED = Allowance(interval=60.0, per_call=15)
ALLOWANCES = {Budget.INTERNAL: TIER3, Budget.MARKETPLACE: TIER3, Budget.UNLISTED: UNLISTED}


def install_budget(settings: SlackSettings) -> Budget:
    if settings.wgbot_slack_history_budget:
        return Budget(settings.wgbot_slack_history_budget)
    return Budget.UNLISTED if settings.slack_oauth else Budget.INTERNAL


def allowance(settings: SlackSettings) -> Allowance:
    return ALLOWANCES[install_budget(settings)]
