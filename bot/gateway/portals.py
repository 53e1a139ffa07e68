"""Which portals may embed the bot, from which origins, with which look."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
SELF = "self"
# the portal's privacy notice: an absolute link, or a path on the gateway itself
_PRIVACY_URL = re.compile(r"^(https?://[^\s<>\"]+|/[A-Za-z0-9._~/-]*)$")


class PortalConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Portal:
    key: str
    name: str
    allowed_origins: frozenset[str]
    theme: dict[str, str] = field(default_factory=dict)
    greeting: str = ""
    privacy_url: str = ""

    def public(self) -> dict:
        """What the widget may know about its portal (never the list of origins)."""
        return {"name": self.name, "theme": self.theme, "greeting": self.greeting, "privacy_url": self.privacy_url}


def _contrast(foreground: str, background: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def load_portals(path: Path, self_origins: set[str]) -> dict[str, Portal]:
    """Reads and checks the portal file; theme colours must reach WCAG AA contrast (4.5:1)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise PortalConfigError(f"{path}: nicht lesbar: {exc}") from exc
    portals: dict[str, Portal] = {}
    for number, item in enumerate(data.get("portals") or [], start=1):
        where = f"{path.name}, Portal {number}"
        key = str(item.get("key") or "")
        if not re.fullmatch(r"[A-Za-z0-9_-]{3,64}", key):
            raise PortalConfigError(f"{where}: 'key' fehlt oder ist ungültig (3–64 Zeichen A–Z, 0–9, _ oder -)")
        if key in portals:
            raise PortalConfigError(f"{where}: Schlüssel '{key}' ist doppelt")
        origins: set[str] = set()
        for origin in item.get("allowed_origins") or []:
            if origin == SELF:
                origins |= self_origins
            elif re.fullmatch(r"https?://[^/\s]+", str(origin)):
                origins.add(str(origin).lower())
            else:
                raise PortalConfigError(f"{where}: Origin '{origin}' ist ungültig (erwartet z. B. https://example.de)")
        theme = {k: str(v) for k, v in (item.get("theme") or {}).items()}
        for name, colour in theme.items():
            if not _COLOUR.match(colour):
                raise PortalConfigError(f"{where}: Farbe {name}={colour} ist kein #RRGGBB-Wert")
        if {"primary", "on_primary"} <= theme.keys() and _contrast(theme["on_primary"], theme["primary"]) < 4.5:
            raise PortalConfigError(f"{where}: Kontrast on_primary/primary unter 4,5:1 (WCAG AA)")
        privacy_url = str(item.get("privacy_url") or "")
        if privacy_url and not _PRIVACY_URL.match(privacy_url):
            raise PortalConfigError(f"{where}: privacy_url '{privacy_url}' ist ungültig (erwartet https://… oder /pfad)")
        portals[key] = Portal(key, str(item.get("name") or key), frozenset(origins), theme, str(item.get("greeting") or ""),
                              privacy_url)
    return portals
