"""OpenAPI 3.0 description of the public chat API (served at /api/v1/openapi.json)."""
from __future__ import annotations

_ERROR = {"$ref": "#/components/schemas/Error"}
_READY = {"type": "object", "required": ["status", "down", "checks"], "properties": {
    "status": {"type": "string", "enum": ["ready", "not_ready"]},
    "down": {"type": "array", "items": {"type": "string", "enum": ["rasa", "actions", "knowledge_base", "sessions"]}},
    "checks": {"type": "object", "additionalProperties": {"type": "string"}},
    "rasa_replicas": {"type": "array", "description": "Jedes Rasa-Replikat (rasa-1, rasa-2, … in der konfigurierten "
                      "Reihenfolge) mit Zustand und letztem Fehler", "items": {
                          "type": "object", "required": ["name", "state"], "properties": {
                              "name": {"type": "string"}, "state": {"type": "string", "enum": ["up", "down"]},
                              "last_error": {"type": "string", "nullable": True}, "since": {"type": "string"},
                              "checked": {"type": "string", "nullable": True}}}}}}


def _errors(*codes: int) -> dict:
    texts = {400: "Ungültige Anfrage (das Feld wird genannt)", 403: "Unbekannter Portal-Schlüssel oder Origin nicht erlaubt",
             404: "Unbekanntes Gespräch (oder das eines anderen Portals)",
             413: "Nachricht oder Anfrage zu groß", 429: "Zu viele Anfragen oder neue Gespräche; siehe Retry-After",
             503: "Rasa, Action-Server oder Datenbank nicht erreichbar; siehe Retry-After"}
    retry = {"Retry-After": {"required": True, "schema": {"type": "integer"}, "description": "Sekunden bis zum nächsten Versuch"}}
    return {str(c): {"description": texts[c], "content": {"application/json": {"schema": _ERROR}},
                     **({"headers": retry} if c in (429, 503) else {})} for c in codes}


