"""LetterPane: pick a template, fill its fields, preview it in either language, and copy the
letter, the recipients' emails and each target's tweet (with its true length)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date

from rich.text import Text
from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.containers import Grid
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from store import letters
from store.i18n import N_, _, language, ngettext
from store.text import printable
from store.models import Campaign, LetterTemplate, Target
from store.tweets import LIMIT, text_problem, tweet_text

from .letter_fields import Blank, FieldsView
from .messages import CopyRequested
from .keys import bindings, key_of
from .pane import Pane, PaneBody

LETTER_WORDS = {"es": N_("Spanish letter"), "en": N_("English letter")}
SEGMENT_STYLES = {"value": "bold", "unfilled": "reverse yellow", "text": ""}


class LetterPane(Pane):
    PANE_ID = "letter"
    PANE_TITLE = N_("Letter")
    PANE_KEY = "4"
    WEIGH_AFTER_S = 0.5  # the tweets' lengths are asked for this long after the pane is built

    BINDINGS = bindings("letter")  # widgets/keys.py: one table for every key

    class ValuesChanged(Message):
        """The user typed new field values for the template `template_id`; remember them."""

        def __init__(self, template_id: str, values: dict[str, str]) -> None:
            self.template_id = template_id
            self.values = values
            super().__init__()

    class CopyConfirmRequested(Message):
        """Copy a letter that still has blanks, after asking."""

        def __init__(self, text: str, label: str) -> None:
            self.text = text
            self.label = label
            super().__init__()

    class PdfRequested(Message):
        """Export the letter as filled so far to a PDF file."""

        def __init__(self, template: LetterTemplate, lang: str, text: str) -> None:
            self.template = template
            self.lang = lang
            self.text = text
            super().__init__()

    class TemplatesRequested(Message):
        """List the templates, to add, rename, remove or copy one to the other language."""

        def __init__(self, lang: str) -> None:
            self.lang = lang
            super().__init__()

    class TargetsRequested(Message):
        """List the targets, to add, edit, remove or reorder one, or edit their tweets."""

    class TweetLengthsWanted(Message):
        """Weigh these tweets as X counts them (off the UI thread), then `show_tweet_lengths`."""

        def __init__(self, pane: LetterPane, texts: list[str]) -> None:
            self.pane = pane
            self.texts = texts
            super().__init__()

    class TemplateEditRequested(Message):
        """Open the template editor: `template` None adds a new template."""

        def __init__(self, template: LetterTemplate | None, lang: str) -> None:
            self.template = template
            self.lang = lang
            super().__init__()

    def __init__(self, campaign: Campaign, today: date) -> None:
        super().__init__()
        self.campaign = campaign
        self.today = today
        self.template_index = 0
        self.template: LetterTemplate | None = campaign.letters[0] if campaign.letters else None
        self.targets: list[Target] = campaign.targets
        self.lang = self.template.languages[0] if self.template and self.template.languages else "es"
        self.tweet_lengths: dict[str, int] = {}  # tweet text -> its length as X counts it
        self._weighing: set[str] | None = None  # the texts asked for (None: not before the first paint)
        self._stepped_id: str | None = None  # the target T copied last (the next T moves on first)
        self._copied_uncounted: dict[str, str] = {}  # tweet text copied before it was weighed -> whose
        self._fields_lock = asyncio.Lock()  # the blanks' Inputs are built or rebuilt one at a time

    def compose(self) -> ComposeResult:
        yield Static(id="letter-heading", classes="pane-summary")
        # The blanks are drawn as one widget until one is edited (`edit_fields`), when they
        # become a grid of Inputs (#letter-fields): a first frame ~15 ms sooner.
        yield FieldsView(self._blanks(), id="letter-fields-view")
        with PaneBody(id="letter-preview"):
            yield Static(id="letter-text")
        yield Static(id="letter-targets-title")
        yield OptionList(id="letter-targets")
        yield Static(id="letter-tweet")

    def on_mount(self) -> None:
        self._fill_targets()
        # twitter-text is slow to import: tweets are weighed after the first paint.
        self.set_timer(self.WEIGH_AFTER_S, self._weigh_tweets)

    def show(self, campaign: Campaign, today: date | None = None) -> None:
        self.campaign = campaign
        self.today = today or self.today
        self.template_index = min(self.template_index, max(len(campaign.letters) - 1, 0))
        template = campaign.letters[self.template_index] if campaign.letters else None
        changed = (template and template.id) != (self.template and self.template.id) or (
            template is not None and self.template is not None and template.placeholders != self.template.placeholders
        )
        self.template = template
        self.targets = campaign.targets
        if template and self.lang not in template.bodies and template.languages:
            self.lang = template.languages[0]
        if changed and (self._inputs() or self._fields_lock.locked()):
            self._rebuild_fields()  # (a build under way: rebuilt once it is done)
        self._show_blanks()
        self._fill_targets()
        self._refresh_text()
        if self._weighing is not None:
            self._weigh_tweets()  # a tweet edited or added: weighed too

    @work(exclusive=True, group="letter-fields")
    async def _rebuild_fields(self) -> None:
        """New inputs for a new template: the old ones must be gone before ids are reused."""
        async with self._fields_lock:
            grid = self.query_one("#letter-fields", Grid)
            await grid.remove_children()
            await grid.mount_all(list(self._fields()))
        self._refresh_text()

    async def edit_fields(self, index: int = 0) -> None:
        """The blanks as Inputs (built the first time a blank is edited), the `index`th focused."""
        async with self._fields_lock:
            view = self.query(FieldsView)
            if view and self.is_attached:
                await self.mount(Grid(*self._fields(), id="letter-fields"), after=view.first())
                await view.remove()
        inputs = self._inputs()
        if inputs:
            self.screen.set_focus(inputs[min(index, len(inputs) - 1)])

    @on(FieldsView.EditRequested)
    async def _blank_clicked(self, event: FieldsView.EditRequested) -> None:
        await self.edit_fields(event.index)

    def _inputs(self) -> list[Input]:
        return list(self.query(".letter-field").results(Input))

    def _blanks(self) -> list[Blank]:
        """Each blank of the template: its label, its value as remembered (printable: a stored
        escape code is shown, not sent), and the hint shown while it is empty."""
        if self.template is None:
            return []
        return [
            Blank(p.key, printable(p.label(language())), printable(self.template.values.get(p.key, "")), self._hint(p.key, p.label(self.lang)))
            for p in self.template.placeholders
        ]

    def _show_blanks(self) -> None:
        """The blanks' view, while they are not Inputs yet, shows the template as it is now."""
        for view in self.query(FieldsView):
            view.show(self._blanks())

    def _fields(self) -> Iterator[Widget]:
        """A label and a one-line input for each blank of the template (what the view showed)."""
        for blank in self._blanks():
            yield Label(Text(blank.label), classes="field-label")
            yield Input(blank.value, placeholder=blank.hint, id=f"field-{blank.key}", compact=True, classes="letter-field")

    def _hint(self, key: str, label: str) -> str:
        """What an empty blank shows (an Input's placeholder, or the view's): a label from the
        template, so escape codes in it are shown, not sent to the terminal."""
        return printable(_("{label} (blank: today)").format(label=label) if key in letters.AUTOMATIC else label)

    def field_values(self) -> dict[str, str]:
        """The blanks' values: as typed in their Inputs, or (none built yet) as the view shows them."""
        if inputs := self._inputs():
            return {i.id.removeprefix("field-"): i.value for i in inputs if i.id}
        return {blank.key: blank.value for blank in self._blanks()}

    def filled(self) -> letters.FilledLetter | None:
        if self.template is None:
            return None
        values = letters.values_with_date(self.template, self.lang, self.today, self.field_values())
        return letters.fill(self.template, self.lang, values)

    def _refresh_text(self) -> None:
        heading = self.query_one("#letter-heading", Static)
        body = self.query_one("#letter-text", Static)
        filled = self.filled()
        if self.template is None or filled is None:
            heading.update(_("No letter template in this campaign: a adds one."))
            body.update("")
            return
        languages = "  ".join(f"[{lang}]" if lang == self.lang else lang for lang in self.template.languages)
        count = f"  {self.template_index + 1}/{len(self.campaign.letters)}" if len(self.campaign.letters) > 1 else ""
        heading.update(
            Text.assemble(
                (self.template.name, "bold"),
                count,
                f"  {languages}  ",
                (ngettext("{n} blank", "{n} blanks", len(filled.unfilled)).format(n=len(filled.unfilled)) if filled.unfilled else _("all fields filled"), "dim"),
            )
        )
        text = Text()
        for segment in filled.segments:
            text.append(printable(segment.text), style=SEGMENT_STYLES[segment.kind])
        body.update(text)
        self._show_tweet()

    # --- targets and tweets -------------------------------------------------------------------

    def _fill_targets(self) -> None:
        option_list = self.query_one("#letter-targets", OptionList)
        highlighted = option_list.highlighted
        option_list.clear_options()
        option_list.add_options([Option(target_line(t), id=t.id) for t in self.targets])
        if self.targets:
            option_list.highlighted = min(highlighted or 0, len(self.targets) - 1)
        to, cc = letters.recipients(self.targets)
        self.query_one("#letter-targets-title", Static).update(
            Text(
                _("Targets: {n} · {to} to, {cc} cc ({tweet_key} each tweet, {list_key} the list)").format(
                    n=len(self.targets), to=len(to), cc=len(cc), tweet_key=key_of(self, "letter.next_tweet"), list_key=key_of(self, "letter.targets")
                ),
                style="bold",
            )
        )

    @property
    def target(self) -> Target | None:
        index = self.query_one("#letter-targets", OptionList).highlighted
        return self.targets[index] if index is not None and 0 <= index < len(self.targets) else None

    @on(OptionList.OptionHighlighted, "#letter-targets")
    def _target_moved(self) -> None:
        self._show_tweet()

    @on(OptionList.OptionSelected, "#letter-targets")
    def _target_chosen(self) -> None:
        self.action_copy_tweet()

    def _show_tweet(self) -> None:
        self.query_one("#letter-tweet", Static).update(tweet_preview(self.target, self.lang, self.tweet_lengths))

    def _weigh_tweets(self) -> None:
        """Ask for the length of every target's tweet in every language not weighed or asked for yet."""
        asked = self._weighing if self._weighing is not None else set()
        self._weighing = asked
        texts = {text for target in self.targets for lang in target.tweets if (text := tweet_text(target, lang))}
        wanted = sorted(texts - asked - self.tweet_lengths.keys())
        if wanted:
            asked.update(wanted)
            self.post_message(self.TweetLengthsWanted(self, wanted))

    def show_tweet_lengths(self, lengths: dict[str, int]) -> None:
        self.tweet_lengths.update(lengths)
        if self.is_attached and self.query("#letter-tweet"):  # not when the app closed meanwhile
            self._show_tweet()
        for text in [t for t in self._copied_uncounted if t in lengths]:
            name = self._copied_uncounted.pop(text)
            if (length := lengths[text]) > LIMIT:  # copied before it was weighed, and it is too long
                self.notify(
                    _("The tweet for {name} you copied is {length}/{limit}: {over} over the limit, shorten it before posting").format(
                        name=name, length=length, limit=LIMIT, over=length - LIMIT
                    ),
                    severity="warning",
                    markup=False,
                )

    # --- fields --------------------------------------------------------------------------------

    @on(Input.Changed, ".letter-field")
    def _field_changed(self) -> None:
        self._refresh_text()

    def action_next_field(self) -> None:
        focused = self.screen.focused
        if not isinstance(focused, Input) or not focused.has_class("letter-field"):
            raise SkipAction()  # enter elsewhere in the pane (the targets list) is theirs
        fields = self._inputs()
        index = fields.index(focused)
        self.screen.set_focus(fields[index + 1] if index + 1 < len(fields) else self.main_widget())
        focused.call_later(self.remember_values)  # once the keys typed before enter are in

    @on(Input.Blurred, ".letter-field")
    def _field_blurred(self) -> None:
        self.remember_values()

    def unsaved_values(self) -> dict[str, str] | None:
        """The field values typed but not yet remembered in the template, or None."""
        if self.template is None or not self._inputs():
            return None  # nothing can have been typed where no Input is
        values = self.field_values()
        if all(self.template.values.get(k, "") == v for k, v in values.items()):
            return None
        return values

    def remember_values(self) -> bool:
        """Ask for the field values to be saved if they changed; True if they did."""
        values = self.unsaved_values()
        if values is None or self.template is None:
            return False
        self.post_message(self.ValuesChanged(self.template.id, values))
        return True

    def _in_blank(self) -> bool:
        focused = self.screen.focused
        return isinstance(focused, Input) and focused.has_class("letter-field")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter and escape are the blanks' keys (shown in the footer while one is edited);
        elsewhere in the pane they are not this pane's, so they pass to the focused widget."""
        if action == "next_field":
            return self._in_blank()
        if action == "back":
            return isinstance(self.screen.focused, (Input, OptionList))
        return True

    def action_back(self) -> None:
        self.screen.set_focus(self.main_widget())

    def main_widget(self) -> PaneBody:
        return self.query_one("#letter-preview", PaneBody)

    # --- actions ------------------------------------------------------------------------------

    def action_copy_letter(self) -> None:
        filled = self.filled()
        if filled is None:
            self.notify(_("There is no letter to copy."), severity="warning")
            return
        what = _(LETTER_WORDS[self.lang]) if self.lang in LETTER_WORDS else _("letter ({lang})").format(lang=self.lang)
        if filled.unfilled:
            blanks = len(filled.unfilled)
            what += " " + ngettext("({n} field still blank)", "({n} fields still blank)", blanks).format(n=blanks)
            self.post_message(self.CopyConfirmRequested(filled.text, what))
            return
        self.post_message(CopyRequested(filled.text, what))

    def action_copy_recipients(self) -> None:
        line = letters.recipients_line(self.targets)
        if not line:
            self.notify(_("No target has an email address."), severity="warning")
            return
        count = len(line.split(", "))
        self.post_message(CopyRequested(line, ngettext("{n} recipient address (to and cc)", "{n} recipient addresses (to and cc)", count).format(n=count)))

    def action_copy_tweet(self) -> None:
        target = self.target
        text = tweet_text(target, self.lang) if target else None
        if target is None or text is None:
            self.notify(_("This target has no tweet in the campaign."), severity="warning")
            return
        length = self.tweet_lengths.get(text)
        if length is None:
            # Not weighed yet (twitter-text takes ~0.3 s to load, never in a key handler): copied
            # now, weighed off the UI thread, and a tweet found too long is said when it is.
            self._copied_uncounted[text] = target.name
            self._weigh_tweets()
            self.post_message(CopyRequested(text, _("tweet for {name}").format(name=target.name) + " (" + _("its length is being counted") + ")"))
            return
        over = "; " + _("{over} over the {limit} limit, shorten it before posting").format(over=length - LIMIT, limit=LIMIT) if length > LIMIT else ""
        self.post_message(CopyRequested(text, _("tweet for {name}").format(name=target.name) + f" ({length}/{LIMIT}{over})"))

    def action_copy_intent(self) -> None:
        """Copy a link that opens X's composer with the selected target's tweet filled in."""
        from store.tweets import intent_url

        target = self.target
        text = tweet_text(target, self.lang) if target else None
        if target is None or text is None:
            self.notify(_("This target has no tweet in the campaign."), severity="warning")
            return
        self.post_message(CopyRequested(intent_url(text), _("link to post the tweet for {name}").format(name=target.name)))

    def action_next_tweet(self) -> None:
        """Copy the highlighted target's tweet, then move to the next target: T, T, T... copies each."""
        if not self.targets:
            return
        option_list = self.query_one("#letter-targets", OptionList)
        if self.target is not None and self.target.id == self._stepped_id:  # the one T copied last:
            option_list.highlighted = ((option_list.highlighted or 0) + 1) % len(self.targets)  # on to the next
        self.action_copy_tweet()  # the tweet shown is the tweet copied
        self._stepped_id = self.target.id if self.target else None

    def action_switch_language(self) -> None:
        if self.template and self.template.languages:
            langs = self.template.languages
            self.lang = langs[(langs.index(self.lang) + 1) % len(langs)] if self.lang in langs else langs[0]
            hints = {blank.key: blank.hint for blank in self._blanks()}
            for field in self._inputs():
                field.placeholder = hints.get((field.id or "").removeprefix("field-"), field.placeholder)
            self._show_blanks()
            self._refresh_text()

    async def action_fill_fields(self) -> None:
        await self.edit_fields(0)  # the keys typed after f wait for it (tui/typeahead.py, "now")

    def action_next_template(self) -> None:
        if len(self.campaign.letters) < 2:
            self.notify(_("This campaign has one letter template: a adds another."), severity="warning")
            return
        self.remember_values()
        self.template_index = (self.template_index + 1) % len(self.campaign.letters)
        self.show(self.campaign)

    def action_pdf(self) -> None:
        self.remember_values()
        filled = self.filled()
        if self.template is None or filled is None:
            self.notify(_("There is no letter to export."), severity="warning")
            return
        self.post_message(self.PdfRequested(self.template, self.lang, filled.text))

    def action_edit_template(self) -> None:
        self.post_message(self.TemplateEditRequested(self.template, self.lang))

    def action_add_template(self) -> None:
        self.post_message(self.TemplateEditRequested(None, self.lang))

    def action_templates(self) -> None:
        self.post_message(self.TemplatesRequested(self.lang))

    def action_targets(self) -> None:
        self.post_message(self.TargetsRequested())


def target_line(target: Target) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{target.send_as:<3}", style="dim")
    line.append(printable(target.name))
    if target.emails:
        line.append(printable("  " + ", ".join(target.emails)))
    if target.handles:
        line.append(printable("  " + " ".join(target.handles)), style="cyan")
    return line


def tweet_preview(target: Target | None, lang: str, lengths: dict[str, int]) -> Text:
    if target is None:
        return Text(_("No targets yet: add who the letter and tweets are for in the targets list."), style="dim")
    text = tweet_text(target, lang)
    if text is None:
        return Text(_("No tweet for {name} in this campaign.").format(name=printable(target.name)), style="dim")
    length = lengths.get(text)
    head = Text()
    head.append(_("Tweet") + " ", style="bold")
    if problem := text_problem(text):
        head.append(printable(_("cannot be posted: {problem}").format(problem=problem)) + " ", style="bold red")
    elif length is None:
        head.append(_("(counting…)") + " ", style="dim")
    elif length <= LIMIT:
        head.append(f"{length}/{LIMIT} ", style="green")
    else:
        head.append(f"{length}/{LIMIT}: " + _("{over} over the limit, shorten it before posting").format(over=length - LIMIT) + " ", style="bold red")
    return head + Text(printable(text))
