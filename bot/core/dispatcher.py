"""parse → load the channel's group → permission check → run in one transaction → reply.

Every value from outside (arguments, form fields, button values, who and where) passes the
input boundary (`bot.ground.normalise`) first. A user's mistake becomes a one-line ephemeral
reply and the transaction is rolled back, so bad input changes nothing. Anything unexpected
is logged with a short reference that the user is told instead of a traceback.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.core.command_ref import unmarked
from bot.core.context import Context
from bot.core.dedupe import Dedupe
from bot.core.identity import MAX_ID, clean_actor, clean_where, group_of
from bot.core.messages import Action, Actor, Invocation, Platform, Reply, Tone, Where
from bot.core.neutral import mentions_as_names
from bot.core.params import Args, Vocabularies, convert_named, parse_text
from bot.core.ports import DeliveryPort, SendNow, Services, WebLinks
from bot.core.recording import RecordEntryPoints
from bot.core.registry import Command, Registry, Role
from bot.core.reply_cache import ReplyCache
from bot.ground.errors import UsageError, UserError
from bot.ground.normalise import MAX_INPUT, clean_name, clean_text, quoted
from storage.database import Database, channel_key
from storage.store import Store

log = logging.getLogger(__name__)

# An error is one line; the parsers keep theirs near 200 characters by quoting only excerpts
# of the input, and nothing longer than this ever reaches a person.
MAX_ERROR = 400
# Slack allows 2,000 characters in a button's value; ours are a few ids.
MAX_BUTTON_VALUE = 2000


def _error(message: str) -> Reply:
    """One line, whatever the message held."""
    line = " ".join(message.split())
    return Reply.error(line if len(line) <= MAX_ERROR else line[: MAX_ERROR - 1] + "…")


DUPLICATE = "duplicate"  # Reply.metadata key marking an answer to a repeated delivery


class _Duplicate(Exception):
    """A delivery id that was claimed before: the request was handled once already."""


def duplicate_reply() -> Reply:
    """What a repeated delivery (a platform retry, a double submission) gets: nothing is done
    again. Front ends may show it or drop it (`is_duplicate`)."""
    return Reply(
        text="That request arrived twice: it was carried out once.",
        ephemeral=True,
        metadata={DUPLICATE: "yes"},
    )


def is_duplicate(reply: Reply) -> bool:
    return reply.metadata.get(DUPLICATE) == "yes"


def _claim(store: Store, dedupe: Dedupe | None, now: datetime) -> None:
    """Claims a platform's delivery id in the caller's transaction (see bot/core/dedupe.py)."""
    if dedupe is not None and not dedupe.claim(store, now):
        raise _Duplicate(dedupe)


class Dispatcher(RecordEntryPoints):
    def __init__(
        self,
        registry: Registry,
        database: Database,
        settings: Settings,
        clock: Clock = system_clock,
    ) -> None:
        self.registry = registry
        self.database = database
        self.settings = settings
        self.clock = clock
        self.replies = ReplyCache()
        # Sends now what a command made due (bot/scheduler/send_now.py), set by the process.
        self.send_now: SendNow | None = None
        # The process's delivery ports (one per platform), set by whoever runs the process.
        self.deliveries: dict[Platform, DeliveryPort] = {}
        self.web: WebLinks | None = None  # and its web (bot/web/), when it has one
        self.vocabularies = Vocabularies(
            stakeholder=settings.stakeholders, region=settings.regions, format=settings.formats
        )

    # -- entry points for front ends ------------------------------------------------------

    def split_line(self, line: str) -> tuple[tuple[str, ...], str] | None:
        """`/wg join cs africa` → (("wg", "join"), "cs africa"); None if not a bot command."""
        text = line.strip()
        if not text.startswith("/"):
            return None
        head, _, rest = text[1:].partition(" ")
        root = head.lower()
        if root not in self.registry.roots():
            return None
        if self.registry.get((root,)) is not None:
            return (root,), rest.strip()
        sub, _, args = rest.strip().partition(" ")
        return (root, sub.lower() or "help"), args.strip()

    def handle_line(
        self, actor: Actor, where: Where, line: str, services: Services | None = None
    ) -> Reply | None:
        split = self.split_line(line)
        if split is None:
            return None
        path, args = split
        return self.handle(Invocation(actor=actor, where=where, path=path, args=args), services)

    def handle(
        self,
        invocation: Invocation,
        services: Services | None = None,
        *,
        dedupe: Dedupe | None = None,
    ) -> Reply:
        """`dedupe` (the platform's id for this delivery) makes a repeated delivery of a
        command that writes a no-op (read-only commands simply run again)."""
        command = self.registry.get(invocation.path)
        if command is None:
            root = invocation.path[0]
            typed = quoted(" ".join(invocation.path[1:]), 30)
            return Reply.error(
                f"{typed} is not a command: type `/{root} help` to see what you can type here."
            )
        if command.cacheable and command.readonly:
            return self._cached(command, invocation, services)
        return self._handle(command, invocation, services, dedupe)

    def _handle(
        self,
        command: Command,
        invocation: Invocation,
        services: Services | None,
        dedupe: Dedupe | None = None,
    ) -> Reply:
        """The reply with the commands it names as the asker's platform types them (and so
        cached that way: the cache's key has the platform)."""
        reply = self._command(command, invocation, services, dedupe)
        return self.registry.spell_reply(reply, invocation.actor.platform.value)

    def _command(
        self,
        command: Command,
        invocation: Invocation,
        services: Services | None,
        dedupe: Dedupe | None,
    ) -> Reply:
        invocation = replace(
            invocation, actor=clean_actor(invocation.actor), where=clean_where(invocation.where)
        )
        try:
            values = self._convert(command, invocation)
            return self._run(command, invocation, Args(values), services or Services(), dedupe)
        except _Duplicate:
            return duplicate_reply()
        except UserError as exc:
            return _error(exc.message)
        except Exception:
            return self._unexpected(command.invocation)

    def handle_action(
        self, action: Action, services: Services | None = None, *, dedupe: Dedupe | None = None
    ) -> Reply:
        """A button press, routed by the prefix of its action id; a repeated delivery of the
        same press (same `dedupe`) is a no-op."""
        reply = self._press(action, services, dedupe)
        return self.registry.spell_reply(reply, action.actor.platform.value)

    def _press(self, action: Action, services: Services | None, dedupe: Dedupe | None) -> Reply:
        spec = self.registry.action(action.action_id)
        if spec is None:
            return Reply.error("That button is no longer active: use `/wg status` instead.")
        actor, where = clean_actor(action.actor), clean_where(action.where)
        try:
            # Buttons carry values the bot made; a forged one is refused like typed input.
            value = clean_name(action.value, "The button's value", max_length=MAX_BUTTON_VALUE)
            with self.database.session() as session:
                store = Store(session)
                _claim(store, dedupe, self.clock())
                context = self._context(store, actor, where, services)
                if spec.needs_group:
                    context.require_group()
                return spec.handler(context, value)
        except _Duplicate:
            return duplicate_reply()
        except UserError as exc:
            return _error(exc.message)
        except Exception:
            return self._unexpected(f"button {action.action_id}")

    def handle_form(
        self,
        actor: Actor,
        where: Where,
        form_id: str,
        fields: Mapping[str, str],
        services: Services | None = None,
        *,
        dedupe: Dedupe | None = None,
    ) -> Reply:
        """A whole form, in one transaction: all of it is saved, or none of it; the same
        submission delivered twice (same `dedupe`) is saved once."""
        reply = self._submit(actor, where, form_id, fields, services, dedupe)
        return self.registry.spell_reply(reply, actor.platform.value)

    def _submit(
        self,
        actor: Actor,
        where: Where,
        form_id: str,
        fields: Mapping[str, str],
        services: Services | None,
        dedupe: Dedupe | None,
    ) -> Reply:
        spec = self.registry.form(form_id)
        if spec is None:
            return Reply.error("That form is no longer in use: type the command instead.")
        actor, where = clean_actor(actor), clean_where(where)
        try:
            cleaned = {
                str(key)[:MAX_ID]: clean_text(
                    unmarked(value), spec.labels.get(key, "A field"), max_length=MAX_INPUT
                )
                for key, value in fields.items()
            }
            with self.database.session() as session:
                store = Store(session)
                _claim(store, dedupe, self.clock())
                context = self._context(store, actor, where, services)
                context.require_group()
                self._check_role(context, spec.role)
                return spec.handler(context, cleaned)
        except _Duplicate:
            return duplicate_reply()
        except UserError as exc:
            return _error(exc.message)
        except Exception:
            return self._unexpected(f"form {form_id}")

    def form_defaults(self, actor: Actor, where: Where, form_id: str) -> dict[str, str]:
        """The values to pre-fill a form with; empty outside a group or for unknown forms."""
        spec = self.registry.form(form_id)
        if spec is None or spec.defaults is None:
            return {}
        with self.database.session(readonly=True) as session:
            context = self._context(Store(session), actor, where, None)
            if context.group is None:
                return {}
            return dict(spec.defaults(context))

    def _check_role(self, context: Context, role: Role) -> None:
        if role is Role.CHAIR:
            context.require_chair()
        elif role is Role.ADMIN:
            context.require_admin()
        elif role is Role.MAG:
            context.require_mag()

    def _unexpected(self, what: str) -> Reply:
        ref = uuid.uuid4().hex[:8]
        log.exception("%s failed [ref %s]", what, ref)
        return Reply.error(
            f"Sorry, something went wrong on my side (ref `{ref}`); nothing was changed. "
            "Please try again, or give the ref to your admin."
        )

    # -- internals --------------------------------------------------------------------------

    def _cached(self, command: Command, invocation: Invocation, services: Services | None) -> Reply:
        """A cacheable command's reply, kept while the database's generation is unchanged.
        The generation is read before anything else: a write meanwhile only makes the entry
        stale sooner. The key is the request as typed (the same input always gives the same
        checks and conversions); error replies are never kept."""
        where = invocation.where
        # The database's counter and this channel's (one round trip): a message in another
        # channel, or the heartbeat, leaves this reply valid.
        generation = self.database.generation(channel_key(where.platform.value, where.channel_id))
        if generation is None:
            return self._handle(command, invocation, services)
        raw = invocation.args
        key = (
            command.path,
            invocation.actor.platform,
            where.platform,
            where.channel_id,
            where.thread_id,
            where.team_id,
            raw if isinstance(raw, str) else repr(sorted(raw.items())),
            self.clock().replace(second=0, microsecond=0),
        )
        reply = self.replies.get(key, generation)
        if reply is not None:
            return reply
        # One computation per key at a time: requests that arrive meanwhile take its reply,
        # which is at least as fresh as the data when they arrived (no round trips of theirs).
        with self.replies.computing(key) as first:
            if not first:
                reply = self.replies.get(key, generation)
                if reply is not None:
                    return reply
            reply = self._handle(command, invocation, services)
            if reply.tone is not Tone.ERROR:
                self.replies.put(key, generation, reply)
        return reply

    def _convert(self, command: Command, invocation: Invocation) -> dict[str, object]:
        plain_names = invocation.actor.platform is Platform.CONSOLE
        usage = command.usage_on(invocation.actor.platform.value)
        vocabs = self.vocabularies
        if isinstance(invocation.args, str):
            values = parse_text(
                command.params, unmarked(invocation.args), vocabs, usage, plain_names=plain_names
            )
        elif not isinstance(invocation.args, dict) and not hasattr(invocation.args, "items"):
            raise UsageError(f"Usage: `{usage}`")
        else:
            named = {
                k: unmarked(v) if isinstance(v, str) else v for k, v in invocation.args.items()
            }
            values = convert_named(command.params, named, vocabs, usage, plain_names=plain_names)
        if plain_names:  # the console has no mentions: its text is kept as typed
            return values
        # A person mentioned inside free text is kept by name (see bot/core/neutral.py).
        return {k: mentions_as_names(v) if isinstance(v, str) else v for k, v in values.items()}

    def _context(
        self,
        store: Store,
        actor: Actor,
        where: Where,
        services: Services | None,
        database: Database | None = None,
    ) -> Context:
        store.in_workspace(where.team_id, where.enterprise_id)
        return Context(
            actor=actor,
            where=where,
            store=store,
            settings=self.settings,
            vocabularies=self.vocabularies,
            now=self.clock(),
            group=group_of(store, where),
            services=self._with_process(services or Services()),
            database=database,
        )

    def _with_process(self, services: Services) -> Services:
        """The front end's services, filled in with the process's delivery ports and web."""
        deliveries = {**self.deliveries, **services.deliveries}
        return replace(services, deliveries=deliveries, web=services.web or self.web)

    def _run(
        self,
        command: Command,
        invocation: Invocation,
        args: Args,
        services: Services,
        dedupe: Dedupe | None = None,
    ) -> Reply:
        with self.database.session(readonly=command.readonly) as session:
            if not command.readonly:
                # A command managing its own transactions has its id claimed with the checks:
                # if it then fails, a repeated delivery is not run a second time.
                _claim(Store(session), dedupe, self.clock())
            # Only commands that manage their own transactions may open them: a second
            # transaction inside the dispatcher's would wait on it (SQLite) forever.
            database = self.database if command.own_transactions else None
            context = self._context(
                Store(session), invocation.actor, invocation.where, services, database
            )
            if command.needs_group:
                context.require_group()
            self._check_role(context, command.role)
            reply = None if command.own_transactions else command.handler(context, args)
        if reply is None:
            # The checks' transaction is committed; the handler opens short ones of its own
            # with ctx.transaction(). Until then ctx.store refuses to start one implicitly.
            context.store = Store(self.database.idle_session())
            reply = command.handler(context, args)
        # Committed: what the command made due may go out now (never waited for here).
        if self.send_now is not None:
            for group_id in sorted(context.due_now):
                self.send_now.wake(group_id)
        return reply
