"""Bidder and evaluator names: two names a person reads as one are one name, and a name that would
mislead a reader (invisible, control or lookalike characters) is refused with the reason."""

from __future__ import annotations

import unicodedata

import pytest

from svspec import names


@pytest.mark.parametrize("written", ["Acme Ltd ", " Acme Ltd", "Acme  Ltd", "Acme\u00a0Ltd", "Acme Ltd\u3000"])
def test_spaces_are_trimmed_and_each_run_made_one_space(written: str) -> None:
    assert names.problem(written) is None
    assert names.normalise(written) == "Acme Ltd"


def test_accents_written_as_separate_marks_are_the_same_name_as_composed_ones() -> None:
    decomposed = unicodedata.normalize("NFD", "Café Crème Ltd")
    assert decomposed != "Café Crème Ltd" and names.problem(decomposed) is None
    assert names.normalise(decomposed) == "Café Crème Ltd"


@pytest.mark.parametrize(("written", "reason"), [
    ("Acme\u200b Ltd", "holds an invisible character (<U+200B>)"),
    ("Acme\u200d", "holds an invisible character (<U+200D>)"),
    ("\ufeffAcme", "holds an invisible character (<U+FEFF>)"),
    ("Acme\u00ad Ltd", "holds an invisible character (<U+00AD>)"),
    ("Acme\u3164", "holds an invisible character (<U+3164>)"),
    ("\u202edtL emcA", "holds an invisible text-direction control (<U+202E>) that can make it read differently"),
    ("Acme\u2066Ltd", "holds an invisible text-direction control (<U+2066>) that can make it read differently"),
    ("Acme\nLtd", "holds a line break (<U+000A>); a name is one line"),
    ("Acme\u2028Ltd", "holds a line break (<U+2028>); a name is one line"),
    ("Acme\tLtd", "holds a control character (<U+0009>)"),
    ("Acme\x1b[31m", "holds a control character (<U+001B>)"),
    ("Acme\ud800", "holds <U+D800>, half of a character pair that is not valid text on its own"),
    ("Acme\ue000", "holds a private-use character (<U+E000>), which each computer shows differently or not at all"),
    ("Acme\U0010fffd", "holds a private-use character (<U+10FFFD>), which each computer shows differently "
                       "or not at all"),
    ("Acme\U000e0080", "holds <U+E0080>, which is not an assigned Unicode character"),
    ("\u0410cme Ltd", "mixes letters of the Cyrillic and Latin alphabets ('А' is Cyrillic, 'c' is Latin), "
                      "which look alike"),
    ("Acme \u039fne", "mixes letters of the Latin and Greek alphabets ('A' is Latin, 'Ο' is Greek), which look alike"),
    ("\uff21cme", "holds the letter 'Ａ' in a special form (fullwidth latin capital letter a); "
                  "type it as an ordinary letter"),
    ("\U0001d400cme", "holds the letter '𝐀' in a special form (mathematical bold capital a); "
                      "type it as an ordinary letter"),
])
def test_misleading_names_are_refused_saying_why(written: str, reason: str) -> None:
    assert names.problem(written) == reason


@pytest.mark.parametrize("written", ["Acme Services Ltd", "Ståhl & Söner AB", "Ōkami 株式会社", "ООО Ромашка",
                                     "Ελληνική Εταιρεία", "O'Brien-Smith (UK) plc", "3M", "J. Smith"])
def test_ordinary_names_in_any_one_alphabet_are_accepted(written: str) -> None:
    assert names.problem(written) is None


def test_invisible_characters_are_shown_as_code_points() -> None:
    assert names.shown("Acme\u200b\u202e Ltd\u00a0\n") == "Acme<U+200B><U+202E> Ltd<U+00A0><U+000A>"
    assert names.shown("Café") == "Café"


@pytest.mark.parametrize(("a", "b"), [("Acme Ltd", "ACME LTD"), ("Acme", "\u0410\u0441\u043c\u0435"),
                                      ("Acme", "\uff21cme"), ("Acme Ltd", "Acme  Ltd ")])
def test_names_a_reader_cannot_tell_apart_share_a_skeleton(a: str, b: str) -> None:
    assert names.skeleton(a) == names.skeleton(b)


def test_different_names_have_different_skeletons() -> None:
    assert names.skeleton("Acme Ltd") != names.skeleton("Acme Group Ltd")
