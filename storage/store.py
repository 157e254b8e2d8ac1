"""The Store facade: the repositories behind commands over one transaction.

A Store wraps one Session (one transaction, opened by the dispatcher). Each aggregate's
repository lives in its own storage/store_<thing>.py; every mutation also writes an audit
entry, so nothing changes without a trace of who, what, when, old → new.
"""

from __future__ import annotations

from sqlmodel import Session

from storage.store_asks import AskRepo
from storage.store_audit import AuditRepo
from storage.store_charter import CharterRepo
from storage.store_comments import CommentRepo
from storage.store_consensus import StatementRepo, VoteRepo
from storage.store_cycle import CycleRepo
from storage.store_email import EmailRepo
from storage.store_groups import GroupRepo, name_key
from storage.store_liaisons import LiaisonRepo
from storage.store_llm import LLMEndpointRepo
from storage.store_members import MemberRepo
from storage.store_overview import OverviewRepo, ReportedOverlapRepo
from storage.store_participation import ParticipationRepo
from storage.store_people import PeopleRepo
from storage.store_record import RecordRepo
from storage.store_record_gaps import RecordGapsRepo
from storage.store_scheduler import CoverageMuteRepo, DeliveryRepo
from storage.store_sponsors import SponsorRepo
from storage.store_summarizer import SummarizerRepo
from storage.store_uptake import OutputRepo, UptakeRepo
from storage.store_web import BoardLinkRepo, PublicPageRepo

__all__ = ["Store", "name_key"]


class Store:
    """The repositories over one transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.groups = GroupRepo(session)
        self.members = MemberRepo(session)
        self.charter = CharterRepo(session)
        self.sponsors = SponsorRepo(session)
        self.asks = AskRepo(session)
        self.audit = AuditRepo(session)
        self.participation = ParticipationRepo(session)
        self.overview = OverviewRepo(session)
        self.liaisons = LiaisonRepo(session)
        self.reported_overlaps = ReportedOverlapRepo(session)
        self.summarizer = SummarizerRepo(session)
        self.deliveries = DeliveryRepo(session)
        self.coverage_mutes = CoverageMuteRepo(session)
        self.record = RecordRepo(session)
        self.record_gaps = RecordGapsRepo(session)
        self.statements = StatementRepo(session)
        self.votes = VoteRepo(session)
        self.llm_endpoints = LLMEndpointRepo(session)
        self.people = PeopleRepo(session)
        self.email = EmailRepo(session)
        self.outputs = OutputRepo(session)
        self.uptake = UptakeRepo(session)
        self.public_pages = PublicPageRepo(session)
        self.board_links = BoardLinkRepo(session)
        self.cycle = CycleRepo(session)
        self.comments = CommentRepo(session)

    def in_workspace(self, team_id: str | None, enterprise_id: str | None) -> None:
        """Bindings, memberships and sponsors made in this transaction carry the workspace
        the request came from (a Slack team, an Enterprise Grid org)."""
        for repo in (self.groups, self.members, self.sponsors):
            repo.workspace = (team_id, enterprise_id)
