"""Tweets at targets: the text with the target's handles, and its length as X counts it.

Length follows twitter-text (URLs count 23, CJK and emoji weigh 2, text is NFC-normalized),
through the maintained `twitter-text-parser` library rather than len(). Nothing here ever
shortens a tweet: over 280 is reported, not cut.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from .models import Target

LIMIT = 280
INTENT = "https://x.com/intent/post?text="


@dataclass(frozen=True)
class Tweet:
    target: Target
    lang: str
    text: str
    length: int

    @property
    def fits(self) -> bool:
        return self.length <= LIMIT

    def length_words(self) -> str:
        if self.fits:
            return f"{self.length}/{LIMIT}"
        return f"{self.length}/{LIMIT}: {self.length - LIMIT} over the limit, shorten it before posting"


def weighted_length(text: str) -> int:
    from twitter_text import parse_tweet

    return parse_tweet(unicodedata.normalize("NFC", text)).weightedLength


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
    return Tweet(target, lang if lang in target.tweets else next(iter(target.tweets)), text, weighted_length(text))


def intent_url(text: str) -> str:
    """A web link that opens X's composer with the text filled in."""
    return INTENT + quote(text, safe="")
