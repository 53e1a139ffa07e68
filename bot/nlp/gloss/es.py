"""Spanish → German gloss table ('¿Cuánto dura la formación?' → 'wie lange dauert la Ausbildung?');
the engine is bot.nlp.gloss."""
from __future__ import annotations

# Spanish phrase → German words; where matches overlap the longest wins; `\d+` keeps its number.
PHRASES: dict[str, str] = {
    r"m[ií]nim[oa]s?": "Mindest", r"(?:que )?empie(?:zan|cen|zo|za)n? (?:en|el) (\d{4})": r"Ausbildungsbeginn \1",
    r"¿?cu[aá]nto (?:se |puedo |puede |pueden |podría )?(?:gana(?:n|s|r)?|cobra(?:n|s|r)?)": "wie viel verdient",
    r"¿?cu[aá]nto (?:tiempo )?dura(?:n)?": "wie lange dauert", r"¿?cu[aá]nto tiempo": "wie lange",
    r"¿?cu[aá]nto": "wie viel", r"gana(?:n|s|r)?|cobra(?:n|s|r)?": "verdient",
    r"salarios?|sueldos?|remuneración": "Gehalt", r"(?:salario|sueldo) (?:inicial|de entrada)": "Einstiegsgehalt",
    r"al (?:principio|inicio|comienzo|empezar)(?: de (?:su|la|mi) carrera)?|principiantes?|recién (?:titulados?|graduados?)": "Einstieg",
    r"después de (\d+) años": r"nach \1 Jahren", r"después de diez años": "nach 10 Jahren",
    r"después de cinco años": "nach 5 Jahren", r"con (\d+) años de experiencia": r"mit \1 Jahren Berufserfahrung",
    r"(?:en )?el (?:primer|1er) año": "im ersten Lehrjahr", r"(?:en )?el (?:segundo|2º) año": "im zweiten Lehrjahr",
    r"(?:en )?el (?:tercer|3er) año": "im dritten Lehrjahr",
    r"al mes|por mes|mensual(?:es|mente)?": "im Monat", r"al año|por año|anual(?:es|mente)?": "im Jahr",
    r"brutos?": "brutto", r"netos?": "netto", r"media|promedio": "Durchschnitt",
    r"aprendices|aprendiz": "Azubi", r"(?:sueldo|salario|remuneración) de(?:l| un| los) aprendi(?:z|ces)": "Ausbildungsvergütung",
    r"formación(?: profesional)?(?: dual)?|aprendizaje": "Ausbildung",
    r"(?:título|certificado|graduado) escolar|(?:título|estudios) de secundaria|bachillerato": "Schulabschluss",
    r"necesito|hace falta|se necesita": "braucht man",
    r"qu[ée] (?:necesito|hace falta|se necesita)": "was braucht man", r"requisitos?|requerid[oa]s?": "Voraussetzungen",
    r"ex[aá]men(?:es)?|pruebas?": "Prüfung", r"duración|dura(?:n)?": "dauert",
    r"tareas|funciones|qué hace (?:una?|el|la)": "Aufgaben", r"habilidades|competencias|conocimientos": "Kenntnisse",
    r"herramientas|programas informáticos": "Tools", r"idiomas?": "Sprachen",
    r"carrera(?: profesional)?|ascensos?|perspectivas": "Karriere",
    r"formación continua|cursos de perfeccionamiento": "Weiterbildung",
    r"estudios universitarios|universidad|grado universitario|estudiar": "Studium",
    r"cambio de (?:carrera|profesión)|sin formación|reconversión": "Quereinstieg",
    r"horario(?: de trabajo)?|horas (?:por|a la) semana|jornada(?: laboral)?": "Arbeitszeit",
    r"código (?:kldb|de (?:la )?(?:profesión|ocupación))": "Berufskennziffer",
    r"¿?qué es": "was ist", r"¿?qué son": "was sind",
    r"clientes?": "Kunden", r"marketing relacional": "Beziehungsmarketing",
    r"marketing directo|marketing de diálogo": "Dialogmarketing", r"puntos? de contacto": "Kundenkontaktpunkte",
    r"(?:gerente|responsable|director) de marketing (?:online|digital|en línea)": "Online Marketing Manager",
    r"en alemania": "in Deutschland", r"una?": "ein", r"hola|buenos días": "Hallo",
    r"después de (?:la |su |mi )?(?:formación|aprendizaje)": "nach der Ausbildung", r"¿?cu[aá]l(?:es)?": "welche",
    r"para ser|como": "als", r"para": "für", r"después": "nach",
}
# Function words that mark Spanish: bot.answers.language counts them.
WORDS = ("cuánto", "cuanto", "cuánta", "qué", "cuál", "cómo", "el", "los", "las", "un", "una", "del", "al",
         "para", "con", "después", "gana", "necesito", "dura", "en", "hay", "y", "hola", "hablas", "habla", "español",
         "espanol", "puedes", "que", "hace")
