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
        """staff staffer staffers waiter waiters waitress waitresses waitstaff server
        servers service serving served serve serves host hostess hostesses hosts manager
        managers management owner owners proprietor bartender bartenders barman barmaid
        barista sommelier chef chefs cook cooks employee employees personnel team crew
        people busboy busboys runner maitre maître receptionist guy guys girl girls lady
        ladies gentleman he she him attention attentive inattentive rude rudely friendly
        unfriendly helpful unhelpful polite courteous greeted welcomed welcoming smile
        smiled smiling attitude hospitality professional professionalism knowledgeable
        accommodating gracious arrogant condescending ignored manners treated bediening
        bediende bedienden bedieningspersoneel personeel ober obers kelner kelners
        serveerster serveersters serveerder gastvrouw gastheer gastvrouwen gastheren
        eigenaar eigenares eigenaars eigenaren uitbater uitbaters kok koks chefkok
        keukenchef barman barvrouw medewerker medewerkers medewerkster medewerksters
        jongen jongens meisje meisjes meid meiden dame dames heer heren mensen begroet
        begroeting ontvangst ontvangen onthaal vriendelijk vriendelijke vriendelijkheid
        onvriendelijk onvriendelijke chagrijnig chagrijnige attent attente bediend
        bedienen glimlach gastvrij gastvrije gastvrijheid behulpzaam behulpzame beleefd
        onbeleefd brutaal arrogante nors norse kundig professioneel professionele
        zaalpersoneel dienster diensters patron patroon patronne uitbaatster zaakvoerder
        zaakvoerster snobby snooty pretentious personable cheerful grumpy surly
        dismissive neglected forgot forgotten helped waitperson geholpen kortaf
        ongeïnteresseerd ongeinteresseerd afstandelijk hartelijk hartelijke sympathiek
        sympathieke joviaal charmant vakkundig vakkundige genegeerd dienst""".split()
    ),
    "waiting": frozenset(
        """wait waits waited waiting queue queued line lines minutes minute mins hour hours
        slow slowly quick quickly fast promptly prompt delay delays delayed late forever
        ages took speed speedy seated timely eternity rushed hurry hurried understaffed
        immediately instantly shortly long longer lengthy
        wachten wacht wachtte wachtten gewacht wachttijd wachttijden rij minuten minuut
        kwartier halfuur uur uren traag trage snel snelle vlot vlotte lang lange langer
        duurde duurt duren vertraging laat eeuwigheid tempo direct meteen onmiddellijk
        sloom langzaam eindeloos eeuwen onderbezet gehaast""".split()
    ),
    "quality": frozenset(
        """food foods dish dishes meal meals taste tasted tastes tasting tasty delicious
        flavor flavors flavour flavours flavorful bland fresh cooked cooking cuisine
        kitchen steak steaks fish pasta pizza pizzas sushi sashimi roll rolls maki
        nigiri tempura ramen noodles noodle rice curry curries dumplings dumpling buns
        taco tacos burrito burritos nachos salsa guacamole dessert desserts cake
        cheesecake tiramisu gelato pie tart chocolate pastry pastries croissant bagel
        bagels sandwich sandwiches wrap starter starters appetizer appetizers entree
        entrees entrée mains course courses soup soups salad salads bread burger burgers
        fries chips meat beef pork lamb veal chicken duck bacon ham sausage ribs brisket
        wings lobster crab shrimp prawns scallops oysters mussels clams calamari squid
        octopus salmon tuna cod seafood tofu vegetables veggies potatoes potato risotto
        gnocchi lasagna ravioli spaghetti linguine carbonara pesto sauce sauces gravy
        dressing cheese eggs omelette brunch breakfast lunch dinner garlic mushrooms
        tomato tomatoes spinach avocado hummus falafel kebab pita naan tandoori masala
        tikka paneer thai pho kimchi teriyaki miso udon soba wasabi spicy spices
        seasoning seasoned salty greasy oily soggy stale tender juicy crispy overcooked
        undercooked burnt ingredients ingredient recipe product products quality bite
        bites ate eat eating eaten plate plates fare texture crust dough toppings filet
        fillet tenderloin sirloin ribeye meatballs pepperoni margherita bruschetta
        carpaccio tartare foie charcuterie pancakes waffles toast cookie cookies brownie
        mousse custard fruit berries yummy tasteless flavorless homemade eten gerecht
        gerechten gerechtje gerechtjes maaltijd maaltijden smaak smaken smaakte smaakt
        geproefd proeven lekker lekkere heerlijk heerlijke vers verse gaar ongaar vlees
        vis pasta pizza sushi dessert desserts nagerecht nagerechten toetje toetjes
        voorgerecht voorgerechten hoofdgerecht hoofdgerechten tussengerecht amuse soep
        salade salades slaatje brood broodje broodjes stokbrood boter friet frietjes
        frites patat saus sauzen kwaliteit product producten biefstuk steak kip kalkoen
        eend lamsvlees kalfsvlees varkensvlees rundvlees spareribs hamburger burger
        worst spek gehakt balletjes gehaktbal stoofvlees stoverij kroket kroketten
        bitterballen garnalen scampi mosselen oesters kreeft krab zalm tonijn kabeljauw
        tong zeebaars dorade groenten groente aardappel aardappelen aardappeltjes puree
        risotto noedels rijst curry kaas eieren omelet pannenkoek pannenkoeken
        poffertjes wafel wafels taart taartje gebak ijs ijsje chocolade mousse tiramisu
        sorbet fruit champignons knoflook kruiden gekruid kruidig pittig krokant
        knapperig mals sappig taai droog flauw smakeloos vettig aangebrand keuken koken
        gekookt gebakken gegrild gebraden gefrituurd bereid bereiding ingrediënten
        ingredienten smaakcombinatie smaakcombinaties hapje hapjes tapas ontbijt diner
        bord bordje gegeten overheerlijk superlekker cuisines italian french indian
        japanese chinese mexican greek spanish korean vietnamese turkish lebanese
        moroccan ethiopian peruvian cajun caribbean mediterranean fusion asian sichuan
        szechuan cantonese hunan neapolitan gyoza bao wonton wontons mein chow fried
        congee pad satay laksa yum massaman biryani korma vindaloo samosa samosas
        chutney raita paratha roti dosa kebabs shawarma souvlaki moussaka gyros tzatziki
        feta halloumi paella chorizo croquetas patatas gazpacho enchilada enchiladas
        fajitas tamales ceviche empanadas carnitas mole pozole quesadillas churros
        burrata prosciutto salami antipasti polenta focaccia ciabatta calzone panini
        tortellini fettuccine rigatoni pappardelle ossobuco saltimbocca branzino
        parmigiana marinara bolognese alfredo arrabbiata cacio pepe amatriciana panna
        cotta cannoli affogato zabaglione croque escargot bouillabaisse ratatouille
        cassoulet confit coq vin bourguignon souffle soufflé crepe crepes crêpes quiche
        baguette brioche macarons eclair pate pâté terrine rillettes brie camembert
        gruyere roquefort fondue raclette omakase uni toro hamachi yellowtail eel unagi
        ikura edamame katsu tonkatsu donburi yakitori izakaya bento okonomiyaki takoyaki
        bibimbap bulgogi galbi japchae tteokbokki banh bun porterhouse mignon wagyu kobe
        chop chops cutlet schnitzel goulash pierogi borscht bratwurst pretzel sauerkraut
        meatloaf roast pulled bbq barbecue smoked grilled roasted braised seared sauteed
        poached steamed baked raw rare crunchy flaky chewy hotdog hotdogs sliders
        cornbread coleslaw biscuits grits chili nacho quinoa couscous bulgur farro
        lentils chickpeas beans asparagus artichoke artichokes eggplant aubergine
        zucchini courgette squash pumpkin beets beetroot carrots cabbage cauliflower
        broccoli kale arugula lettuce cucumber peppers jalapeno jalapeños corn peas
        leeks shallots truffle truffles porcini chanterelles olives capers anchovies
        sardines mackerel halibut swordfish trout seabass bass snapper monkfish haddock
        lobsters crabs crabcakes shrimps prawn scallop oyster mussel clam langoustine
        caviar roe venison rabbit quail goose pheasant boar liver kidney sweetbreads
        tripe bone marrow oxtail shank mutton goat belly thighs breast drumsticks
        nuggets tenders cheeseburger patty wedges onion rings mayo ketchup mustard aioli
        hollandaise bearnaise béarnaise chimichurri verde romesco tahini harissa
        sriracha paste broth stew stews casserole pies caesar caprese nicoise cobb
        appetiser appetisers bouche canapés canapes hors oeuvres entrées sundae tarte
        tatin crumble pudding flan creme brulee crème brûlée profiteroles baklava
        cupcakes cupcake muffin muffins scones doughnut doughnuts lox benedict omelets
        frittata pancake waffle syrup hash browns sausages yogurt granola acai porridge
        oatmeal yolk yolks oversalted overdone dried rubbery mushy spice salt pepper
        sweetness sour bitterness umami savory savoury aroma portion freshness produce
        kazen kaasplank kaasplankje vleesgerecht visgerecht vleesgerechten visgerechten
        stoofpot stoofpotje hachee hutspot stamppot erwtensoep snert boerenkool zuurkool
        andijvie spruitjes kool rookworst frikandel frikandellen kaassoufflé bitterbal
        loempia loempia's saté sate satésaus pindasaus nasi bami rendang gado rijsttafel
        babi pangang kroepoek sum wokken gewokt sushi's poké poke bowl bowls wraps tosti
        tosti's uitsmijter pannenkoekenhuis oliebollen stroopwafel stroopwafels
        appeltaart taartjes gebakje gebakjes vlaai vlaaien bossche bol tompouce
        kaastaart ijscoupe coupe dame blanche sorbetijs sabayon moelleux fondant
        chocoladetaart chocolademousse vlaamse frieten frietkot mayonaise curryworst
        kaaskroketten garnaalkroketten tomaat garnaal paling waterzooi konijn
        vogelnestje luikse bloedworst witloof grijze mosselpot kreeftensoep vissoep
        tomatensoep groentesoep uiensoep pompoensoep bisque bouillon consommé tartaar
        ossenhaas entrecote entrecôte kogelbiefstuk kalfsentrecote lamsrack lamskotelet
        lamsbout eendenborst konijnenbout hertenbiefstuk hert everzwijn fazant wild
        wildgerecht wildgerechten parelhoen kippendij kippendijen kipfilet kippenpoten
        kipsaté varkenshaas spekjes procureur buikspek ribbetjes gehaktballen zalmfilet
        tonijnsteak kabeljauwfilet zeeduivel heilbot schelvis makreel haring haringen
        ansjovis inktvis calamaris coquilles langoustines gamba's gamba zeevruchten
        groentjes seizoensgroenten asperges artisjok pompoen bieten biet wortel wortels
        worteltjes bloemkool spinazie rucola sla komkommer paprika paprika's mais maïs
        erwten prei sjalot truffel truffels paddenstoelen champignon olijven kappertjes
        linzen kikkererwten bonen sperziebonen gerookt gerookte gegrilde geroosterd
        geroosterde gestoofd gestoofde gepocheerd gestoomd gefrituurde krokante
        knapperige smeuïg smeuïge vinaigrette pepersaus champignonsaus roomsaus jus veau
        tapenade dips dip borrelplank borrelplankje bittergarnituur tortillachips
        patatje frietje pommes aardappelpuree aardappelgratin gratin kroketjes rösti
        röstis pasta's lasagne tagliatelle penne pizza's pizzeria mozzarella parmezaan
        italiaans italiaanse frans franse thais thaise indisch indische indiaas indiase
        japans japanse chinees mexicaans mexicaanse grieks griekse spaans spaanse turks
        turkse libanees libanese marokkaans marokkaanse surinaams surinaamse vietnamees
        koreaans koreaanse aziatisch aziatische mediterraan mediterrane hollands
        hollandse belgisch belgische vlaams kookstijl gangen amuses tapasgerechten
        smaakpalet smaakbeleving smaakvolle kruidigheid zoutig zoet zuur bitter
        zoutgehalte garing bereidingswijze ingrediënt ontbijtje lunchgerecht
        jakobsschelpen""".split()
    ),
    "price": frozenset(
        """price prices priced pricing pricey pricy expensive cheap cheaper cheapest
        inexpensive affordable value money worth cost costs costly overpriced bill euro euros
        dollar dollars bucks reasonable reasonably budget bargain deal steep spend spent
        splurge fixe prix ripoff
        prijs prijzen prijzig prijzige duur dure duurder goedkoop goedkope goedkoper
        betaalbaar betaalbare geld waard kosten kost kostte eur prijskwaliteit
        kwaliteitverhouding kwaliteitsverhouding prijskwaliteitverhouding verhouding
        rekening redelijk redelijke schappelijk voordelig peperduur prijsniveau prijsklasse
        portemonnee centen woekerprijzen meerprijs supplement toeslag geprijsd spotprijs
        koopje""".split()
    ),
    "ambience": frozenset(
        """ambience ambiance atmosphere vibe vibes decor décor decoration decorated
        interior music noisy noise loud quiet cozy cosy clean dirty place room terrace
        patio garden outdoor outdoors outside view romantic crowded cramped lighting
        lights candle candles dim toilet toilets restroom restrooms bathroom bathrooms
        smell setting space spacious furniture chairs booth booths fireplace walls feel
        lounge rooftop courtyard scene crowd playlist dj jazz tv elegant classy rustic
        intimate lively buzzing peaceful dark airy stuffy temperature cleanliness
        acoustics packed atmospheric sfeer sfeertje sfeervol sfeervolle gezellig
        gezellige gezelligheid ongezellig inrichting ingericht interieur decor decoratie
        aankleding muziek muziekje lawaai lawaaiig rumoerig druk drukte herrie geluid
        akoestiek schoon vies terras terrasje tuin buiten binnen uitzicht romantisch
        knus krap verlichting kaarsen kaarslicht toilet toiletten wc ruimte zaal zaak
        tent stoelen meubels meubilair stijl stijlvol haard dakterras serre veranda
        temperatuur tochtig airco verwarming rustig rustige hygiëne uitstraling zaaltje
        koer trendy hip stylish chic dingy charming quaint tacky dated shabby modern
        moderne stijlvolle hippe chique kil kille lawaaierig rumoerige drukke krappe
        donker gedateerd ouderwets versleten sfeerloos aangekleed knusse romantische""".split()
    ),
    "reservation": frozenset(
        """reservation reservations reserve reserved booking bookings booked book table
        tables appointment walk opentable cancel cancelled confirmation confirmed
        availability party
        reservering reserveringen reserveren gereserveerd reserveerde geboekt boeken
        boeking tafel tafels tafeltje afspraak volgeboekt volzet annuleren geannuleerd
        bevestiging bevestigd gezelschap""".split()
    ),
    "payment": frozenset(
        """pay paid payment payments paying bill check invoice charged overcharged charge
        charges refund refunded card cards credit debit cash receipt tip tipping tips
        gratuity cashier checkout
        betalen betaald betaalde betaling betalingen rekening factuur pinnen gepind pin
        contant contanten cash bon bonnetje kassabon kassa terugbetaald terugbetaling fooi
        fooien afrekenen afgerekend creditcard bankkaart bancontact payconiq tikkie""".split()
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
        """wine wines beer beers drink drinks drinking cocktail cocktails coffee coffees
        espresso cappuccino latte macchiato tea teas sake juice juices water bar martini
        martinis sangria margarita margaritas mojito mojitos whiskey whisky scotch
        bourbon vodka gin tonic rum tequila champagne prosecco cava bubbly merlot
        cabernet pinot chardonnay sauvignon riesling malbec shiraz zinfandel bottle
        bottles glass glasses pint pints draft draught ale ales ipa lager stout soda
        sodas coke lemonade smoothie smoothies milkshake beverage beverages liquor
        spirits winelist brew brews tap cider port sherry aperitif digestif cognac
        brandy decaf chai matcha refill refills sommelier wijn wijnen wijntje wijntjes
        bier bieren biertje biertjes pils pilsje witbier tripel trappist speciaalbier
        speciaalbieren tapbier fluitje vaasje drankje drankjes drank dranken koffie
        koffietje cappuccino espresso latte thee theetje sap sapje spa frisdrank
        frisdranken cola limonade wijnkaart bierkaart drankkaart huiswijn rosé champagne
        prosecco jenever borrel borreltje aperitief aperitiefje glas glazen glaasje fles
        flessen karaf likeur wodka muntthee kraanwater getapt chocomel chocolademelk
        pintje pintjes kriek geuze lambiek duvel westmalle chimay leffe jupiler
        rodenbach cuvee cuvée apero aperootje chocomelk fristi icetea spuitwater
        bruiswater koffiekoek""".split()
    ),
    "menu": frozenset(
        """menu menus selection choice choices choose option options variety vegetarian
        vegan veggie gluten dairy allergy allergies special specials presentation
        presented plated plating portion portions sized size huge large generous filling
        share sharing offerings range limited extensive items kids carte tasting menu's
        menukaart kaart kaartje keuze keuzes keuzemogelijkheden aanbod vegetarisch
        vegetarische veganistisch veganistische glutenvrij lactosevrij allergie
        allergieën presentatie gepresenteerd opgemaakt opmaak variatie portie porties
        portiegrootte hoeveelheid hoeveelheden groot grote royaal karig ruim delen
        dagmenu dagschotel suggestie suggesties chefsmenu gangen gangenmenu
        driegangenmenu viergangenmenu kindermenu lunchkaart seizoen beperkt beperkte
        uitgebreid uitgebreide gevarieerd assortiment degustatie degustatiemenu
        dégustation jour plat suggestiebord tiny""".split()
    ),
    "location": frozenset(
        """location located neighborhood neighbourhood area street parking station subway
        metro train downtown uptown midtown village block corner avenue city town center
        centre square waterfront river canal beach harbor harbour view views nearby
        situated manhattan brooklyn soho tourist touristy tourists
        locatie ligging gelegen ligt buurt wijk straat straatje plein parkeren
        parkeerplaats parkeergarage parking centrum binnenstad stad dorp gracht grachten
        haven rivier strand zee uitzicht bereikbaar bereikbaarheid bereikbare tram bus
        loopafstand wandelafstand dichtbij vlakbij hartje markt toeristisch toeristen
        omgeving hoek kade""".split()
    ),
}
