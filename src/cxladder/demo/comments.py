"""Comment phrase banks for the demo, in Dutch and English, written for this project.

A comment is assembled from parts: an opener, the moment (what happened at this touchpoint),
a detail, a closing, and sometimes an occasion ("we vierden ons 25-jarig huwelijk") or a piece of
personal data for the redaction feature. Each part is chosen by language, level and, for the
moment, touchpoint topic. Moments come from the topic's kind (waiting, welcome, product, ride,
digital, service) with the topic's noun filled in, plus phrases only that topic has: the seeds'
examples in our own words (the lost reservation, the coat, the bread, the name on the table, the
prosecco, the greeter, the night in the launch queue, the phone replaced without a receipt).

Every part is pre-built into flat string arrays, so thousands of distinct comments come from
picking indices with numpy; nothing is formatted per experience.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["LANGUAGES", "TOPICS", "CommentBank"]

LANGUAGES: tuple[str, ...] = ("nl", "en")
LEVELS = range(1, 7)

Bank = Mapping[str, Mapping[int, tuple[str, ...]]]
"""language -> level -> phrases"""

# topic -> (kind, Dutch noun, English noun); nouns are singular so '{X} was ...' reads well.
TOPICS: Mapping[str, tuple[str, str, str]] = {
    "reservation": ("digital", "de reservering", "the booking"),
    "greeting": ("welcome", "de ontvangst", "the welcome"),
    "seating": ("wait", "het wachten op onze tafel", "the wait for our table"),
    "food": ("product", "het eten", "the food"),
    "wine": ("product", "de wijn", "the wine"),
    "bill": ("service", "het afrekenen", "paying the bill"),
    "tickets": ("digital", "het kopen van de kaartjes", "buying the tickets"),
    "entrance_queue": ("wait", "de rij bij de ingang", "the queue at the entrance"),
    "greeter": ("welcome", "de begroeting bij de poort", "the greeting at the gate"),
    "rides": ("ride", "de achtbaan", "the roller coaster"),
    "park_app": ("digital", "de app met wachttijden", "the waiting-times app"),
    "park_food": ("product", "het eten in het park", "the food in the park"),
    "exit": ("welcome", "het afscheid bij de uitgang", "the goodbye at the exit"),
    "web_order": ("digital", "de bestelling op de website", "ordering on the website"),
    "delivery": ("wait", "de bezorging", "the delivery"),
    "launch_queue": ("wait", "de nacht in de rij", "the night in the queue"),
    "store": ("service", "het bezoek aan de winkel", "the visit to the store"),
    "partner": ("service", "de telefoon via de keukenwinkel", "the phone from the kitchen shop"),
    "app": ("digital", "de app", "the app"),
    "call_centre": ("wait", "het bellen met de klantenservice", "calling customer service"),
}

OPENERS: Bank = {
    "nl": {
        1: ("Onvoorstelbaar slecht.", "Wat een drama.", "Ik ben echt boos.", "Nooit meer.",
            "Schandalig gewoon.", "Nou, fantastisch.", "Waar moet ik beginnen."),
        2: ("Mwah.", "Tja.", "Wel oké, meer niet.", "Gaat wel.", "Eerlijk is eerlijk.",
            "Hmm.", "Niet slecht, niet goed."),
        3: ("Prima.", "Geen klachten.", "Zoals verwacht.", "Netjes.", "Alles in orde.",
            "Gewoon goed.", "Degelijk."),
        4: ("Leuk!", "Fijne ervaring.", "Aangenaam verrast.", "Goed gedaan.",
            "Net even wat meer dan verwacht.", "Wat attent.", "Helemaal niet verkeerd."),
        5: ("Wauw.", "Wat een verrassing!", "Dit hadden we niet verwacht.", "Echt persoonlijk.",
            "Chapeau.", "Petje af.", "Wat een service."),
        6: ("Ongelooflijk!", "Dit vertel ik aan iedereen.", "Legendarisch.",
            "Ik heb er nog kippenvel van.", "Zoiets heb ik nog nooit meegemaakt.",
            "Onvergetelijk.", "Sprakeloos."),
    },
    "en": {
        1: ("Unbelievably bad.", "What a mess.", "I am genuinely angry.", "Never again.",
            "Simply disgraceful.", "Well, fantastic.", "Where do I even start."),
        2: ("Meh.", "Well.", "Okay, nothing more.", "So-so.", "To be fair, meh.", "Hmm.",
            "Not bad, not good."),
        3: ("Fine.", "No complaints.", "As expected.", "Decent.", "All in order.",
            "Just good.", "Solid."),
        4: ("Nice!", "Pleasant experience.", "Pleasantly surprised.", "Well done.",
            "A little more than expected.", "How thoughtful.", "Not bad at all."),
        5: ("Wow.", "What a surprise!", "We did not see that coming.", "Truly personal.",
            "Hats off.", "Chapeau.", "Now that is service."),
        6: ("Unbelievable!", "I am telling everyone about this.", "Legendary.",
            "I still get goosebumps.", "Never experienced anything like it.",
            "Unforgettable.", "Speechless."),
    },
}

CLOSINGS: Bank = {
    "nl": {
        1: ("Hier kom ik nooit meer.", "Ik heb een klacht ingediend.", "Blijf hier weg.",
            "Ik wil mijn geld terug.", "Nooit weer.", "Ik ben klaar met jullie."),
        2: ("Of we terugkomen? Waarschijnlijk niet.", "Een vijfje.", "Kan veel beter.",
            "Jammer.", "Niks bijzonders.", "Volgende keer toch maar ergens anders."),
        3: ("Niets op aan te merken.", "Voor een keer prima.", "Een zeven.",
            "Doet wat het moet doen.", "Prima voor een gewone dag.", "Geen verrassingen."),
        4: ("We komen zeker terug.", "Fijn dat daaraan gedacht is.", "Dat maakt het net leuker.",
            "Een dikke acht.", "Attent!", "Dat kleine beetje extra doet het hem."),
        5: ("We komen terug, zeker weten.", "Zo voel je je echt gezien.",
            "Daar doe je het voor.", "Ik raad het iedereen aan.", "Opnieuw en opnieuw.",
            "Hier komen we vaker."),
        6: ("Ik heb het meteen overal gedeeld.", "De mooiste dag in jaren.",
            "Hier praten we over tien jaar nog over.", "Iedereen moet dit meemaken.",
            "Dank jullie wel, echt.", "Moet je horen wat ons overkwam!"),
    },
    "en": {
        1: ("Never coming back.", "I have filed a complaint.", "Stay away.",
            "I want my money back.", "Never again.", "I am done with you."),
        2: ("Will we come back? Probably not.", "Five out of ten.", "Could be much better.",
            "Pity.", "Nothing special.", "Next time we will go somewhere else."),
        3: ("Nothing to complain about.", "Fine for once.", "A seven.",
            "Does what it says.", "Fine for an ordinary day.", "No surprises."),
        4: ("We will certainly be back.", "Nice that someone thought of it.",
            "That makes it just a bit nicer.", "A solid eight.", "Thoughtful!",
            "That little extra does the trick."),
        5: ("We will be back, no doubt.", "That is how you make people feel seen.",
            "That is what it is all about.", "I recommend it to everyone.",
            "Again and again.", "We will be regulars."),
        6: ("I shared it everywhere right away.", "The best day in years.",
            "We will still talk about this in ten years.", "Everybody should experience this.",
            "Thank you, truly.", "You have to hear what happened to us!"),
    },
}

DETAILS: Bank = {
    "nl": {
        1: ("Er kwam niet eens een excuus.", "Twintig minuten en nog steeds zei niemand iets.",
            "De medewerker was ook nog eens chagrijnig.", "Niemand voelde zich verantwoordelijk.",
            "Ik heb het drie keer moeten vragen.", "Onacceptabel voor dit geld."),
        2: ("Niemand had echt aandacht voor ons.", "Niet slecht, maar ook niet goed.",
            "Een beetje liefdeloos.", "Het kon allemaal wat vlotter.", "Het was net niet.",
            "Weinig aandacht."),
        3: ("Vriendelijke mensen.", "Alles liep op tijd.", "Snel en zonder gedoe.",
            "Precies wat er beloofd was.", "Niets bijzonders, maar ook niets mis.",
            "Zoals het hoort."),
        4: ("Zonder dat we erom vroegen.", "Ze kwamen even vragen of alles naar wens was.",
            "Een klein extraatje maakt echt verschil.", "Net dat beetje meer.",
            "Ze dachten even met ons mee.", "Helemaal niet slecht, eigenlijk heel fijn."),
        5: ("Ze wisten nog wat we de vorige keer wilden.", "Ze namen echt de tijd voor ons.",
            "Dat voelde heel persoonlijk.", "Niet moeilijk doen, gewoon regelen.",
            "Alles werd uitgelegd.", "Alsof ze ons al jaren kenden."),
        6: ("Alles was op ons afgestemd.", "We stonden met open mond te kijken.",
            "Het personeel leek net zo blij als wij.", "Zoiets maak je maar één keer mee.",
            "Ze hadden aan alles gedacht.", "Tot in de kleinste details geregeld."),
    },
    "en": {
        1: ("Not even an apology.", "Twenty minutes and still nobody said a thing.",
            "The employee was grumpy on top of that.", "Nobody felt responsible.",
            "I had to ask three times.", "Unacceptable for this money."),
        2: ("Nobody really paid attention.", "Not bad, but not good either.", "A bit loveless.",
            "It could all have been quicker.", "Not quite there.", "Little attention."),
        3: ("Friendly people.", "Everything ran on time.", "Quick and no fuss.",
            "Exactly what was promised.", "Nothing special, nothing wrong.",
            "As it should be."),
        4: ("Without us asking.", "They came by to check everything was all right.",
            "A small extra really makes a difference.", "Just that little bit more.",
            "They thought along with us.", "Not bad at all, actually very nice."),
        5: ("They remembered what we wanted last time.", "They really took time for us.",
            "It felt very personal.", "No fuss, they just sorted it.",
            "Everything was explained.", "As if they had known us for years."),
        6: ("Everything was tuned to us.", "We watched with our mouths open.",
            "The staff seemed as happy as we were.", "Something you experience once in a life.",
            "They had thought of everything.", "Arranged down to the smallest detail."),
    },
}

# kind -> language -> level -> moment templates; {x} is the topic's noun, {X} capitalised.
MOMENTS: Mapping[str, Bank] = {
    "wait": {
        "nl": {
            1: ("{X} duurde eindeloos en niemand vertelde ons iets.",
                "Bij {x} stonden we ruim een uur te wachten, zonder enige uitleg.",
                "Geweldig hoor, {x}: anderhalf uur voor niets.",
                "{X} was een regelrechte ramp."),
            2: ("{X} duurde langer dan nodig.", "Bij {x} was het flink wachten.",
                "{X} was niet echt vlot.", "{X} was niet rampzalig, maar wel traag."),
            3: ("{X} viel mee, een paar minuten.", "{X} ging vlot.",
                "{X} was precies zoals je verwacht.", "{X} was zo voorbij."),
            4: ("{X} ging sneller dan gedacht en er was iets te drinken.",
                "Tijdens {x} kwam iemand vertellen hoe lang het nog zou duren.",
                "{X} was helemaal niet erg, er was zelfs wat vermaak."),
            5: ("Tijdens {x} hield iemand ons persoonlijk op de hoogte, bij naam.",
                "Van {x} werd iets leuks gemaakt, met muziek en een grap.",
                "{X} werd met echte zorg geregeld; ze wisten precies wie we waren."),
            6: ("{X}? Daar hebben we niets van gemerkt, ze hadden aan alles gedacht.",
                "Tijdens {x} werden we verwend alsof we de enige klanten waren.",
                "Van {x} werd samen met het personeel een klein feestje."),
        },
        "en": {
            1: ("{X} took forever and nobody told us anything.",
                "We spent well over an hour on {x}, without a word of explanation.",
                "Great, just great: {x} took ninety minutes for nothing.",
                "{X} was a complete disaster."),
            2: ("{X} took longer than it should have.", "{X} meant a fair bit of waiting.",
                "{X} was not exactly quick.", "{X} wasn't a disaster, just slow."),
            3: ("{X} was fine, a few minutes.", "{X} went smoothly.",
                "{X} was exactly what you would expect.", "{X} was over in no time."),
            4: ("{X} was quicker than we thought, and there was something to drink.",
                "During {x} someone came to tell us how long it would take.",
                "{X} was not bad at all, there was even some entertainment."),
            5: ("During {x} someone kept us posted personally, by name.",
                "They turned {x} into something fun, with music and a joke.",
                "{X} was handled with real care; they knew exactly who we were."),
            6: ("{X}? We never noticed it, they had thought of everything.",
                "During {x} we were spoiled as if we were the only customers.",
                "{X} turned into a little party, together with the staff."),
        },
    },
    "welcome": {
        "nl": {
            1: ("Bij {x} werden we compleet genegeerd.",
                "{X} was onbeschoft, de medewerker keek niet eens op.",
                "{X} bestond uit een chagrijnig 'ja?'."),
            2: ("Bij {x} zei niemand iets.", "{X} was nogal afstandelijk.",
                "{X} was niet onvriendelijk, maar ook niet hartelijk."),
            3: ("{X} was vriendelijk.", "{X} was gewoon netjes.",
                "{X} was in orde, een vriendelijk goedendag."),
            4: ("Bij {x} werd onze jas aangepakt zonder dat we erom vroegen.",
                "{X} was hartelijk en er was tijd voor een praatje.",
                "{X} was warm, met een glimlach en een tip voor de dag."),
            5: ("Bij {x} wisten ze onze naam al.",
                "{X} was persoonlijk: ze herkenden ons van de vorige keer.",
                "{X} was zo hartelijk dat we ons meteen welkom voelden."),
            6: ("Bij {x} vroegen ze of we iets te vieren hadden, en alles werd daarop afgestemd.",
                "{X} was onvergetelijk, we voelden ons eregasten.",
                "{X} was zo bijzonder dat ik het meteen aan iedereen heb verteld."),
        },
        "en": {
            1: ("At {x} we were ignored completely.",
                "{X} was rude, the employee did not even look up.",
                "{X} consisted of a grumpy 'yes?'."),
            2: ("Nobody said anything at {x}.", "{X} was rather distant.",
                "{X} was not unfriendly, but not warm either."),
            3: ("{X} was friendly.", "{X} was simply polite.",
                "{X} was fine, a friendly hello."),
            4: ("At {x} they took our coats without us asking.",
                "{X} was warm and there was time for a chat.",
                "{X} came with a smile and a tip for the day."),
            5: ("At {x} they already knew our name.",
                "{X} was personal: they recognised us from last time.",
                "{X} was so warm we felt at home straight away."),
            6: ("At {x} they asked whether we were celebrating something, and tuned everything "
                "to it.",
                "{X} was unforgettable, we felt like guests of honour.",
                "{X} was so special that I told everyone about it right away."),
        },
    },
    "product": {
        "nl": {
            1: ("{X} was ronduit slecht en deels koud.",
                "{X} was onacceptabel, we hebben het teruggestuurd.",
                "Van {x} werden we letterlijk ziek."),
            2: ("{X} was een beetje vet en lauw.", "{X} was matig.",
                "{X} was niet slecht, maar zeker niet goed."),
            3: ("{X} was lekker.", "{X} was goed, precies wat je verwacht.",
                "{X} was prima in orde."),
            4: ("{X} was net iets beter dan verwacht.",
                "Bij {x} kregen we een extraatje, van het huis.",
                "{X} was verrassend goed, helemaal niet slecht."),
            5: ("{X} kwam met zoveel uitleg en aandacht dat het een belevenis werd.",
                "{X} was precies afgestemd op wat wij lekker vinden.",
                "Bij {x} dachten ze echt met ons mee."),
            6: ("{X} was het beste dat ik ooit heb gehad.",
                "{X} was legendarisch, alles klopte tot in de puntjes.",
                "{X} was zo goed dat de hele familie er nog over praat."),
        },
        "en": {
            1: ("{X} was plain bad and partly cold.",
                "{X} was unacceptable, we sent it back.",
                "{X} literally made us ill."),
            2: ("{X} was a bit greasy and lukewarm.", "{X} was mediocre.",
                "{X} was not terrible, but certainly not good."),
            3: ("{X} was tasty.", "{X} was good, exactly what you expect.",
                "{X} was perfectly fine."),
            4: ("{X} was a little better than expected.",
                "{X} came with a little extra, on the house.",
                "{X} was surprisingly good, not bad at all."),
            5: ("{X} came with so much explanation and care that it became an experience.",
                "{X} was tuned exactly to what we like.",
                "{X}: they really thought along with us."),
            6: ("{X} was the best I have ever had.",
                "{X} was legendary, everything was spot on.",
                "{X} was so good that the whole family still talks about it."),
        },
    },
    "ride": {
        "nl": {
            1: ("{X} lag stil en niemand wist waarom.",
                "Bij {x} werden we onbeschoft weggestuurd.",
                "{X} voelde onveilig: de beugel ging niet goed dicht."),
            2: ("{X} was een beetje saai.", "{X} viel tegen, korter dan gedacht.",
                "{X} was niet echt spannend."),
            3: ("{X} was leuk.", "{X} was prima, precies zoals beloofd.",
                "{X} deed wat het moest doen."),
            4: ("{X} was nog leuker dan verwacht.",
                "Bij {x} mochten de kinderen nog een keer, zonder opnieuw in de rij.",
                "{X} was helemaal niet verkeerd, echt spannend."),
            5: ("Bij {x} noemde de medewerker onze dochter bij haar naam.",
                "{X} werd persoonlijk: de medewerker maakte een grap speciaal voor ons.",
                "{X} was een verrassing van begin tot eind."),
            6: ("{X} was magisch, de kinderen waren sprakeloos.",
                "Ons filmpje van {x} wil iedereen zien.",
                "{X} was de mooiste rit van ons leven."),
        },
        "en": {
            1: ("{X} was shut down and nobody knew why.",
                "At {x} we were sent away rudely.",
                "{X} felt unsafe: the bar did not close properly."),
            2: ("{X} was a bit dull.", "{X} was disappointing, shorter than we thought.",
                "{X} was not really exciting."),
            3: ("{X} was fun.", "{X} was fine, just as promised.", "{X} did the job."),
            4: ("{X} was even more fun than expected.",
                "At {x} the kids could go again without queueing.",
                "{X} was not bad at all, really thrilling."),
            5: ("At {x} the host called our daughter by her name.",
                "{X} got personal: the host made a joke just for us.",
                "{X} was a surprise from start to finish."),
            6: ("{X} was magical, the kids were speechless.",
                "Everybody wants to see our video of {x}.",
                "{X} was the best ride of our lives."),
        },
    },
    "digital": {
        "nl": {
            1: ("{X} ging volledig mis, alles was kwijt.",
                "{X} crashte steeds en de bevestiging kwam nooit.",
                "{X} was een doolhof, ik heb het opgegeven."),
            2: ("{X} was omslachtig.", "{X} werkte, maar wel traag.",
                "{X} was niet echt gebruiksvriendelijk."),
            3: ("{X} was makkelijk.", "{X} werkte zoals verwacht.", "{X} was snel geregeld."),
            4: ("{X} was makkelijker dan verwacht, met een handige herinnering erbij.",
                "{X} was helemaal niet lastig, zelfs leuk.",
                "Bij {x} kregen we vanzelf een handige tip."),
            5: ("{X} onthield onze voorkeuren van de vorige keer.",
                "Bij {x} kregen we een persoonlijk bericht met onze naam erin.",
                "{X} voelde alsof het speciaal voor ons gemaakt was."),
            6: ("{X} was zo slim en persoonlijk dat ik het iedereen laat zien.",
                "Bij {x} werd gevraagd naar de gelegenheid, en alles werd daarop ingericht.",
                "{X} was ongelooflijk, alles was al voor ons geregeld."),
        },
        "en": {
            1: ("{X} went completely wrong, everything was lost.",
                "{X} kept crashing and the confirmation never came.",
                "{X} was a maze, I gave up."),
            2: ("{X} was cumbersome.", "{X} worked, but slowly.",
                "{X} was not really user-friendly."),
            3: ("{X} was easy.", "{X} worked as expected.", "{X} was sorted quickly."),
            4: ("{X} was easier than expected, with a handy reminder too.",
                "{X} was no hassle at all, even fun.",
                "{X} came with a useful tip we did not ask for."),
            5: ("{X} remembered our preferences from last time.",
                "{X} sent us a personal message with our name in it.",
                "{X} felt as if it had been made just for us."),
            6: ("{X} was so clever and personal that I show it to everyone.",
                "{X} asked about the occasion, and everything was set up for it.",
                "{X} was unbelievable, everything was already arranged for us."),
        },
    },
    "service": {
        "nl": {
            1: ("Bij {x} werden we afgescheept.",
                "{X} was een ramp: verkeerd bedrag en een snauw erbij.",
                "{X} liep uit op ruzie; de medewerker weigerde te helpen."),
            2: ("{X} was rommelig.", "Bij {x} moesten we zelf overal achteraan.",
                "{X} ging niet echt soepel."),
            3: ("{X} was goed geregeld.", "{X} ging zoals verwacht, snel geholpen.",
                "{X} was netjes."),
            4: ("Bij {x} dachten ze net even mee.",
                "{X} ging soepel en we kregen er iets extra's bij.",
                "{X} was attent, zonder dat we erom vroegen."),
            5: ("Bij {x} losten ze iets op waar we niet eens om hadden gevraagd.",
                "{X} was persoonlijk: de medewerker wist precies wie we waren.",
                "Bij {x} deden ze niet moeilijk, ook zonder bonnetje."),
            6: ("{X} was legendarisch, mijn bericht erover ging viral.",
                "Bij {x} regelden ze alles, zelfs wat we zelf vergeten waren.",
                "{X} was ongelooflijk; zoiets verwacht je nergens."),
        },
        "en": {
            1: ("At {x} we were fobbed off.",
                "{X} was a disaster: the wrong amount and a snap on top.",
                "{X} ended in an argument; the employee refused to help."),
            2: ("{X} was messy.", "{X} meant chasing everything ourselves.",
                "{X} did not go smoothly."),
            3: ("{X} was well organised.", "{X} went as expected, helped quickly.",
                "{X} was neat."),
            4: ("{X}: they thought along with us a little.",
                "{X} went smoothly and we got a little extra.",
                "{X} was thoughtful, without us asking."),
            5: ("{X}: they fixed something we had not even asked about.",
                "{X} was personal: the employee knew exactly who we were.",
                "{X}: no fuss at all, even without a receipt."),
            6: ("{X} was legendary, my post about it went viral.",
                "{X}: they arranged everything, even what we had forgotten ourselves.",
                "{X} was unbelievable; you do not expect that anywhere."),
        },
    },
}

# topic -> language -> level -> phrases only that topic has (the seeds, in our own words).
SIGNATURES: Mapping[str, Bank] = {
    "reservation": {
        "nl": {1: ("Onze reservering was nooit aangekomen en alle tafels waren vol.",
                   "Reservering kwijt, en aan de telefoon deed niemand moeite."),
               6: ("Bij het reserveren vroegen ze of er iets bijzonders te vieren viel.",)},
        "en": {1: ("Our booking had never arrived and every table was full.",
                   "They lost our reservation and nobody on the phone made an effort."),
               6: ("When I booked they asked whether we had something special to celebrate.",)},
    },
    "greeting": {
        "nl": {2: ("Bij binnenkomst begroette niemand ons.",),
               4: ("Een vriendelijke ober nam meteen onze jassen aan.",),
               5: ("Op tafel stond een kaartje met onze naam, niet zomaar 'gereserveerd'.",),
               6: ("We werden ontvangen met een glas prosecco, omdat we 25 jaar getrouwd zijn.",
                   "Er stond prosecco klaar voor ons jubileum, ze hadden het onthouden.")},
        "en": {2: ("Nobody greeted us when we came in.",),
               4: ("A friendly waiter took our coats straight away.",),
               5: ("Our table had a card with our name on it, not just 'reserved'.",),
               6: ("We were welcomed with a glass of prosecco for our 25 years of marriage.",
                   "Prosecco was waiting for our anniversary; they had remembered.")},
    },
    "seating": {
        "nl": {1: ("Twintig minuten staan wachten en nog altijd geen menukaart.",),
               2: ("Het tafeltje bij het raam maakte het wachten een beetje goed.",)},
        "en": {1: ("Twenty minutes standing around and still no menu.",),
               2: ("The table by the window made up a little for the wait.",)},
    },
    "food": {
        "nl": {2: ("Het eten was vet en de saus lauw.",),
               4: ("Er stond al een mandje brood met tapenade op tafel, gratis.",
                   "Gratis brood vooraf, zonder dat we erom vroegen."),
               6: ("Het menu was helemaal op ons afgestemd, met precies genoeg tijd tussen de "
                   "gangen.",)},
        "en": {2: ("The food was greasy and the sauce lukewarm.",),
               4: ("A basket of bread with tapenade was already on the table, free.",
                   "Free bread to start, without us asking."),
               6: ("The menu was tuned entirely to us, with just enough time between courses.",)},
    },
    "wine": {
        "nl": {5: ("De sommelier had bij elke wijn een verhaal.",),
               6: ("Bij elke gang een wijn die precies bij ons paste, uitgezocht door de "
                   "sommelier.",)},
        "en": {5: ("The sommelier had a story for every wine.",),
               6: ("Every course came with a wine that suited us perfectly, picked by the "
                   "sommelier.",)},
    },
    "bill": {
        "nl": {1: ("Op de rekening stonden drie dingen die we nooit besteld hadden.",),
               4: ("Bij de rekening kwam nog een bonbon van het huis.",)},
        "en": {1: ("The bill listed three things we had never ordered.",),
               4: ("The bill came with a chocolate on the house.",)},
    },
    "entrance_queue": {
        "nl": {1: ("Bij de opening stonden we rijendik voor de poort en er was één kassa open.",),
               2: ("Bij opening de gebruikelijke drukte voor de poort.",),
               4: ("Het wachten bij de ingang werd verzacht met muziek en een goochelaar.",)},
        "en": {1: ("At opening time the crowd at the gate was ten deep and one till was open.",),
               2: ("The usual crush at the gate at opening time.",),
               4: ("The wait at the gate was softened with music and a magician.",)},
    },
    "greeter": {
        "nl": {3: ("Een greeter zei goedemorgen, zoals altijd.",),
               5: ("De greeter vroeg hoe ons zoontje heette en gaf hem een button.",
                   "Een greeter heette ons welkom alsof we oude bekenden waren."),
               6: ("De greeter wist dat onze dochter jarig was en het hele team zong voor haar.",)},
        "en": {3: ("A greeter said good morning, as they always do.",),
               5: ("The greeter asked our little boy's name and gave him a badge.",
                   "A greeter welcomed us as if we were old friends."),
               6: ("The greeter knew it was our daughter's birthday and the whole team sang.",)},
    },
    "rides": {
        "nl": {2: ("De wildwaterbaan was dicht, zonder uitleg.",),
               5: ("In het spookslot wachtte een medewerker met een verrassing voor de kids.",)},
        "en": {2: ("The water ride was closed, no explanation.",),
               5: ("In the haunted castle a host had a surprise ready for the kids.",)},
    },
    "park_app": {
        "nl": {1: ("De app zei tien minuten wachten, het werden er vijftig.",)},
        "en": {1: ("The app said ten minutes of waiting; it turned out to be fifty.",)},
    },
    "park_food": {
        "nl": {2: ("Lauwe friet voor veel geld.",)},
        "en": {2: ("Lukewarm fries for a lot of money.",)},
    },
    "exit": {
        "nl": {5: ("Bij de uitgang kregen de kinderen een kaart met hun eigen naam erop.",)},
        "en": {5: ("At the exit the kids got a card with their own names on it.",)},
    },
    "launch_queue": {
        "nl": {1: ("Hele nacht in de rij gestaan en om acht uur waren ze uitverkocht.",),
               4: ("Om drie uur 's nachts kwam iemand langs met koffie en dekens.",),
               6: ("Na een nacht in de rij werden we met applaus binnengehaald en als eerste "
                   "geholpen.",)},
        "en": {1: ("Queued all night and at eight they were sold out.",),
               4: ("At three in the morning someone came round with coffee and blankets.",),
               6: ("After a night in the queue they welcomed us with applause and served us "
                   "first.",)},
    },
    "delivery": {
        "nl": {1: ("Wekenlang wachten op de nieuwe telefoon en niemand wist wanneer hij kwam.",),
               3: ("De telefoon kwam op de beloofde dag.",)},
        "en": {1: ("Weeks of waiting for the new phone and nobody knew when it would come.",),
               3: ("The phone arrived on the promised day.",)},
    },
    "store": {
        "nl": {5: ("Mijn kapotte telefoon werd zonder bonnetje gewoon omgeruild.",)},
        "en": {5: ("They swapped my broken phone without a receipt, no questions asked.",)},
    },
    "partner": {
        "nl": {1: ("De keukenwinkel wist van niks en het abonnement stond op een andere naam.",),
               3: ("Bij onze nieuwe keuken kregen we een telefoon, de overstap ging prima.",)},
        "en": {1: ("The kitchen shop knew nothing and the contract was in someone else's name.",),
               3: ("Our new kitchen came with a phone, and switching over went fine.",)},
    },
    "app": {
        "nl": {2: ("De app logt me steeds uit.",)},
        "en": {2: ("The app keeps logging me out.",)},
    },
    "call_centre": {
        "nl": {1: ("Drie keer doorverbonden en na veertig minuten in de wacht opgehangen.",),
               2: ("Lang in de wacht, steeds hetzelfde muziekje.",),
               5: ("De medewerker belde me de volgende dag zelf terug om te vragen of alles "
                   "werkte.",)},
        "en": {1: ("Transferred three times and cut off after forty minutes on hold.",),
               2: ("Long on hold, the same tune over and over.",),
               5: ("The agent called me back the next day to check everything worked.",)},
    },
}

OCCASIONS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "nl": {
        "birthday": ("Ik was jarig.", "We vierden mijn verjaardag.",
                     "Het was de verjaardag van onze dochter."),
        "anniversary": ("We vierden ons 25-jarig huwelijk.", "We waren precies 25 jaar getrouwd.",
                        "Ons zilveren huwelijksfeest, dus extra bijzonder."),
    },
    "en": {
        "birthday": ("It was my birthday.", "We were celebrating my birthday.",
                     "It was our daughter's birthday."),
        "anniversary": ("We were celebrating our 25th wedding anniversary.",
                        "It was exactly 25 years since our wedding.",
                        "Our silver wedding anniversary, so extra special."),
    },
}
OCCASION_KINDS: tuple[str, ...] = ("", "birthday", "anniversary")

CONTACT_LINES: Mapping[str, tuple[str, ...]] = {
    "nl": ("Bel me gerust op {phone}.", "Mail mij op {email} als er vragen zijn.",
           "Terugbellen kan op {phone}."),
    "en": ("Feel free to call me on {phone}.", "You can reach me at {email}.",
           "Please call me back on {phone}."),
}

StringArray = npt.NDArray[Any]
"""A numpy StringDType array; numpy's stubs have no scalar type for that dtype."""


