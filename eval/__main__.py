"""`python -m eval [run|coverage|rows]` – see eval/README.md.

run       start the stack on spare loopback ports (or use --url), send every case, write results/latest.md
coverage  phrasings per knowledge-base fact row; fails when a row has fewer than three
rows      the fact rows cases can cite
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

from eval import cases as case_files
from eval import report
from eval.rows import fact_rows, summary
from eval.run import run


async def _with_stack(selected: list[case_files.Case]):
    from bot.serve import Ports, free_port, services, start, stop
    from tests.stack import MODEL

    if not MODEL.exists():
        raise SystemExit(f"Fehler: Modell {MODEL} fehlt – bitte `make train` ausführen.")
    with tempfile.TemporaryDirectory(prefix="berufslotse-eval-") as tmp:
        os.environ["BERUFSLOTSE_UNANSWERED"] = str(Path(tmp) / "unanswered.sqlite")
        ports = Ports(rasa=free_port(), actions=free_port())
        stack = services(ports, MODEL, with_gateway=False, tracker_db=Path(tmp) / "tracker.db")
        try:
            await start(stack, log=False)
            return await run(selected, f"http://127.0.0.1:{ports.rasa}")
        finally:
            await stop(stack)


def cmd_run(args: argparse.Namespace) -> int:
    selected = case_files.load(tuple(args.part) if args.part else case_files.PARTS)
    started = time.monotonic()
    results = asyncio.run(run(selected, args.url) if args.url else _with_stack(selected))
    summary_ = report.scores(results)
    path = report.write(results, summary_)
    for part, s in summary_["parts"].items():
        print(f"{part:8} {s['passed']:4}/{s['turns']:<4} {s['accuracy'] * 100:5.1f} %")
        for category, c in summary_["categories"][part].items():
            print(f"   {category:14} {c['passed']:4}/{c['turns']:<4} {c['accuracy'] * 100:5.1f} %")
    print(f"{len(results)} Züge in {time.monotonic() - started:.0f} s – Bericht: {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    counts, unknown = case_files.coverage(case_files.load())
    thin = {ref: n for ref, n in counts.items() if n < case_files.MIN_PHRASINGS}
    for line in unknown:
        print(f"unbekannte Zeile: {line}")
    for ref, n in thin.items():
        print(f"{n} Formulierung(en): {ref}")
    print(f"{len(counts) - len(thin)}/{len(counts)} Faktenzeilen mit mindestens {case_files.MIN_PHRASINGS} Formulierungen")
    return 1 if thin or unknown else 0


def cmd_rows(args: argparse.Namespace) -> int:
    for ref, values in fact_rows().items():
        print(f"{ref}\t{summary(values)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    p_run = sub.add_parser("run", help="die Bewertung ausführen")
    p_run.add_argument("--part", action="append", choices=case_files.PARTS, help="nur diesen Teil (mehrfach möglich)")
    p_run.add_argument("--url", help="laufendes Rasa statt eines eigenen Stacks, z. B. http://127.0.0.1:5005")
    sub.add_parser("coverage", help="Formulierungen je Faktenzeile")
    sub.add_parser("rows", help="die Faktenzeilen der Wissensdatenbank")
    args = parser.parse_args(argv)
    try:
        return {"coverage": cmd_coverage, "rows": cmd_rows}.get(args.command or "run", cmd_run)(
            args if args.command else parser.parse_args(["run", *(argv or sys.argv[1:])]))
    except case_files.CaseError as exc:
        print(f"Fehler in den Bewertungsfällen: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
