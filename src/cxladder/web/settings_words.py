"""The Settings pages' own words, English and Dutch. Messages with {placeholders} are filled in
by the page after the language is chosen."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    # -- tabs and headings
    "settings_sections": ("Settings sections", "Onderdelen van de instellingen"),
    "tab_touchpoints": ("Touchpoints", "Contactmomenten"),
    "tab_promise": ("Brand promise", "Merkbelofte"),
    "tab_people": ("Users and API keys", "Gebruikers en API-sleutels"),
    "tab_collection": ("Collection", "Verzamelen"),
    "read_only": (
        "You can read these settings; only an admin can change them.",
        "Je kunt deze instellingen lezen; alleen een beheerder kan ze wijzigen.",
    ),
    "settings_intro": (
        "What cxladder knows about your organisation and how feedback reaches it.",
        "Wat cxladder van je organisatie weet en hoe feedback binnenkomt.",
    ),
    "count_touchpoints": ("touchpoints", "contactmomenten"),
    "count_users": ("users", "gebruikers"),
    "count_keys": ("active API keys", "actieve API-sleutels"),
    "count_webhooks": ("webhooks", "webhooks"),
    "no_promise_yet": ("No brand promise stated yet.", "Nog geen merkbelofte vastgelegd."),
    # -- touchpoints
    "key": ("Key", "Sleutel"),
    "name": ("Name", "Naam"),
    "stage": ("Journey stage", "Fase in de klantreis"),
    "target_level": ("Target level", "Doelniveau"),
    "expectations": ("Expectations", "Verwachtingen"),
    "owner": ("Owner", "Eigenaar"),
    "edit": ("Edit", "Wijzigen"),
    "edit_touchpoint": ("Edit touchpoint", "Contactmoment wijzigen"),
    "add_touchpoint": ("Add a touchpoint", "Contactmoment toevoegen"),
    "save": ("Save", "Opslaan"),
    "cancel": ("Back to the list", "Terug naar de lijst"),
    "no_touchpoints": ("No touchpoints yet.", "Nog geen contactmomenten."),
    "key_hint": (
        "Letters, digits, '-', '_' and '.'; it cannot change later.",
        "Letters, cijfers, '-', '_' en '.'; dit kan later niet meer veranderen.",
    ),
    "fact": ("Fact", "Gegeven"),
    "expected": ("Expected", "Verwacht"),
    "unacceptable": ("Unacceptable", "Onacceptabel"),
    "higher_is_better": ("Higher is better", "Hoger is beter"),
    "expectation_row": ("Expectation {n}", "Verwachting {n}"),
    "expectations_hint": (
        "For example wait_minutes: expected 5, unacceptable 20. Clear the fact to remove a row.",
        "Bijvoorbeeld wait_minutes: verwacht 5, onacceptabel 20. Maak het gegeven leeg om een "
        "rij te verwijderen.",
    ),
    "fix_below": (
        "Not saved: please correct the fields marked below.",
        "Niet opgeslagen: verbeter de velden die hieronder gemarkeerd zijn.",
    ),
    # -- promise
    "statement": ("Promise statement", "Belofte"),
    "values": ("Values (one per line)", "Waarden (één per regel)"),
    "default_target": ("Default target level", "Standaard doelniveau"),
    "targets_per_touchpoint": ("Target per touchpoint", "Doel per contactmoment"),
    "own_target": ("The touchpoint's own ({level})", "Dat van het contactmoment ({level})"),
    "shortfall": ("Where delivery falls short of the promise", "Waar de uitvoering tekortschiet"),
    "shortfall_hint": (
        "Mean level of the assessed experiences against the promised level, furthest first.",
        "Gemiddeld niveau van de beoordeelde ervaringen tegen het beloofde niveau, grootste "
        "achterstand eerst.",
    ),
    "counting": (
        "Counting the levels per touchpoint; this part fills in by itself in a moment.",
        "De niveaus per contactmoment worden geteld; dit deel vult zich zo vanzelf.",
    ),
    "promised": ("Promised", "Beloofd"),
    "gap": ("Levels short", "Niveaus tekort"),
    "kept": ("Kept", "Waargemaakt"),
    "yes": ("yes", "ja"),
    "no": ("no", "nee"),
    "no_experiences": ("no assessed experiences", "geen beoordeelde ervaringen"),
    # -- people and keys
    "users": ("Users", "Gebruikers"),
    "role_admin": ("admin", "beheerder"),
    "role_analyst": ("analyst", "analist"),
    "role_agent": ("agent", "medewerker"),
    "role_collector": ("collector", "verzamelaar"),
    "email": ("E-mail address", "E-mailadres"),
    "role": ("Role", "Rol"),
    "created": ("Created", "Aangemaakt"),
    "status": ("Status", "Status"),
    "active": ("active", "actief"),
    "disabled": ("disabled", "uitgeschakeld"),
    "revoked": ("revoked {when}", "ingetrokken {when}"),
    "disable": ("Disable", "Uitschakelen"),
    "enable": ("Enable", "Inschakelen"),
    "add_user": ("Add a user", "Gebruiker toevoegen"),
    "password": ("Password (at least 12 characters)", "Wachtwoord (minstens 12 tekens)"),
    "api_keys": ("API keys", "API-sleutels"),
    "key_prefix": ("Begins with", "Begint met"),
    "last_used": ("Last used", "Laatst gebruikt"),
    "not_tracked": ("not recorded", "niet bijgehouden"),
    "create_key": ("Create a key", "Sleutel aanmaken"),
    "key_name_hint": (
        "Who or what uses it, e.g. 'website' or 'kassa filiaal Utrecht'.",
        "Wie of wat hem gebruikt, bijvoorbeeld 'website' of 'kassa filiaal Utrecht'.",
    ),
    "revoke": ("Revoke", "Intrekken"),
    "new_key": ("Your new API key", "Je nieuwe API-sleutel"),
    "shown_once": (
        "Copy it now: it is shown this once and only its hash is kept.",
        "Kopieer hem nu: hij wordt alleen deze keer getoond en alleen de hash wordt bewaard.",
    ),
    "copy": ("Copy", "Kopiëren"),
    "copied": ("Copied to the clipboard.", "Gekopieerd naar het klembord."),
    "copy_failed": (
        "Copying did not work; select the text and copy it yourself.",
        "Kopiëren lukte niet; selecteer de tekst en kopieer hem zelf.",
    ),
    "no_keys": ("No API keys yet.", "Nog geen API-sleutels."),
    "you": ("you", "jij"),
    "confirm_revoke": (
        "Revoke this key? Whatever uses it stops working at once.",
        "Deze sleutel intrekken? Wat hem gebruikt, werkt direct niet meer.",
    ),
    "confirm_disable": (
        "Disable this user? They are signed out at once.",
        "Deze gebruiker uitschakelen? Hij of zij wordt direct uitgelogd.",
    ),
    "confirm_remove": (
        "Remove this webhook? Nothing more is sent to it.",
        "Deze webhook verwijderen? Er wordt niets meer naartoe gestuurd.",
    ),
    # -- collection
    "widget": ("Feedback widget for your web site", "Feedbackwidget voor je website"),
    "widget_hint": (
        "Paste this into the page where customers should give feedback.",
        "Plak dit in de pagina waar klanten feedback moeten kunnen geven.",
    ),
    "question": ("Question", "Vraag"),
    "q_nps": ("Recommend (NPS, 0-10)", "Aanbevelen (NPS, 0-10)"),
    "q_csat": ("Satisfaction (CSAT, 1-5)", "Tevredenheid (CSAT, 1-5)"),
    "q_ces": ("Effort (CES, 1-7)", "Moeite (CES, 1-7)"),
    "show_snippet": ("Show the snippet", "Toon de code"),
    "snippet": ("Snippet", "Code"),
    "snippet_needs_key": (
        "The snippet needs a collector key in place of cxl_PASTE_A_COLLECTOR_KEY. Create one "
        "for it here; it is put into the snippet and shown this once.",
        "De code heeft een verzamelsleutel nodig in plaats van cxl_PASTE_A_COLLECTOR_KEY. Maak "
        "er hier een voor aan; hij wordt in de code gezet en alleen deze keer getoond.",
    ),
    "snippet_has_key": (
        "This snippet holds a new collector key, shown this once: copy the snippet now.",
        "Deze code bevat een nieuwe verzamelsleutel die alleen nu getoond wordt: kopieer de "
        "code nu.",
    ),
    "create_collector_key": (
        "Create a collector key for this snippet",
        "Maak een verzamelsleutel voor deze code",
    ),
    "origins": ("Web sites allowed to embed the widget", "Websites die de widget mogen tonen"),
    "origins_label": ("Origins (one per line)", "Origins (één per regel)"),
    "origins_hint": (
        "Scheme and host only, e.g. https://www.example.nl",
        "Alleen schema en host, bijvoorbeeld https://www.example.nl",
    ),
    "no_origins": (
        "No web site may embed the widget yet.",
        "Nog geen enkele website mag de widget tonen.",
    ),
    "add_origin_below": ("Add its origin below.", "Voeg hieronder de origin toe."),
    "survey_link": ("Survey link for a QR code", "Enquêtelink voor een QR-code"),
    "qr_of": ("QR code of the survey link", "QR-code van de enquêtelink"),
    "qr_download": ("Download the QR code (PNG)", "QR-code downloaden (PNG)"),
    "open_survey": (
        "Open the survey as a customer sees it",
        "Open de enquête zoals de klant hem ziet",
    ),
    "delivery_pending": ("waiting to retry", "wacht op nieuwe poging"),
    "delivery_delivered": ("delivered", "afgeleverd"),
    "delivery_failed": ("failed", "mislukt"),
    "channel_store": ("store", "winkel"),
    "channel_web": ("web", "web"),
    "channel_app": ("app", "app"),
    "channel_phone": ("phone", "telefoon"),
    "channel_email": ("e-mail", "e-mail"),
    "channel_partner": ("partner", "partner"),
    "channel_on-site": ("on site", "ter plaatse"),
    "survey_hint": (
        "A link that works many times, for a QR code on a table, a receipt or a counter.",
        "Een link die vaak werkt, voor een QR-code op tafel, op de bon of bij de balie.",
    ),
    "webhooks": ("Webhooks", "Webhooks"),
    "webhooks_hint": (
        "Experiences at the chosen levels are sent to the URL, signed with X-Cxladder-Signature.",
        "Ervaringen op de gekozen niveaus worden naar de URL gestuurd, ondertekend met "
        "X-Cxladder-Signature.",
    ),
    "url": ("URL", "URL"),
    "levels": ("Levels", "Niveaus"),
    "add_webhook": ("Add a webhook", "Webhook toevoegen"),
    "remove": ("Remove", "Verwijderen"),
    "no_webhooks": ("No webhooks yet.", "Nog geen webhooks."),
    "new_webhook_secret": ("Signing secret of the new webhook", "Ondertekengeheim van de webhook"),
    "deliveries": ("Recent deliveries", "Recente afleveringen"),
    "no_deliveries": ("Nothing delivered yet.", "Nog niets afgeleverd."),
    "event": ("Event", "Gebeurtenis"),
    "attempts": ("Attempts", "Pogingen"),
    "response": ("Response", "Antwoord"),
    "delivered": ("Delivered", "Afgeleverd"),
    # -- notices after a change
    "notice_touchpoint_saved": ("Touchpoint saved.", "Contactmoment opgeslagen."),
    "notice_promise_saved": ("Brand promise saved.", "Merkbelofte opgeslagen."),
    "notice_user_added": ("User added.", "Gebruiker toegevoegd."),
    "notice_user_disabled": ("User disabled.", "Gebruiker uitgeschakeld."),
    "notice_user_enabled": ("User enabled.", "Gebruiker ingeschakeld."),
    "notice_key_created": ("API key created.", "API-sleutel aangemaakt."),
    "notice_key_revoked": ("API key revoked.", "API-sleutel ingetrokken."),
    "notice_origins_saved": ("Allowed web sites saved.", "Toegestane websites opgeslagen."),
    "notice_webhook_added": ("Webhook added.", "Webhook toegevoegd."),
    "notice_webhook_removed": ("Webhook removed.", "Webhook verwijderd."),
    # -- validation messages
    "err_required": ("Fill this in.", "Vul dit in."),
    "err_too_long": ("Use at most {n} characters.", "Gebruik hoogstens {n} tekens."),
    "err_key_format": (
        "Use letters, digits, '-', '_' or '.', starting with a letter or digit.",
        "Gebruik letters, cijfers, '-', '_' of '.', beginnend met een letter of cijfer.",
    ),
    "err_key_taken": (
        "A touchpoint with key '{key}' exists already; choose another key or edit that one.",
        "Er is al een contactmoment met sleutel '{key}'; kies een andere of wijzig dat.",
    ),
    "err_channel": ("Choose one of the channels in the list.", "Kies een kanaal uit de lijst."),
    "err_level": (
        "'{value}' is not a level; choose 1 (Criminal) to 6 (Unbelievable).",
        "'{value}' is geen niveau; kies 1 (Crimineel) tot en met 6 (Ongelooflijk).",
    ),
    "err_fact_format": (
        "Name the fact in lower case with '_', e.g. wait_minutes.",
        "Noem het gegeven in kleine letters met '_', bijvoorbeeld wait_minutes.",
    ),
    "err_fact_twice": ("'{fact}' is listed twice.", "'{fact}' staat er twee keer."),
    "err_number": (
        "'{value}' is not a number; write e.g. 5 or 7.5.",
        "'{value}' is geen getal; schrijf bijvoorbeeld 5 of 7,5.",
    ),
    "err_worse": (
        "Unacceptable must be worse than expected: above it, or below it when higher is better.",
        "Onacceptabel moet slechter zijn dan verwacht: erboven, of eronder als hoger beter is.",
    ),
    "err_too_many": ("List at most {n}.", "Noem er hoogstens {n}."),
    "err_email": (
        "'{value}' is not an e-mail address.",
        "'{value}' is geen e-mailadres.",
    ),
    "err_email_taken": (
        "A user with this e-mail address exists already.",
        "Er is al een gebruiker met dit e-mailadres.",
    ),
    "err_password": (
        "Use at least 12 characters.",
        "Gebruik minstens 12 tekens.",
    ),
    "err_role": ("Choose one of the roles in the list.", "Kies een rol uit de lijst."),
    "err_origin": (
        "'{value}' is not an origin; write it like https://www.example.nl (no path).",
        "'{value}' is geen origin; schrijf het als https://www.example.nl (zonder pad).",
    ),
    "err_url": (
        "The URL must start with http:// or https://.",
        "De URL moet beginnen met http:// of https://.",
    ),
    "err_levels": ("Choose at least one level.", "Kies minstens één niveau."),
    "err_self": (
        "You cannot disable yourself; ask another admin.",
        "Je kunt jezelf niet uitschakelen; vraag een andere beheerder.",
    ),
}


def say_in(language: str, word: str, /, **values: object) -> str:
    english, dutch = WORDS[word]
    text = dutch if language == "nl" else english
    return text.format(**values) if values else text
