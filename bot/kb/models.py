"""Small, immutable result types of the query API; the answer renderers only see these."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    file: str
    title: str
    label: str
    publisher: str
    data_year: int | None
    date_note: str | None
    url: str | None
    confidence: str


@dataclass(frozen=True)
class Occupation:
    id: str
    kldb2010: str
    name_male: str
    name_female: str
    name_neutral: str
    in_scope: bool
    regulated_training: bool
    note: str | None
    source: Source
    keywords: str | None = None


@dataclass(frozen=True)
class SalaryFigure:
    id: str
    occupation: str
    stage: str
    training_year: int | None
    years_experience: int | None
    cohort_start_year: int | None
    amount_min: float | None
    amount_max: float | None
    period: str
    basis: str
    basis_stated: bool
    approximate: bool
    preferred: bool
    pairs_with: str | None
    population: str | None
    note: str | None
    source: Source
    keywords: str | None = None  # words people ask the note with ('Extras' for 'Weihnachtsgeld')

    @property
    def is_single_value(self) -> bool:
        return self.amount_min is not None and self.amount_min == self.amount_max


@dataclass(frozen=True)
class Training:
    occupation: str
    kind: str
    dual: bool
    since_year: int | None
    recognition: str | None
    introduced_by: str | None
    description: str | None
    source: Source
    keywords: str | None = None


@dataclass(frozen=True)
class Regulation:
    occupation: str
    regulated: bool
    regulation: str | None
    in_force_since: str | None
    duration_years: int | None
    related_training: str | None
    note: str | None
    source: Source
    keywords: str | None = None


@dataclass(frozen=True)
class SchoolRequirement:
    occupation: str
    certificate: str
    role: str
    share_text: str | None
    share_min_percent: int | None
    source: Source
    keywords: str | None = None


@dataclass(frozen=True)
class ScheduleEntry:
    occupation: str
    year_from: int
    year_to: int
    places: str
    source: Source
    keywords: str | None = None


@dataclass(frozen=True)
class ContentArea:
    occupation: str
    area: str
    position: int
    text: str
    source: Source
    keywords: str | None = None


@dataclass(frozen=True)
class TrainingInfo:
    training: Training | None
    regulation: Regulation | None
    schedule: tuple[ScheduleEntry, ...]
    content: tuple[ContentArea, ...]
    school_requirements: tuple[SchoolRequirement, ...]


@dataclass(frozen=True)
class ExamPart:
    exam: str
    part_no: int
    title: str
    format: str | None
    duration_minutes: int | None
    prep_minutes: int | None
    description: str | None
    source: Source
    keywords: str | None = None


@dataclass(frozen=True)
class Exam:
    id: str
    occupation: str
    name: str
    timing: str | None
    format: str | None
    duration_minutes: int | None
    task_count: int | None
    task_count_approximate: bool | None
    parts_count: int | None
    pass_rule: str | None
    pass_rate_text: str | None
    pass_rate_min_percent: int | None
    spread: str | None
    purpose: str | None
    source: Source
    parts: tuple[ExamPart, ...] = ()
    keywords: str | None = None


@dataclass(frozen=True)
class CareerStep:
    id: str
    occupation: str
    kind: str
    position: int
    target: str
    via: str | None
    duration_text: str | None
    duration_months_min: int | None
    duration_months_max: int | None
    cost: str | None
    funding: str | None
    audience: str | None
    target_occupation: str | None
    source: Source
    keywords: str | None = None
    titles: str | None = None  # what people call the job the step leads to ('Teamleiter, Teamleiterin')


@dataclass(frozen=True)
class Fact:
    occupation: str
    category: str
    position: int
    text: str
    source: Source
    keywords: str | None = None


@dataclass(frozen=True)
class WorkingHours:
    occupation: str
    hours_min: int
    hours_max: int
    per: str
    note: str | None
    source: Source
    keywords: str | None = None


@dataclass(frozen=True)
class GlossaryPoint:
    topic: str
    position: int
    label: str
    text: str
    source: Source
    keywords: str | None = None


@dataclass(frozen=True)
class GlossaryTopic:
    id: str
    title: str
    summary: str
    position: int
    source: Source
    points: tuple[GlossaryPoint, ...] = ()
    keywords: str | None = None
    part_of: str | None = None  # the wider topic this one belongs to


@dataclass(frozen=True)
class CurationNote:
    id: str
    ref: str
    kind: str
    text: str
    source: Source


@dataclass(frozen=True)
class NotCovered:
    """Something people ask that no source says (net pay, regions); answered honestly as a gap."""

    id: str
    label: str
    keywords: str
    note: str | None
