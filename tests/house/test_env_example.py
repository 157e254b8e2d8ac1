"""`.env.example` is generated from the settings (bot/env_example.py) and is current: every
setting, with its default and a note, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import env_example
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_file_is_what_the_settings_generate() -> None:
    current = (ROOT / ".env.example").read_text()
    assert current == env_example.render(), (
        ".env.example is stale: python -m bot.env_example > .env.example"
    )


def test_every_setting_has_a_note_and_no_note_is_left_over() -> None:
    assert set(env_example.NOTES) == set(Settings.model_fields)
    assert all(env_example.NOTES[name] for name in Settings.model_fields)


def test_every_setting_stands_in_one_section() -> None:
    """The file's sections are the classes `Settings` gathers, each field in exactly one."""
    names = [
        name
        for _title, section, prefix, _notes in env_example.SECTIONS
        if not prefix
        for name in section.model_fields
    ]
    assert len(names) == len(set(names))
    assert set(names) == set(Settings.model_fields)
    sections = {section for _title, section, prefix, _notes in env_example.SECTIONS if not prefix}
    assert all(issubclass(Settings, section) for section in sections)


def test_a_new_setting_without_a_note_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    notes = dict(env_example.NOTES)
    del notes["wgbot_timezone"]
    monkeypatch.setattr(env_example, "NOTES", notes)
    with pytest.raises(KeyError, match="wgbot_timezone"):
        env_example.render()


def test_the_generated_file_reads_back_as_the_defaults(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Copied to .env as it is, the file changes nothing: every value is the default."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    env = tmp_path / ".env"
    env.write_text(env_example.render())
    from_file = Settings(_env_file=env)  # type: ignore[call-arg]
    assert from_file == Settings(_env_file=None)  # type: ignore[call-arg]
