"""No Slack token reaches a log: slack_sdk's DEBUG lines print whole API responses, and
`oauth.v2.access` answers with the bot and refresh tokens. Its loggers are held at INFO
whatever WGBOT_LOG_LEVEL says, and any line that still carries a token has it masked."""

from __future__ import annotations

import logging
import re

TOKEN = re.compile(r"xox[a-z]-[A-Za-z0-9-]+|xoxe\.xox[a-z]-[A-Za-z0-9.-]+")
LOGGERS = ("slack_sdk", "slack_sdk.web.base_client", "slack_sdk.oauth", "slack_bolt")


class MaskTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if TOKEN.search(text):
            record.msg, record.args = TOKEN.sub("xox?-(redacted)", text), None
        return True


def quiet_token_loggers() -> None:
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.INFO:
            logger.setLevel(logging.INFO)
        if not any(isinstance(f, MaskTokens) for f in logger.filters):
            logger.addFilter(MaskTokens())
