"""One injected clock for every "today", "next" and "days left" (`--today` fixes it)."""

from __future__ import annotations

from datetime import date, datetime


class Clock:
    """The real date, or a fixed one so the 2013 demo can be seen as if live."""

    def __init__(self, fixed_today: date | None = None) -> None:
        self.fixed_today = fixed_today

    def today(self) -> date:
        return self.fixed_today or date.today()

    def now(self) -> datetime:
        """Now; on a fixed day, that day at the current time of day."""
        current = datetime.now()
        if self.fixed_today is None:
            return current
        return datetime.combine(self.fixed_today, current.time())
