"""`.env.example`, generated from the settings, section by section (each section's class beside
its owner, gathered in bot/settings.py): under each section's heading every variable in the
order the section declares it, with its default, under the note that says what it does.
Regenerate it with `make env-example`; tests/house/test_env_example.py checks it is current,
that every setting stands in one section and that none lacks a note."""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings

from bot.core.settings import CoreSettings, SchedulerSettings
from bot.frontends.discord.settings import DiscordSettings
from bot.frontends.email.settings import EmailSettings
from bot.frontends.slack.settings import SlackSettings
from bot.mail.settings import MailSettings
from bot.summarizer.settings import LlmSettings
from bot.web.settings import WebSettings

HEADER = (
    "# Copy to .env and fill in what you use. Nothing here is needed for the console or "
    "`wgbot demo`."
)
# Where the file shows something more readable than the default.
EXAMPLES = {"wgbot_nudge_weekday": "monday"}

NOTES: dict[str, tuple[str, ...]] = {
    "database_url": (
        "Database: unset → an SQLite file at $WGBOT_DATA_DIR/wgbot.sqlite3. Several bot",
        "processes: DATABASE_URL=postgresql+psycopg://user:password@host:5432/wgbot",
    ),
    "wgbot_data_dir": ("Where the default SQLite file (and other local state) lives.",),
    "slack_bot_token": ("Slack: the bot token (xoxb-…) turns the Slack front end on.",),
    "slack_signing_secret": ("Slack: verifies that HTTP requests come from Slack (HTTP mode).",),
    "slack_app_token": (
        "Slack: an app-level token (xapp-…) selects Socket Mode (no public URL needed).",
    ),
    "slack_api_url": (
        "Slack: override the Web API base URL (a local stand-in in tests); normally unset.",
    ),
    "slack_client_id": (
        "Slack, many workspaces (HTTP mode): the app's Client ID (Basic Information); with the",
        "secret it turns on the OAuth v2 install flow, and each workspace's token is kept in the",
        "database.",
    ),
    "slack_client_secret": ("Slack OAuth: the app's Client Secret (Basic Information).",),
    "slack_scopes": (
        "Slack OAuth: bot scopes asked for at install (comma-separated; default = the",
        "manifest's).",
    ),
    "slack_install_path": ("Slack OAuth: the page where a workspace admin starts an install.",),
    "slack_redirect_uri_path": ("Slack OAuth: where Slack sends the admin back after approving.",),
    "slack_redirect_uri": (
        "Slack OAuth: the full redirect URL, when the app lists several (else Slack uses its only",
        "one).",
    ),
    "discord_token": ("Discord: the bot token turns the Discord front end on.",),
    "openai_api_key": (
        "LLM for /summarize: any OpenAI-compatible endpoint; no key and no base URL → offline",
        "drafts.",
    ),
    "openai_base_url": (
        "LLM: base URL of an OpenAI-compatible server (unset → OpenAI's own; a local one needs no",
        "key).",
    ),
    "wgbot_llm_model": ("LLM: model name.",),
    "wgbot_llm_context_tokens": (
        "LLM: the model's context window in tokens (prompt plus output must fit).",
    ),
    "wgbot_llm_concurrency": ("LLM: how many requests of one summary run at once (map stage).",),
    "wgbot_llm_attempts": (
        "LLM: tries per request on 429, 5xx and timeouts before the chair is told it failed.",
    ),
    "wgbot_llm_backoff": (
        "LLM: first backoff between tries, in seconds (doubles; a Retry-After header wins).",
    ),
    "wgbot_llm_timeout": ("LLM: seconds to wait for one answer.",),
    "wgbot_admins": (
        "MAG admins: comma-separated user ids, plain (U123) or per platform",
        "(slack:U123,discord:42).",
    ),
    "wgbot_admin_channel": ("Channel for escalations and digests to the admins (a channel id).",),
    "wgbot_timezone": (
        'Default timezone of new groups (IANA name); deadlines and "days left" use it.',
    ),
    "wgbot_stakeholder_groups": (
        "Stakeholder groups (comma-separated), if yours differ from the IGF's six.",
    ),
    "wgbot_regions": ("UN regional groups (comma-separated).",),
    "wgbot_nudge_weekday": (
        "Scheduler: the weekday (monday … sunday) and local hour (0-23) of the weekly sponsor",
        "nudges (in each sponsor's own timezone: `/wg timezone`, their Slack profile, else the",
        "group's) and coverage warnings (the group's); deadline reminders go out at the same",
        "hour.",
    ),
    "wgbot_nudge_hour": (
        "Scheduler: the local hour (0-23; a sponsor's own timezone for nudges, else the group's).",
    ),
    "wgbot_reminder_days": (
        "Scheduler: deadline reminders this many days before the deadline (and an overdue",
        "notice).",
    ),
    "wgbot_escalate_after": (
        "Scheduler: escalate to the admins and chairs after this many unanswered nudges in a row.",
    ),
    "wgbot_delivery_max_attempts": (
        "Scheduler: attempts per message before it is given up and reported to the admins.",
    ),
    "wgbot_sweep_minutes": (
        "Scheduler: minutes between sweeps (retries, catch-up); the weekly moment also triggers",
        "one.",
    ),
    "wgbot_record_days": (
        "Discussion record (docs/data-protection.md): days the words of messages are kept before",
        "the scheduler purges them.",
    ),
    "wgbot_backfill_days": (
        "Discussion record: when a channel is bound (or the bot re-invited), its history is read",
        "back this many days, paced within the platform's limits (0: no backfill).",
    ),
    "wgbot_slack_history_budget": (
        "Slack's history budget for this install (docs/record.md): internal (Tier 3, the default",
        "for a single-token install), marketplace (Tier 3) or unlisted (1 call a minute, 15",
        "messages; the default for OAuth installs).",
    ),
    "wgbot_cycle_offsets": (
        "The IGF cycle: milestones' distance from the meeting over the defaults, as key:±N[w|d]",
        "(charter:-20w, call-opens:-18w, call-closes:-12w, draft:-8w, comments-open:-6w,",
        "comments-close:-3w, frozen:-1w, session:0, final-report:+8w, uptake-review:+26w).",
    ),
    "wgbot_renewal_days": (
        'Days a member has to answer "continue in YEAR?" after a rollover before they lapse.',
    ),
    "wgbot_consensus_majority": (
        "Consensus: a stakeholder group leans agree (or disagree) with at least this percentage",
        "of its votes (51-100); see docs/consensus.md.",
    ),
    "wgbot_consensus_min_groups": (
        "Consensus: a verdict (converging, …) needs this many stakeholder groups to have voted.",
    ),
    "wgbot_consensus_reminder_days": (
        "Consensus: remind the group this many days before a statement's closing date (0 =",
        "never).",
    ),
    "wgbot_log_level": ("Log level: DEBUG, INFO, WARNING, ERROR.",),
    "wgbot_smtp_host": (
        "Email (docs/email.md). SMTP server for nudges, reminders and confirmation codes by",
        "email.",
    ),
    "wgbot_smtp_port": ("SMTP port: 587 for STARTTLS, 465 for implicit TLS (ssl), 25 for none.",),
    "wgbot_smtp_security": ("SMTP security: starttls, ssl or none.",),
    "wgbot_smtp_user": ("SMTP login (unset: no AUTH).",),
    "wgbot_smtp_password": ("SMTP password.",),
    "wgbot_email_from": ("The bot's own From: address, e.g. wgbot@igf.example.",),
    "wgbot_imap_host": (
        "IMAP mailbox the bot is subscribed to the lists with (polled; unset: no polling).",
    ),
    "wgbot_imap_port": ("IMAP port: 993 for ssl, 143 for starttls or none.",),
    "wgbot_imap_security": ("IMAP security: ssl, starttls or none.",),
    "wgbot_imap_user": ("IMAP login.",),
    "wgbot_imap_password": ("IMAP password.",),
    "wgbot_imap_folder": ("IMAP folder the list traffic arrives in.",),
    "wgbot_imap_poll_seconds": ("Seconds between IMAP polls.",),
    "wgbot_lmtp_listen": (
        "host:port of the inbound LMTP endpoint a list server can deliver to (unset: none).",
    ),
    "wgbot_email_max_bytes": (
        "Posts bigger than this many bytes are skipped (and counted in `wgbot email status`).",
    ),
    "wgbot_email_link_secret": (
        "Secret that signs the one-click links in nudge emails (commit, snooze, step down) and",
        "keys their Message-IDs. Required to answer email (keyword replies, links): there is no",
        "built-in key, and email answering does not start without it. `openssl rand -hex 32`.",
    ),
    "wgbot_email_authserv_id": (
        "authserv-id of YOUR receiving mail server's Authentication-Results header (e.g.",
        "mx.igf.example): a keyword reply acts only when that server saw DMARC (or aligned",
        "DKIM) pass for the From domain; otherwise the sponsor gets a confirm link. Unset: never",
        "trusted.",
    ),
    "wgbot_secret_key": (
        "Fernet key(s) the stored Slack tokens are encrypted with, comma-separated, current first",
        "(`wgbot secrets key` makes one; set NEW,OLD then `wgbot secrets rotate` to change it).",
        "Required once any workspace has installed the app: without it the bot refuses to start.",
    ),
    "wgbot_public_url": ("Public base URL of the bot's HTTP server, where one-click links point.",),
    "wgbot_email_http_listen": (
        "Where `wgbot run` serves the one-click links (host:port); WGBOT_PUBLIC_URL's reverse",
        "proxy forwards /email/answer here.",
    ),
    "wgbot_list_archive_url": (
        "List archive permalink pattern for citations: {message_id} or {message_id_hash} filled",
        "in.",
    ),
}


