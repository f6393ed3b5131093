"""Every form filled with Enter only: type a value, Enter to the next field (a drop-down too), and
Enter on the last field saves; what was typed is what is stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from store.models import Campaign
from tui.screens.form import FormScreen

from .apphelpers import make_app, settle, wait_for
from .test_app_roster import PEOPLE, store_with

CLEAR = "ctrl+u"  # Input: delete everything left of the cursor (the cursor starts at the end)

# name: (keys that open the form, what to do in each field in order: text to type, None to keep
# what is there, or a list of keys), and what the campaign holds after the save
FORMS: dict[str, tuple[tuple[str, ...], list[str | list[str] | None], Callable[[Campaign], bool]]] = {
    "stop": (
        ("1", "a"),
        [["space", "down", "enter"], "Hartford", "2013-02-12", "2013-02-13", "Union Hall", "bring flyers"],
        lambda c: any(s.city == "Hartford" and s.venue == "Union Hall" and s.notes == "bring flyers" for s in c.stops),
    ),
    "speaker": (("1", "S", "a"), ["Rosa Diaz", "SEIU 1000", "organizer", "West"], lambda c: any(s.name == "Rosa Diaz" and s.region == "West" for s in c.speakers)),
    "tally": (("2", "plus"), ["35", "after the rally"], lambda c: any(r.note == "after the rally" for r in c.petition.readings)),
    "count": (("2", "equals_sign"), ["1500", "recount"], lambda c: any(r.note == "recount" for r in c.petition.readings)),
    "petition": (("2", "e"), [None, None, [CLEAR, *"2500"], None], lambda c: c.petition.goal == 2500),
    "milestone": (("2", "M", "a"), ["1500", "halfway there"], lambda c: any(m.count == 1500 and m.label == "halfway there" for m in c.petition.milestones)),
    "member": (
        ("3", "a"),
        ["Ana Q", "UFW", None, "Fresno", "a@x.org", "", None, "vegetarian"],
        lambda c: any((m.name, m.city, m.email, m.notes) == ("Ana Q", "Fresno", "a@x.org", "vegetarian") for m in c.members),
    ),
    "delegation": (("3", "D"), [None, None, None, None, "12"], lambda c: c.delegation.capacity == 12),
    "campaign": (
        ("C",),
        [[CLEAR, *"Fresno solidarity"], None, None, None, ["space", "down", "enter"]],
        lambda c: c.info.name == "Fresno solidarity" and c.info.interface_language == "es",
    ),
    "target": (
        ("4", "R", "a"),
        ["Minister X", "Minister", "MTPS", "x@mtps.gob.sv", None, "@ministerx"],
        lambda c: any(t.name == "Minister X" and t.emails == ["x@mtps.gob.sv"] for t in c.targets),
    ),
}


@pytest.mark.parametrize("form", list(FORMS))
async def test_a_form_filled_with_enter_only_saves_what_was_typed(db_path: Path, form: str) -> None:
    keys, fields, saved = FORMS[form]
    store = store_with(db_path, PEOPLE)
    app = make_app(store)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.press(*keys)
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen) and app.screen.focused is not None, what=f"the {form} form")
        form_screen = app.screen
        for field in fields:
            if isinstance(field, list):
                await pilot.press(*field)
            elif field:
                await pilot.press(*field)
            await pilot.press("enter")  # the next field; on the last one, save
        await wait_for(pilot, lambda: app.screen is not form_screen, what=lambda: f"the {form} form to save: {form_screen.query('.form-error')}")
        await settle(app, pilot)
    assert saved(store.load()), store.load()
