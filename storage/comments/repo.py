"""Comment rounds on drafts and the comments in them: numbered per group, answered one by one.
Comments and reasons are people's words: `forget` takes a person's comments out."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import col, select

from storage.base import _Repo
from storage.comments.models import Comment, CommentRound, RoundStatus

# What a comment says once its author asked for their words to be taken out.
FORGOTTEN = "(taken out at the author's request)"


class CommentRepo(_Repo):
    def open_round(self, group_id: int) -> CommentRound | None:
        return self.session.exec(
            select(CommentRound).where(
                CommentRound.group_id == group_id, CommentRound.status == RoundStatus.OPEN.value
            )
        ).first()

    def rounds(self, group_id: int, year: int | None = None) -> list[CommentRound]:
        stmt = select(CommentRound).where(CommentRound.group_id == group_id)
        if year is not None:
            stmt = stmt.where(CommentRound.year == year)
        return list(self.session.exec(stmt.order_by(col(CommentRound.number))))

    def latest_round(self, group_id: int) -> CommentRound | None:
        rounds = self.rounds(group_id)
        return rounds[-1] if rounds else None

    def start_round(
        self,
        group_id: int,
        year: int | None,
        draft_version: int,
        items: int,
        closes_on: date,
        actor: str,
        now: datetime,
    ) -> CommentRound:
        number = 1 + (
            self.session.exec(
                select(func.max(CommentRound.number)).where(CommentRound.group_id == group_id)
            ).one()
            or 0
        )
        opened = CommentRound(
            group_id=group_id,
            number=number,
            year=year,
            draft_version=draft_version,
            items=items,
            closes_on=closes_on,
            opened_by=actor,
            opened_at=now,
        )
        self.session.add(opened)
        self._flush_or_conflict("A comment round was opened at the same moment: try again.")
        self._audit(
            group_id, actor, "comments.open", now, new=f"v{draft_version} until {closes_on}"
        )
        return opened

    def close_round(self, opened: CommentRound, actor: str, now: datetime) -> None:
        opened.status, opened.closed_at = RoundStatus.CLOSED.value, now
        self.session.add(opened)
        self._audit(opened.group_id, actor, "comments.close", now, new=f"round {opened.number}")

    def add(self, comment: Comment) -> Comment:
        comment.number = 1 + (
            self.session.exec(
                select(func.max(Comment.number)).where(Comment.group_id == comment.group_id)
            ).one()
            or 0
        )
        self.session.add(comment)
        self._flush_or_conflict("Another comment was numbered at the same moment: send it again.")
        return comment

    def by_number(self, group_id: int, number: int) -> Comment | None:
        return self.session.exec(
            select(Comment).where(Comment.group_id == group_id, Comment.number == number)
        ).first()

    def of_round(self, round_id: int) -> list[Comment]:
        return list(
            self.session.exec(
                select(Comment).where(Comment.round_id == round_id).order_by(col(Comment.number))
            )
        )

    def dispose(
        self, comment: Comment, disposition: str, reason: str, actor: str, now: datetime
    ) -> None:
        self._audit(
            comment.group_id,
            actor,
            "comment.disposition",
            now,
            old=comment.disposition,
            new=f"#{comment.number} {disposition}",
        )
        comment.disposition, comment.reason = disposition, reason
        comment.answered_by, comment.answered_at = actor, now
        self.session.add(comment)

    def forget_person(
        self, group_id: int | None, platform: str, user_id: str, actor: str, now: datetime
    ) -> int:
        """Take a person's words and name out of their comments (in one group, or in all):
        the text and the name go; that they commented (number, item, stakeholder group, the
        chairs' answer) stays, as a voice heard stays in the record's counts."""
        stmt = select(Comment).where(Comment.platform == platform, Comment.user_id == user_id)
        if group_id is not None:
            stmt = stmt.where(Comment.group_id == group_id)
        taken = 0
        for comment in self.session.exec(stmt):
            if comment.text == FORGOTTEN and not comment.author_name:
                continue
            comment.text, comment.author_name = FORGOTTEN, ""
            self.session.add(comment)
            taken += 1
        if taken:
            self._audit(group_id, actor, "comments.forget", now, new=f"{taken} comments")
        return taken

    def voices_since(self, group_id: int, since: datetime) -> dict[tuple[str, str], int]:
        """Comments per person since `since`: each is a voice heard."""
        rows = self.session.exec(
            select(Comment.platform, Comment.user_id, func.count())
            .where(Comment.group_id == group_id, col(Comment.at) >= since)
            .group_by(col(Comment.platform), col(Comment.user_id))
        )
        return {(platform, user_id): int(n) for platform, user_id, n in rows}
