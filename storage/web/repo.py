"""Public pages (opt-in per group) and the MAG board's signed links: the only SQL for them."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from storage.base import _Repo
from storage.web.models import BoardLink, PublicPage


class PublicPageRepo(_Repo):
    def get(self, group_id: int) -> PublicPage | None:
        return self.session.exec(select(PublicPage).where(PublicPage.group_id == group_id)).first()

    def publish(self, group_id: int, actor: str, now: datetime) -> bool:
        """True when the page is new (False: it was public already)."""
        if self.get(group_id) is not None:
            return False
        self.session.add(PublicPage(group_id=group_id, published_by=actor, published_at=now))
        self._flush_or_conflict("The page was published at the same moment.")
        self._audit(group_id, actor, "publish.on", now)
        return True

    def withdraw(self, group_id: int, actor: str, now: datetime) -> bool:
        row = self.get(group_id)
        if row is None:
            return False
        self.session.delete(row)
        self._audit(group_id, actor, "publish.off", now)
        return True

    def group_ids(self) -> list[int]:
        stmt = select(PublicPage.group_id).order_by(col(PublicPage.group_id))
        return list(self.session.exec(stmt))


class BoardLinkRepo(_Repo):
    def issue(self, issued_to: str, recipient: str, now: datetime, expires: datetime) -> BoardLink:
        row = BoardLink(issued_to=issued_to, recipient=recipient, issued_at=now, expires_at=expires)
        self.session.add(row)
        self.session.flush()
        self._audit(None, issued_to, "board_link.issue", now, new=f"link {row.id}")
        return row

    def get(self, link_id: int) -> BoardLink | None:
        return self.session.get(BoardLink, link_id)

    def live(self, now: datetime) -> list[BoardLink]:
        """Links not yet expired nor revoked (the ones whose DM may still be due)."""
        stmt = (
            select(BoardLink)
            .where(col(BoardLink.revoked_at).is_(None), BoardLink.expires_at > now)
            .order_by(col(BoardLink.id))
        )
        return list(self.session.exec(stmt))

    def revoke_all(self, actor: str, now: datetime) -> int:
        rows = self.live(now)
        for row in rows:
            row.revoked_at = now
            row.revoked_by = actor
            self.session.add(row)
        if rows:
            self._audit(None, actor, "board_link.revoke", now, new=f"{len(rows)} links")
        return len(rows)
