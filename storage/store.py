"""The Store facade: the repositories behind commands over one transaction.

A Store wraps one Session (one transaction, opened by the dispatcher). Each aggregate lives in
storage/<aggregate>/ with its tables (models.py) and repositories; every mutation also writes
an audit entry, so nothing changes without a trace of who, what, when, old → new. Slack's own
tables (storage/slack/) are reached only through the Slack front end, never from here.
"""

from __future__ import annotations

from sqlmodel import Session

from storage.audit.repo import AuditRepo
from storage.budget.repo import BudgetRepo
from storage.comments.repo import CommentRepo
from storage.consensus.repo import StatementRepo, VoteRepo
from storage.consent.words import WordsRepo
from storage.cycle.repo import CycleRepo
from storage.database import changes_only, channel_key
from storage.deliveries.repo import DeliveryRepo
from storage.email.repo import EmailRepo
from storage.groups.asks import AskRepo
from storage.groups.charter import CharterRepo
from storage.groups.members import MemberRepo
from storage.groups.participation import ParticipationRepo
from storage.groups.repo import GroupRepo, name_key
from storage.llm.repo import LLMEndpointRepo
from storage.overview.coverage_mutes import CoverageMuteRepo
from storage.overview.liaisons import LiaisonRepo
from storage.overview.repo import OverviewRepo, ReportedOverlapRepo
from storage.people.repo import PeopleRepo
from storage.record.gaps import RecordGapsRepo
from storage.record.list_threads import ListThreadRepo
from storage.record.repo import RecordRepo
from storage.sponsors.repo import SponsorRepo
from storage.summaries.repo import SummarizerRepo
from storage.uptake.repo import OutputRepo, UptakeRepo
from storage.web.repo import BoardLinkRepo, PublicPageRepo

__all__ = ["Store", "name_key"]


class Store:
    """The repositories over one transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session
        # groups/: the group, its channels, members, charter, asks, voices heard
        self.groups = GroupRepo(session)
        self.members = MemberRepo(session)
        self.charter = CharterRepo(session)
        self.asks = AskRepo(session)
        self.participation = ParticipationRepo(session)
        # sponsors/
        self.sponsors = SponsorRepo(session)
        # people/: one timezone per person across groups
        self.people = PeopleRepo(session)
        # overview/: the MAG overview, liaisons, reported overlaps, coverage mutes
        self.overview = OverviewRepo(session)
        self.liaisons = LiaisonRepo(session)
        self.reported_overlaps = ReportedOverlapRepo(session)
        self.coverage_mutes = CoverageMuteRepo(session)
        # consensus/
        self.statements = StatementRepo(session)
        self.votes = VoteRepo(session)
        # record/: the discussion record and its gaps
        self.record = RecordRepo(session)
        self.record_gaps = RecordGapsRepo(session)
        self.list_threads = ListThreadRepo(session)
        # summaries/
        self.summarizer = SummarizerRepo(session)
        # deliveries/: the scheduler's delivery table
        self.deliveries = DeliveryRepo(session)
        # email/
        self.email = EmailRepo(session)
        # cycle/: meeting dates, each group's cycle, milestones, renewals; comments/
        self.cycle = CycleRepo(session)
        self.comments = CommentRepo(session)
        # llm/
        self.llm_endpoints = LLMEndpointRepo(session)
        # audit/
        self.audit = AuditRepo(session)
        # uptake/: published outputs and the evidence of their uptake
        self.outputs = OutputRepo(session)
        self.uptake = UptakeRepo(session)
        # web/: public pages, the MAG board's links
        self.public_pages = PublicPageRepo(session)
        self.board_links = BoardLinkRepo(session)
        # words.py: every copy of a person's words (forget, retention)
        self.words = WordsRepo(session)
        # budget/: a platform's history budget per workspace and method, for every process
        self.budget = BudgetRepo(session)

    def changes_only_record_of(self, group_id: int | None) -> None:
        """This transaction changes only a group's record (None: nothing a reply shows): a
        cached reply of another channel stays valid (storage.database.changes_only)."""
        keys: set[int] = set()
        if group_id is not None:
            keys = {channel_key(b.platform, b.channel_id) for b in self.groups.channels(group_id)}
        changes_only(self.session, keys)

    def in_workspace(self, team_id: str | None, enterprise_id: str | None) -> None:
        """Bindings, memberships and sponsors made in this transaction carry the workspace
        the request came from (a Slack team, an Enterprise Grid org)."""
        for repo in (self.groups, self.members, self.sponsors):
            repo.workspace = (team_id, enterprise_id)
