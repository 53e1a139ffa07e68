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


def _nlp_build(args: argparse.Namespace) -> int:
    from bot.kb.queries import KnowledgeBase
    from bot.nlp.build import build_pipeline, save_pipeline

    nlp = build_pipeline(KnowledgeBase(args.db))
    save_pipeline(nlp, args.out)
    ruler = nlp.get_pipe("entity_ruler")
    print(f"spaCy-Pipeline gebaut: {args.out} ({len(ruler.patterns)} Regeln, Komponenten: {', '.join(nlp.pipe_names)})")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import asyncio

    from bot.serve import Ports, serve

    ports = Ports(rasa=args.rasa_port, actions=args.actions_port, gateway=args.port, gateway_host=args.host)
    return asyncio.run(serve(ports, args.model, with_gateway=not args.no_gateway))


def _gateway(args: argparse.Namespace) -> int:
    from bot.gateway.app import Settings, run
    from bot.gateway.portals import PortalConfigError

    settings = Settings(host=args.host, port=args.port, rasa_url=args.rasa_url, actions_url=args.actions_url,
                        portals_file=args.portals)
    try:
        run(settings)
    except PortalConfigError as exc:
        print(f"Fehler in der Portal-Konfiguration: {exc}", file=sys.stderr)
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

    nlp = commands.add_parser("nlp", help="Deutsche spaCy-Pipeline aus der Wissensdatenbank bauen")
    nlp.add_argument("--db", type=Path, default=config.kb_path(), help="Datenbankdatei (Standard: %(default)s)")
    nlp.add_argument("--out", type=Path, default=config.spacy_model_dir(), help="Zielordner (Standard: %(default)s)")
    nlp_commands = nlp.add_subparsers(dest="nlp_command", required=True)
    nlp_commands.add_parser("build", help="Pipeline offline bauen (blank 'de', Lemmatizer, Entity-Ruler)").set_defaults(func=_nlp_build)

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
    gateway.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    gateway.add_argument("--actions-url", default="http://127.0.0.1:5055")
    gateway.add_argument("--portals", type=Path, default=config.portals_file())
    gateway.set_defaults(func=_gateway)
    return parser


def main(argv: list[str] | None = None) -> int:
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
    except (SourceFileError, KnowledgeBaseBusy, FileNotFoundError) as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
