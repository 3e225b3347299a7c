"""The words all pages share, in English and Dutch; a tuple per word, so a missing translation
cannot pass unnoticed. A page's own words live in its module and are handed to `render`."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "overview": ("Overview", "Overzicht"),
    "main_menu": ("Main menu", "Hoofdmenu"),
    "touchpoints": ("Touchpoints", "Contactmomenten"),
    "journey_map": ("Journey map", "Klantreis"),
    "moments": ("Moments", "Momenten"),
    "cases": ("Cases", "Zaken"),
    "settings": ("Settings", "Instellingen"),
    "sign_in": ("Sign in", "Inloggen"),
    "sign_out": ("Sign out", "Uitloggen"),
    "email": ("E-mail address", "E-mailadres"),
    "password": ("Password", "Wachtwoord"),
    "wrong_login": ("Wrong e-mail address or password.", "Verkeerd e-mailadres of wachtwoord."),
    "experiences": ("Experiences", "Ervaringen"),
    "customers": ("Customers", "Klanten"),
    "mean_level": ("Mean level", "Gemiddeld niveau"),
    "at_target": ("At or above target", "Op of boven doel"),
    "daily_delta": ("Since the day before", "Sinds de dag ervoor"),
    "ladder_now": ("Where service stands on the ladder", "Waar de service staat op de ladder"),
    "ladder_time": ("The ladder over time", "De ladder door de tijd"),
    "per_touchpoint": ("Per touchpoint", "Per contactmoment"),
    "touchpoint": ("Touchpoint", "Contactmoment"),
    "channel": ("Channel", "Kanaal"),
    "all": ("All", "Alle"),
    "from": ("From", "Van"),
    "until": ("Until", "Tot"),
    "filter": ("Show", "Toon"),
    "level": ("Level", "Niveau"),
    "share": ("Share", "Aandeel"),
    "period": ("Period", "Periode"),
    "no_data": (
        "No assessed experiences match these filters yet.",
        "Er zijn nog geen beoordeelde ervaringen die bij deze filters passen.",
    ),
    "language": ("Nederlands", "English"),
    "skip": ("Skip to content", "Naar de inhoud"),
    "nps": ("NPS", "NPS"),
    "csat": ("CSAT (share 4-5)", "CSAT (aandeel 4-5)"),
    "ces": ("CES (mean, 1 easy - 7 hard)", "CES (gemiddeld, 1 makkelijk - 7 moeilijk)"),
    "responses": ("responses", "antwoorden"),
}


def say(key: str, language: str) -> str:
    english, dutch = WORDS[key]
    return dutch if language == "nl" else english
