"""decode_post on real MIME: messages built with the standard library's email package, and
raw messages in the shapes real mail clients write (tests/frontends/email/mua_samples.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage, Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest

from bot.mail.mime import Post, decode_post
from tests.frontends.email.mua_samples import SAMPLES

LIMIT = 5_000_000


def _post(raw: bytes) -> Post:
    post = decode_post(raw, max_bytes=LIMIT)
    assert isinstance(post, Post), post
    return post


def _message(body: str = "Hello list.", **headers: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = headers.pop("From", "Ana <ana@civil.example>")
    msg["To"] = headers.pop("To", "bpf@lists.example.org")
    msg["Subject"] = headers.pop("Subject", "Scope")
    msg["Date"] = headers.pop("Date", "Tue, 12 Jan 2027 09:00:00 +0100")
    msg["Message-ID"] = headers.pop("Message_ID", "<m1@civil.example>")
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg


@pytest.mark.parametrize(("name", "raw", "kept", "dropped"), SAMPLES, ids=[s[0] for s in SAMPLES])
def test_real_client_shapes_keep_the_new_words_only(
    name: str, raw: bytes, kept: str, dropped: tuple[str, ...]
) -> None:
    for wire in (raw, raw.replace(b"\n", b"\r\n")):
        post = _post(wire)
        assert kept in post.text
        for word in dropped:
            assert word not in post.text, (word, post.text)
        assert post.date.tzinfo is UTC
        assert post.subject.endswith(("Draft scope for 2027", "Portée du projet"))


def test_headers_ids_addresses_and_dates() -> None:
    (_, outlook, _, _), (_, gmail, _, _), (_, thunderbird, _, _) = SAMPLES[:3]
    post = _post(outlook)
    assert post.message_id == "AM0PR01MB1234ABCD5678EF@AM0PR01MB1234.eurprd01.prod.outlook.example"
    assert post.in_reply_to == "CAF=root1@mail.gmail.example"
    assert post.sender == "jan.kowalski@gov.example.pl"  # one spelling: bot/domain/addresses.py
    assert post.sender_name == "Kowalski, Jan"
    assert post.list_id == "bpf-cyber.lists.intgovforum.example"
    assert post.list_post == "bpf-cyber@lists.intgovforum.example"
    assert post.to == ("bpf-cyber@lists.intgovforum.example",)
    assert post.date == datetime(2027, 1, 12, 9, 2, 10, tzinfo=UTC)
    assert _post(gmail).sender_name == "Ana Pérez"  # RFC 2047 base64
    tb = _post(thunderbird)
    assert tb.sender_name == "Jürgen Müller" and tb.sender == "mueller@uni-example.de"
    assert tb.references == ("CAF=root1@mail.gmail.example", "CAF=reply2+xYz@mail.gmail.example")
    assert tb.parent_id == "CAF=reply2+xYz@mail.gmail.example"


def test_mailman_dmarc_from_is_the_person_not_the_list() -> None:
    post = _post(SAMPLES[4][1])
    assert post.sender == "cmendoza@privado.example.mx"
    assert post.sender_name == "Carlos Mendoza"


def test_plain_text_is_preferred_in_alternative_and_html_only_is_converted() -> None:
    alt = MIMEMultipart("alternative")
    alt["From"], alt["Date"] = "ana@civil.example", "Tue, 12 Jan 2027 09:00:00 +0000"
    alt.attach(MIMEText("plain words", "plain", "utf-8"))
    alt.attach(MIMEText("<p>html words</p>", "html", "utf-8"))
    assert _post(alt.as_bytes()).text == "plain words"
    html = _message()
    html.set_content(
        "<html><head><style>p {color: red}</style><script>alert('x')</script></head><body>"
        "<p>Read <a href='https://evil.example/login'>IGF official sign-in</a> and "
        "<a href='https://igf.example/a'>https://igf.example/a</a>.</p>"
        "<div class='gmail_quote'>On Mon, Bob wrote:<blockquote>old words</blockquote></div>"
        "<ul><li>one</li><li>two</li></ul></body></html>",
        subtype="html",
    )
    text = _post(html.as_bytes()).text
    assert "IGF official sign-in (https://evil.example/login)" in text
    assert "https://igf.example/a." in text and "(https://igf.example/a)" not in text
    assert "- one\n- two" in text
    for gone in ("alert", "color", "old words", "Bob wrote"):
        assert gone not in text


@pytest.mark.parametrize(
    ("charset", "words"),
    [
        ("iso-8859-1", "Réunion à Genève, façade"),
        ("cp1252", "“quotes” – and € signs"),
        ("iso-2022-jp", "インターネット・ガバナンス・フォーラム"),
        ("utf-8", "Наш регион: 東京, القاهرة, São Paulo 🌍"),
        ("koi8-r", "Привет всем"),
    ],
)
@pytest.mark.parametrize("encoding", ["quoted-printable", "base64", "8bit"])
def test_charsets_and_transfer_encodings(charset: str, words: str, encoding: str) -> None:
    part = Message()
    part["Content-Type"] = f'text/plain; charset="{charset}"'
    part.set_payload(words.encode(charset))
    if encoding == "quoted-printable":
        from email.encoders import encode_quopri as encode
    elif encoding == "base64":
        from email.encoders import encode_base64 as encode
    else:
        from email.encoders import encode_7or8bit as encode
    encode(part)
    part["From"] = "=?utf-8?q?S=C3=A3o_Paulo?= <sp@example.br>"
    part["Subject"] = "=?iso-8859-1?q?R=E9union_=E0_Gen=E8ve?="
    part["Date"] = "12 Jan 2027 09:00:00 +0000"
    post = _post(part.as_bytes())
    assert post.text == words
    assert post.subject == "Réunion à Genève" and post.sender_name == "São Paulo"


def test_mislabelled_and_unknown_charsets_still_read() -> None:
    cp1252_as_latin1 = (
        b"From: a@b.example\nDate: 12 Jan 2027 09:00 +0000\n"
        b"Content-Type: text/plain; charset=iso-8859-1\n\n\x93smart\x94 \x96 dash\n"
    )
    assert _post(cp1252_as_latin1).text == "“smart” – dash"
    undeclared_utf8 = b"From: a@b.example\nDate: 12 Jan 2027 09:00 +0000\n\ncaf\xc3\xa9\n"
    assert _post(undeclared_utf8).text == "café"
    unknown = (
        b"From: a@b.example\nDate: 12 Jan 2027 09:00 +0000\n"
        b"Content-Type: text/plain; charset=x-no-such-charset\n\nna\xc3\xafve \xff\n"
    )
    assert _post(unknown).text == "naïve \ufffd"
    raw_8bit_header = (
        b"From: Andr\xc3\xa9 <andre@b.example>\nSubject: caf\xe9\nDate: 12 Jan 2027 09:00 +0000\n"
        b"\nbody\n"
    )
    post = _post(raw_8bit_header)
    assert (post.sender_name, post.subject) == ("André", "café")


def test_format_flowed_is_joined() -> None:
    msg = _message("")
    msg.set_content("one long line that was \nwrapped by the client.\n> quoted \n> too\nend\n")
    msg.set_param("format", "flowed")
    assert _post(msg.as_bytes()).text == "one long line that was wrapped by the client.\nend"


def test_attachments_are_summarised_never_decoded() -> None:
    msg = _message("See the report.")
    msg.add_attachment(
        b"%PDF" + b"\x00" * 3_000_000,
        maintype="application",
        subtype="pdf",
        filename="Rapport d’étape.pdf",
    )
    msg.add_attachment("a,b\n1,2\n", subtype="csv", filename="votes.csv")
    msg.add_attachment(_message("forwarded words", Subject="Old thread"))
    post = _post(msg.as_bytes())
    names = [(a.name, a.content_type) for a in post.attachments]
    assert names == [
        ("Rapport d’étape.pdf", "application/pdf"),
        ("votes.csv", "text/csv"),
        ("forwarded message Old thread", "message/rfc822"),
    ]
    assert 3_000_000 <= post.attachments[0].size <= 3_000_010
    assert post.text.startswith("See the report.\n\n[attachment: Rapport d’étape.pdf, 3.0 MB]")
    assert "[attachment: votes.csv, 8 bytes]" in post.text
    assert "forwarded words" not in post.text and "1,2" not in post.text


def test_missing_message_id_gets_a_stable_one_and_dates_fall_back() -> None:
    raw = (
        b"Received: from mx by lists; Tue, 12 Jan 2027 10:00:00 +0000\n"
        b"From: a@b.example\nSubject: x\n\nbody\n"
    )
    first, second = _post(raw), _post(raw)
    assert first.message_id == second.message_id and first.message_id.endswith("@wgbot.invalid")
    assert first.date == datetime(2027, 1, 12, 10, tzinfo=UTC)
    naive = _post(b"From: a@b.example\nDate: Tue, 12 Jan 2027 10:00:00 -0000\n\nbody\n")
    assert naive.date == datetime(2027, 1, 12, 10, tzinfo=UTC)
