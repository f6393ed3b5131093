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

from store.i18n import N_

PANES = Binding.Group(N_("Panes"), compact=True)  # translated where shown (widgets/footer.py)
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
    KeyAction("app.keys", "question_mark", "show_keys", N_("Keys"), N_("Show keys"), N_("List every key"), moves="later"),
    KeyAction("app.campaign", "C", "edit_campaign", N_("Campaign"), N_("Campaign: name, description, languages"), moves="later"),
    KeyAction("app.quit", "q", "quit", N_("Quit"), N_("Quit campaign-dash"), N_("Leave the dashboard (asks if changes are unsaved)")),
    # the dashboard's panes
    KeyAction("pane.tour", "1", "show_pane('tour')", N_("Tour"), N_("Show tour calendar"), N_("Focus the tour pane"), moves="now"),
    KeyAction("pane.petition", "2", "show_pane('petition')", N_("Petition"), N_("Show petition"), N_("Focus the petition pane"), moves="now"),
    KeyAction("pane.roster", "3", "show_pane('roster')", N_("Roster"), N_("Show delegation roster"), N_("Focus the roster pane"), moves="now"),
    KeyAction("pane.letter", "4", "show_pane('letter')", N_("Letter"), N_("Show letter"), N_("Focus the letter pane"), moves="now"),
    KeyAction("pane.next", "tab", "cycle_pane(1)", N_("Next pane"), show=False, moves="now"),
    KeyAction("pane.previous", "shift+tab", "cycle_pane(-1)", N_("Previous pane"), show=False, moves="now"),
    KeyAction("pane.zoom", "z", "toggle_zoom", N_("Zoom"), N_("Zoom pane"), N_("Maximize or restore the focused pane")),
    # tour
    KeyAction("tour.view", "v", "toggle_view", N_("Month/agenda"), N_("Tour: month view / agenda"), N_("Switch the tour pane's view"), moves="now"),
    KeyAction("tour.group", "g", "toggle_grouping", N_("By day/speaker"), N_("Tour: group agenda by day / by speaker")),
    KeyAction("tour.add", "a", "add_stop", N_("Add stop"), N_("Tour: add a stop"), N_("Open the stop form"), moves="later"),
    KeyAction("tour.edit", "e", "edit_stop", N_("Edit stop"), N_("Tour: edit the selected stop"), N_("Also enter"), moves="later"),
    KeyAction("tour.delete", "d", "delete_stop", N_("Delete stop"), N_("Tour: delete the selected stop"), N_("Asks first"), moves="later"),
    KeyAction("tour.undo", "u", "undo", N_("Undo"), N_("Tour: undo the last change"), N_("Any kind: add, edit, delete")),
    KeyAction("tour.redo", "ctrl+r", "redo", N_("Redo"), N_("Tour: redo"), N_("Make the last undone change again")),
    KeyAction("tour.speaker", "s", "edit_speaker", N_("Edit speaker"), N_("Tour: edit the selected stop's speaker"), moves="later"),
    KeyAction("tour.speakers", "S", "speakers", N_("Speakers"), N_("Tour: speakers"), N_("Add, edit or remove a speaker"), moves="later"),
    KeyAction("tour.export", "x", "export", N_("Export .ics"), N_("Tour: export to iCalendar (.ics)"), N_("Every stop, to a file (a download in a browser)"), moves="later"),
    # petition
    KeyAction("petition.add", "plus", "tally", N_("Add signatures"), N_("Petition: add signatures"), N_("A tally by hand, with a note"), moves="later"),
    KeyAction("petition.set", "equals_sign", "set_count", N_("Set count"), N_("Petition: set the count"), moves="later"),
    KeyAction("petition.edit", "e", "details", N_("Edit petition"), N_("Petition: title, link, goal and deadline"), moves="later"),
    KeyAction("petition.milestones", "M", "milestones", N_("Milestones"), N_("Petition: milestones"), N_("Add, edit or remove a milestone"), moves="later"),
    KeyAction("petition.undo", "u", "undo", N_("Undo"), N_("Petition: undo the last change"), N_("A tally, a correction, the goal, the source")),
    KeyAction("petition.redo", "ctrl+r", "redo", N_("Redo"), N_("Petition: redo")),
    KeyAction("petition.source", "S", "source", N_("Live source"), N_("Petition: live source"), N_("Action Network or a JSON URL"), moves="later"),
    KeyAction("petition.refresh", "r", "refresh", N_("Fetch now"), N_("Petition: fetch the count now")),
    # roster
    KeyAction("roster.add", "a", "add", N_("Add"), N_("Roster: add someone"), moves="later"),
    KeyAction("roster.edit", "e", "edit", N_("Edit"), N_("Roster: edit the selected person"), N_("Also enter"), moves="later"),
    KeyAction("roster.delete", "d", "delete", N_("Delete"), N_("Roster: remove the selected person"), N_("Asks first"), moves="later"),
    KeyAction("roster.undo", "u", "undo", N_("Undo"), N_("Roster: undo the last change"), N_("Add, edit, remove, status, a whole import")),
    KeyAction("roster.redo", "ctrl+r", "redo", N_("Redo"), N_("Roster: redo")),
    KeyAction("roster.status_next", "greater_than_sign", "status(1)", N_("Status →"), N_("Roster: status forward"), N_("inquiry → applied → accepted → confirmed → paid")),
    KeyAction("roster.status_back", "less_than_sign", "status(-1)", N_("Status ←"), N_("Roster: status back")),
    KeyAction("roster.withdraw", "w", "withdraw", N_("Withdraw"), N_("Roster: withdraw / reinstate")),
    KeyAction("roster.filter", "slash", "filter", N_("Filter"), N_("Roster: filter"), N_("Type to filter, any field, accents ignored"), moves="now"),
    KeyAction("roster.clear_filter", "escape", "clear_filter", N_("Clear filter"), show=False, moves="now"),
    KeyAction("roster.sort", "o", "sort", N_("Sort"), N_("Roster: sort by the next column")),
    KeyAction("roster.emails", "m", "copy_emails", N_("Copy emails"), N_("Roster: copy the emails shown"), N_("One line for an email's To field")),
    KeyAction("roster.import", "i", "import_csv", N_("Import CSV"), N_("Roster: import a CSV file"), N_("Shows what would change first"), moves="later"),
    KeyAction("roster.export", "x", "export_csv", N_("Export CSV"), N_("Roster: export to CSV"), N_("UTF-8 with BOM, opens in Excel"), moves="later"),
    KeyAction("roster.delegation", "D", "delegation", N_("Delegation"), N_("Delegation: name, dates, capacity (seats)"), N_("With a capacity: seats left and a waitlist"), moves="later"),
    # letter
    KeyAction("letter.copy", "c", "copy_letter", N_("Copy letter"), N_("Letter: copy the letter"), N_("As filled so far")),
    KeyAction("letter.language", "l", "switch_language", N_("Language"), N_("Letter: switch language"), N_("Spanish / English")),
    KeyAction("letter.fill", "f", "fill_fields", N_("Fill fields"), N_("Letter: fill the fields"), moves="now"),
    KeyAction("letter.emails", "m", "copy_recipients", N_("Copy emails"), N_("Letter: copy the recipients' emails"), N_("To and cc on one line")),
    KeyAction("letter.tweet", "t", "copy_tweet", N_("Copy tweet"), N_("Letter: copy the selected target's tweet")),
    KeyAction("letter.next_tweet", "T", "next_tweet", N_("Tweets in turn"), N_("Letter: copy each target's tweet in turn")),
    KeyAction("letter.intent", "w", "copy_intent", N_("Tweet link"), N_("Letter: copy a link that opens the tweet on X")),
    KeyAction("letter.export", "x", "pdf", N_("Export PDF"), N_("Letter: export as PDF"), moves="later"),
    KeyAction("letter.template", "n", "next_template", N_("Next template"), N_("Letter: next template")),
    KeyAction("letter.edit", "e", "edit_template", N_("Edit template"), N_("Letter: edit this template"), moves="later"),
    KeyAction("letter.add", "a", "add_template", N_("Add template"), N_("Letter: add a template"), moves="later"),
    KeyAction("letter.templates", "L", "templates", N_("Templates"), N_("Letter: templates"), N_("Add, rename, remove, copy to the other language"), moves="later"),
    KeyAction("letter.targets", "R", "targets", N_("Targets"), N_("Letter: targets and their tweets"), N_("Add, edit, remove, reorder; t edits tweets"), moves="later"),
    KeyAction("letter.undo", "u", "undo", N_("Undo"), N_("Letter: undo the last change"), N_("Filled blanks, a template edit")),
    KeyAction("letter.redo", "ctrl+r", "redo", N_("Redo"), N_("Letter: redo")),
    # enter moves to the next blank when the key arrives: what is typed right after it (a fast
    # typist, a paste) lands in the next blank
    KeyAction("letter.next_field", "enter", "next_field", N_("Next blank"), priority=True),
    KeyAction("letter.back", "escape", "back", N_("Back to the letter"), moves="now"),
    # the lists a pane opens (S speakers, M milestones, R targets, L templates): the panes' letters
    KeyAction("list.close", "escape", "close", N_("Close"), moves="later"),
    KeyAction("speakers.add", "a", "do('add')", N_("Add"), moves="later"),
    KeyAction("speakers.edit", "e", "do('edit')", N_("Edit"), moves="later"),
    KeyAction("speakers.remove", "d", "do('remove')", N_("Remove"), moves="later"),
    KeyAction("speakers.undo", "u", "do('undo')", N_("Undo")),
    KeyAction("milestones.add", "a", "do('add')", N_("Add"), moves="later"),
    KeyAction("milestones.edit", "e", "do('edit')", N_("Edit"), moves="later"),
    KeyAction("milestones.remove", "d", "do('remove')", N_("Remove")),  # at once (u brings it back)
    KeyAction("milestones.undo", "u", "do('undo')", N_("Undo")),
    KeyAction("targets.add", "a", "do('add')", N_("Add"), moves="later"),
    KeyAction("targets.edit", "e", "do('edit')", N_("Edit"), moves="later"),
    KeyAction("targets.tweets", "t", "do('tweets')", N_("Tweets"), moves="later"),
    KeyAction("targets.remove", "d", "do('remove')", N_("Remove"), moves="later"),
    KeyAction("targets.up", "K", "do('up')", N_("Move up")),
    KeyAction("targets.down", "J", "do('down')", N_("Move down")),
    KeyAction("targets.undo", "u", "do('undo')", N_("Undo")),
    KeyAction("templates.add", "a", "do('add')", N_("Add"), moves="later"),
    KeyAction("templates.edit", "e", "do('edit')", N_("Edit text"), moves="later"),
    KeyAction("templates.rename", "r", "do('rename')", N_("Rename"), moves="later"),
    KeyAction("templates.copy", "c", "do('copy')", N_("Copy to other language")),
    KeyAction("templates.remove", "d", "do('remove')", N_("Remove"), moves="later"),
    KeyAction("templates.undo", "u", "do('undo')", N_("Undo")),
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
