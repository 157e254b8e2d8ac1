"""A corpus of malformed exports for `wgbot summarize FILE`: each is answered with exit 2 and
one line naming the file, the message and the field. (name, file content, expected words)."""

from __future__ import annotations

import json

GOOD_SLACK = {"type": "message", "user": "U1", "text": "hello", "ts": "1736586000.000100"}
GOOD_DISCORD = {
    "id": "900",
    "timestamp": "2027-01-11T09:00:00+00:00",
    "content": "hello",
    "author": {"id": "222", "name": "Kofi", "isBot": False},
}


def _slack(*changes: dict[str, object], drop: str = "") -> bytes:
    messages: list[object] = [dict(GOOD_SLACK)]
    for change in changes:
        message = {**GOOD_SLACK, **change}
        message.pop(drop, None)
        messages.append(message)
    return json.dumps(messages).encode()


def _discord(message: object, **top: object) -> bytes:
    data: dict[str, object] = {
        "guild": {"id": "111", "name": "IGF"},
        "channel": {"id": "222", "name": "bpf"},
        "messages": [GOOD_DISCORD, message],
    }
    data.update(top)
    return json.dumps(data).encode()


CORPUS: list[tuple[str, bytes, str]] = [
    ("empty", b"", "the file is empty"),
    ("blank", b"  \n\t ", "the file is empty"),
    ("binary", bytes(range(256)) * 4, "a binary file"),
    ("latin1", '[{"text": "caf\xe9"}]'.encode("latin-1"), "not UTF-8 text (byte 14)"),
    ("invalid-json", b'[{"ts": "1.0",', "not valid JSON (line 1"),
    ("trailing-garbage", b"[] []", "not valid JSON"),
    ("nan-literal", b'[{"ts": NaN}]', "NaN is not JSON"),
    ("deep", b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    ("top-string", b'"hello"', "found the string"),
    ("top-number", b"42", "found a number"),
    ("top-null", b"null", "found null"),
    ("messages-not-list", b'{"messages": {"a": 1}}', "export.messages: expected a list"),
    ("message-string", json.dumps(["hi"]).encode(), "messages[0]: expected an object"),
    ("ts-abc", _slack({"ts": "abc"}), 'messages[1].ts: the string "abc" is not a timestamp'),
    ("ts-nan", _slack({"ts": "nan"}), 'messages[1].ts: the string "nan" is not a timestamp'),
    ("ts-inf", _slack({"ts": "inf"}), 'messages[1].ts: the string "inf" is not a timestamp'),
    ("ts-1e20", _slack({"ts": "1e20"}), 'messages[1].ts: the string "1e20" is not'),
    ("ts-number-1e20", _slack({"ts": 1e20}), "messages[1].ts: 1e+20 is out of range"),
    ("ts-huge-int", _slack({"ts": 10**400}), "messages[1].ts: 10000000000000000000000… is out"),
    ("ts-negative", _slack({"ts": -5}), "messages[1].ts: -5 is out of range"),
    ("ts-bool", _slack({"ts": True}), "messages[1].ts: a boolean is not a timestamp"),
    ("ts-list", _slack({"ts": [1]}), "messages[1].ts: a list is not a timestamp"),
    ("ts-missing", _slack({}, drop="ts"), "messages[1].ts: missing"),
    ("ts-full-width", _slack({"ts": "１７３６５８６０００"}), "is not a timestamp"),
    ("thread-ts-bad", _slack({"thread_ts": "x"}), "messages[1].thread_ts: the string"),
    ("profile-string", _slack({"user_profile": "x"}), "messages[1].user_profile: expected an"),
    ("profile-name-number", _slack({"user_profile": {"real_name": 5}}), "real_name: expected"),
    ("text-object", _slack({"text": {"a": 1}}), "messages[1].text: expected a string"),
    ("user-list", _slack({"user": ["U1"]}), "messages[1].user: expected a string, found a list"),
    ("discord-author-string", _discord({**GOOD_DISCORD, "author": "bob"}), "messages[1].author:"),
    (
        "discord-author-missing",
        _discord({k: v for k, v in GOOD_DISCORD.items() if k != "author"}),
        "messages[1].author: missing",
    ),
    (
        "discord-author-id-missing",
        _discord({**GOOD_DISCORD, "author": {"name": "x"}}),
        "messages[1].author.id: missing",
    ),
    (
        "discord-timestamp-bad",
        _discord({**GOOD_DISCORD, "timestamp": "yesterday"}),
        'messages[1].timestamp: the string "yesterday" is not a date',
    ),
    (
        "discord-timestamp-missing",
        _discord({k: v for k, v in GOOD_DISCORD.items() if k != "timestamp"}),
        "messages[1].timestamp: missing",
    ),
    (
        "discord-isbot-string",
        _discord({**GOOD_DISCORD, "author": {"id": "1", "isBot": "no"}}),
        "isBot",
    ),
    ("discord-guild-string", _discord(GOOD_DISCORD, guild="IGF"), "export.guild: expected an"),
    ("discord-no-messages", _discord(GOOD_DISCORD, messages=None), "export.messages: expected"),
    ("discord-content-number", _discord({**GOOD_DISCORD, "content": 5}), "content: expected a"),
]
