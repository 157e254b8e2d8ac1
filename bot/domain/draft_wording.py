"""A draft's own words (headings, and the offline drafter's connecting phrases) in the six UN
languages; other languages get English. Quoted sentences stay as their authors wrote them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.languages import base
from bot.ground.normalise import COMMAND_MARK as MARK


@dataclass(frozen=True)
class Words:
    title: str
    problem: str
    agreements: str
    disagreements: str
    recommendations: str
    questions: str
    missing: str
    next_steps: str
    sources: str
    rationale: str
    none: str
    # the offline drafter's phrases
    goal: str
    no_brief: str  # {terms}: the most discussed terms
    most_discussed: str
    proposed: str
    agreed: str
    objected: str
    reservation: str
    for_: str
    against: str
    minority: str
    no_objection: str
    contested: str
    asked: str
    not_stated: str
    no_text: str


WORDS: dict[str, Words] = {
    "en": Words(
        title="Draft recommendations",
        problem="Problem statement",
        agreements="Points of agreement",
        disagreements="Points of disagreement",
        recommendations="Draft recommendations",
        questions="Open questions",
        missing="Missing perspectives",
        next_steps="Next steps",
        sources="Sources",
        rationale="Rationale",
        none="None.",
        goal="Goal",
        no_brief=(
            "The group has not stated its problem or goal yet (`\ue000/wg goal`, `/wg charter`)."
        ),
        most_discussed="Most discussed",
        proposed="proposed by",
        agreed="agreed",
        objected="objected",
        reservation="reservation",
        for_="For",
        against="Against",
        minority="minority view",
        no_objection="no objection raised",
        contested="contested",
        asked="asked by",
        not_stated="stakeholder group not stated",
        no_text="The discussion had no text to draft from.",
    ),
    "fr": Words(
        title="Projet de recommandations",
        problem="Énoncé du problème",
        agreements="Points d'accord",
        disagreements="Points de désaccord",
        recommendations="Projets de recommandations",
        questions="Questions ouvertes",
        missing="Perspectives manquantes",
        next_steps="Prochaines étapes",
        sources="Sources",
        rationale="Justification",
        none="Aucun.",
        goal="Objectif",
        no_brief="Le groupe n'a pas encore énoncé son problème ni son objectif "
        "(`\ue000/wg goal`, `/wg charter`).",
        most_discussed="Sujets les plus discutés",
        proposed="proposé par",
        agreed="d'accord",
        objected="opposé",
        reservation="réserve",
        for_="Pour",
        against="Contre",
        minority="avis minoritaire",
        no_objection="aucune objection",
        contested="contesté",
        asked="posée par",
        not_stated="groupe de parties prenantes non indiqué",
        no_text="La discussion ne contenait aucun texte.",
    ),
    "es": Words(
        title="Proyecto de recomendaciones",
        problem="Planteamiento del problema",
        agreements="Puntos de acuerdo",
        disagreements="Puntos de desacuerdo",
        recommendations="Proyecto de recomendaciones",
        questions="Preguntas abiertas",
        missing="Perspectivas ausentes",
        next_steps="Próximos pasos",
        sources="Fuentes",
        rationale="Justificación",
        none="Ninguno.",
        goal="Objetivo",
        no_brief="El grupo aún no ha planteado su problema ni su objetivo "
        "(`\ue000/wg goal`, `/wg charter`).",
        most_discussed="Temas más debatidos",
        proposed="propuesto por",
        agreed="de acuerdo",
        objected="en contra",
        reservation="reserva",
        for_="A favor",
        against="En contra",
        minority="opinión minoritaria",
        no_objection="sin objeciones",
        contested="discutido",
        asked="planteada por",
        not_stated="grupo de partes interesadas no indicado",
        no_text="La discusión no tenía texto.",
    ),
    "ar": Words(
        title="مشروع توصيات",
        problem="بيان المشكلة",
        agreements="نقاط الاتفاق",
        disagreements="نقاط الخلاف",
        recommendations="مشاريع التوصيات",
        questions="أسئلة مفتوحة",
        missing="وجهات نظر غائبة",
        next_steps="الخطوات التالية",
        sources="المصادر",
        rationale="المبررات",
        none="لا شيء.",
        goal="الهدف",
        no_brief="لم تحدد المجموعة بعد مشكلتها أو هدفها (`\ue000/wg goal`، `/wg charter`).",
        most_discussed="أكثر المواضيع نقاشًا",
        proposed="اقترحه",
        agreed="موافق",
        objected="معترض",
        reservation="تحفظ",
        for_="مع",
        against="ضد",
        minority="رأي الأقلية",
        no_objection="لم يُبدَ أي اعتراض",
        contested="موضع خلاف",
        asked="طرحه",
        not_stated="فئة أصحاب المصلحة غير محددة",
        no_text="لم يتضمن النقاش أي نص.",
    ),
    "zh": Words(
        title="建议草案",
        problem="问题陈述",
        agreements="共识要点",
        disagreements="分歧要点",
        recommendations="建议草案",
        questions="待解决的问题",
        missing="缺失的视角",
        next_steps="后续步骤",
        sources="来源",
        rationale="理由",
        none="无。",
        goal="目标",
        no_brief="本组尚未说明其问题或目标（`\ue000/wg goal`、`/wg charter`）。",
        most_discussed="讨论最多的话题",
        proposed="提出者",
        agreed="同意",
        objected="反对",
        reservation="保留意见",
        for_="赞成",
        against="反对",
        minority="少数意见",
        no_objection="无人反对",
        contested="有争议",
        asked="提问者",
        not_stated="未注明利益相关方群体",
        no_text="讨论中没有可用的文字。",
    ),
    "ru": Words(
        title="Проект рекомендаций",
        problem="Постановка проблемы",
        agreements="Точки согласия",
        disagreements="Точки разногласий",
        recommendations="Проект рекомендаций",
        questions="Открытые вопросы",
        missing="Недостающие точки зрения",
        next_steps="Следующие шаги",
        sources="Источники",
        rationale="Обоснование",
        none="Нет.",
        goal="Цель",
        no_brief=(
            "Группа ещё не сформулировала проблему или цель (`\ue000/wg goal`, `/wg charter`)."
        ),
        most_discussed="Чаще всего обсуждалось",
        proposed="предложил(а)",
        agreed="согласен(на)",
        objected="против",
        reservation="оговорка",
        for_="За",
        against="Против",
        minority="мнение меньшинства",
        no_objection="возражений нет",
        contested="оспаривается",
        asked="вопрос от",
        not_stated="группа заинтересованных сторон не указана",
        no_text="В обсуждении не было текста.",
    ),
}


def words(language: str) -> Words:
    """The words for `language` (`pt-BR` → `pt`); English when we have none."""
    return WORDS.get(base(language), WORDS["en"])


# Drafts stored before the core marked command names (bot/core/command_ref.py) hold the
# unmarked `/wg goal`: both spellings are the drafter's own.
_NO_BRIEF = {text for w in WORDS.values() for text in (w.no_brief, w.no_brief.replace(MARK, ""))}
# The drafter's own whole texts, the same in every offline draft: not what a group discussed.
BOILERPLATE = frozenset({w.no_text for w in WORDS.values()} | _NO_BRIEF)
_QUOTED = re.compile(r"“([^”]*)”")
_MADE = tuple(f"{w.proposed} " for w in WORDS.values())  # a rationale: the drafter's own
_LABELS = (
    *_NO_BRIEF,
    *(label for w in WORDS.values() for label in (w.no_text, f"{w.most_discussed}:", f"{w.goal}:")),
)


def content(text: str) -> str:
    """What the discussion said in a text this drafter wrote: its quotes, without the names,
    stakeholder groups and connecting words around them (the same in every offline draft, so
    no sign of a shared topic); a text with no quote is the group's own words, less labels."""
    quoted = _QUOTED.findall(text)
    if quoted or text.startswith(_MADE):
        return " ".join(quoted)
    for label in _LABELS:
        text = text.replace(label, " ")
    return " ".join(text.split())
