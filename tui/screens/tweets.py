"""TweetScreen: a target's tweet in each language, with its length as X counts it shown as it is
typed (the handles the copy adds in front are counted too)."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from store.models import Target
from store.targets import with_tweet
from store.text import printable
from store.tweets import LIMIT, text_problem, tweet_text
from store.validation import ValidationError
from store.details import LANGUAGE_NAMES as LANGUAGE_WORDS  # translated where shown
from store.i18n import N_, _
from widgets.footer import KeysFooter

from .form import after_typing, dismiss_or_ask



class TweetScreen(ModalScreen[Target | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, target: Target, languages: list[str]) -> None:
        super().__init__()
        self.target = target
        self.languages = list(dict.fromkeys([*languages, *target.tweets]))
        self.initial = {lang: printable(target.tweets.get(lang, "")) for lang in self.languages}
        self._counter = None  # twitter-text, imported off the UI thread on mount

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="tweet-body", classes="dialog") as body:
            body.border_title = Text(_("Tweets to {name}").format(name=printable(self.target.name)))
            body.border_subtitle = _("tab next · ctrl+s save · escape cancel")
            handles = " ".join(self.target.handles)
            hint = (
                _("Their handles ({handles}) are put in front when a tweet does not name them.").format(handles=handles)
                if handles
                else _("No handles: add them in the target's form.")
            )
            yield Static(Text(hint, style="dim"))
            for lang in self.languages:
                yield Label(Text(_(LANGUAGE_WORDS[lang]) if lang in LANGUAGE_WORDS else lang), classes="form-label tweet-label")
                area = TextArea(self.initial[lang], id=f"tweet-{lang}", soft_wrap=True, tab_behavior="focus", classes="tweet-text")
                area.show_line_numbers = False
                yield area
                yield Static(id=f"length-{lang}", classes="tweet-length")
                yield Static(id=f"error-{lang}", classes="form-error")
        yield KeysFooter()  # the keys in the interface's language

    async def on_mount(self) -> None:
        self.set_focus(self.query_one(f"#tweet-{self.languages[0]}"))
        for lang in self.languages:
            self.query_one(f"#error-{lang}").display = False
            self._show_length(lang)
        from store import tweets

        await asyncio.to_thread(tweets.weighted_length, "warm up")  # loads twitter-text's patterns
        self._counter = tweets.weighted_length
        for lang in self.languages:
            self._show_length(lang)

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        self._show_length(event.text_area.id.removeprefix("tweet-"))  # type: ignore[union-attr]

    def _show_length(self, lang: str) -> None:
        text = self.query_one(f"#tweet-{lang}", TextArea).text
        shown = self.query_one(f"#length-{lang}", Static)
        if not text.strip():
            shown.update(Text(_("no tweet in this language (blank removes it)"), style="dim"))
            return
        full = tweet_text(replace(self.target, tweets={lang: text}), lang) or text
        problem = text_problem(full)
        if self._counter is None:
            shown.update(Text(_("counting…"), style="dim"))
            return
        length = self._counter(full)
        words = f"{length}/{LIMIT}" + (": " + _("{over} over, X will refuse it").format(over=length - LIMIT) if length > LIMIT else "")
        if problem:
            words += f"; {problem}"
        shown.update(Text(words, style="bold red" if length > LIMIT or problem else "green"))

    def values(self) -> dict[str, str]:
        return {lang: self.query_one(f"#tweet-{lang}", TextArea).text for lang in self.languages}

    def action_save(self) -> None:
        after_typing(self, self._save)

    def _save(self) -> None:
        target = self.target
        errors = {}
        for lang, text in self.values().items():
            if text == self.initial[lang]:
                continue
            try:
                target = with_tweet(target, lang, text)
            except ValidationError as error:
                errors[lang] = error.errors.get("tweet", str(error))
        for lang in self.languages:
            shown = self.query_one(f"#error-{lang}", Static)
            shown.update(Text(errors.get(lang, "")))
            shown.display = lang in errors
        if errors:
            self.set_focus(self.query_one(f"#tweet-{next(iter(errors))}"))
            return
        self.dismiss(target)

    def action_cancel(self) -> None:
        dismiss_or_ask(self, self.values() != self.initial, _("Discard your changes to the tweets?"))
