"""What a comment is about: the project's own bilingual cue words per aspect.

The first nine groups are the aspects cxladder reports on and an organisation maps to its own
touchpoints. The last three (drinks, menu, location) are finer cues that restaurant feedback
needs; they feed the models as features and are reported under their parent aspect.
"""

from __future__ import annotations

ASPECTS: tuple[str, ...] = (
    "staff",
    "waiting",
    "quality",
    "price",
    "ambience",
    "reservation",
    "payment",
    "effort",
    "recognition",
)

CUE_GROUPS: tuple[str, ...] = (*ASPECTS, "drinks", "menu", "location")

CUES: dict[str, frozenset[str]] = {
    "staff": frozenset(
        """staff waiter waiters waitress waitresses server servers service host hostess
        manager owner owners bartender chef employee employees team crew people attention
        attentive rude friendly helpful polite greeted welcomed smile smiled attitude
        bediening personeel ober obers serveerster serveersters gastvrouw gastheer eigenaar
        eigenaren kok medewerker medewerkers medewerkster team jongen meisje meid mensen
        service begroet ontvangst ontvangen vriendelijk vriendelijke onvriendelijk
        chagrijnig chagrijnige attent bediend glimlach gastvrij gastvrije""".split()
    ),
    "waiting": frozenset(
        """wait waited waiting queue line minutes hour hours slow quick fast quickly promptly
        prompt delay delayed late forever ages took speed seated
        wachten gewacht wachttijd rij minuten kwartier uur traag snel vlot lang duurde
        duurt vertraging laat eeuwigheid tempo""".split()
    ),
    "quality": frozenset(
        """food dish dishes meal meals taste tasted tasty delicious flavor flavour flavors
        bland fresh cooked portion portions steak fish pasta pizza sushi dessert desserts
        starter starters appetizer appetizers soup salad bread burger fries meat chicken
        sauce product products quality
        eten gerecht gerechten maaltijd smaak smaakte lekker lekkere heerlijk heerlijke
        vers verse gaar vlees vis pasta pizza sushi dessert desserts nagerecht voorgerecht
        hoofdgerecht soep salade brood friet frites saus kwaliteit product producten
        portie porties biefstuk kip""".split()
    ),
    "price": frozenset(
        """price prices priced pricey expensive cheap affordable value money worth cost costs
        overpriced bill euro euros dollars bucks reasonable
        prijs prijzen prijzig duur dure goedkoop betaalbaar geld waard kosten kost euro
        prijs-kwaliteit prijs-kwaliteitverhouding rekening redelijk""".split()
    ),
    "ambience": frozenset(
        """ambience ambiance atmosphere decor interior music noisy loud cozy cosy clean dirty
        place room terrace view romantic crowded cramped lighting toilet toilets restroom
        bathroom smell
        sfeer sfeervol sfeervolle gezellig gezellige inrichting interieur muziek lawaai
        rumoerig schoon vies terras uitzicht romantisch krap verlichting toilet toiletten
        wc ruimte zaak tent aankleding""".split()
    ),
    "reservation": frozenset(
        """reservation reservations reserved booking booked book table appointment
        walk-in
        reservering reserveren gereserveerd geboekt boeking tafel tafeltje afspraak""".split()
    ),
    "payment": frozenset(
        """pay paid payment bill check invoice charged overcharged refund card cash receipt
        tip
        betalen betaald betaling rekening factuur pinnen pin contant bon bonnetje
        terugbetaald fooi afrekenen""".split()
    ),
    "effort": frozenset(
        """hassle impossible nobody answered phone called email emails hold transferred
        form forms app website help helpdesk complicated effort twice again explain
        gedoe onmogelijk niemand opgenomen gebeld telefoon mail mails wachtrij formulier
        website app hulp ingewikkeld moeite twee keer opnieuw uitleggen doorverbonden""".split()
    ),
    "recognition": frozenset(
        """name birthday anniversary remembered recognized recognised personal personally
        occasion celebrate celebrating celebration surprise surprised card note regular
        naam verjaardag jubileum getrouwd herkend onthouden persoonlijk persoonlijke
        gelegenheid vieren gevierd verrassing verrast kaartje briefje vaste""".split()
    ),
    "drinks": frozenset(
        """wine wines beer beers drink drinks cocktail cocktails coffee tea sake juice
        water bar martini sangria
        wijn wijnen bier biertje biertjes drankje drankjes drank cocktail koffie thee sap
        water bar wijnkaart""".split()
    ),
    "menu": frozenset(
        """menu menus selection choice choices options variety vegetarian vegan special
        specials presentation portion portions
        menu menukaart kaart keuze keuzes aanbod vegetarisch vegetarische vegan
        presentatie opgemaakt variatie""".split()
    ),
    "location": frozenset(
        """location located neighborhood neighbourhood area street parking station
        locatie ligging gelegen buurt straat parkeren station centrum""".split()
    ),
}
