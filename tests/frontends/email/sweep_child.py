"""A scheduler process that dies right after the SMTP server accepted a nudge, before the
the delivery table records it (the parent SIGKILLs it while it hangs there). Run as
`python -m tests.frontends.email.sweep_child URL NOW SMTP_PORT MARKER`."""

from __future__ import annotations

import argparse
import os
import time
from datetime import datetime
from email.message import EmailMessage

from bot.clock import FrozenClock
from bot.core.messages import Platform
from bot.frontends.email.delivery import EmailDelivery, sender_address
from bot.frontends.email.smtp import Security, SmtpConfig, send_message
from bot.scheduler.retry import RetryPolicy
from bot.scheduler.sweep import Sweeper
from storage.database import Database
from tests.frontends.email.answer_helpers import BOT_ADDRESS, SECRET
from tests.harness import make_settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("now")
    parser.add_argument("smtp_port", type=int)
    parser.add_argument("marker")
    args = parser.parse_args()

    def accepted_then_hang(config: SmtpConfig, message: EmailMessage, to: str) -> None:
        send_message(config, message, to)
        if "sponsor nudge" not in str(message["Subject"]):
            return  # the welcome a new sponsor gets goes out normally; the nudge is the test
        with open(args.marker, "w") as marker:
            marker.write(str(os.getpid()))
        while True:  # until SIGKILL: the delivery table never hears of the send
            time.sleep(0.05)

    config = SmtpConfig("127.0.0.1", args.smtp_port, Security.NONE, timeout=5)
    port = EmailDelivery(
        config,
        sender_address(BOT_ADDRESS),
        secret=SECRET.encode(),
        transport=accepted_then_hang,
    )
    database = Database(args.url)
    Sweeper(
        database,
        make_settings(),
        {Platform.EMAIL: port},
        FrozenClock(datetime.fromisoformat(args.now)),
        owner=f"child-{os.getpid()}",
        policy=RetryPolicy(max_attempts=3),
    ).sweep()


if __name__ == "__main__":
    main()
