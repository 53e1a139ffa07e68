"""The offline German pipeline: every spelling of every knowledge-base alias is found, with its id."""
from __future__ import annotations


import pytest
import spacy

from bot.kb.queries import KnowledgeBase
from bot.nlp.build import build_pipeline, rules_hash, save_pipeline
from bot.nlp.patterns import spellings
from bot.text import expand_ellipses, fold


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase()


@pytest.fixture(scope="module")
def nlp(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> spacy.language.Language:
    """Loaded back from disk, as Rasa's SpacyNLP does."""
    target = tmp_path_factory.mktemp("spacy") / "de_berufslotse"
    save_pipeline(build_pipeline(kb), target)
    return spacy.load(target)


def found(nlp, text: str, label: str) -> set[str]:
    return {e.ent_id_ for e in nlp(text).ents if e.label_ == label}


def variants(spelling: str) -> set[str]:
    return {spelling, spelling.upper(), spelling.lower(), fold(spelling)}


def test_every_spelling_of_every_occupation_alias(nlp, kb: KnowledgeBase) -> None:
    in_scope = {o.id for o in kb.occupations(in_scope=True)}
    checked = 0
    for alias, occupation in kb.aliases():
        if occupation not in in_scope:
            continue
        for spelling in spellings(alias):
            for variant in variants(spelling):
                assert occupation in found(nlp, f"Was verdient man als {variant} im Monat?", "occupation"), variant
                checked += 1
    assert checked > 500


def test_every_glossary_alias(nlp, kb: KnowledgeBase) -> None:
    for alias, topic in kb.glossary_aliases():
        for variant in variants(alias):
            assert topic in found(nlp, f"Erklär mir bitte {variant} genauer", "glossary_topic"), variant


@pytest.mark.parametrize("text, label, value", [
    ("Wie viel bekomme ich im dritten Lehrjahr?", "training_year", "3"),
    ("Zähl mal die 8 P auf", "glossary_topic", "acht_ps"),  # all eight, not the 8th
    ("Und nach zehn Jahren Berufserfahrung?", "years_experience", "10"),
    ("Was ist das Einstiegsgehalt pro Jahr?", "period", "year"),
    ("und am Ende der Ausbildung?", "training_year", "last"),
    ("im Vergleich zu einer frisch ausgelernten Kauffrau", "career_stage", "entry"),
    ("der Sprung zum ersten Gehalt als fertige Kauffrau", "career_stage", "entry"),
    ("Was verdient eine fertige Kauffrau für Dialogmarketing?", "career_stage", "entry"),  # the title keeps its words
    ("wie viel bekommt man als OMM, wenn man neu anfängt", "career_stage", "entry"),
    ("Ich fange 2026 an, was ist das gesetzliche Minimum im ersten Jahr?", "career_stage", "minimum_training_pay"),
    ("Wie groß ist der Sprung zum ersten richtigen Gehalt?", "career_stage", "entry"),
    ("Was kann er zu Beginn verdienen?", "career_stage", "entry"),
    ("und was verdient man danach so zum anfang", "career_stage", "entry"),
    ("wat kricht man denn so als kaufmann dialogmarketing wenn die lehre rum is?", "career_stage", "entry"),
    ("Was ist das entry level salary für einen OMM?", "career_stage", "entry"),
    ("jahresbrutto direkt nach ausbildung dialogmarketing", "career_stage", "entry"),
    ("wass verdint kfd im 2 jahr", "training_year", "2"),
    ("Gehaltsübersicht OMM: was verdient man in der Spitze?", "career_stage", "top_earners"),
    ("OMM = Ohne Mühe Moneten 😂 Wie viel kassieren die Top-Leute da wirklich?", "career_stage", "top_earners"),
    ("Überblick übers Gehalt, von der Ausbildung an", "career_stage", "apprenticeship"),
    ("Was verdient ein OMM nach zehn Berufsjahren?", "years_experience", "10"),
    ("ne warte, ich komm ja schon ins dritte", "training_year", "3"),
    ("Korrigiere: Ich brauche die Monatswerte.", "period", "month"),
    ("nein, ich wollte den monatlichen Wert", "period", "month"),
    ("und die jährlichen Zahlen?", "period", "year"),
    ("Welche Ps gibt es da?", "glossary_topic", "acht_ps"),
    ("Wofür steht P Nummer 7?", "glossary_topic", "siebtes_p"),
    ("Positionierung als eins der 8 P, erklär mal", "glossary_topic", "acht_ps"),  # one of them, not the 8th
    ("Wie hoch ist die Lehrlingsentschädigung?", "career_stage", "apprenticeship"),  # Austrian
    ("Start zweitausendfünfundzwanzig, zweites Ausbildungsjahr", "start_year", "2025"),
    ("ausbildungsbeginn zweitausendvierundzwanzig", "start_year", "2024"),
])
def test_vocabulary_rules(nlp, text: str, label: str, value: str) -> None:
    assert found(nlp, text, label) == {value}


@pytest.mark.parametrize("date", ["01.09.2026", "1.8.2025"])
def test_a_start_date_is_a_start_year(nlp, date: str) -> None:
    assert [e.text for e in nlp(f"Ausbildungsstart {date}, Mindestvergütung?").ents if e.label_ == "start_year"] == [date]


def test_two_stages_compared_are_both_recognised(nlp) -> None:
    assert found(nlp, "Trainee oder direkt als OMM einsteigen – wie groß ist der Gehaltsunterschied?",
                 "career_stage") == {"trainee", "entry"}


def test_words_that_only_contain_an_alias_are_not_matched(nlp) -> None:
    assert not found(nlp, "Was verdient ein Pilot? Ich mag Marketingmanagerinnenkurse.", "occupation")


def test_a_new_alias_changes_the_rules_and_is_recognised(kb: KnowledgeBase) -> None:
    class WithNewAlias:
        def __getattr__(self, name):
            return getattr(kb, name)

        def aliases(self):
            return [*kb.aliases(), ("Kundendialog-Profi", "kfd")]

    before, after = build_pipeline(kb), build_pipeline(WithNewAlias())
    assert rules_hash(before) != rules_hash(after) and rules_hash(before) == rules_hash(build_pipeline(kb))
    assert found(after, "Was verdient ein Kundendialog-Profi?", "occupation") == {"kfd"}
    assert not found(before, "Was verdient ein Kundendialog-Profi?", "occupation")



def test_a_start_year_ending_a_sentence_is_recognised(nlp) -> None:
    """The German tokenizer keeps '2025.' as one token: 'Ich starte 2025.'"""
    assert [e.text for e in nlp("Ich starte 2025. Was bekomme ich?").ents if e.label_ == "start_year"] == ["2025."]


@pytest.mark.parametrize("text, expected", [
    ("Unterschied zwischen Zwischen- und Abschlussprüfung?", "Unterschied zwischen Zwischenprüfung und Abschlussprüfung?"),
    ("Online- oder Offline-Aktivitäten", "Online-Aktivitäten oder Offline-Aktivitäten"),
    ("Ein- und Ausstieg", "Ein- und Ausstieg"),  # no head the knowledge base knows: left as typed
])
def test_truncated_compounds_are_written_out(text: str, expected: str) -> None:
    known = {"prüfung", "aktivitäten"}
    assert expand_ellipses(text, lambda word: word.lower() in known) == expected


@pytest.mark.parametrize("doc", ["omm anfang vs nach 10 jahren gehalt", "OMM gehalt: start vs. nach 10 jahren berufserfahrung?"])
def test_the_start_set_against_ten_years_is_the_entry(nlp, doc: str) -> None:
    assert found(nlp, doc, "career_stage") == {"entry"}
    assert found(nlp, doc, "years_experience") == {"10"}