def value(section: type[BaseSettings], name: str) -> str:
    """The default as the environment writes it (secrets and unset values empty)."""
    if name in EXAMPLES:
        return EXAMPLES[name]
    default = section.model_fields[name].get_default(call_default_factory=True)
    if default is None or isinstance(default, SecretStr):
        return ""
    if isinstance(default, list):
        return ",".join(str(item) for item in default)
    return str(default)


# The web's section reads WGBOT_WEB_* (its fields are named without the prefix).
WEB_NOTES: dict[str, tuple[str, ...]] = {
    "listen": (
        "Where the web listens (host:port). `wgbot web` serves it; `wgbot run` too when this is",
        "set.",
    ),
    "url": (
        "The public base URL your reverse proxy answers on; board links and page links point",
        "here.",
    ),
    "secret": (
        "Signs the MAG board's 24-hour links (several, comma-separated, rotate: the first",
        "signs).",
    ),
}
# The sections in the file's order: (heading, class, prefix of its variables, its notes;
# None: NOTES, the unprefixed sections' notes).
Notes = dict[str, tuple[str, ...]]
SECTIONS: tuple[tuple[str, type[BaseSettings], str, Notes | None], ...] = (
    ("The core (bot/core/settings.py)", CoreSettings, "", None),
    ("The scheduler (bot/core/settings.py)", SchedulerSettings, "", None),
    ("Slack (bot/frontends/slack/settings.py)", SlackSettings, "", None),
    ("Discord (bot/frontends/discord/settings.py)", DiscordSettings, "", None),
    ("The LLM for /summarize (bot/summarizer/settings.py)", LlmSettings, "", None),
    ("Mail as the bot reads it (bot/mail/settings.py)", MailSettings, "", None),
    ("Email (bot/frontends/email/settings.py)", EmailSettings, "", None),
    (
        "The web: the MAG board and the groups' public pages (bot/web/settings.py, docs/web.md)",
        WebSettings,
        "WGBOT_WEB_",
        WEB_NOTES,
    ),
)


def render() -> str:
    """The whole file: a KeyError names a setting that has no note yet."""
    lines = [HEADER]
    for title, section, prefix, notes in SECTIONS:
        lines += ["", f"# --- {title} ---"]
        for name in section.model_fields:
            lines += [f"# {line}" for line in (notes or NOTES)[name]]
            lines.append(f"{prefix}{name.upper()}={value(section, name)}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
