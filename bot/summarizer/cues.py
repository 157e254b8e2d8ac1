"""What a sentence does in a discussion, from cue words in the languages the groups use
(English, French, Spanish, with the common cues of Arabic, Chinese and Russian): agree, object,
propose, commit to do something, ask. Used by the offline drafter; deterministic and cheap."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Objection cues are checked before agreement cues: "disagree", "pas d'accord", "no estoy de
# acuerdo", "不同意" and "не согласен" all contain an agreement cue.
OBJECT = (
    # en
    "disagree", "i object", "object to", "oppose", "opposed", "against this", "against that",
    "against it", "against a ", "against the", "not convinced", "cannot support",
    "can't support", "don't support", "do not support", "won't support", "i don't think",
    "i do not think", "don't agree", "do not agree", "strongly object", "reject", "-1",
    "should not", "shouldn't", "must not", "mustn't", "concern", "worried", "too costly",
    "not realistic", "unrealistic", "i'm not sure that", "not a good idea", "bad idea",
    # fr
    "pas d'accord", "désaccord", "je m'oppose", "opposé", "opposée", "je suis contre",
    "ne soutiens pas", "pas convaincu", "pas convaincue", "ne devrait pas", "ne doit pas",
    "ne devrions pas", "je rejette", "inquiét*", "réserves sur", "irréaliste",
    # es
    "no estoy de acuerdo", "desacuerdo", "me opongo", "en contra", "no apoyo",
    "no convencido", "no convencida", "no debería", "no deberíamos", "no debe", "rechazo",
    "no creo", "me preocupa", "preocupación", "poco realista",
    # ar, zh, ru
    "لا أوافق", "أعارض", "أرفض", "不同意", "反对", "不支持", "не согласен", "не согласна",
    "возражаю", "я против", "не поддерживаю",
)  # fmt: skip
AGREE = (
    # en
    "agree", "+1", "i support", "we support", "support this", "support that", "support the",
    "support it", "i second", "seconded", "exactly", "good idea", "great idea", "makes sense",
    "in favour", "in favor", "sounds good", "well said", "fully agree", "yes,", "yes.", "👍",
    "same here", "me too", "i'm with", "count me in",
    # fr
    "d'accord", "je soutiens", "nous soutenons", "tout à fait", "bonne idée", "favorable",
    "je rejoins", "je suis pour", "entièrement", "exactement", "je partage",
    # es
    "de acuerdo", "apoyo", "apoyamos", "buena idea", "a favor", "coincido", "estoy con",
    "totalmente", "exacto", "comparto",
    # ar, zh, ru
    "أوافق", "أؤيد", "موافق", "同意", "支持", "赞成", "согласен", "согласна", "поддерживаю",
)  # fmt: skip
PROPOSE = (
    # en
    "should", "recommend", "propose", "suggest", "i'd add", "i would add", "we could",
    "let's", "let us", "must", "need to", "needs to", "it would be good", "how about",
    "what if we", "i'd put", "we'd better", "ought to",
    # fr
    "devrait", "devrions", "devraient", "propose", "recommand*", "suggère", "il faut",
    "faudrait", "ajouterais", "pourrions", "doit ", "doivent",
    # es
    "debería", "deberíamos", "deberían", "propongo", "proponemos", "recomiend*", "sugiero",
    "hay que", "añadiría", "podríamos", "debe ", "deben ",
    # ar, zh, ru
    "يجب", "ينبغي", "أقترح", "نقترح", "نوصي", "应该", "建议", "我们可以", "следует",
    "предлагаю", "рекомендую", "нужно", "должны",
)  # fmt: skip
COMMIT = (
    # en
    "i will", "i'll", "we will", "we'll", "i can draft", "i'm going to", "i am going to",
    "i can share", "i'll share", "i will share", "by friday", "by monday", "by next",
    # fr
    "je vais", "je m'en charge", "nous allons", "je m'occupe", "j'enverrai", "je rédigerai",
    "je partagerai", "je contacterai",
    # es
    "voy a", "me encargo", "vamos a", "enviaré", "redactaré", "compartiré", "contactaré",
    # ar, zh, ru
    "سأقوم", "سوف أ", "我会", "我来", "我将", "я подготовлю", "я сделаю", "я отправлю",
    "беру на себя",
)  # fmt: skip
# A sentence opening with one of these verbs is a proposal in the imperative ("Adopt BCP 38.",
# "Publiez le registre.", "Crear un fondo.").
IMPERATIVE = re.compile(
    r"^(?:please\s+|let's\s+)?(adopt|publish|fund|require|create|establish|translate|invite|"
    r"include|add|make|set up|develop|promote|encourage|ensure|build|measure|extend|allow|ban|"
    r"limit|keep|drop|remove|list|define|map|collect|recommend|prioriti[sz]e|mandate|"
    r"adopter|adoptez|publier|publiez|financer|financez|créer|créez|inclure|incluez|traduire|"
    r"traduisez|adoptar|adopten|publicar|publiquen|financiar|crear|creen|incluir|incluyan|"
    r"traducir|traduzcan)\b",
    re.IGNORECASE,
)
# "I agree, but …": the part after the contrast is a reservation.
CONTRAST = re.compile(
    r"[,;:—–-]?\s*\b(?:but|however|although|though|provided|as long as|mais|cependant|"
    r"toutefois|pourvu que|à condition|pero|sin embargo|aunque|siempre que|однако|но)\b\s*"
    r"|\s*(?:لكن|但是|不过|但)\s*",
    re.IGNORECASE,
)
# The running of the group (calls, agendas, templates), not its subject: kept out of the
# draft's questions and proposals.
LOGISTICS = (
    "utc", "agenda", "reschedul*", "zoom", "webex", "teams link", "slides", "minutes of the",
    "doodle", "calendar", "template", "time zone", "timezone", "move the call",
    "move the meeting", "ordre du jour", "créneau", "modèle de rapport", "horario",
    "plantilla", "orden del día",
)  # fmt: skip


def is_logistics(sentence: str) -> bool:
    return has(sentence, LOGISTICS)


# Words that address a model, not the group: such a message is left out of the draft.
INJECTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instructions|rules|prompt|above)\b"
    r"|system prompt|system note|you are now|as an ai\b|\bassistant\s*:|new instructions"
    r"|developer mode|admin mode|jailbreak",
    re.IGNORECASE | re.DOTALL,
)
_QUESTION_WORDS = re.compile(
    r"^(who|what|which|when|where|why|how|whom|whose|is|are|do|does|did|can|could|would|"
    r"will|shall|should|has|have|may|quel|quelle|quels|quelles|qui|que|quand|où|pourquoi|"
    r"comment|est-ce|peut-on|faut-il|qué|quién|quiénes|cuál|cuáles|cuándo|dónde|por qué|"
    r"cómo|podemos|puede|hay|кто|что|какие|какой|когда|где|почему|как|можно|ли)\b",
    re.IGNORECASE,
)


def _fold(text: str) -> str:
    """Lower case, typographic apostrophes made plain, so "don’t" matches "don't"."""
    return unicodedata.normalize("NFC", text).replace("’", "'").replace("ʼ", "'").lower()


def _pattern(cue: str) -> str:
    """A whole word, inflected or not ("agree", "agreed", not "agreements" or "disagree");
    a cue ending in `*` is a stem ("recommand*": recommande, recommandons)."""
    if cue.endswith("*"):
        return r"(?<![\w'])" + re.escape(cue[:-1])
    return r"(?<![\w'])" + re.escape(cue) + r"(?:s|d|ed|es|ing)?(?![\w'])"


def has(text: str, cues: tuple[str, ...]) -> bool:
    """Is one of `cues` in `text`? Cues in scripts written without spaces (Chinese, and the
    Arabic cues, which take prefixes) match anywhere."""
    low = f" {_fold(text)} "
    for cue in cues:
        if cue.isascii() or " " in cue or _LATIN_OR_CYRILLIC.match(cue):
            if re.search(_pattern(cue), low):
                return True
        elif cue in low:
            return True
    return False


_LATIN_OR_CYRILLIC = re.compile(r"^[\u0000-\u024F\u0400-\u04FF]+$")


def is_question(sentence: str) -> bool:
    """A real question: it ends with a question mark and asks something (a few words at
    least, not a tag like "right?")."""
    text = sentence.strip()
    if not text.endswith(("?", "？", "؟")):
        return False
    words = text.rstrip("?？؟ ").split()
    if any(ord(c) > 0x2E80 for c in text):  # CJK: no spaces between words
        return len(text) >= 6
    return len(words) >= 4 or bool(_QUESTION_WORDS.match(text.lstrip("¿ ")))


@dataclass(frozen=True)
class Stance:
    agrees: bool
    objects: bool
    proposes: bool
    commits: bool
    asks: bool
    reservation: str  # the clause after "but" in an agreement, or ""


def stance(sentence: str) -> Stance:
    objects = has(sentence, OBJECT)
    agrees = not objects and has(sentence, AGREE)
    reservation = ""
    if agrees:
        parts = CONTRAST.split(sentence, maxsplit=1)
        if len(parts) > 1:
            reservation = parts[-1].strip(" .")
    asks = is_question(sentence)
    return Stance(
        agrees=agrees,
        objects=objects,
        proposes=not asks and (has(sentence, PROPOSE) or bool(IMPERATIVE.match(sentence))),
        commits=not asks and has(sentence, COMMIT),
        asks=asks,
        reservation=reservation,
    )


def addresses_the_model(text: str) -> bool:
    return bool(INJECTION.search(text))
