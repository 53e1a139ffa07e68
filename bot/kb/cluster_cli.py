"""`python -m bot kb publish | versions | activate | sources | sync`: the knowledge base in cluster
mode (docs/deploy.md). Each command needs BERUFSLOTSE_KB_DATABASE_URL; import, set and rollback
keep their names and publish by themselves when it is set (bot/kb/distribution.py)."""
from __future__ import annotations

import argparse
from pathlib import Path

from bot.kb import distribution, versions


def _url() -> str:
    url = distribution.database_url()
    if url is None:
        raise ValueError(f"{distribution.URL_ENV} ist nicht gesetzt – diese Befehle gehören zum Cluster-Betrieb "
                         "(docs/deploy.md).")
    return url


def _publish(args: argparse.Namespace) -> int:
    from bot.kb.maintenance import actor_name

    version = versions.publish(_url(), args.db, args.sources, args.actor or actor_name(), args.comment or "")
    print(f"Veröffentlicht als Version v{version}; alle Knoten holen sie sich." if version is not None
          else "Nichts zu veröffentlichen: die aktuelle Version hat schon diesen Inhalt.")
    return 0


def _versions(args: argparse.Namespace) -> int:
    found = versions.versions(_url(), args.limit)
    print("\n".join(v.describe() for v in found) if found else "Noch keine Version veröffentlicht.")
    return 0


def _activate(args: argparse.Namespace) -> int:
    from bot.kb.maintenance import actor_name

    versions.activate(_url(), args.db, args.version, args.actor or actor_name())
    print(f"Version v{args.version} ist jetzt aktuell; alle Knoten schalten um.")
    return 0


def _sources(args: argparse.Namespace) -> int:
    version = versions.export_sources(_url(), args.version, args.out)
    print(f"Quelldateien von Version v{version} nach {args.out} geschrieben.")
    return 0


def _sync(args: argparse.Namespace) -> int:
    from bot.kb.sync import main

    return main(args.db, args.interval, args.once)


def register(kb_commands: argparse._SubParsersAction) -> None:
    """Adds the cluster commands to `python -m bot kb`."""
    pub = kb_commands.add_parser("publish", help="Cluster: aus data/kb/ bauen und als neue Version in PostgreSQL "
                                                 "veröffentlichen (statt kb build)")
    pub.add_argument("--actor", help="wer veröffentlicht (Standard: Anmeldename)")
    pub.add_argument("--comment", help="Kommentar zur Version")
    pub.set_defaults(func=_publish)
    ver = kb_commands.add_parser("versions", help="Cluster: veröffentlichte Versionen (* = aktuell)")
    ver.add_argument("--limit", type=int, default=20)
    ver.set_defaults(func=_versions)
    act = kb_commands.add_parser("activate", help="Cluster: auf eine frühere Version zurückschalten (alle Knoten)")
    act.add_argument("version", type=lambda v: int(v.lstrip("v")), help="Nummer aus `kb versions`, z. B. 3 oder v3")
    act.add_argument("--actor", help="wer umschaltet (Standard: Anmeldename)")
    act.set_defaults(func=_activate)
    src = kb_commands.add_parser("sources", help="Cluster: kuratierte Dateien einer Version ausgeben (zur Durchsicht)")
    src.add_argument("--version", type=lambda v: int(v.lstrip("v")), help="Standard: die aktuelle")
    src.add_argument("--out", type=Path, required=True, help="Zielordner")
    src.set_defaults(func=_sources)
    syn = kb_commands.add_parser("sync", help="Cluster: diesen Knoten auf der aktuellen Version halten (Abgleich-Dienst)")
    syn.add_argument("--once", action="store_true", help="nur einmal prüfen und ggf. umschalten")
    syn.add_argument("--interval", type=float, default=5.0, help="Sekunden zwischen zwei Prüfungen (Standard: 5)")
    syn.set_defaults(func=_sync)

