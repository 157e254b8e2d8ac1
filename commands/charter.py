"""The charter: the report's ten scoping questions, answered by the chairs."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.context import Context
from bot.core.messages import Reply, Section, Tone
from bot.core.params import Args, Kind, Param
from bot.core.registry import Command, FormSpec, Registry, Role
from bot.domain.charter import CHARTER_QUESTIONS, CHARTER_SIZE
from bot.ground.errors import UsageError

MAX_ANSWER = 2000


def charter(ctx: Context, args: Args) -> Reply:
    number, answer = args.opt_int("number"), args.opt_text("answer")
    answers = ctx.store.charter.answers(ctx.group_id)
    if number is None:
        lines = tuple(
            f"{i}. {q} " + (f"→ {answers[i].answer}" if i in answers else "→ (not answered)")
            for i, q in enumerate(CHARTER_QUESTIONS, start=1)
        )
        done = len(answers)
        hint = "" if done == CHARTER_SIZE else " Answer one with `/wg charter N ANSWER`."
        return Reply(
            title=f"Charter {done}/{CHARTER_SIZE}",
            text=f"The ten scoping questions for {ctx.require_group().name}.{hint}",
            sections=(Section("Scoping questions", lines),),
            ephemeral=True,
        )
    question = CHARTER_QUESTIONS[number - 1]
    if answer is None:
        current = answers.get(number)
        text = current.answer if current else "(not answered yet)"
        return Reply(title=f"Charter question {number}", text=f"{question}\n{text}", ephemeral=True)
    ctx.require_chair()
    if len(answer) > MAX_ANSWER:
        raise UsageError(f"That answer is {len(answer)} characters: keep it under {MAX_ANSWER}.")
    ctx.store.charter.answer(ctx.group_id, number, answer, ctx.actor.key, ctx.actor.name, ctx.now)
    done = len(ctx.store.charter.answers(ctx.group_id))
    return Reply(
        title=f"Charter {done}/{CHARTER_SIZE}",
        text=f"Question {number} answered: {question} → {answer}",
        tone=Tone.SUCCESS,
    )


def save_form(ctx: Context, fields: Mapping[str, str]) -> Reply:
    """The charter form (fields `q1`…`q10`): every non-empty answer, in one transaction;
    unchanged answers keep their author."""
    answers = {}
    for number in range(1, CHARTER_SIZE + 1):
        text = (fields.get(f"q{number}") or "").strip()
        if not text:
            continue
        if len(text) > MAX_ANSWER:
            raise UsageError(
                f"Answer {number} is {len(text)} characters: keep it under {MAX_ANSWER}."
            )
        answers[number] = text
    if not answers:
        return Reply(text="Nothing entered: the charter is unchanged.", ephemeral=True)
    before = ctx.store.charter.answers(ctx.group_id)
    changed = [n for n, text in answers.items() if n not in before or before[n].answer != text]
    for number in changed:
        ctx.store.charter.answer(
            ctx.group_id, number, answers[number], ctx.actor.key, ctx.actor.name, ctx.now
        )
    done = len(ctx.store.charter.answers(ctx.group_id))
    if not changed:
        return Reply(
            text=f"No changes: the charter stays at {done}/{CHARTER_SIZE}.", ephemeral=True
        )
    listed = ", ".join(str(n) for n in changed)
    word = "question" if len(changed) == 1 else "questions"
    return Reply(
        title=f"Charter {done}/{CHARTER_SIZE}",
        text=f"You answered charter {word} {listed}.",
        tone=Tone.SUCCESS,
    )


def form_defaults(ctx: Context) -> dict[str, str]:
    return {f"q{n}": row.answer for n, row in ctx.store.charter.answers(ctx.group_id).items()}


def register(registry: Registry) -> None:
    registry.add_form(
        FormSpec(
            "charter",
            save_form,
            role=Role.CHAIR,
            defaults=form_defaults,
            labels={f"q{n}": f"Answer {n}" for n in range(1, CHARTER_SIZE + 1)},
        )
    )
    registry.add(
        Command(
            path=("wg", "charter"),
            summary="Show the ten scoping questions, or (chairs) answer question N.",
            handler=charter,
            params=(
                Param(
                    "number",
                    Kind.INT,
                    "the question's number, 1 to 10",
                    required=False,
                    min_value=1,
                    max_value=CHARTER_SIZE,
                ),
                Param(
                    "answer",
                    Kind.TEXT,
                    "the answer to that question",
                    required=False,
                    max_length=MAX_ANSWER,
                ),
            ),
        )
    )
