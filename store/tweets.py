"""Tweets at targets: the text with the target's handles, and its length as X counts it.

Length follows twitter-text (URLs count 23, CJK and emoji weigh 2, text is NFC-normalized),
through the maintained `twitter-text-parser` library rather than len(). Nothing here ever
shortens a tweet: over 280 is reported, not cut. Validity follows twitter-text too (empty, or
holding U+FFFE, U+FFFF or U+FEFF: X refuses it), plus store.text's rule (no control characters
or bidi overrides, which a post would carry to every reader's screen); `Tweet.reason` says why.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from .i18n import _
from .models import Target
from .text import character_name, problem

LIMIT = 280
INTENT = "https://x.com/intent/post?text="


TWITTER_INVALID = "\ufffe\ufeff\uffff"  # twitter-text's invalid characters


@dataclass(frozen=True)
class Tweet:
    target: Target
    lang: str
    text: str
    length: int
    reason: str = ""  # why X would refuse it ("" when it can be posted)

    @property
    def fits(self) -> bool:
        return self.length <= LIMIT

    @property
    def is_valid(self) -> bool:
        return not self.reason

    def length_words(self) -> str:
        if self.fits:
            return f"{self.length}/{LIMIT}"
        return f"{self.length}/{LIMIT}: " + _("{over} over the limit, shorten it before posting").format(over=self.length - LIMIT)


def weighted_length(text: str) -> int:
    from twitter_text import parse_tweet

    return parse_tweet(unicodedata.normalize("NFC", text)).weightedLength


def text_problem(text: str) -> str:
    """The checks that need no tweet parser (cheap enough for a key handler): empty, or a
    character X or the store refuses; "" when there is none."""
    normalized = unicodedata.normalize("NFC", text)
    if not normalized.strip():
        return _("the tweet is empty")
    bad = next((ch for ch in normalized if ch in TWITTER_INVALID), None)
    if bad is not None:
        return _("it contains {name}, a character X refuses; remove it").format(name=character_name(bad))
    reason = problem(normalized, multiline=True)
    return _("it {reason}").format(reason=reason) if reason is not None else ""


def tweet_problem(text: str) -> str:
    """Why this tweet cannot be posted as it is, in words; "" when it can."""
    from twitter_text import parse_tweet

    cheap = text_problem(text)
    if cheap:
        return cheap
    parsed = parse_tweet(unicodedata.normalize("NFC", text))
    if parsed.weightedLength > LIMIT:
        return _("it is {over} over the {limit} limit").format(over=parsed.weightedLength - LIMIT, limit=LIMIT)
    if not parsed.valid:
        return _("X's rules refuse it")
    return ""


def tweet_text(target: Target, lang: str) -> str | None:
    """The target's tweet in `lang` (or its first language), starting with its handles."""
    body = target.tweets.get(lang) or next(iter(target.tweets.values()), None)
    if body is None:
        return None
    missing = [h for h in target.handles if h.casefold() not in body.casefold()]
    return " ".join([*missing, body.strip()]) if missing else body.strip()


def tweet_for(target: Target, lang: str) -> Tweet | None:
    text = tweet_text(target, lang)
    if text is None:
        return None
    chosen = lang if lang in target.tweets else next(iter(target.tweets))
    return Tweet(target, chosen, text, weighted_length(text), tweet_problem(text))


def intent_url(text: str) -> str:
    """A web link that opens X's composer with the text filled in."""
    return INTENT + quote(text, safe="")