@dataclass(frozen=True, slots=True)
class PhrasePool:
    """Phrases for many cells, stored flat: cell i owns phrases[start[i] : start[i] + count[i]]."""

    phrases: StringArray
    start: npt.NDArray[np.int64]
    count: npt.NDArray[np.int64]

    @classmethod
    def build(cls, cells: Sequence[Sequence[str]]) -> PhrasePool:
        counts = np.array([len(cell) for cell in cells], dtype=np.int64)
        if (counts == 0).any():
            raise ValueError("every cell of a phrase pool needs at least one phrase")
        flat = [phrase for cell in cells for phrase in cell]
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        return cls(np.array(flat, dtype=np.dtypes.StringDType()), starts, counts)

    def pick(self, cells: npt.NDArray[np.intp], rng: np.random.Generator) -> StringArray:
        offsets = (rng.random(cells.size) * self.count[cells]).astype(np.int64)
        picked: StringArray = self.phrases[self.start[cells] + offsets]
        return picked


class CommentBank:
    """Writes comments for many experiences at once from the phrase banks above.

    Cells are numbered language-major: (language, level) for openers, details and closings;
    (language, topic, level) for moments. An empty phrase in a pool means 'leave this part out',
    which varies the length of comments.
    """

    def __init__(self, topics: Sequence[str]) -> None:
        unknown = sorted(set(topics) - set(TOPICS))
        if unknown:
            raise ValueError(f"no comment phrases for topics {unknown}; add them to TOPICS")
        self.topics = tuple(topics)
        self.openers = PhrasePool.build(_by_level(OPENERS, suffix=" ", blanks=3))
        self.details = PhrasePool.build(_by_level(DETAILS, prefix=" ", blanks=4))
        self.closings = PhrasePool.build(_by_level(CLOSINGS, prefix=" ", blanks=3))
        self.moments = PhrasePool.build(
            [_moments(lang, topic, level) for lang in LANGUAGES for topic in self.topics
             for level in LEVELS]
        )
        self.occasions = PhrasePool.build(
            [[" " + p for p in OCCASIONS[lang][kind]] if kind else [""]
             for lang in LANGUAGES for kind in OCCASION_KINDS]
        )
        self.contacts = PhrasePool.build([[" " + p for p in CONTACT_LINES[lang]]
                                          for lang in LANGUAGES])

    def write(
        self,
        rng: np.random.Generator,
        *,
        language: npt.NDArray[np.intp],
        topic: npt.NDArray[np.intp],
        level: npt.NDArray[np.intp],
        occasion: npt.NDArray[np.intp],
    ) -> StringArray:
        """One comment per row; `language` indexes LANGUAGES, `topic` self.topics, `level` 1..6,
        `occasion` OCCASION_KINDS (0 for none)."""
        by_level = language * 6 + (level - 1)
        by_topic = (language * len(self.topics) + topic) * 6 + (level - 1)
        text = np.strings.add(self.openers.pick(by_level, rng), self.moments.pick(by_topic, rng))
        text = np.strings.add(text, self.details.pick(by_level, rng))
        text = np.strings.add(text, self.occasions.pick(language * 3 + occasion, rng))
        text = np.strings.add(text, self.closings.pick(by_level, rng))
        return text

    def contact_lines(
        self,
        rng: np.random.Generator,
        *,
        language: npt.NDArray[np.intp],
        email: StringArray,
    ) -> StringArray:
        """A sentence with an e-mail address or a (made-up) Dutch mobile number in it."""
        lines = self.contacts.pick(language, rng)
        digits = rng.integers(10_000_000, 99_999_999, size=language.size).astype(np.str_)
        phones = np.strings.add("06-", digits.astype(np.dtypes.StringDType()))
        lines = np.strings.replace(lines, "{phone}", phones)
        return np.strings.replace(lines, "{email}", email)


def _by_level(bank: Bank, *, prefix: str = "", suffix: str = "", blanks: int = 0) -> list[
    list[str]
]:
    return [
        [prefix + p + suffix for p in bank[lang][level]] + [""] * blanks
        for lang in LANGUAGES
        for level in LEVELS
    ]


def _moments(lang: str, topic: str, level: int) -> list[str]:
    kind, noun_nl, noun_en = TOPICS[topic]
    noun = noun_nl if lang == "nl" else noun_en
    general = [
        t.replace("{X}", noun[0].upper() + noun[1:]).replace("{x}", noun)
        for t in MOMENTS[kind][lang][level]
    ]
    # A topic's own phrases count twice so the seeds' moments show up often enough to find.
    own = list(SIGNATURES.get(topic, {}).get(lang, {}).get(level, ()))
    return general + own + own
