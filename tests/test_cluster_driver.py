"""The bookkeeping of `make cluster-test` (bench/cluster_drive.py) without any server: what counts
as a lost or duplicated turn, which answers are compared with the single-replica run."""
from __future__ import annotations

from collections import Counter

from bench.cluster_drive import Attempt, Record, account, compare, normalised, script
from bench.cluster_kb import shown


def attempt(turn: int, status: int = 200, session: str = "s1", answer: tuple = ("a",), conversation: int = 0,
            duplicate: bool = False) -> Attempt:
    return Attempt(conversation, turn, script(conversation)[turn], 0, status, 0.0, 1.0, session, answer, duplicate)


def test_an_acknowledged_turn_missing_in_the_store_is_lost() -> None:
    record = Record([attempt(0), attempt(1)])
    stored = {"s1": Counter({script(0)[0]: 1})}
    assert (account(record, stored)["lost"], account(record, stored)["duplicated"]) == (1, 0)


def test_a_turn_stored_more_often_than_sent_is_duplicated() -> None:
    record = Record([attempt(0)])
    assert account(record, {"s1": Counter({script(0)[0]: 2})})["duplicated"] == 1


def test_one_turn_sent_through_both_gateways_and_acknowledged_twice_may_be_stored_twice() -> None:
    record = Record([attempt(3, duplicate=True), attempt(3, duplicate=True)])
    result = account(record, {"s1": Counter({script(0)[3]: 2})})
    assert (result["lost"], result["duplicated"], result["acknowledged"]) == (0, 0, 2)


def test_a_failed_attempt_that_was_stored_anyway_is_reported_separately() -> None:
    record = Record([attempt(0, status=503, answer=()), attempt(0)])
    result = account(record, {"s1": Counter({script(0)[0]: 2})})
    assert (result["lost"], result["duplicated"], result["unacknowledged_but_stored"]) == (0, 0, 1)


def test_button_tokens_are_per_session() -> None:
    assert normalised([{"text": "Tschüss"}]) != normalised([{"text": "Hallo"}])
    with_token = normalised([{"text": "Welcher?", "buttons": [{"title": "Pilot", "payload": "tok-1"}]}])
    assert with_token == normalised([{"text": "Welcher?", "buttons": [{"title": "Pilot", "payload": "tok-2"}]}])


def test_answers_differ_unless_excluded_after_a_doubly_sent_turn() -> None:
    reference = {(0, 5): ("a",), (0, 6): ("a",), (0, 7): ("a",)}
    record = Record([attempt(5, answer=("b",)), attempt(6, answer=("b",)), attempt(7, answer=("b",))])
    assert [d["turn"] for d in compare(reference, record, {})[0]] == [5, 6, 7]
    assert [d["turn"] for d in compare(reference, record, {0: 6})[0]] == [5]


def test_in_the_change_window_only_the_changed_figure_may_differ() -> None:
    reference = {(0, 1): (("Median 3.841 €, Quartil 2.936 €", (), None),)}
    changed = attempt(1, answer=(("Median 3.999 €, Quartil 2.936 €", (), None),))
    other = attempt(1, answer=(("Median 3.999 €, Quartil 2.000 €", (), None),))
    swap = ("3.841 €", "3.999 €")
    assert compare(reference, Record([changed]), {}, (0.0, 5.0), swap) == ([], 1)
    assert len(compare(reference, Record([other]), {}, (0.0, 5.0), swap)[0]) == 1
    assert len(compare(reference, Record([changed]), {}, (10.0, 20.0), swap)[0]) == 1  # outside the window


def test_an_amount_is_looked_for_as_the_answers_write_it() -> None:
    assert shown(3999) == ("3.999", "3999")
