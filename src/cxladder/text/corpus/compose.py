"""Writes feedback.csv: the project's own labelled bilingual feedback corpus.

Every sentence fragment below was written for cxladder. A comment is composed from a clause
that places it on the ladder (its level), optionally an aspect clause whose polarity fits that
level, and optionally a closing remark, so the corpus covers every level x aspect x language
with varied wording, negation ('niet slecht', 'not bad at all') and sarcasm ('Great, another
forty minutes in the queue'). Run `python -m cxladder.text.corpus.compose` to regenerate; the
output is deterministic.

Columns: text, language, level (1..6), aspects ('staff:positive;waiting:negative').
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

__all__ = ["CORPUS_PATH", "compose"]

CORPUS_PATH = Path(__file__).with_name("feedback.csv")

# (text, aspects) per level per language. Aspects are 'aspect:polarity' joined by ';'.
Clause = tuple[str, str]

LEVEL_CLAUSES: dict[str, dict[int, list[Clause]]] = {
    "en": {
        1: [
            (
                "They lost our reservation and nobody even apologised",
                "reservation:negative;staff:negative",
            ),
            ("We sat for twenty minutes without a menu", "waiting:negative;staff:negative"),
            ("The waiter was downright rude to my mother", "staff:negative"),
            ("I got food poisoning after the fish", "quality:negative"),
            ("They charged my card twice and refused to refund it", "payment:negative"),
            ("Never again, this was the worst evening out in years", ""),
            (
                "There was a hair in the soup and the manager shrugged",
                "quality:negative;staff:negative",
            ),
            ("An hour on hold and then they hung up on me", "effort:negative;waiting:negative"),
            ("The toilets were filthy and the table was sticky", "ambience:negative"),
            ("Great, another forty minutes in the queue. Just what I needed", "waiting:negative"),
            ("Lovely, the staff ignored us all night. Really lovely", "staff:negative"),
            ("I was yelled at for asking where my order was", "staff:negative;waiting:negative"),
            ("They would not even let us in although we had booked", "reservation:negative"),
            ("Wonderful service, if you enjoy being treated like a nuisance", "staff:negative"),
            ("The steak was raw, cold and inedible", "quality:negative"),
            ("I emailed five times and nobody ever answered", "effort:negative"),
            (
                "We were overcharged and the manager called us liars",
                "payment:negative;staff:negative",
            ),
            ("Not even a glass of water in ninety minutes", "waiting:negative;staff:negative"),
            ("Absolutely unacceptable, I want my money back", "price:negative"),
            ("Avoid this place, it is a scam", "price:negative"),
        ],
        2: [
            ("Meh, it was okay I guess", ""),
            ("Nothing special, a five out of ten", ""),
            ("The food was a bit greasy and lukewarm", "quality:negative"),
            ("Nobody greeted us when we came in", "staff:negative"),
            ("Service was slow but not terrible", "waiting:negative"),
            ("It was fine-ish, probably not coming back", ""),
            ("The fries were soggy and the burger average", "quality:negative"),
            ("A bit pricey for what you get", "price:negative"),
            ("The room was noisy and a little cramped", "ambience:negative"),
            ("Not great, not awful either", ""),
            ("Could be better, the waiter seemed bored", "staff:negative"),
            (
                "Paying took ages because the card machine kept failing",
                "payment:negative;waiting:negative",
            ),
            (
                "The website made booking harder than it should be",
                "reservation:negative;effort:negative",
            ),
            ("Mediocre pasta, forgettable sauce", "quality:negative"),
            ("So-so coffee, nothing to write home about", "quality:negative"),
            ("We waited a while before anyone took our order", "waiting:negative"),
            (
                "Okay food, but the staff looked like they would rather be elsewhere",
                "quality:neutral;staff:negative",
            ),
            ("I had to ask twice for the bill", "payment:negative;effort:negative"),
        ],
        3: [
            ("Good food, friendly service, exactly as expected", "quality:positive;staff:positive"),
            ("Everything was fine, no complaints", ""),
            ("The kitchen was quick and the pasta was decent", "waiting:positive;quality:positive"),
            ("Solid meal at a fair price", "quality:positive;price:positive"),
            ("Booking online was easy and the table was ready", "reservation:positive"),
            ("Paid by card, no problems at all", "payment:positive"),
            ("Not bad at all, just what I expected", ""),
            ("The staff were polite and the room was clean", "staff:positive;ambience:positive"),
            ("Food arrived quickly and tasted good", "waiting:positive;quality:positive"),
            ("A decent place for a quick lunch", "quality:positive"),
            ("Nice enough, did the job", ""),
            ("The waitress was friendly and efficient", "staff:positive"),
            ("Reasonable prices and fresh ingredients", "price:positive;quality:positive"),
            ("All good, as always", ""),
            ("The phone was answered straight away and my question was sorted", "effort:positive"),
            ("Pleasant atmosphere, nothing out of the ordinary", "ambience:positive"),
            ("Nothing wrong with it, fine for a weekday dinner", ""),
        ],
        4: [
            ("The waiter took our coats and there was free bread without asking", "staff:positive"),
            ("They brought a little amuse on the house", "staff:positive;quality:positive"),
            ("Our glasses were refilled before we even noticed", "staff:positive"),
            (
                "They offered us a window table as a small treat",
                "reservation:positive;staff:positive",
            ),
            ("The chef came out to check on us", "staff:positive"),
            ("A complimentary coffee after the meal, nice touch", "staff:positive;price:positive"),
            (
                "They moved our booking to an earlier time without any fuss",
                "reservation:positive;effort:positive",
            ),
            ("Someone helped carry my shopping to the car", "staff:positive"),
            ("The desserts were better than they needed to be", "quality:positive"),
            ("They split the bill for us without being asked", "payment:positive"),
            (
                "A thoughtful extra: a blanket on the terrace when it got chilly",
                "ambience:positive;staff:positive",
            ),
            ("The waitress went the extra mile with the allergy questions", "staff:positive"),
            (
                "Little extras everywhere, water for the dog, crayons for the kids",
                "staff:positive;ambience:positive",
            ),
            ("Not just friendly but genuinely attentive", "staff:positive"),
            ("We got a free refill and a smile", "staff:positive;price:positive"),
            ("They called back within ten minutes as promised", "effort:positive;waiting:positive"),
        ],
        5: [
            (
                "There was a card on the table with our name on it",
                "recognition:positive;reservation:positive",
            ),
            (
                "They remembered my usual order from last month",
                "recognition:positive;staff:positive",
            ),
            (
                "My broken watch was replaced without a receipt",
                "recognition:positive;effort:positive",
            ),
            (
                "The owner recognised us and asked about our trip",
                "recognition:positive;staff:positive",
            ),
            ("I did not expect a handwritten thank-you note", "recognition:positive"),
            ("They knew my allergy before I said a word", "recognition:positive;staff:positive"),
            ("A personal surprise, we will come back again and again", "recognition:positive"),
            (
                "The manager personally called to make things right",
                "recognition:positive;effort:positive",
            ),
            (
                "They kept my favourite table free without me asking",
                "recognition:positive;reservation:positive",
            ),
            (
                "The sommelier remembered which wine I liked last time",
                "recognition:positive;staff:positive",
            ),
            (
                "They went out of their way to find the dish my son loves",
                "recognition:positive;quality:positive",
            ),
            (
                "The bill came with a personal note and a discount I never asked for",
                "recognition:positive;payment:positive",
            ),
            ("I was surprised they remembered my name after one visit", "recognition:positive"),
            ("Beyond what I expected, they made it feel personal", "recognition:positive"),
        ],
        6: [
            (
                "They asked about the occasion and welcomed us with prosecco "
                "for our 25th anniversary",
                "recognition:positive;staff:positive",
            ),
            (
                "The whole team sang for my birthday, I was speechless",
                "recognition:positive;staff:positive",
            ),
            ("Best experience of my life, I am telling everyone", ""),
            ("Legendary service, this should go viral", "staff:positive"),
            (
                "Champagne, a cake with our names and a table full of roses for our anniversary",
                "recognition:positive;quality:positive",
            ),
            ("Unforgettable evening, everything tuned to us", "recognition:positive"),
            (
                "I had tears in my eyes, they made our wedding day magical",
                "recognition:positive;staff:positive",
            ),
            (
                "Unbelievable, they drove the forgotten cake to our house for the birthday",
                "recognition:positive;effort:positive",
            ),
            ("Told all my friends, this was beyond anything I have seen", ""),
            (
                "The best ever, they turned a bad day into the highlight of the year",
                "recognition:positive",
            ),
            (
                "They remembered our anniversary from last year and surprised us again",
                "recognition:positive",
            ),
            (
                "Truly above and beyond, a magical birthday dinner",
                "recognition:positive;quality:positive",
            ),
        ],
    },
    "nl": {
        1: [
            (
                "Onze reservering was kwijt en niemand bood excuses aan",
                "reservation:negative;staff:negative",
            ),
            (
                "Twintig minuten zonder menukaart aan tafel gezeten",
                "waiting:negative;staff:negative",
            ),
            ("De ober was ronduit onbeschoft tegen mijn moeder", "staff:negative"),
            ("Na de vis voedselvergiftiging opgelopen", "quality:negative"),
            (
                "Twee keer afgeschreven van mijn pas en ze weigerden terug te betalen",
                "payment:negative",
            ),
            ("Hier kom ik nooit meer, de slechtste avond in jaren", ""),
            (
                "Een haar in de soep en de manager haalde zijn schouders op",
                "quality:negative;staff:negative",
            ),
            ("Een uur in de wacht en toen werd er opgehangen", "effort:negative;waiting:negative"),
            ("De toiletten waren smerig en de tafel plakte", "ambience:negative"),
            (
                "Lekker hoor, weer veertig minuten in de rij. Precies wat ik nodig had",
                "waiting:negative",
            ),
            ("Geweldig, het personeel negeerde ons de hele avond. Echt geweldig", "staff:negative"),
            (
                "Ik werd uitgescholden omdat ik vroeg waar mijn bestelling bleef",
                "staff:negative;waiting:negative",
            ),
            (
                "We mochten niet eens naar binnen terwijl we gereserveerd hadden",
                "reservation:negative",
            ),
            (
                "Topservice, als je het leuk vindt om als lastpak behandeld te worden",
                "staff:negative",
            ),
            ("De biefstuk was rauw, koud en oneetbaar", "quality:negative"),
            ("Vijf keer gemaild en nooit antwoord gekregen", "effort:negative"),
            (
                "Te veel afgerekend en de manager noemde ons leugenaars",
                "payment:negative;staff:negative",
            ),
            (
                "In anderhalf uur niet eens een glas water gekregen",
                "waiting:negative;staff:negative",
            ),
            ("Schandalig, ik wil mijn geld terug", "price:negative"),
            ("Blijf weg bij deze zaak, het is oplichting", "price:negative"),
        ],
        2: [
            ("Mwoah, wel oké denk ik", ""),
            ("Niks bijzonders, een vijfje", ""),
            ("Het eten was wat vet en lauw", "quality:negative"),
            ("Niemand begroette ons bij binnenkomst", "staff:negative"),
            ("Bediening was traag maar niet dramatisch", "waiting:negative"),
            ("Het ging wel, waarschijnlijk kom ik niet terug", ""),
            ("De friet was slap en de burger middelmatig", "quality:negative"),
            ("Beetje prijzig voor wat je krijgt", "price:negative"),
            ("Het was rumoerig en een beetje krap", "ambience:negative"),
            ("Niet geweldig, ook niet slecht", ""),
            ("Kan beter, de ober leek zich te vervelen", "staff:negative"),
            (
                "Afrekenen duurde lang omdat het pinapparaat steeds haperde",
                "payment:negative;waiting:negative",
            ),
            (
                "Reserveren via de website was onnodig ingewikkeld",
                "reservation:negative;effort:negative",
            ),
            ("Matige pasta, saus niet om over naar huis te schrijven", "quality:negative"),
            ("Koffie was zozo, niets bijzonders", "quality:negative"),
            ("We moesten een tijd wachten voor iemand de bestelling opnam", "waiting:negative"),
            (
                "Eten was oké, maar het personeel had duidelijk geen zin",
                "quality:neutral;staff:negative",
            ),
            ("Ik moest twee keer om de rekening vragen", "payment:negative;effort:negative"),
        ],
        3: [
            (
                "Lekker eten, vriendelijke bediening, precies zoals verwacht",
                "quality:positive;staff:positive",
            ),
            ("Alles prima, geen klachten", ""),
            ("De keuken was snel en de pasta was goed", "waiting:positive;quality:positive"),
            ("Degelijke maaltijd voor een eerlijke prijs", "quality:positive;price:positive"),
            ("Online reserveren ging makkelijk en de tafel stond klaar", "reservation:positive"),
            ("Met de pin betaald, geen enkel probleem", "payment:positive"),
            ("Niet slecht, gewoon wat ik verwachtte", ""),
            ("Het personeel was beleefd en het was er schoon", "staff:positive;ambience:positive"),
            ("Het eten kwam snel en smaakte goed", "waiting:positive;quality:positive"),
            ("Prima adres voor een snelle lunch", "quality:positive"),
            ("Netjes, het deed wat het moest doen", ""),
            ("De serveerster was vriendelijk en vlot", "staff:positive"),
            ("Redelijke prijzen en verse producten", "price:positive;quality:positive"),
            ("Alles in orde, zoals altijd", ""),
            (
                "De telefoon werd meteen opgenomen en mijn vraag was snel opgelost",
                "effort:positive",
            ),
            ("Gezellige sfeer, verder niets bijzonders", "ambience:positive"),
            ("Niets op aan te merken, prima voor een doordeweekse avond", ""),
        ],
        4: [
            (
                "De ober nam onze jassen aan en er stond gratis brood op tafel "
                "zonder dat we erom vroegen",
                "staff:positive",
            ),
            ("Ze brachten een amuse van het huis", "staff:positive;quality:positive"),
            ("Onze glazen werden bijgeschonken voor we het doorhadden", "staff:positive"),
            (
                "Als extraatje kregen we een tafel bij het raam",
                "reservation:positive;staff:positive",
            ),
            ("De kok kwam even vragen of alles naar wens was", "staff:positive"),
            ("Gratis koffie na het eten, leuk gebaar", "staff:positive;price:positive"),
            (
                "Ze verzetten onze reservering zonder gedoe naar een eerder tijdstip",
                "reservation:positive;effort:positive",
            ),
            ("Een medewerker hielp mijn boodschappen naar de auto te dragen", "staff:positive"),
            ("De desserts waren net iets beter dan nodig", "quality:positive"),
            ("Ze splitsten de rekening zonder dat we het vroegen", "payment:positive"),
            (
                "Attent: een dekentje op het terras toen het fris werd",
                "ambience:positive;staff:positive",
            ),
            ("De serveerster deed extra moeite met onze allergievragen", "staff:positive"),
            (
                "Overal kleine extraatjes, water voor de hond, kleurplaten voor de kinderen",
                "staff:positive;ambience:positive",
            ),
            ("Niet alleen vriendelijk maar echt attent", "staff:positive"),
            ("We kregen gratis bijgeschonken en een glimlach", "staff:positive;price:positive"),
            (
                "Ze belden binnen tien minuten terug zoals beloofd",
                "effort:positive;waiting:positive",
            ),
        ],
        5: [
            (
                "Er stond een bordje met onze naam op tafel",
                "recognition:positive;reservation:positive",
            ),
            ("Ze wisten nog wat ik vorige maand bestelde", "recognition:positive;staff:positive"),
            (
                "Mijn kapotte horloge werd vervangen zonder bonnetje",
                "recognition:positive;effort:positive",
            ),
            (
                "De eigenaar herkende ons en vroeg naar onze reis",
                "recognition:positive;staff:positive",
            ),
            ("Een handgeschreven bedankkaartje, dat had ik niet verwacht", "recognition:positive"),
            (
                "Ze kenden mijn allergie al voordat ik iets zei",
                "recognition:positive;staff:positive",
            ),
            ("Een persoonlijke verrassing, wij komen keer op keer terug", "recognition:positive"),
            (
                "De manager belde zelf persoonlijk om het goed te maken",
                "recognition:positive;effort:positive",
            ),
            (
                "Ze hielden mijn vaste tafel vrij zonder dat ik het vroeg",
                "recognition:positive;reservation:positive",
            ),
            (
                "De sommelier wist nog welke wijn ik de vorige keer lekker vond",
                "recognition:positive;staff:positive",
            ),
            (
                "Ze deden moeite om het lievelingsgerecht van mijn zoon te maken",
                "recognition:positive;quality:positive",
            ),
            (
                "Bij de rekening een persoonlijk briefje en korting waar ik niet om vroeg",
                "recognition:positive;payment:positive",
            ),
            ("Verrast dat ze na één bezoek mijn naam nog wisten", "recognition:positive"),
            ("Meer dan verwacht, ze maakten het echt persoonlijk", "recognition:positive"),
        ],
        6: [
            (
                "Ze vroegen naar de gelegenheid en ontvingen ons met prosecco "
                "voor 25 jaar getrouwd",
                "recognition:positive;staff:positive",
            ),
            (
                "Het hele team zong voor mijn verjaardag, ik was sprakeloos",
                "recognition:positive;staff:positive",
            ),
            ("Beste ervaring van mijn leven, ik vertel het aan iedereen", ""),
            ("Legendarische service, dit moet viral gaan", "staff:positive"),
            (
                "Champagne, een taart met onze namen en rozen op tafel voor ons jubileum",
                "recognition:positive;quality:positive",
            ),
            ("Onvergetelijke avond, alles op ons afgestemd", "recognition:positive"),
            (
                "Ik kreeg tranen in mijn ogen, ze maakten onze trouwdag magisch",
                "recognition:positive;staff:positive",
            ),
            (
                "Ongelooflijk, ze brachten de vergeten taart voor de verjaardag naar ons huis",
                "recognition:positive;effort:positive",
            ),
            ("Al mijn vrienden erover verteld, dit heb ik nog nooit meegemaakt", ""),
            (
                "De beste ooit, ze maakten van een rotdag het hoogtepunt van het jaar",
                "recognition:positive",
            ),
            (
                "Ze wisten ons jubileum van vorig jaar nog en verrasten ons opnieuw",
                "recognition:positive",
            ),
            (
                "Echt alles overtroffen, een magisch verjaardagsdiner",
                "recognition:positive;quality:positive",
            ),
        ],
    },
}

# Aspect clauses that may follow a level clause, by polarity.
ASPECT_CLAUSES: dict[str, dict[str, list[Clause]]] = {
    "en": {
        "negative": [
            ("the waiter never came back", "staff:negative"),
            ("the queue at opening was endless", "waiting:negative"),
            ("the soup was cold", "quality:negative"),
            ("way too expensive", "price:negative"),
            ("the place was dirty", "ambience:negative"),
            ("the booking system messed up", "reservation:negative"),
            ("the bill was wrong", "payment:negative"),
            ("it took three calls to get help", "effort:negative"),
            ("the food was not good at all", "quality:negative"),
            ("the staff were not friendly", "staff:negative"),
        ],
        "neutral": [
            ("we came for lunch", ""),
            ("we ordered the set menu", "quality:neutral"),
            ("we paid at the counter", "payment:neutral"),
            ("we had booked a table for four", "reservation:neutral"),
            ("it was a Tuesday evening", ""),
        ],
        "positive": [
            ("the staff were lovely", "staff:positive"),
            ("no waiting at all", "waiting:positive"),
            ("the food was delicious", "quality:positive"),
            ("great value for money", "price:positive"),
            ("the room was cosy and clean", "ambience:positive"),
            ("booking was a breeze", "reservation:positive"),
            ("paying was quick", "payment:positive"),
            ("help was one click away", "effort:positive"),
            ("the prices were not bad at all", "price:positive"),
            ("the coffee was not bad", "quality:positive"),
        ],
    },
    "nl": {
        "negative": [
            ("de ober kwam nooit meer terug", "staff:negative"),
            ("de rij bij opening was eindeloos", "waiting:negative"),
            ("de soep was koud", "quality:negative"),
            ("veel te duur", "price:negative"),
            ("het was er vies", "ambience:negative"),
            ("het reserveringssysteem ging de mist in", "reservation:negative"),
            ("de rekening klopte niet", "payment:negative"),
            ("pas na drie telefoontjes werd ik geholpen", "effort:negative"),
            ("het eten was helemaal niet lekker", "quality:negative"),
            ("het personeel was niet vriendelijk", "staff:negative"),
        ],
        "neutral": [
            ("we kwamen voor de lunch", ""),
            ("we namen het dagmenu", "quality:neutral"),
            ("we betaalden aan de kassa", "payment:neutral"),
            ("we hadden een tafel voor vier gereserveerd", "reservation:neutral"),
            ("het was een dinsdagavond", ""),
        ],
        "positive": [
            ("het personeel was allerliefst", "staff:positive"),
            ("helemaal geen wachttijd", "waiting:positive"),
            ("het eten was heerlijk", "quality:positive"),
            ("prima prijs-kwaliteitverhouding", "price:positive"),
            ("het was er gezellig en schoon", "ambience:positive"),
            ("reserveren ging heel makkelijk", "reservation:positive"),
            ("betalen ging vlot", "payment:positive"),
            ("hulp was snel geregeld", "effort:positive"),
            ("de prijzen waren niet slecht", "price:positive"),
            ("de koffie was helemaal niet verkeerd", "quality:positive"),
        ],
    },
}

CLOSERS: dict[str, dict[int, list[str]]] = {
    "en": {
        1: ["Never again.", "Avoid.", "Shameful.", "I want a refund.", ""],
        2: ["Meh.", "Five out of ten.", "Probably not again.", ""],
        3: ["Fine.", "Would go again if nearby.", "As expected.", ""],
        4: ["Nice touch!", "Small things matter.", "A little more than expected.", ""],
        5: ["We will be back again and again.", "So personal!", "What a surprise.", ""],
        6: ["Telling everyone!", "Legendary.", "Unbelievable!", ""],
    },
    "nl": {
        1: ["Nooit meer.", "Blijf weg.", "Schandalig.", "Ik wil mijn geld terug.", ""],
        2: ["Mwah.", "Een vijfje.", "Waarschijnlijk niet meer.", ""],
        3: ["Prima.", "Als het in de buurt is, misschien nog eens.", "Zoals verwacht.", ""],
        4: ["Leuk gebaar!", "Kleine dingen maken het verschil.", "Net iets meer dan verwacht.", ""],
        5: ["Wij komen keer op keer terug.", "Zo persoonlijk!", "Wat een verrassing.", ""],
        6: ["Ik vertel het aan iedereen!", "Legendarisch.", "Ongelooflijk!", ""],
    },
}

_FITTING = {
    1: ("negative",),
    2: ("negative", "neutral"),
    3: ("positive", "neutral"),
    4: ("positive",),
    5: ("positive", "neutral"),
    6: ("positive",),
}
_JOINERS = {"en": (", and ", ". Also, ", "; ", ", "), "nl": (", en ", ". Ook ", "; ", ", ")}


def _merge(*aspect_fields: str) -> str:
    merged: dict[str, str] = {}
    for field in aspect_fields:
        for item in filter(None, field.split(";")):
            aspect, polarity = item.split(":")
            merged.setdefault(aspect, polarity)
    return ";".join(f"{a}:{p}" for a, p in merged.items())


def _compose_one(rng: random.Random, language: str, level: int) -> tuple[str, str]:
    text, aspects = rng.choice(LEVEL_CLAUSES[language][level])
    if rng.random() < 0.6:
        polarity = rng.choice(_FITTING[level])
        extra, extra_aspects = rng.choice(ASPECT_CLAUSES[language][polarity])
        text = f"{text}{rng.choice(_JOINERS[language])}{extra}"
        aspects = _merge(aspects, extra_aspects)
    closer = rng.choice(CLOSERS[language][level])
    text = f"{text}. {closer}" if closer else f"{text}."
    if rng.random() < 0.15:
        text = text.lower()
    return text.replace("..", ".").replace("!.", "!"), aspects


def compose(*, per_level: int = 140, seed: int = 2026) -> list[tuple[str, str, int, str]]:
    """`per_level` distinct comments per level and language (fewer if the fragments run out)."""
    rng = random.Random(seed)
    rows: list[tuple[str, str, int, str]] = []
    for language in ("en", "nl"):
        for level in range(1, 7):
            seen: set[str] = set()
            for _ in range(per_level * 20):
                if len(seen) >= per_level:
                    break
                text, aspects = _compose_one(rng, language, level)
                if text not in seen:
                    seen.add(text)
                    rows.append((text, language, level, aspects))
    return rows


def main() -> None:
    with CORPUS_PATH.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "language", "level", "aspects"])
        writer.writerows(compose())


if __name__ == "__main__":
    main()
