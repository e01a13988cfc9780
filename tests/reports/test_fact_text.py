"""How one framework fact reads in a report: the value, then its detail, without saying "yes" twice."""

from fiit.frameworks.model import Fact
from fiit.reports.frameworks import fact_text


def test_detail_that_repeats_the_answer_is_shown_alone():
    fact = Fact(True, "Annex 2", text={"en": "Yes, via IOM.", "fr": "Oui, par l'intermédiaire de l'OIM."})
    assert fact_text(fact, "en") == "Yes, via IOM."
    assert fact_text(fact, "fr") == "Oui, par l'intermédiaire de l'OIM."


def test_other_details_follow_the_value():
    assert fact_text(Fact(True, "s", text={"en": "Only for victims who cooperate."}), "en") == \
        "yes — Only for victims who cooperate."
    assert fact_text(Fact(False, "s", text={"en": "Nothing in law."}), "nl") == "nee — Nothing in law."
    # a word that merely begins like the answer is not the answer
    assert fact_text(Fact(False, "s", text={"en": "Nobody decides."}), "en") == "no — Nobody decides."
    assert fact_text(Fact(45, "s"), "en", "days") == "45 days"
    assert fact_text(Fact(1, "s"), "en", "days") == "1 day"
    assert fact_text(None, "en") == fact_text(Fact(None, "s"), "en")
