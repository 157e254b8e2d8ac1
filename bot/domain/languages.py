"""The languages a draft can be asked in (`lang:xx`): the six UN languages first, then other
languages the working groups use. A code outside this list is refused with the list, so a typo
(`lang:sp`) is not sent to a model as an instruction."""

from __future__ import annotations

import re

from bot.ground.normalise import quoted

UN_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")

# code: (English name, the language's own name)
LANGUAGES: dict[str, tuple[str, str]] = {
    "ar": ("Arabic", "العربية"),
    "zh": ("Chinese", "中文"),
    "en": ("English", "English"),
    "fr": ("French", "Français"),
    "ru": ("Russian", "Русский"),
    "es": ("Spanish", "Español"),
    "pt": ("Portuguese", "Português"),
    "de": ("German", "Deutsch"),
    "it": ("Italian", "Italiano"),
    "nl": ("Dutch", "Nederlands"),
    "pl": ("Polish", "Polski"),
    "uk": ("Ukrainian", "Українська"),
    "tr": ("Turkish", "Türkçe"),
    "fa": ("Persian", "فارسی"),
    "hi": ("Hindi", "हिन्दी"),
    "bn": ("Bengali", "বাংলা"),
    "ur": ("Urdu", "اردو"),
    "id": ("Indonesian", "Bahasa Indonesia"),
    "ms": ("Malay", "Bahasa Melayu"),
    "vi": ("Vietnamese", "Tiếng Việt"),
    "th": ("Thai", "ไทย"),
    "ja": ("Japanese", "日本語"),
    "ko": ("Korean", "한국어"),
    "sw": ("Swahili", "Kiswahili"),
    "am": ("Amharic", "አማርኛ"),
    "ha": ("Hausa", "Hausa"),
    "yo": ("Yoruba", "Yorùbá"),
    "el": ("Greek", "Ελληνικά"),
    "he": ("Hebrew", "עברית"),
    "sv": ("Swedish", "Svenska"),
}
# A region or script may follow the code: pt-BR, zh-Hant, es-419.
_CODE = re.compile(r"^([a-z]{2,3})(?:-([a-z0-9]{2,4}))?$", re.IGNORECASE)


class UnknownLanguage(ValueError):
    """Not a language code on the list; the message says what is expected."""


def normalise(code: str) -> str:
    """`FR` → `fr`, `pt-br` → `pt-BR`, `zh-hant` → `zh-Hant`; raises UnknownLanguage."""
    match = _CODE.match(code.strip())
    if match is None or match.group(1).lower() not in LANGUAGES:
        raise UnknownLanguage(
            f"{quoted(code, 20)} is not a language code I know: use one of {', '.join(LANGUAGES)} "
            "(a region may follow, like pt-BR)."
        )
    base, variant = match.group(1).lower(), match.group(2)
    if variant is None:
        return base
    return f"{base}-{variant.title() if len(variant) == 4 else variant.upper()}"


def base(code: str) -> str:
    """The language without its region or script: `pt-BR` → `pt`."""
    return code.split("-", 1)[0].lower()


def describe(code: str) -> str:
    """How the prompt names the language: `French (fr)`, `Portuguese (pt-BR)`."""
    english, _own = LANGUAGES.get(base(code), (code, code))
    return f"{english} ({code})"
