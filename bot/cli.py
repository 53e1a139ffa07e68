"""`python -m bot …`: the command line for maintainers and for the Makefile."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot import config


def _kb_build(args: argparse.Namespace) -> int:
    from bot.kb.build import build

    result = build(args.sources, args.db)
    total = sum(result.row_counts.values())
    print(f"Wissensdatenbank gebaut: {result.path} ({total} Zeilen in {len(result.row_counts)} Tabellen, "
          f"Inhalt {result.content_hash[:12]})")
    return 0


def _kb_validate(args: argparse.Namespace) -> int:
    from bot.kb.loader import load_all
    from bot.kb.validate import validate_rows

    tables = validate_rows(load_all(args.sources))
    print(f"Alles in Ordnung: {sum(len(r) for r in tables.values())} Zeilen in {args.sources} geprüft.")
    return 0


def _kb_export(args: argparse.Namespace) -> int:
    from bot.kb.maintenance import export

    text = export(args.db, args.table, args.format)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"Exportiert: {args.table} → {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def _kb_import(args: argparse.Namespace) -> int:
    from bot.kb.maintenance import actor_name, import_file

    result = import_file(args.db, args.sources, args.file, args.dry_run, args.actor or actor_name(), args.comment or "")
    print(result.report())
    return 0


def _kb_set(args: argparse.Namespace) -> int:
    from bot.kb.maintenance import actor_name, set_value

    assignments = {}
    for item in args.assignments:
        column, sep, value = item.partition("=")
        if not sep:
            print(f"Fehler: '{item}' ist keine Zuweisung SPALTE=WERT (z. B. amount_max=950)", file=sys.stderr)
            return 1
        assignments[column.strip()] = value.strip()
    result = set_value(args.db, args.sources, args.id, assignments, args.actor or actor_name(), args.comment or "",
                       dry_run=args.dry_run)
    print(result.report())
    return 0


def _kb_history(args: argparse.Namespace) -> int:
    from bot.kb.maintenance import history

    entries = history(args.db, args.limit)
    print("\n".join(e.describe() for e in entries) if entries else "Noch keine Änderungen.")
    return 0


def _kb_rollback(args: argparse.Namespace) -> int:
    from bot.kb.maintenance import actor_name, rollback

    result = rollback(args.db, args.sources, args.to, args.actor or actor_name(), args.comment or "")
    print(result.report() if result.changes else f"Nichts zu tun: der Stand vor Änderung #{args.to} ist schon aktiv.")
    return 0


def _kb_gaps(args: argparse.Namespace) -> int:
    from bot.unanswered import gaps

    found = gaps(limit=args.limit, days=args.days)
    if not found:
        print("Keine unbeantworteten Fragen im Zeitraum.")
    for gap in found:
        print(f"{gap.count:4d} × {gap.example}  [{gap.reasons}]")
    return 0


def _nlp_build(args: argparse.Namespace) -> int:
    from bot.kb.queries import KnowledgeBase
    from bot.nlp.build import build_pipeline, is_current, save_pipeline

    nlp = build_pipeline(KnowledgeBase(args.db))
    ruler = nlp.get_pipe("entity_ruler")
    if is_current(nlp, args.out):
        print(f"spaCy-Pipeline unverändert: {args.out} ({len(ruler.patterns)} Regeln) – kein neues Training nötig")
        return 0
    save_pipeline(nlp, args.out)
    print(f"spaCy-Pipeline gebaut: {args.out} ({len(ruler.patterns)} Regeln, Komponenten: {', '.join(nlp.pipe_names)})")
    return 0


def _console_add_user(args: argparse.Namespace) -> int:
    import getpass

    from bot.gateway.console.auth import AccountsError, accounts_file, add_account

    path = args.file or accounts_file()
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"Passwort für {args.name}: ")
        if getpass.getpass("Noch einmal: ") != password:
            print("Fehler: Die beiden Passwörter stimmen nicht überein.", file=sys.stderr)
            return 1
    try:
        add_account(path, args.name, password, args.role, args.portal)
    except AccountsError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    print(f"Konto '{args.name}' ({args.role}) in {path} gespeichert (nur der scrypt-Hash). "
          "Das Gateway liest die Datei beim Start.")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import asyncio

    from bot.serve import Ports, serve

    ports = Ports(rasa=args.rasa_port, actions=args.actions_port, gateway=args.port, gateway_host=args.host)
    return asyncio.run(serve(ports, args.model, with_gateway=not args.no_gateway))


def _gateway(args: argparse.Namespace) -> int:
    from bot.gateway.app import Settings, run
    from bot.gateway.portals import PortalConfigError

    urls = tuple(url.strip() for given in args.rasa_url or () for url in given.split(",") if url.strip())
    try:  # a bad number in a BERUFSLOTSE_… variable, a bad Redis or Rasa URL: a message, not a traceback
        run(Settings(host=args.host, port=args.port, actions_url=args.actions_url, portals_file=args.portals,
                     **({"rasa_url": urls[0], "rasa_urls": urls} if urls else {})))
    except (PortalConfigError, ValueError) as exc:
        print(f"Fehler in der Gateway-Konfiguration: {exc}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Berufslotse – Werkzeuge für Betrieb und Pflege.")
    commands = parser.add_subparsers(dest="command", required=True)

    kb = commands.add_parser("kb", help="Wissensdatenbank bauen, prüfen und pflegen")
    kb.add_argument("--db", type=Path, default=config.kb_path(), help="Datenbankdatei (Standard: %(default)s)")
    kb.add_argument("--sources", type=Path, default=config.kb_source_dir(),
                    help="Ordner mit den kuratierten Quelldateien (Standard: %(default)s)")
    kb_commands = kb.add_subparsers(dest="kb_command", required=True)
    kb_commands.add_parser("build", help="Datenbank aus data/kb/ neu bauen (nur wenn alles gültig ist)").set_defaults(func=_kb_build)
    kb_commands.add_parser("validate", help="Quelldateien prüfen, nichts schreiben").set_defaults(func=_kb_validate)

    def writer(name: str, help_text: str, func) -> argparse.ArgumentParser:
        sub = kb_commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--actor", help="wer ändert (Standard: Anmeldename)")
        sub.add_argument("--comment", help="Kommentar für die Historie, z. B. die neue Quelle")
        sub.set_defaults(func=func)
        return sub

    export = kb_commands.add_parser("export", help="Aktuelle Daten ausgeben (mit Quelle je Zeile)")
    export.add_argument("--table", default="salary_figures", help="Tabelle (Standard: %(default)s)")
    export.add_argument("--format", choices=("csv", "yaml"), default="csv",
                        help="csv: Semikolon-getrennt wie in Tabellenprogrammen üblich (Standard); yaml")
    export.add_argument("--out", type=Path, help="Datei statt Bildschirmausgabe")
    export.set_defaults(func=_kb_export)
    imp = writer("import", "Gehaltszahlen aus CSV/YAML hinzufügen oder ändern (alles oder nichts)", _kb_import)
    imp.add_argument("file", type=Path, help="CSV (Semikolon) oder YAML mit den Spalten von salary_figures.csv")
    imp.add_argument("--dry-run", action="store_true", help="nur zeigen, was sich ändern würde")
    set_cmd = writer("set", "Eine einzelne Gehaltszahl ändern, z. B.: kb set kfd_azubi_j1 amount_max=950", _kb_set)
    set_cmd.add_argument("id", help="ID der Zeile in salary_figures.csv")
    set_cmd.add_argument("assignments", nargs="+", metavar="SPALTE=WERT")
    set_cmd.add_argument("--dry-run", action="store_true", help="nur zeigen, was sich ändern würde")
    hist = kb_commands.add_parser("history", help="Letzte Änderungen: wann, wer, was, alt → neu")
    hist.add_argument("--limit", type=int, default=20)
    hist.set_defaults(func=_kb_history)
    back = writer("rollback", "Änderung CHANGE_ID und alle späteren rückgängig machen (wird selbst protokolliert)",
                  _kb_rollback)
    back.add_argument("--to", type=int, required=True, metavar="CHANGE_ID",
                      help="Nummer aus `kb history`: der Stand vor dieser Änderung wird wiederhergestellt")
    gaps = kb_commands.add_parser("gaps", help="Häufigste Fragen, die der Bot nicht beantworten konnte")
    gaps.add_argument("--limit", type=int, default=20)
    gaps.add_argument("--days", type=int, help="Zeitraum in Tagen (Standard: Aufbewahrungsfrist)")
    gaps.set_defaults(func=_kb_gaps)
    from bot.kb import cluster_cli
    cluster_cli.register(kb_commands)  # publish, versions, activate, sources, sync (cluster mode)

    nlp = commands.add_parser("nlp", help="Deutsche spaCy-Pipeline aus der Wissensdatenbank bauen")
    nlp.add_argument("--db", type=Path, default=config.kb_path(), help="Datenbankdatei (Standard: %(default)s)")
    nlp.add_argument("--out", type=Path, default=config.spacy_model_dir(), help="Zielordner (Standard: %(default)s)")
    nlp_commands = nlp.add_subparsers(dest="nlp_command", required=True)
    nlp_commands.add_parser("build", help="Pipeline offline bauen (blank 'de', Lemmatizer, Entity-Ruler)").set_defaults(func=_nlp_build)

    console = commands.add_parser("console", help="Konten der Pflege-Konsole (/admin) verwalten")
    console_commands = console.add_subparsers(dest="console_command", required=True)
    add_user = console_commands.add_parser("add-user", help="Konto anlegen oder Passwort neu setzen (fragt das Passwort ab)")
    add_user.add_argument("name", help="Name der Person, erscheint im Verlauf jeder Änderung")
    add_user.add_argument("--role", choices=("maintainer", "adviser"), default="maintainer",
                          help="maintainer: Zahlen pflegen; adviser: nur Portal-Überblick und offene Fragen")
    add_user.add_argument("--portal", action="append", metavar="KEY", help="adviser: nur diese Portale (mehrfach möglich)")
    add_user.add_argument("--file", type=Path, help="Kontendatei (Standard: BERUFSLOTSE_MAINTAINERS oder config/maintainers.yml)")
    add_user.add_argument("--password-stdin", action="store_true", help="Passwort aus einer Zeile der Standardeingabe")
    add_user.set_defaults(func=_console_add_user)

    serve = commands.add_parser("serve", help="Action-Server, Rasa und Web-Gateway starten")
    serve.add_argument("--model", type=Path, default=config.ROOT / "models" / "berufslotse.tar.gz")
    serve.add_argument("--host", default="127.0.0.1", help="Adresse des Gateways (Standard: %(default)s)")
    serve.add_argument("--port", type=int, default=8080, help="Port des Gateways (Standard: %(default)s)")
    serve.add_argument("--rasa-port", type=int, default=5005)
    serve.add_argument("--actions-port", type=int, default=5055)
    serve.add_argument("--no-gateway", action="store_true", help="nur Rasa und Action-Server")
    serve.set_defaults(func=_serve)

    gateway = commands.add_parser("gateway", help="Nur das Web-Gateway starten (normalerweise über 'serve')")
    gateway.add_argument("--host", default="127.0.0.1")
    gateway.add_argument("--port", type=int, default=8080)
    gateway.add_argument("--rasa-url", action="append", metavar="URL",
                         help="Rasa (mehrfach oder kommagetrennt: mehrere Replikate; Standard: BERUFSLOTSE_RASA_URLS "
                              "oder http://127.0.0.1:5005)")
    gateway.add_argument("--actions-url", default="http://127.0.0.1:5055",
                         help="Action-Server für /readyz (leer: nicht prüfen; Standard: %(default)s)")
    gateway.add_argument("--portals", type=Path, default=config.portals_file())
    gateway.set_defaults(func=_gateway)
    return parser


def main(argv: list[str] | None = None) -> int:
    from bot.kb.commit import WriteFailed
    from bot.kb.history import KnowledgeBaseBusy
    from bot.kb.loader import SourceFileError
    from bot.kb.validate import ValidationFailed

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ValidationFailed as exc:
        print(f"Fehler: {len(exc.problems)} Problem(e) gefunden, nichts wurde geschrieben:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    except (SourceFileError, KnowledgeBaseBusy, WriteFailed, FileNotFoundError, ValueError) as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
