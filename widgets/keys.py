"""Every key of the dashboard as data: one table from which the panes' bindings, the footer, `?`
and the command palette are made, and whose ids a user's keymap file remaps (tui/keymap.py).

One letter means one kind of thing everywhere: `a` add, `e` (or enter) edit, `d` delete, `u`
undo, ctrl+r redo, `x` export to a file, `c` copy, `m` copy email addresses, `/` filter,
`r` fetch again; an upper-case letter opens one of the pane's lists or settings (`S` speakers or
the live source, `M` milestones, `D` the delegation, `L` templates, `R` targets, `C` the
campaign).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

PANES = Binding.Group("Panes", compact=True)
KEY_NAMES = {
    "question_mark": "?",
    "plus": "+",
    "equals_sign": "=",
    "slash": "/",
    "greater_than_sign": ">",
    "less_than_sign": "<",
    "ctrl+r": "^r",
}


@dataclass(frozen=True)
class KeyAction:
    id: str  # "<where>.<name>": the binding's id, and the name a keymap file uses
    key: str  # the default key, as Textual names it
    action: str  # the action run on the widget that owns the binding
    description: str  # a word or two, for the footer
    palette: str = ""  # the command palette's name for it ("" = not listed)
    detail: str = ""  # the palette's help line (the key is added from the live keymap)
    show: bool = True
    priority: bool = False
    # Keys typed after this one wait until it has moved the focus (tui/typeahead.py): "now" when
    # its action moves the focus itself, "later" when it opens a screen (or says why it did not).
    moves: str = ""

    @property
    def where(self) -> str:
        return self.id.partition(".")[0]


KEYS: tuple[KeyAction, ...] = (
    # the app, anywhere
    KeyAction("app.keys", "question_mark", "show_keys", "Keys", "Show keys", "List every key", moves="later"),
    KeyAction("app.campaign", "C", "edit_campaign", "Campaign", "Campaign: name, description, languages", moves="later"),
    KeyAction("app.quit", "q", "quit", "Quit", "Quit campaign-dash", "Leave the dashboard (asks if changes are unsaved)"),
    # the dashboard's panes
    KeyAction("pane.tour", "1", "show_pane('tour')", "Tour", "Show tour calendar", "Focus the tour pane", moves="now"),
    KeyAction("pane.petition", "2", "show_pane('petition')", "Petition", "Show petition", "Focus the petition pane", moves="now"),
    KeyAction("pane.roster", "3", "show_pane('roster')", "Roster", "Show delegation roster", "Focus the roster pane", moves="now"),
    KeyAction("pane.letter", "4", "show_pane('letter')", "Letter", "Show letter", "Focus the letter pane", moves="now"),
    KeyAction("pane.next", "tab", "cycle_pane(1)", "Next pane", show=False, moves="now"),
    KeyAction("pane.previous", "shift+tab", "cycle_pane(-1)", "Previous pane", show=False, moves="now"),
    KeyAction("pane.zoom", "z", "toggle_zoom", "Zoom", "Zoom pane", "Maximize or restore the focused pane"),
    # tour
    KeyAction("tour.view", "v", "toggle_view", "Month/agenda", "Tour: month view / agenda", "Switch the tour pane's view", moves="now"),
    KeyAction("tour.group", "g", "toggle_grouping", "By day/speaker", "Tour: group agenda by day / by speaker"),
    KeyAction("tour.add", "a", "add_stop", "Add stop", "Tour: add a stop", "Open the stop form", moves="later"),
    KeyAction("tour.edit", "e", "edit_stop", "Edit stop", "Tour: edit the selected stop", "Also enter", moves="later"),
    KeyAction("tour.delete", "d", "delete_stop", "Delete stop", "Tour: delete the selected stop", "Asks first", moves="later"),
    KeyAction("tour.undo", "u", "undo", "Undo", "Tour: undo the last change", "Any kind: add, edit, delete"),
    KeyAction("tour.redo", "ctrl+r", "redo", "Redo", "Tour: redo", "Make the last undone change again"),
    KeyAction("tour.speaker", "s", "edit_speaker", "Edit speaker", "Tour: edit the selected stop's speaker", moves="later"),
    KeyAction("tour.speakers", "S", "speakers", "Speakers", "Tour: speakers", "Add, edit or remove a speaker", moves="later"),
    KeyAction("tour.export", "x", "export", "Export .ics", "Tour: export to iCalendar (.ics)", "Every stop, to a file (a download in a browser)", moves="later"),
    # petition
    KeyAction("petition.add", "plus", "tally", "Add signatures", "Petition: add signatures", "A tally by hand, with a note", moves="later"),
    KeyAction("petition.set", "equals_sign", "set_count", "Set count", "Petition: set the count", moves="later"),
    KeyAction("petition.edit", "e", "details", "Edit petition", "Petition: title, link, goal and deadline", moves="later"),
    KeyAction("petition.milestones", "M", "milestones", "Milestones", "Petition: milestones", "Add, edit or remove a milestone", moves="later"),
    KeyAction("petition.undo", "u", "undo", "Undo", "Petition: undo the last change", "A tally, a correction, the goal, the source"),
    KeyAction("petition.redo", "ctrl+r", "redo", "Redo", "Petition: redo"),
    KeyAction("petition.source", "S", "source", "Live source", "Petition: live source", "Action Network or a JSON URL", moves="later"),
    KeyAction("petition.refresh", "r", "refresh", "Fetch now", "Petition: fetch the count now"),
    # roster
    KeyAction("roster.add", "a", "add", "Add", "Roster: add someone", moves="later"),
    KeyAction("roster.edit", "e", "edit", "Edit", "Roster: edit the selected person", "Also enter", moves="later"),
    KeyAction("roster.delete", "d", "delete", "Delete", "Roster: remove the selected person", "Asks first", moves="later"),
    KeyAction("roster.undo", "u", "undo", "Undo", "Roster: undo the last change", "Add, edit, remove, status, a whole import"),
    KeyAction("roster.redo", "ctrl+r", "redo", "Redo", "Roster: redo"),
    KeyAction("roster.status_next", "greater_than_sign", "status(1)", "Status →", "Roster: status forward", "inquiry → applied → accepted → confirmed → paid"),
    KeyAction("roster.status_back", "less_than_sign", "status(-1)", "Status ←", "Roster: status back"),
    KeyAction("roster.withdraw", "w", "withdraw", "Withdraw", "Roster: withdraw / reinstate"),
    KeyAction("roster.filter", "slash", "filter", "Filter", "Roster: filter", "Type to filter, any field, accents ignored", moves="now"),
    KeyAction("roster.clear_filter", "escape", "clear_filter", "Clear filter", show=False, moves="now"),
    KeyAction("roster.sort", "o", "sort", "Sort", "Roster: sort by the next column"),
    KeyAction("roster.emails", "m", "copy_emails", "Copy emails", "Roster: copy the emails shown", "One line for an email's To field"),
    KeyAction("roster.import", "i", "import_csv", "Import CSV", "Roster: import a CSV file", "Shows what would change first", moves="later"),
    KeyAction("roster.export", "x", "export_csv", "Export CSV", "Roster: export to CSV", "UTF-8 with BOM, opens in Excel", moves="later"),
    KeyAction("roster.delegation", "D", "delegation", "Delegation", "Delegation: name, dates, capacity (seats)", "With a capacity: seats left and a waitlist", moves="later"),
    # letter
    KeyAction("letter.copy", "c", "copy_letter", "Copy letter", "Letter: copy the letter", "As filled so far"),
    KeyAction("letter.language", "l", "switch_language", "Language", "Letter: switch language", "Spanish / English"),
    KeyAction("letter.fill", "f", "fill_fields", "Fill fields", "Letter: fill the fields", moves="now"),
    KeyAction("letter.emails", "m", "copy_recipients", "Copy emails", "Letter: copy the recipients' emails", "To and cc on one line"),
    KeyAction("letter.tweet", "t", "copy_tweet", "Copy tweet", "Letter: copy the selected target's tweet"),
    KeyAction("letter.next_tweet", "T", "next_tweet", "Tweets in turn", "Letter: copy each target's tweet in turn"),
    KeyAction("letter.intent", "w", "copy_intent", "Tweet link", "Letter: copy a link that opens the tweet on X"),
    KeyAction("letter.export", "x", "pdf", "Export PDF", "Letter: export as PDF", moves="later"),
    KeyAction("letter.template", "n", "next_template", "Next template", "Letter: next template"),
    KeyAction("letter.edit", "e", "edit_template", "Edit template", "Letter: edit this template", moves="later"),
    KeyAction("letter.add", "a", "add_template", "Add template", "Letter: add a template", moves="later"),
    KeyAction("letter.templates", "L", "templates", "Templates", "Letter: templates", "Add, rename, remove, copy to the other language", moves="later"),
    KeyAction("letter.targets", "R", "targets", "Targets", "Letter: targets and their tweets", "Add, edit, remove, reorder; t edits tweets", moves="later"),
    KeyAction("letter.undo", "u", "undo", "Undo", "Letter: undo the last change", "Filled blanks, a template edit"),
    KeyAction("letter.redo", "ctrl+r", "redo", "Redo", "Letter: redo"),
    # enter moves to the next blank when the key arrives: what is typed right after it (a fast
    # typist, a paste) lands in the next blank
    KeyAction("letter.next_field", "enter", "next_field", "Next blank", priority=True),
    KeyAction("letter.back", "escape", "back", "Back to the letter", moves="now"),
    # the lists a pane opens (S speakers, M milestones, R targets, L templates): the panes' letters
    KeyAction("list.close", "escape", "close", "Close", moves="later"),
    KeyAction("speakers.add", "a", "do('add')", "Add", moves="later"),
    KeyAction("speakers.edit", "e", "do('edit')", "Edit", moves="later"),
    KeyAction("speakers.remove", "d", "do('remove')", "Remove", moves="later"),
    KeyAction("speakers.undo", "u", "do('undo')", "Undo"),
    KeyAction("milestones.add", "a", "do('add')", "Add", moves="later"),
    KeyAction("milestones.edit", "e", "do('edit')", "Edit", moves="later"),
    KeyAction("milestones.remove", "d", "do('remove')", "Remove"),  # at once (u brings it back)
    KeyAction("milestones.undo", "u", "do('undo')", "Undo"),
    KeyAction("targets.add", "a", "do('add')", "Add", moves="later"),
    KeyAction("targets.edit", "e", "do('edit')", "Edit", moves="later"),
    KeyAction("targets.tweets", "t", "do('tweets')", "Tweets", moves="later"),
    KeyAction("targets.remove", "d", "do('remove')", "Remove", moves="later"),
    KeyAction("targets.up", "K", "do('up')", "Move up"),
    KeyAction("targets.down", "J", "do('down')", "Move down"),
    KeyAction("targets.undo", "u", "do('undo')", "Undo"),
    KeyAction("templates.add", "a", "do('add')", "Add", moves="later"),
    KeyAction("templates.edit", "e", "do('edit')", "Edit text", moves="later"),
    KeyAction("templates.rename", "r", "do('rename')", "Rename", moves="later"),
    KeyAction("templates.copy", "c", "do('copy')", "Copy to other language"),
    KeyAction("templates.remove", "d", "do('remove')", "Remove", moves="later"),
    KeyAction("templates.undo", "u", "do('undo')", "Undo"),
)
BY_ID = {k.id: k for k in KEYS}
MOVES_FOCUS = {k.id: k.moves for k in KEYS if k.moves}  # binding id -> "now" or "later"


def bindings(where: str) -> list[Binding]:
    """The bindings of one place ("app", "pane", "tour", ...), in the table's order."""
    return [
        Binding(
            k.key,
            k.action,
            k.description,
            key_display=KEY_NAMES.get(k.key) or (k.key if len(k.key) == 1 else None),
            show=k.show,
            priority=k.priority,
            id=k.id,
            group=PANES if k.where == "pane" and k.key.isdigit() else None,
        )
        for k in KEYS
        if k.where == where
    ]


def shown_key(key: str) -> str:
    """A key as people read it: '?' for question_mark, '^r' for ctrl+r, 'pgdn' for pagedown."""
    first = key.split(",")[0].strip()
    return KEY_NAMES.get(first) or {"pagedown": "pgdn", "pageup": "pgup"}.get(first, first)


def key_of(node: object, binding_id: str) -> str:
    """The key that runs `binding_id` now, for hints in the panes ("e gives it a title"): the
    app's, with the user's keymap applied, when it says (`key_for`); else the default."""
    app = getattr(node, "app", None)
    key_for = getattr(app, "key_for", None)
    if callable(key_for):
        return str(key_for(binding_id))
    return shown_key(BY_ID[binding_id].key)
