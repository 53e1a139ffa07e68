"""German formatting of figures and citations: '1.900–2.700 € brutto im Monat', and the
source with its data year beside every figure."""
from __future__ import annotations

from bot.kb.models import SalaryFigure, Source

PERIOD = {"month": "im Monat", "year": "im Jahr"}
BASIS = {"gross": "brutto", "net": "netto"}


def number(value: float) -> str:
    """1900 → '1.900', 1900.5 → '1.900,50' (German separators)."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def euro(value: float) -> str:
    return f"{number(value)} €"


def span(low: float | None, high: float | None, approximate: bool = False) -> str:
    if low is not None and high is not None and low != high:
        return f"{number(low)}–{euro(high)}"
    if low is not None and high is not None:
        return ("rund " if approximate else "") + euro(low)
    if high is not None:
        return f"bis zu {euro(high)}"
    return f"über {euro(low)}" if low is not None else "–"


def source_label(source: Source) -> str:
    return f"Quelle: {_cited(source)}"


def sources_label(sources: list[Source]) -> str:
    """'Quelle: A, ohne Datumsangabe' or 'Quellen: A, …; B, …'."""
    if len(sources) == 1:
        return source_label(sources[0])
    return "Quellen: " + "; ".join(_cited(s) for s in sources)


def _cited(source: Source) -> str:
    year = f"Datenjahr {source.data_year}" if source.data_year else "ohne Datumsangabe"
    return f"{source.label}, {year}"


def figure(fig: SalaryFigure) -> str:
    """'1.900–2.700 € brutto im Monat' – basis and period always stated."""
    basis = BASIS[fig.basis] + ("" if fig.basis_stated else "*")
    return f"{span(fig.amount_min, fig.amount_max, fig.approximate)} {basis} {PERIOD[fig.period]}"


def converted(fig: SalaryFigure) -> str | None:
    """The other period, computed (never stored): yearly ÷ 12 or monthly × 12."""
    factor = 1 / 12 if fig.period == "year" else 12
    other = "month" if fig.period == "year" else "year"
    low = round(fig.amount_min * factor) if fig.amount_min is not None else None
    high = round(fig.amount_max * factor) if fig.amount_max is not None else None
    return f"umgerechnet {span(low, high, fig.approximate)} {BASIS[fig.basis]}{'' if fig.basis_stated else '*'} {PERIOD[other]}"


def with_source(text: str, source: Source) -> str:
    return f"{text} ({source_label(source)})"


ASSUMED_GROSS = "* Die Quelle sagt nicht ausdrücklich „brutto“; solche Angaben sind üblicherweise Bruttowerte."


def bullet_list(items: list[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]


MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember")


def date(iso: str) -> str:
    """'2006-08-01' → '1. August 2006'."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{day}. {MONTHS[month - 1]} {year}"
