"""Undo and redo, per dashboard area, for this session's changes.

Each entry is the change that undoes (or redoes) one made here. Undoing submits that change
like any other, so it goes through the store's conflict check: an undo never overwrites what
someone else changed since.
"""

from __future__ import annotations

from store.changes import Change, LogEntry, still_undoable

LIMIT = 200  # per area and direction


class History:
    def __init__(self) -> None:
        self._undo: dict[str, list[Change]] = {}
        self._redo: dict[str, list[Change]] = {}

    def seed(self, entries: list[LogEntry], author: str) -> None:
        """Start from the log: `u` still undoes what this organizer did before a restart."""
        for entry in still_undoable(entries):
            if entry.change.author == author:
                self._push(self._undo, entry.change.area, entry.inverse)

    def done(self, change: Change, inverse: Change) -> None:
        """A new change was made: it can be undone, and nothing in its area can be redone."""
        self._push(self._undo, change.area, inverse)
        self._redo.pop(change.area, None)

    def take_undo(self, area: str) -> Change | None:
        stack = self._undo.get(area)
        return stack.pop() if stack else None

    def take_redo(self, area: str) -> Change | None:
        stack = self._redo.get(area)
        return stack.pop() if stack else None

    def undone(self, area: str, redo: Change) -> None:
        self._push(self._redo, area, redo)

    def redone(self, area: str, undo: Change) -> None:
        self._push(self._undo, area, undo)

    def written(self, change_id: str, inverse: Change) -> None:
        """The store's own inverse for a written change: it undoes what the file held, which can
        differ from what this dashboard showed when someone else wrote just before."""
        for stacks in (self._undo, self._redo):
            for stack in stacks.values():
                for i, entry in enumerate(stack):
                    if entry.undoes == change_id:
                        stack[i] = inverse

    def forget(self, change_id: str) -> None:
        """A change the store refused: there is nothing of it to undo or redo."""
        for stacks in (self._undo, self._redo):
            for area, stack in stacks.items():
                stacks[area] = [c for c in stack if c.undoes != change_id]

    @staticmethod
    def _push(stacks: dict[str, list[Change]], area: str, change: Change) -> None:
        stack = stacks.setdefault(area, [])
        stack.append(change)
        del stack[:-LIMIT]
