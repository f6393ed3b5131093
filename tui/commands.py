"""Command palette provider: every dashboard action, by name, for ctrl+p."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (name, help, action run on the app)
COMMANDS: list[tuple[str, str, str]] = [
    ("Show tour calendar", "Focus the tour pane (1)", "screen.show_pane('tour')"),
    ("Show petition", "Focus the petition pane (2)", "screen.show_pane('petition')"),
    ("Show delegation roster", "Focus the roster pane (3)", "screen.show_pane('roster')"),
    ("Show letter", "Focus the letter pane (4)", "screen.show_pane('letter')"),
    ("Zoom pane", "Maximize or restore the focused pane (z)", "screen.toggle_zoom"),
    ("Tour: month view / agenda", "Switch the tour pane's view (v)", "pane_action('tour', 'toggle_view')"),
    ("Tour: group agenda by day / by speaker", "(g in the tour pane)", "pane_action('tour', 'toggle_grouping')"),
    ("Tour: add a stop", "Open the stop form (a in the tour pane)", "pane_action('tour', 'add_stop')"),
    ("Tour: edit the selected stop", "(e or enter in the tour pane)", "pane_action('tour', 'edit_stop')"),
    ("Tour: delete the selected stop", "Asks first (d in the tour pane)", "pane_action('tour', 'delete_stop')"),
    ("Tour: undo the last change", "Any kind: add, edit, delete (u in the tour pane)", "pane_action('tour', 'undo')"),
    ("Tour: redo", "Make the last undone change again (ctrl+r in the tour pane)", "pane_action('tour', 'redo')"),
    ("Tour: edit the selected stop's speaker", "(s in the tour pane)", "pane_action('tour', 'edit_speaker')"),
    ("Tour: speakers", "Add, edit or remove a speaker (S in the tour pane)", "pane_action('tour', 'speakers')"),
    ("Tour: export to iCalendar (.ics)", "Write every stop to a file (x in the tour pane)", "pane_action('tour', 'export')"),
    ("Petition: add signatures", "A tally by hand, with a note (+ in the petition pane)", "pane_action('petition', 'tally')"),
    ("Petition: set the count", "(= in the petition pane)", "pane_action('petition', 'set_count')"),
    ("Petition: title, link, goal and deadline", "(g in the petition pane)", "pane_action('petition', 'details')"),
    ("Petition: milestones", "Add, edit or remove a milestone (M in the petition pane)", "pane_action('petition', 'milestones')"),
    ("Petition: undo the last change", "A tally, a correction, the goal, the source (u in the petition pane)", "pane_action('petition', 'undo')"),
    ("Petition: redo", "(ctrl+r in the petition pane)", "pane_action('petition', 'redo')"),
    ("Petition: live source", "Action Network or a JSON URL (s in the petition pane)", "pane_action('petition', 'source')"),
    ("Petition: fetch the count now", "(r in the petition pane)", "pane_action('petition', 'refresh')"),
    ("Roster: add someone", "(a in the roster pane)", "pane_action('roster', 'add')"),
    ("Roster: edit the selected person", "(e or enter in the roster pane)", "pane_action('roster', 'edit')"),
    ("Roster: remove the selected person", "Asks first (d in the roster pane)", "pane_action('roster', 'delete')"),
    ("Roster: undo the last change", "Add, edit, remove, status, a whole import (u in the roster pane)", "pane_action('roster', 'undo')"),
    ("Roster: redo", "(ctrl+r in the roster pane)", "pane_action('roster', 'redo')"),
    ("Roster: status forward", "inquiry → applied → accepted → confirmed → paid (s)", "pane_action('roster', 'status(1)')"),
    ("Roster: status back", "(S in the roster pane)", "pane_action('roster', 'status(-1)')"),
    ("Roster: withdraw / reinstate", "(w in the roster pane)", "pane_action('roster', 'withdraw')"),
    ("Roster: filter", "Type to filter, any field, accents ignored (/)", "pane_action('roster', 'filter')"),
    ("Roster: sort by the next column", "(o in the roster pane)", "pane_action('roster', 'sort')"),
    ("Roster: copy the emails shown", "One line for an email's To field (m)", "pane_action('roster', 'copy_emails')"),
    ("Roster: import a CSV file", "Shows what would change first (i)", "pane_action('roster', 'import_csv')"),
    ("Roster: export to CSV", "UTF-8 with BOM, opens in Excel (x)", "pane_action('roster', 'export_csv')"),
    ("Delegation: name, dates, capacity (seats)", "With a capacity, the roster shows seats left and a waitlist (D in the roster pane)", "pane_action('roster', 'delegation')"),
    ("Copy letter", "Copy the letter as filled so far (c in the letter pane)", "copy_letter"),
    ("Switch letter language", "Spanish / English (l in the letter pane)", "switch_letter_language"),
    ("Letter: copy the recipients' emails", "To and cc on one line (m in the letter pane)", "pane_action('letter', 'copy_recipients')"),
    ("Letter: copy the selected target's tweet", "(t in the letter pane)", "pane_action('letter', 'copy_tweet')"),
    ("Letter: copy each target's tweet in turn", "(T in the letter pane)", "pane_action('letter', 'next_tweet')"),
    ("Letter: copy a link that opens the tweet on X", "(w in the letter pane)", "pane_action('letter', 'copy_intent')"),
    ("Letter: export as PDF", "(p in the letter pane)", "pane_action('letter', 'pdf')"),
    ("Letter: fill the fields", "(f in the letter pane)", "pane_action('letter', 'fill_fields')"),
    ("Letter: next template", "(n in the letter pane)", "pane_action('letter', 'next_template')"),
    ("Letter: edit this template", "(E in the letter pane)", "pane_action('letter', 'edit_template')"),
    ("Letter: add a template", "(a in the letter pane)", "pane_action('letter', 'add_template')"),
    ("Letter: templates", "Add, rename, remove, copy to the other language (L in the letter pane)", "pane_action('letter', 'templates')"),
    ("Letter: targets and their tweets", "Add, edit, remove, reorder; t edits tweets (r in the letter pane)", "pane_action('letter', 'targets')"),
    ("Campaign: name, description, languages", "(C anywhere)", "edit_campaign"),
    ("Letter: undo the last change", "Filled blanks, a template edit (u in the letter pane)", "pane_action('letter', 'undo')"),
    ("Letter: redo", "(ctrl+r in the letter pane)", "pane_action('letter', 'redo')"),
    ("Show keys", "List every key (?)", "show_keys"),
    ("Quit campaign-dash", "Leave the dashboard (q)", "quit"),
]


class CampaignCommands(Provider):
    async def discover(self) -> Hits:
        for name, help_text, action in COMMANDS:
            yield DiscoveryHit(name, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self.app.run_action, action), help=help_text)
