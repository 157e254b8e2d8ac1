"""The attribution table: every style a mail client writes before a quote is recognised, cut
with the quote it introduces, and prose that only looks like one stays."""

from __future__ import annotations

import pytest

from bot.mail.attributions import attribution, starts_attribution
from bot.mail.quotes import strip_reply

STYLES = [
    ("english-on", "On Tue, Jan 12, 2027 at 9:00 AM Ana Example <ana@example.org> wrote:"),
    ("english-on", "On 12 Jan 2027, at 09:00, Ana Example <ana@example.org> wrote:"),  # Apple
    ("english-on", "On Jan 12, 2027, at 9:00 AM, Ana Example wrote:"),  # Apple Mail iOS
    ("gnus-at", "At 10:13 AM 1/12/2027, Ana Example wrote:"),
    ("gnus-at", "At 15:02 on Tuesday, Danilo Šegan wrote:"),
    ("gnus-day", "Yesterday at 15:02, Danilo Šegan wrote:"),
    ("gnus-day", "Today at 09:10, Ana writes:"),
    ("english", "Danilo Šegan <danilo@gnome.org> writes:"),
    ("english", "Ana Example wrote:"),
    ("french", "Le mar. 12 janv. 2027 à 09:00, Ana Example <ana@example.org> a écrit :"),
    ("spanish", "El mar, 12 ene 2027 a las 09:00, Lucía Gómez (<lucia@x.example>) escribió:"),
    ("german-am", "Am 12.01.2027 um 09:00 schrieb Jan Kowalski:"),
    ("german", "Jan Kowalski <jan@gov.example.pl> schrieb am Di., 12. Jan. 2027, 09:00:"),
    ("italian", "Il giorno mar 12 gen 2027 alle ore 09:00 Ana <ana@example.org> ha scritto:"),
    ("italian", "Marco Rossi ha scritto:"),
    ("portuguese", "Em ter., 12 de jan. de 2027 às 09:00, Ana <ana@example.org> escreveu:"),
    ("portuguese", "João Silva escreveu:"),
    ("dutch", "Op di 12 jan. 2027 om 09:00 schreef Ana Example <ana@example.org>:"),
]


@pytest.mark.parametrize(
    ("style", "line"), STYLES, ids=[f"{s}-{i}" for i, (s, _) in enumerate(STYLES)]
)
def test_every_style_is_recognised_and_cut_with_its_quote(style: str, line: str) -> None:
    assert attribution(line) == style
    post = f"I agree with this.\n\n{line}\n> We should publish the draft.\n> Soon.\n"
    assert strip_reply(post) == "I agree with this."


@pytest.mark.parametrize(
    "line",
    [
        "I think we should go there:",
        "As Ana wrote: we agree",
        "At the meeting we agreed on three points:",
        "The paper she wrote is good.",
    ],
)
def test_prose_is_no_attribution(line: str) -> None:
    assert attribution(line) is None


def test_an_attribution_wrapped_over_two_lines() -> None:
    assert starts_attribution(
        "Il giorno mar 12 gen 2027 alle ore 09:00 Ana", "<a@x.org> ha scritto:"
    )
    post = "Sì.\n\nEm ter., 12 de jan. de 2027 às 09:00, Ana\n<ana@example.org> escreveu:\n> x\n"
    assert strip_reply(post) == "Sì."


OUTLOOK = [
    "-----Original Message-----\nFrom: Ana\nSent: Tuesday\nTo: list\n\nold words",
    "________________________________\nFrom: Ana <ana@example.org>\nSent: Tuesday, January"
    " 12, 2027 09:00\nTo: the list\nSubject: Re: scope\n\nold words",
    "-----Messaggio originale-----\nDa: Ana\nInviato: martedì\n\nold words",
    "-----Mensagem original-----\nDe: Ana\nEnviada em: terça-feira\n\nold words",
    "-----Ursprüngliche Nachricht-----\nVon: Ana\nGesendet: Dienstag\n\nold words",
]


@pytest.mark.parametrize("block", OUTLOOK)
def test_outlook_blocks_and_what_follows_are_cut(block: str) -> None:
    assert strip_reply(f"My answer.\n\n{block}\n") == "My answer."
