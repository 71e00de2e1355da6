"""Every competency question gives its expected answer, on the embedded store as built."""

from __future__ import annotations

import competency
import pytest

QUESTIONS = competency.all_questions()


@pytest.fixture(scope="module")
def store(built):
    from gerkg.store.store import EmbeddedStore
    return EmbeddedStore.from_files([built.path])


def answer(store, text):
    result = store.query(text)
    if type(result).__name__ == "QueryBoolean":
        return None, bool(result)
    names = [v.value for v in result.variables]
    return [{n: row[i].value for i, n in enumerate(names) if row[i] is not None} for row in result], None


def test_there_are_at_least_40_questions_each_with_question_answer_and_expectation():
    assert len(QUESTIONS) >= 40
    for q in QUESTIONS:
        assert q.title and q.question and q.answer and q.expectations, q.path.name


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.path.stem for q in QUESTIONS])
def test_competency_question(store, question):
    rows, boolean = answer(store, question.text)
    assert competency.check(question, rows, boolean) == []