OPENAPI = {
    "openapi": "3.0.3",
    "info": {"title": "Berufslotse Chat API", "version": "1.0.0",
             "description": "Chat mit dem Berufslotsen für Jobsuchende und Karriereportale."},
    "components": {
        "securitySchemes": {"portalKey": {"type": "apiKey", "in": "header", "name": "X-Portal-Key"},
                            "portalKeyQuery": {"type": "apiKey", "in": "query", "name": "portal_key"}},
        "schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                               "field": {"type": "string"}, "retry_after": {"type": "integer"}}}}},
            "Button": {"type": "object", "required": ["title", "payload"],
                       "properties": {"title": {"type": "string"}, "payload": {"type": "string"}}},
            "Chart": {"type": "object", "properties": {
                "type": {"type": "string", "enum": ["salary_ranges"]}, "title": {"type": "string"},
                "unit": {"type": "string"}, "alt": {"type": "string"},
                "bars": {"type": "array", "items": {"type": "object", "properties": {
                    "label": {"type": "string"}, "min": {"type": "number", "nullable": True},
                    "max": {"type": "number", "nullable": True}, "marker": {"type": "number"},
                    "marker_label": {"type": "string"}}}}}},
            "Message": {"type": "object", "required": ["text"], "properties": {
                "text": {"type": "string"}, "buttons": {"type": "array", "items": {"$ref": "#/components/schemas/Button"}},
                "chart": {"$ref": "#/components/schemas/Chart"}}},
        },
    },
    "security": [{"portalKey": []}],
    "paths": {
        "/api/v1/chat": {"post": {
            "summary": "Eine Nachricht senden",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "additionalProperties": False,
                "oneOf": [{"required": ["message"]}, {"required": ["button"]}],
                "properties": {"session_id": {"type": "string", "maxLength": 100,
                                              "description": "Nur eine vom Gateway für dieses Portal ausgegebene ID wird übernommen."},
                               "message": {"type": "string", "minLength": 1, "maxLength": 1000,
                                           "description": "Getippter Text – immer Text, nie ein Intent."},
                               "button": {"type": "string", "maxLength": 100,
                                          "description": "Das 'payload' einer Schnellantwort aus diesem Gespräch "
                                                         "(ein vom Gateway ausgegebenes Token)."}}}}}},
            "description": "Ohne gültige 'session_id' beginnt ein neues Gespräch; neue Gespräche sind je "
                           "Client-Adresse begrenzt (429).",
            "responses": {"200": {"description": "Antworten des Bots", "content": {"application/json": {"schema": {
                "type": "object", "required": ["session_id", "messages"],
                "properties": {"session_id": {"type": "string"},
                               "messages": {"type": "array", "items": {"$ref": "#/components/schemas/Message"}}}}}}},
                **_errors(400, 403, 413, 429, 503)}}},
        "/webhooks/rest/webhook": {"post": {
            "summary": "Rasas REST-Kanal-Format für bestehende REST-Clients",
            "description": "Wie POST /webhooks/rest/webhook bei Rasa. Der Portal-Schlüssel kommt als Kopfzeile "
                           "X-Portal-Key oder als ?portal_key=. 'sender' benennt das Gespräch (pro Portal getrennt, "
                           "am besten eine zufällige ID) und bleibt über einen Neustart des Gateways erhalten; ein "
                           "neuer sender zählt als neues Gespräch. Eine Schnellantwort wird mit ihrem 'payload' "
                           "(einem Token für diesen sender) als 'message' zurückgeschickt.",
            "security": [{"portalKey": []}, {"portalKeyQuery": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "additionalProperties": False, "required": ["sender", "message"],
                "properties": {"sender": {"type": "string", "minLength": 1, "maxLength": 100},
                               "message": {"type": "string", "minLength": 1, "maxLength": 1000,
                                           "description": "Getippter Text (nie ein Intent) oder das payload einer "
                                                          "Schnellantwort aus diesem Gespräch."},
                               "metadata": {"type": "object", "description": "Wird angenommen und ignoriert."}}}}}},
            "responses": {"200": {"description": "Antworten des Bots wie bei Rasa", "headers": {"X-Session-Id": {
                "description": "Die Sitzung des Gateways zu diesem sender (zum Löschen mit DELETE "
                               "/api/v1/sessions/{session_id})", "schema": {"type": "string"}}},
                "content": {"application/json": {
                "schema": {"type": "array", "items": {"type": "object", "required": ["recipient_id"], "properties": {
                    "recipient_id": {"type": "string"}, "text": {"type": "string"},
                    "buttons": {"type": "array", "items": {"$ref": "#/components/schemas/Button"}},
                    "custom": {"type": "object", "properties": {"chart": {"$ref": "#/components/schemas/Chart"}}}}}}}}},
                **_errors(400, 403, 413, 429, 503)}}},
        "/api/v1/portal": {"get": {"summary": "Name, Farben, Begrüßung, Datenschutz-Link und Speicherdauer des Portals",
                                   "responses": {"200": {"description": "Portal-Einstellungen", "content": {
                                       "application/json": {"schema": {"type": "object", "properties": {
                                           "name": {"type": "string"}, "greeting": {"type": "string"},
                                           "theme": {"type": "object", "additionalProperties": {"type": "string"}},
                                           "privacy_url": {"type": "string"},
                                           "retention_days": {"type": "integer", "minimum": 1}}}}}},
                                       **_errors(403)}}},
        "/api/v1/sessions/{session_id}": {"delete": {
            "summary": "Ein Gespräch löschen",
            "description": "Löscht den Verlauf dieses Gesprächs sofort aus dem Tracker-Store und die Sitzung im "
                           "Gateway. Nur das Portal, für das die Sitzung ausgegeben wurde, darf sie löschen.",
            "parameters": [{"name": "session_id", "in": "path", "required": True,
                            "schema": {"type": "string", "minLength": 1, "maxLength": 100}}],
            "responses": {"204": {"description": "Gelöscht"}, **_errors(403, 404, 429, 503)}}},
        "/healthz": {"get": {"summary": "Prozess lebt", "security": [], "responses": {"200": {"description": "ok"}}}},
        "/readyz": {"get": {"summary": "Rasa (je Replikat), Action-Server, Wissensdatenbank und Sitzungsspeicher erreichbar", "security": [],
                            "responses": {
                                "200": {"description": "bereit", "content": {"application/json": {"schema": _READY}}},
                                "503": {"description": "nicht bereit; 'down' nennt die ausgefallenen Teile",
                                        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                                        "content": {"application/json": {"schema": _READY}}}}}},
    },
}
