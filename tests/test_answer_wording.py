"""How a question's wording leads to the fact asked (bot.dialogue with the answer search, without
Rasa): the kind of fact named after 'welche', separable verbs, two roles in a message the
classifier was unsure of. Expected texts come from the knowledge base."""
from __future__ import annotations

import pytest

from bot.answers import format as fmt
from bot.answers.facts import FACT_LEAD
from bot.answers.search import FactSearch
from bot.dialogue import Dialogue, Turn
from bot.kb.queries import KnowledgeBase
from bot.nlp.vocabulary import ONE_PART, SOURCE_ASKED, asks_pay, money_stages_in, part_named
from bot.text import stem, terms

OMM = {"entity": "occupation", "value": "omm"}
KFD = {"entity": "occupation", "value": "kfd"}


def answer(dialogue: Dialogue, intent: str, text: str, entities: list, confidence: float = 0.8,
           action: str = "action_answer") -> str:
    out = dialogue.respond(action, Turn(intent, text, entities, {}, confidence=confidence))
    return "\n".join(r.text for r in out.replies)


def test_the_kind_named_after_welche_gives_every_line_of_it(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Alltag' meets one task better, but the question names the kind: every tool, no task."""
    reply = answer(dialogue, "ask_tasks", "Welche Tools nutzt ein OMM im Alltag?", [OMM])
    assert all(f.text in reply for f in kb.facts("omm", ["tool"]))
    assert not any(f.text in reply for f in kb.facts("omm", ["task"]))


def test_a_sure_topic_does_not_hide_the_kind_named(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """Classified as training with high confidence; the school subjects are skill lines."""
    reply = answer(dialogue, "ask_training", "Welche Schulfächer helfen für die Ausbildung im Dialogmarketing?", [],
                   confidence=0.95)
    assert all(f.text in reply for f in kb.facts("kfd", ["skill"]))


def test_a_kind_named_for_something_else_yields_to_the_line_that_meets_it(dialogue: Dialogue,
                                                                          kb: KnowledgeBase) -> None:
    """'Voraussetzung' names the school certificates, but the question asks what admits to the final exam: the
    intermediate exam. 'Welcher Abschluss reicht da?' after a story still asks for the certificates."""
    interim = next(e for e in kb.exams("kfd") if not e.parts)
    schools = [s.certificate for s in kb.training("kfd").school_requirements]
    reply = answer(dialogue, "ask_requirements", "Welche Voraussetzung brauche ich, um zur Abschlussprüfung KfD "
                   "zugelassen zu werden?", [KFD], confidence=1.0)
    assert interim.purpose in reply
    assert not any(school in reply for school in schools)
    reply = answer(dialogue, "ask_requirements", "Hab mein BWL-Studium im 5. Semester abgebrochen. Kann ich noch "
                   "eine Ausbildung zum Kaufmann für Dialogmarketing machen, welcher Abschluss reicht da?", [KFD])
    assert all(school in reply for school in schools)


def test_an_austrian_word_for_a_certificate_meets_it(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Matura' is the Abitur (data/kb keywords)."""
    (abitur,) = kb.training("omm").school_requirements
    (best, *_) = FactSearch(kb).search("Braucht man als Online Marketing Manager die Matura?", "omm")
    assert best.line.text.endswith(abitur.certificate)
    reply = answer(dialogue, "nlu_fallback", "Braucht man als Online Marketing Manager die Matura?", [OMM],
                   confidence=0.3, action="action_fallback")
    assert abitur.certificate in reply


def test_what_a_role_s_short_name_means_is_the_role(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Was heißt OMM?', the classifier unsure and its best topic guess the glossary: the role's profile, not the
    list of marketing topics – 'Was heißt Dialogmarketing?' stays the term."""
    ranking = (("nlu_fallback", 0.3), ("bot_challenge", 0.16), ("ask_glossary", 0.11), ("ask_overview", 0.1))
    out = dialogue.respond("action_fallback", Turn("nlu_fallback", "Was heißt OMM?", [OMM], {}, confidence=0.3,
                                                   ranking=ranking))
    reply = "\n".join(r.text for r in out.replies)
    assert kb.facts("omm", ["summary"])[0].text in reply
    out = dialogue.respond("action_fallback", Turn("nlu_fallback", "Was heißt Dialogmarketing?", [], {},
                                                   confidence=0.3, ranking=ranking))
    assert kb.glossary_topic("dialogmarketing").summary in "\n".join(r.text for r in out.replies)


def test_most_in_demand_is_no_top_pay(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'am meisten gefragt' in a study question: the rules' top-earner stage without a money word asks no pay."""
    reply = answer(dialogue, "ask_study", "welcher studienabschluss ist bei omm stellen am meisten gefragt",
                   [OMM, {"entity": "career_stage", "value": "top_earners"}], confidence=0.6)
    assert not any(fmt.figure(f) in reply for f in kb.salary_figures("omm", ["top_earners"]))


def test_what_a_role_is_and_a_yes_no_question_after_und_are_both_answered(dialogue: Dialogue,
                                                                          kb: KnowledgeBase) -> None:
    """'Was ist eine OMM und braucht man dafür eine Ausbildung?': the clause after 'und' asks (its '?' says so), the
    clause before asks what the role is – the profile and the training's regulation, not only the latter."""
    reply = answer(dialogue, "ask_training", "Was ist eine OMM und braucht man dafür eine Ausbildung?", [OMM],
                   confidence=0.85)
    assert kb.facts("omm", ["summary"])[0].text in reply
    assert kb.training("omm").regulation.note.rstrip(".") in reply


def test_a_word_that_several_kinds_share_names_no_kind(kb: KnowledgeBase) -> None:
    search = FactSearch(kb)
    assert search.kind_named("Welche Tools braucht man?", "omm") == "tool"
    assert search.kind_named("Welche Fähigkeiten braucht man?", "kfd") is None  # skills and traits
    assert search.kind_named("Wie viel verdient man?", "omm") is None
    # 'arbeitet' is only in the tool lines' lead ('Damit arbeitest du: '), which names no kind
    assert search.kind_named("In welchen Branchen arbeitet ein Online Marketing Manager?", "omm") is None


def test_a_separable_verb_meets_its_noun(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'arbeitet … zusammen' is 'Zusammenarbeit', a keyword of working with stakeholders."""
    stakeholders = next(f for f in kb.facts("omm", ["task"]) if stem("zusammenarbeit") in terms(f.keywords or ""))
    reply = answer(dialogue, "ask_tasks", "Mit wem arbeitet eine Online Marketing Managerin zusammen?", [OMM], confidence=0.4)
    assert stakeholders.text in reply


def test_a_particle_verb_ranks_lines_but_asks_nothing(kb: KnowledgeBase) -> None:
    """'ups falsch, ich fang erst 2026 an' only corrects the start year: 'anfangen' is no new question."""
    search = FactSearch(kb)
    assert search.asked_terms("ups falsch, ich fang erst 2026 an") == search.asked_terms("ups falsch, ich erst 2026")
    hits = search.search("Mit wem arbeitet sie zusammen?", "omm", roles_only=True)
    assert stem("zusammenarbeit") in hits[0].matched


def test_two_roles_in_an_unsure_message_get_each_roles_fact(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(dialogue, "nlu_fallback", "Berufskennziffern von KfD und OMM?", [KFD, OMM], confidence=0.3,
                   action="action_fallback")
    for role in kb.occupations(in_scope=True):
        assert str(role.kldb2010) in reply


@pytest.mark.parametrize("text, pay", [
    ("Wie viel Prozent der angehenden Kaufleute haben mittlere Reife?", False),
    ("Wie viel Zeit hat man für die Zwischenprüfung?", False),
    ("Wie viel kriegt man als Azubi?", True),
    ("Was ist beim Einstieg als OMM drin?", True),
    ("Was kann ich als frischgebackene Online Marketing Managerin im Jahr erwarten?", True),
    ("Was erwartet mich im ersten Jahr der Ausbildung?", False),
    ("Ich habe viel Erfahrung mit Social Media. Zählt das bei Bewerbungen als OMM?", False),  # counts, not pays
    ("hab nur hauptschule, krieg ich trotzdem ne ausbildung als kaufmann dialogmarketing?", False),
    ("Bekomme ich einen Bildungsgutschein?", False),
    ("Bekomme ich ein 13. Gehalt?", True),
    ("Was bekommt ein Trainee im Online Marketing monatlich?", True),
    ("Wie viel Urlaub bekommt ein Azubi im Dialogmarketing?", False),  # what one gets is measured in days
    ("wie fiel bekomt man als onlin marketing manger", True),  # misspelt
    ("Kann die Arbeitsagentur mir eine Weiterbildung zur OMM bezahlen?", False),  # who pays for a course
    ("Ich rede gern und telefoniere viel. Wäre das was für mich?", False),  # 'viel' after a verb: a lot
    ("ich zock viel und bin eh dauernd online", False),
    ("und so viel?", True),
    ("Ich hatte schon immer Spaß an Büroarbeit und Zahlen. Ist das ein Plus für KfD?", False),  # numbers one likes
    ("ich komme aus dem controlling, zahlen sind mein ding. hilft mir das?", False),
    ("ich bin steuerfachangestellte und liebe zahlen. bringt mir das was?", False),
    ("Wenn ich als Trainee anfange, womit muss ich da rechnen?", True),
    ("Bekomme ich vom Amt Unterstützung für eine Weiterbildung ins Online Marketing?", False),  # who pays for a course
    ("Kann er für eine Weiterbildung zum OMM einen Bildungsgutschein bekommen?", False),
    ("Kann ich als OMM am Anfang mit mehr rechnen als jemand ganz ohne Erfahrung?", True),
    ("Nicht das Gehalt, sondern welche Studienfächer für Online Marketing passen, würde ich gern wissen.", False),
    ("wie viel mathe braucht man, wenn man nach dem studium in richtung online marketing geht?", False),
    ("wat kricht man denn so als kaufmann dialogmarketing?", True),  # Ruhrpott
    ("Was ist das entry level salary für einen OMM?", True),
    ("Trainee im Online Marketing, toll, da wird man ja bestimmt reich. Was gibt's denn da, Almosen?", True),  # scorn
    ("kassiert man da viel?", True),
    ("Im Bereich Marketing?", False),
    ("Ausbildungsvergüting kfd erstes jahr?", True),  # a money word misspelt
    ("Einstiegsgehallt OMM?", True),
    ("Stimmt es, dass viele Online Marketing Manager fachfremd reinkommen?", False),  # not 'Einkommen'
    ("Ich bin Steuerfachangestellte, Zahlen liegen mir. Hilft das als OMM?", False),  # numbers, not paying
    ("Spielen Zahlen und Kennzahlen da eine Rolle?", False),
    ("Was zahlen die Betriebe im Dialogmarketing?", True),
    ("wie viel arbeitet man so als OMM?", False),  # how much one works
    ("was der verdient und wie viel der arbeitet", True),
])
def test_how_much_asks_for_money_unless_it_measures_something_else(text: str, pay: bool) -> None:
    assert asks_pay(text) is pay


def test_the_abbreviation_of_the_legal_floor(kb: KnowledgeBase) -> None:
    assert money_stages_in("MiAV Ausbildungsjahrgang 2025, drittes Jahr?") == {"minimum_training_pay"}


def test_a_separable_verb_names_a_curated_gap(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'brechen … ab' is 'abbrechen', a keyword of a gap the sources do not cover."""
    search = FactSearch(kb)
    gap = search.not_covered("Wie viele Azubis im Dialogmarketing brechen die Ausbildung ab?")
    assert gap is not None and "abbrechen" in gap.keywords
    assert search.not_covered("Wie läuft die Ausbildung im Dialogmarketing ab?") is None
    out = dialogue.respond("action_answer", Turn("ask_training", "Wie viele Azubis im Dialogmarketing brechen die Ausbildung ab?",
                                                  [], {}, confidence=0.8))
    assert "keine geprüfte Angabe" in out.replies[0].text and out.unanswered


def test_an_unsure_message_naming_only_a_role_gets_its_profile(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(dialogue, "nlu_fallback", "Was muss ich über den Job im Dialogmarketing wissen?", [], confidence=0.3,
                   action="action_fallback")
    assert kb.facts("kfd", ["summary"])[0].text in reply
    assert "nicht verstanden" in answer(dialogue, "nlu_fallback", "asdfgh jklö", [], confidence=0.3, action="action_fallback")


def test_another_subject_names_what_the_bot_answers(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Soll ich jetzt Nvidia-Aktien kaufen?' – the reply says which two jobs the bot knows, and gives no figure."""
    reply = answer(dialogue, "nlu_fallback", "Soll ich jetzt Nvidia-Aktien kaufen?", [], confidence=0.3, action="action_fallback")
    assert "keine geprüften Informationen" in reply
    assert all(o.name_neutral in reply for o in kb.occupations(in_scope=True)) and "€" not in reply


def test_the_two_jobs_are_both_roles(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(dialogue, "ask_study", "Welche Studiengänge passen zu den zwei Berufen?", [], confidence=0.8)
    assert all(o.name_neutral in reply for o in kb.occupations(in_scope=True))


def test_thousands_said_short_are_quoted_figures(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (ten_years,) = [f for f in kb.salary_figures("omm", ["experienced"]) if f.years_experience == 10]
    short = f"{int(ten_years.amount_max) // 1000}k"
    reply = answer(dialogue, "ask_salary", f"{short} im jahr als online marketing manager – ist das realistisch?", [OMM])
    assert fmt.number(ten_years.amount_max) in reply


def test_a_quoted_lower_bound_is_no_legal_floor(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    entries = kb.salary_figures("omm", ["entry"], preferred_only=False)
    low, other = sorted({f.amount_min for f in entries})[:2]
    reply = answer(dialogue, "ask_salary", f"Ich hab {fmt.number(other)} als Untergrenze beim OMM-Einstieg gelesen, "
                   f"woanders {fmt.number(low)}. Welche Zahl stimmt?", [OMM])
    assert fmt.number(low) in reply and fmt.number(other) in reply
    assert not any(fmt.number(f.amount_min) in reply for f in kb.salary_figures("kfd", ["minimum_training_pay"],
                                                                               preferred_only=False))


def test_money_words_alone_do_not_turn_a_pay_question_into_a_fact(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'gut verdienen' is a keyword of a specialisation; the question still asks for the figures."""
    reply = answer(dialogue, "ask_salary", "Wo muss ich als OMM arbeiten, um richtig gut zu verdienen – Mittelstand oder Konzern?",
                   [OMM], confidence=0.9)
    assert all(f.note in reply for f in kb.salary_figures("omm", ["top_earners"]) if f.note)


@pytest.mark.parametrize("intent, text", [
    ("ask_working_hours", "Welcher Beruf hat die bessere Work-Life-Balance?"),
    ("ask_training", "Wie lange dauert die Ausbildung jeweils?"),
])
def test_which_job_and_jeweils_ask_about_both_roles(dialogue: Dialogue, kb: KnowledgeBase, intent: str, text: str) -> None:
    reply = answer(dialogue, intent, text, [], confidence=0.9)
    assert all(role.name_neutral in reply for role in kb.occupations(in_scope=True))


def test_generic_job_nouns_do_not_pick_the_fact_compared(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Jobs' is a keyword of a career step; the question is about being creative."""
    creative = next(f for f in kb.facts("omm", ["requirement"]) if "kreativ" in f.text)
    reply = answer(dialogue, "compare_occupations", "Welcher der beiden Jobs ist eher was für kreative Leute?", [], confidence=0.42)
    assert creative.text in reply


def test_a_follow_up_naming_a_kind_gets_all_of_it(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = dialogue.respond("action_answer", Turn("ask_skills", "welche tools braucht ein OMM?", [OMM], {}, confidence=0.9))
    out = dialogue.respond("action_answer", Turn("ask_skills", "und welche sprachen?", [], dict(first.slots), confidence=0.6))
    reply = "\n".join(r.text for r in out.replies)
    assert all(f.text in reply for f in kb.facts("omm", ["language"]))
    assert not any(f.text in reply for f in kb.facts("omm", ["tool"]))


def test_a_field_compared_with_a_marketing_term_is_the_glossary_topic(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    summary = kb.glossary_topic("dialogmarketing").summary
    reply = answer(dialogue, "compare_occupations", "Was ist der Unterschied zwischen Dialogmarketing und Massenwerbung?", [])
    assert summary in reply and kb.occupation("omm").name_neutral not in reply
    # a question about the role's own facts stays one about the role
    training = answer(dialogue, "compare_occupations",
                      "Wie unterscheidet sich die Ausbildung im Dialogmarketing von einem Studium?", [])
    assert summary not in training


@pytest.mark.parametrize("intent, text, topic", [
    ("ask_glossary", "Ich studiere BWL im 2. Semester und wir hatten heute Beziehungsmarketing. Kannst du mir kurz sagen, "
                     "was das ist?", "beziehungsmarketing"),
    ("ask_glossary", "Relationship Marketing – was heißt das auf Deutsch und worum geht's dabei?", "beziehungsmarketing"),
    # the field of a role, asked as a term: the marketing topic, not the role's training
    ("ask_training", "Können Sie mir den Begriff Dialogmarketing in zwei Sätzen erklären? Ich halte ein Referat.",
     "dialogmarketing"),
])
def test_a_term_asked_for_what_it_is_gets_its_summary(dialogue: Dialogue, kb: KnowledgeBase, intent: str, text: str,
                                                      topic: str) -> None:
    assert kb.glossary_topic(topic).summary in answer(dialogue, intent, text, [], confidence=0.6)


def test_a_detail_of_a_term_is_no_definition(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    benefit = next(p for p in kb.glossary_topic("beziehungsmarketing").points if p.label == "Nutzen")
    reply = answer(dialogue, "ask_glossary", "Was ist beim Beziehungsmarketing der Nutzen?", [], confidence=0.9)
    assert reply.index(benefit.text) < 200


@pytest.mark.parametrize("intent", ["nlu_fallback", "ask_salary"])
def test_afterwards_after_the_training_pay_is_the_entry_salary(dialogue: Dialogue, kb: KnowledgeBase, intent: str) -> None:
    first = dialogue.respond("action_answer", Turn("ask_training_pay", "Was verdient ein Azubi im Dialogmarketing im ersten Jahr?",
                                                    [{"entity": "training_year", "value": "1"}], {}, confidence=0.9))
    action = "action_fallback" if intent == "nlu_fallback" else "action_answer"
    out = dialogue.respond(action, Turn(intent, "und danach?", [], dict(first.slots), confidence=0.3))
    reply = "\n".join(r.text for r in out.replies)
    (entry,) = [f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month"]
    assert fmt.figure(entry) in reply


@pytest.mark.parametrize("text, gap", [
    ("Wird der Beruf Kaufmann für Dialogmarketing durch KI ersetzt?", "ki"),
    ("Was verdient ein Online Marketing Manager in der Schweiz?", "region"),
    ("Wie oft bekommt man als OMM eine Gehaltserhöhung?", "gehaltsentwicklung"),
    ("Wie alt sind die Zahlen vom Entgeltatlas?", None),
    ("Was verdienen die oberen 25 Prozent der Online Marketing Manager?", None),
    ("Ersetzt der Fachwirt ein Studium?", None),
    ("Braucht man als Kauffrau für Dialogmarketing einen Führerschein?", "fuehrerschein"),
    ("Wie alt muss man für die Ausbildung im Dialogmarketing sein?", "alter"),
    ("Ist OMM ein sicherer Job?", "jobsicherheit"),
    ("Kann man sich nach einer Arbeitslosigkeit zum OMM weiterbilden?", None),  # the way in after a break is known
    ("Ist die Ausbildung staatlich anerkannt?", None),
    ("An wie vielen Tagen pro Woche ist man als KfD-Azubi in der Berufsschule?", "berufsschultage"),
    ("Wie hoch ist die Durchfallquote bei der Zwischenprüfung?", "zwischenpruefung_quote"),
    ("Wann ist die Zwischenprüfung?", None),
    ("Gibt es ein duales Studium für Dialogmarketing?", "duales_studium"),
])
def test_curated_gaps_and_questions_that_only_look_like_them(kb: KnowledgeBase, text: str, gap: str | None) -> None:
    found = FactSearch(kb).not_covered(text)
    assert (found.id if found else None) == gap


def test_a_gap_is_named_in_proper_german(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    out = dialogue.respond("action_answer", Turn("ask_training", "Wird man nach der Ausbildung im Dialogmarketing übernommen?",
                                                  [], {}, confidence=0.8))
    gap = FactSearch(kb).not_covered("übernommen")
    assert gap.label.startswith("der ")  # the label is in the dative; 'Zu der' becomes 'Zur'
    assert out.replies[0].text.startswith(f"Zur {gap.label.removeprefix('der ')} habe ich keine geprüfte Angabe")


def test_the_profile_lists_the_tasks(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Was macht eine Kauffrau für Dialogmarketing eigentlich so den ganzen Tag?' – the profile says what the work is."""
    reply = answer(dialogue, "ask_overview", "Was macht eine Kauffrau für Dialogmarketing eigentlich so den ganzen Tag?", [KFD])
    assert kb.facts("kfd", ["summary"])[0].text in reply
    assert all(f.text in reply for f in kb.facts("kfd", ["task"]))


@pytest.mark.parametrize("role", ["kfd", "omm"])
def test_the_profile_names_the_way_in_and_the_entry_pay(dialogue: Dialogue, kb: KnowledgeBase, role: str) -> None:
    """'Erzähl mal was über den Beruf' – what a job is includes how you get in and what you earn at first."""
    reply = answer(dialogue, "ask_overview", "Erzähl mir was über den Beruf", [{"entity": "occupation", "value": role}])
    (entry,) = [f for f in kb.salary_figures(role, ["entry"]) if f.period == "year"]
    assert fmt.figure(entry) in reply
    training = kb.training(role)
    assert (f"{training.regulation.duration_years} Jahre" if training.training else training.regulation.note.rstrip(".")) in reply
    other = next(o.id for o in kb.occupations(in_scope=True) if o.id != role)
    assert not any(fmt.figure(f) in reply for f in kb.salary_figures(other, ["entry"]))


@pytest.mark.parametrize("text", ["Was macht ein Senior Online Marketing Manager?",
                                  "was macht ein senior online marketing manager anders als ein normaler?"])
def test_a_detail_named_beside_what_a_job_does_is_answered(dialogue: Dialogue, kb: KnowledgeBase, text: str) -> None:
    """'macht' meets the profile's summary, 'Senior' the career step: the step. 'normal' and 'anders' are
    filler here, not the work-life balance ('normal') or the job titles ('andere Bezeichnungen')."""
    reply = answer(dialogue, "ask_overview", text, [OMM])
    senior = next(s for s in kb.career_steps("omm") if "Senior" in s.target)
    assert reply.split("\n")[1].startswith(f"• {senior.target}")
    assert not any(f.text in reply for f in kb.facts("omm", ["task"]))  # not the whole profile


def test_a_number_alone_after_a_figure_question_replaces_its_count(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = dialogue.respond("action_answer", Turn("ask_training_pay", "Was verdient man im 2. Lehrjahr im Dialogmarketing?",
                                                    [{"entity": "training_year", "value": "2"}], {}, confidence=0.9))
    out = dialogue.respond("action_answer", Turn("ask_glossary", "ich meinte das 3.", [], dict(first.slots), confidence=0.4))
    reply = "\n".join(r.text for r in out.replies)
    (third,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=3)
    (second,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=2)
    assert fmt.figure(third) in reply and fmt.figure(second) not in reply


def test_a_correction_naming_the_count_replaces_it(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Nein, ich meinte das dritte Lehrjahr.' – the pay of that year, not where the year is spent."""
    first = dialogue.respond("action_answer", Turn("ask_training_pay", "Was verdient man im 1. Lehrjahr im Dialogmarketing?",
                                                    [{"entity": "training_year", "value": "1"}], {}, confidence=0.9))
    out = dialogue.respond("action_answer", Turn("ask_training", "Nein, ich meinte das dritte Lehrjahr.",
                                                  [{"entity": "training_year", "value": "3"}], dict(first.slots),
                                                  confidence=0.59))
    reply = "\n".join(r.text for r in out.replies)
    (third,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=3)
    (first_year,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=1)
    assert fmt.figure(third) in reply and fmt.figure(first_year) not in reply


def test_advancement_compared_is_the_career_of_both_roles(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Aufstiegschancen': 'Chancen' (also the exam's pass chances) is only the head of the compound; the
    classifier's runner-up (tasks) is only a guess; a salary note about 'Aufstieg' answers no career question."""
    out = dialogue.respond("action_answer", Turn(
        "compare_occupations", "Kaufmann für Dialogmarketing oder Online Marketing Manager – wo hat man bessere Aufstiegschancen?",
        [KFD, OMM], {}, confidence=0.39, ranking=(("compare_occupations", 0.39), ("ask_tasks", 0.25))))
    reply = "\n".join(r.text for r in out.replies)
    for role in ("kfd", "omm"):
        assert any(step.target in reply for step in kb.career_steps(role))
    assert not any(f.text in reply for f in kb.facts("kfd", ["task"]))
    assert not any(fmt.figure(f) in reply for f in kb.salary_figures("omm", ["trainee"]))


@pytest.mark.parametrize("text, target", [
    ("Kann ich nach der Ausbildung zum Kaufmann für Dialogmarketing Online Marketing Manager werden?", "omm"),
    ("Ich bin Online Marketing Managerin, kann ich Kauffrau für Dialogmarketing werden?", "kfd"),
])
def test_the_role_to_become_is_the_one_before_werden(dialogue: Dialogue, kb: KnowledgeBase, text: str, target: str) -> None:
    reply = answer(dialogue, "ask_lateral_entry", text, [], confidence=0.7)
    other = next(o for o in kb.occupations(in_scope=True) if o.id != target)
    assert kb.occupation(target).name_neutral in reply and other.name_neutral not in reply


def test_either_role_to_become_asks_about_both(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(dialogue, "ask_lateral_entry", "Was muss man können, um Kaufmann für Dialogmarketing oder OMM zu werden?",
                   [], confidence=0.7)
    assert all(o.name_neutral in reply for o in kb.occupations(in_scope=True))


def test_other_names_of_the_job_are_its_job_titles(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'suche' meets the demand line ('gesucht'); the question asks for the job's other names."""
    reply = answer(dialogue, "ask_overview", "Wie heißt der Job Online Marketing Manager noch, wenn ich nach Stellenanzeigen suche?",
                   [OMM], confidence=0.7)
    assert all(f.text in reply for f in kb.facts("omm", ["job_title"]))
    assert not any(f.text in reply for f in kb.facts("omm", ["labour_market", "background", "hiring"]))


def test_usual_asks_no_job_title(dialogue: Dialogue) -> None:
    """The job titles' lead once said 'ist üblich', so 'welcher Weg ist üblich?' got the job's other names."""
    from bot.answers.facts import FACT_LEAD
    reply = answer(dialogue, "ask_overview", "Mutter von zwei Kindern, drei Jahre raus, vorher Teamleitung im Vertrieb. "
                   "Würde gern ins Online Marketing – welcher Weg ist üblich?", [], confidence=0.6)
    assert FACT_LEAD["job_title"] not in reply and "Online Marketing Manager/in" in reply


def test_an_unsure_message_with_a_role_follows_the_classifiers_best_topic(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """Career and tasks tie below the threshold; the career lines meet 'Aufstieg': the career steps, not the profile."""
    out = dialogue.respond("action_fallback", Turn(
        "nlu_fallback", "welche aufstiegsmöglichkeiten hat man als kauffrau im dialogmarketing", [KFD], {}, confidence=0.3,
        ranking=(("nlu_fallback", 0.3), ("ask_tasks", 0.49), ("ask_career", 0.49))))
    reply = "\n".join(r.text for r in out.replies)
    assert all(step.target.lower() in reply.lower() for step in kb.career_steps("kfd"))
    assert not all(f.text in reply for f in kb.facts("kfd", ["task"]))


def test_the_statistics_asked_beside_a_stage_are_given_too(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Wieso liegt der Median … so viel höher als die Einstiegsgehälter?' – both, and the note on who is counted."""
    stages = [{"entity": "career_stage", "value": v} for v in ("median", "entry")]
    reply = answer(dialogue, "ask_salary", "Wieso liegt der Median der Arbeitsagentur für Online Marketing Manager so viel "
                   "höher als die Einstiegsgehälter?", [OMM, *stages], confidence=0.87)
    (median,) = kb.salary_figures("omm", ["median"])
    assert fmt.figure(next(f for f in kb.salary_figures("omm", ["entry"]) if f.period == "year")) in reply
    assert f"Median {fmt.euro(median.amount_min)}" in reply and median.note in reply


@pytest.mark.parametrize("intent, action", [("ask_salary", "action_answer"), ("nlu_fallback", "action_fallback")])
def test_a_career_step_compared_with_a_role_gives_both_statistics(dialogue: Dialogue, kb: KnowledgeBase, intent: str,
                                                                  action: str) -> None:
    reply = answer(dialogue, intent, "Lohnt sich der Betriebswirt Callcentermanagement nach der KfD-Ausbildung finanziell? "
                   "Vergleich die Mediane.", [], confidence=0.5 if intent == "ask_salary" else 0.3, action=action)
    step = next(o for o in kb.occupations() if not o.in_scope and kb.salary_figures(o.id, ["median"]))
    for role in (step.id, "kfd"):
        (median,) = kb.salary_figures(role, ["median"])
        assert f"Median {fmt.euro(median.amount_min)}" in reply


def test_another_manager_title_gets_no_figures_of_the_omm(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(dialogue, "ask_salary", "Was verdient ein Social Media Manager?", [], confidence=0.9)
    assert "Social Media Manager" in reply
    assert not any(fmt.figure(f) in reply for f in kb.salary_figures("omm"))
    # the asker's own past as another manager is no other job asked about
    reply = answer(dialogue, "ask_salary", "Was verdient man als OMM, wenn man vorher Content Manager war?", [OMM], confidence=0.9)
    assert fmt.figure(next(f for f in kb.salary_figures("omm", ["entry_experienced"]))) in reply


def test_school_certificates_asked_with_welche_are_all_listed(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(dialogue, "ask_requirements", "Welche Schulabschlüsse haben Leute, die Kaufmann für Dialogmarketing "
                   "lernen? Mit Anteilen bitte", [KFD], confidence=0.8)
    requirements = kb.training("kfd").school_requirements
    assert all(r.certificate in reply and (r.share_text or "") in reply for r in requirements)
    minimum = next(r for r in requirements if r.role == "minimum")
    assert reply.count(minimum.certificate) == 1  # listed once, not again after every share



def test_the_requirements_asked_for_the_training_are_the_school_certificates(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Voraussetzungen … Ausbildung' also meets the interim exam (a condition of the final exam): the certificates."""
    reply = answer(dialogue, "ask_requirements", "Welche Voraussetzungen brauche ich für die Ausbildung im Dialogmarketing?",
                   [], confidence=0.99)
    assert all(r.certificate in reply for r in kb.training("kfd").school_requirements)
    assert not any(e.name in reply for e in kb.exams("kfd"))

def test_a_weak_word_of_another_topic_does_not_replace_the_profile(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'wofür' and 'Firma' meet other lines more strongly, but the summary ('verantwortlich') ranks higher: the profile."""
    reply = answer(dialogue, "ask_overview", "Wofür genau ist ein Online Marketing Manager in einer Firma verantwortlich?",
                   [OMM], confidence=1.0)
    assert reply.startswith("**Online Marketing Manager/in**\n" + kb.facts("omm", ["summary"])[0].text)


@pytest.mark.parametrize("intent, text, role", [
    ("ask_salary", "Ich überlege, Kauffrau für Dialogmarketing zu werden. Gib mir mal nen Überblick: was macht man, "
                   "wie lang ist die Ausbildung, was verdient man?", "kfd"),
    ("ask_tasks", "Was macht man so im Digital Marketing den ganzen Tag?", "omm"),
])
def test_a_profile_sentence_met_weakly_or_beside_other_questions_gives_the_profile(dialogue: Dialogue, kb: KnowledgeBase,
                                                                                   intent: str, text: str, role: str) -> None:
    reply = answer(dialogue, intent, text, [], confidence=0.6)
    assert all(f.text in reply for f in kb.facts(role, ["summary", "task"]))
    entry = next(f for f in kb.salary_figures(role, ["entry"]) if f.period == "month" or role == "omm")
    assert fmt.number(entry.amount_min) in reply


def test_a_profile_sentence_met_strongly_is_the_detail_asked(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(dialogue, "ask_tasks", "Ist ein Online Marketing Manager nur für Online zuständig, oder hat er auch "
                   "mit Offline-Marketing zu tun?", [OMM], confidence=0.9)
    interface = next(f for f in kb.facts("omm", ["summary"]) if "Offline" in f.text)
    assert interface.text in reply and not any(f.text in reply for f in kb.facts("omm", ["task"]))


def test_the_length_asked_for_an_answer_picks_no_fact() -> None:
    assert terms("Was ist die Hauptaufgabe? Bitte nur in 1-2 Sätzen") == terms("Was ist die Hauptaufgabe?")
    assert terms("Alle Aufgaben bitte, Schritt für Schritt.") == terms("Alle Aufgaben bitte.")  # no Karriereschritt


def test_all_day_asks_what_the_job_is(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'den ganzen Tag' met the trait 'Freude am Telefonieren' (keyword 'ganzen Tag'): the profile with the tasks."""
    reply = answer(dialogue, "ask_tasks", "Was macht man als Kaufmann für Dialogmarketing den ganzen Tag?", [KFD],
                   confidence=0.56)
    tasks, traits = kb.facts("kfd", ["task"]), kb.facts("kfd", ["trait"])
    assert all(f.text in reply for f in tasks)
    before_tasks = reply[:reply.find(tasks[-1].text)]
    assert not any(f.text in before_tasks for f in traits)  # the profile names its traits after the tasks; none leads


def test_the_traits_asked_as_a_type_of_person_are_all_given(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(dialogue, "ask_requirements", "Was für ein Typ Mensch sollte man für den Beruf Kauffrau für "
                   "Dialogmarketing sein?", [KFD], confidence=0.7)
    assert all(f.text in reply for f in kb.facts("kfd", ["trait"]))



def test_a_certificate_that_is_also_a_requirement_is_one_line_under_one_lead(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """The OMM's 'Abitur, Fachabitur' is a school requirement and a requirement fact: said once; the lead of
    the requirement lines ('Bei Bewerbungen erwartet: ') heads them once."""
    reply = answer(dialogue, "ask_requirements", "Welche Voraussetzungen muss ich erfüllen, um mich als Online Marketing "
                   "Manager zu bewerben?", [OMM], confidence=0.9)
    requirements = kb.facts("omm", ["requirement"])
    assert all(f.text in reply for f in requirements)
    (school,) = kb.training("omm").school_requirements
    assert reply.count(school.certificate) == 1
    assert reply.count(FACT_LEAD["requirement"].strip()) == 1


def test_comparing_sides_with_a_period_compares_figures_whatever_the_topic(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = "Trainee Online Marketing pro Jahr vs. ausgelernter Dialogmarketing-Kaufmann pro Jahr?"
    def at(said: str, entity: str, value: str) -> dict:
        return {"entity": entity, "value": value, "start": text.index(said), "end": text.index(said) + len(said)}
    reply = answer(dialogue, "ask_training", text, [at("Trainee", "career_stage", "trainee"), at("pro Jahr", "period", "year"),
                                                     at("ausgelernter", "career_stage", "entry")], confidence=0.6)
    trainee = next(f for f in kb.salary_figures("omm", ["trainee"]) if f.period == "month")
    kfd_entry = next(f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month")
    assert fmt.number(trainee.amount_min * 12) in reply and fmt.number(kfd_entry.amount_min * 12) in reply


def test_a_role_title_names_no_marketing_topic(kb: KnowledgeBase) -> None:
    assert kb.topics_in("Was macht ein Kaufmann für Dialogmarketing?") == []
    assert kb.topics_in("Was ist Dialogmarketing?") == ["dialogmarketing"]


def test_thousands_said_short_ask_for_money(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'90k' is no figure of the sources, but the question is about pay: the OMM's figures up to the top."""
    reply = answer(dialogue, "ask_skills", "sind 90k als online marketing manager realistisch oder traum?", [OMM],
                   confidence=0.5)
    top = max(f.amount_max or f.amount_min for f in kb.salary_figures("omm"))
    assert fmt.number(top) in reply


def test_null_experience_is_the_population_without_experience(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(dialogue, "ask_lateral_entry", "Ich komme aus der Gastro und habe null Erfahrung mit Online "
                   "Marketing. Wie komme ich da rein und was verdient man am Anfang?", [], confidence=0.7)
    trainee = next(f for f in kb.salary_figures("omm", ["trainee"]) if f.period == "month")
    assert fmt.figure(trainee) in reply


def test_words_that_ask_to_describe_the_job_pick_no_fact(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'kurz', 'beschreib' and 'Job' met a job title, a career step and a glossary line: the profile."""
    assert terms("Beschreib mir kurz den Job") == []
    reply = answer(dialogue, "ask_overview", "Beschreib mir kurz den Job als OMM", [OMM], confidence=0.75)
    assert all(f.text in reply for f in kb.facts("omm", ["summary", "task"]))


def test_seven_ps_are_no_seventh_p(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'7 Ps' (a count) is not the alias '7. P': the other counting of the Ps is answered, under the 8 Ps."""
    other = next(p for p in kb.glossary_topic("acht_ps").points if "Dienstleistungsmarketing" in p.text)
    reply = answer(dialogue, "ask_glossary", "Gibt es nicht eigentlich nur 7 Ps im Marketing-Mix für Dienstleistungen?", [],
                   confidence=0.9)
    assert other.text in reply
    assert "Quellen: " in answer(dialogue, "ask_glossary", "Was sind die 8 Ps?", [], confidence=0.9)


@pytest.mark.parametrize("question, words", [
    ("Hab nicht studiert, geht OMM trotzdem ohne Studium?", "Studium oder abgeschlossene Ausbildung"),
    ("Zählt im Online Marketing Management mein Uni-Abschluss mehr oder das, was ich praktisch kann?", "individuelle Skills"),
])
def test_a_past_participle_or_a_hyphenated_degree_meets_its_line(kb: KnowledgeBase, question: str, words: str) -> None:
    hits = FactSearch(kb).search(question, "omm", roles_only=True)
    assert words in hits[0].line.text


def test_achten_is_the_verb_unless_an_article_makes_it_the_eighth() -> None:
    assert "8" not in terms("Worauf achten Arbeitgeber bei Bewerbern?")
    assert "8" not in terms("Worauf muss man achten?")
    assert "8" in terms("und im achten?") and "8" in terms("Was heißt das achte P?")


def test_woher_weiss_man_asks_how_one_knows_not_where_anyone_comes_from(kb: KnowledgeBase) -> None:
    (kpis,) = [f for f in kb.facts("omm", ["task"]) if "KPI" in f.text]
    hits = FactSearch(kb).search("und woher weiß man ob das was bringt?", "omm", roles_only=True)
    assert kpis.text in hits[0].line.text



@pytest.mark.parametrize("text, asked", [("woher hast du das?", True), ("Was ist deine Quelle?", True),
                                         ("woher weißt du die Zahl?", True), ("Woher stammen die Zahlen?", True),
                                         ("Woher kommen die meisten OMM?", False),
                                         ("Woher kommen die Leute, die quer einsteigen?", False)])
def test_where_the_bot_has_it_from_is_no_question_about_where_people_come_from(text: str, asked: bool) -> None:
    assert bool(SOURCE_ASKED.search(text)) is asked


@pytest.mark.parametrize("typed, indexed", [("programier", "programmi"), ("kentnisse", "kenntnis"),
                                            ("marketting", "marketing"), ("aufzusteigen", "aufsteig"),
                                            ("zugelassen", "zulass"), ("angerechnet", "anrechn")])
def test_a_doubled_letter_or_an_infinitives_zu_or_a_participles_ge_still_finds_the_indexed_word(
        kb: KnowledgeBase, typed: str, indexed: str) -> None:
    assert indexed in FactSearch(kb).asked_terms(typed)


def test_misspelt_programming_skills_get_the_technical_know_how(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    technical = next(f for f in kb.facts("omm", ["skill"]) if "HTML" in f.text)
    text = answer(dialogue, "ask_skills", "programier kentnisse nötig als online marketing manager??", [OMM], 0.53)
    assert technical.text in text


@pytest.mark.parametrize("text, part", [
    ("sorry, ich meinte Teil 3", 3), ("Wie lange dauert Prüfungsteil 2?", 2), ("was ist im dritten Teil?", 3),
    ("und der 4. Teil?", 4),
    ("Die 4 Prüfungsteile – wie lange jeweils?", None), ("Teil 1 und Teil 2?", None), ("zum Teil schon", None),
])
def test_a_part_is_named_by_its_number_next_to_teil(text: str, part: int | None) -> None:
    assert part_named(text) == part


@pytest.mark.parametrize("text, one", [
    ("Wie lang ist der WiSo-Teil?", True), ("Wie lange dauert der Teil Projektmanagement?", True),
    ("Wie lang ist der mündliche Teil?", True),
    ("Was passiert, wenn ich einen Teil verhaue?", False), ("Wie lange dauert jeder Teil?", False),
    ("Ist die Zwischenprüfung länger als der Projektmanagement-Teil?", False), ("Teil 1 und Teil 2?", False),
])
def test_one_part_is_asked_by_a_definite_teil_set_against_nothing(text: str, one: bool) -> None:
    assert bool(ONE_PART.search(text)) is one
