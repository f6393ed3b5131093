"""A blank campaign, for `campaign-dash new` and the dashboard's first start: nothing from the
demo, only a named campaign and one starter letter in its language to write over."""

from __future__ import annotations

from .models import Campaign, CampaignInfo, Delegation, LetterTemplate, Petition, Placeholder

STARTER = {
    "en": (
        "Letter to the targets",
        "{date}\n\nDear {recipient},\n\nWe are writing to you about ...\n\nSincerely,\n\n{signer_name}\n{signer_title}\n",
        {"recipient": "recipient", "signer_name": "name", "signer_title": "title"},
    ),
    "es": (
        "Carta a los destinatarios",
        "{date}\n\nEstimado/a {recipient}:\n\nLe escribimos acerca de ...\n\nAtentamente,\n\n{signer_name}\n{signer_title}\n",
        {"recipient": "destinatario", "signer_name": "nombre", "signer_title": "cargo"},
    ),
}
DATE_LABELS = {"en": "date", "es": "fecha"}


def blank_campaign(name: str, lang: str = "en") -> Campaign:
    """A campaign called `name` writing in `lang` (es or en): no speakers, stops, people,
    targets or signatures; the petition and delegation untitled until the organizer names them."""
    title, body, labels = STARTER[lang]
    letter = LetterTemplate(
        name=title,
        bodies={lang: body},
        placeholders=[
            Placeholder("date", {lang: DATE_LABELS[lang]}),
            *(Placeholder(key, {lang: label}) for key, label in labels.items()),
        ],
    )
    return Campaign(
        info=CampaignInfo(name=name.strip(), languages=[lang]),
        petition=Petition(title="", goal=0),
        delegation=Delegation(name=""),
        letters=[letter],
    )
