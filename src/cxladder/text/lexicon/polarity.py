"""The project's own bilingual polarity words, written for customer feedback.

Weights run from -3 (unforgivable) to +3 (legendary): 2.5 superb, 2 great, 1 good, 0.5 okay-ish,
-1 poor, -1.5 bad, -2 very bad, -2.5 terrible, -3 disgusting or dangerous. Single words only
(as `features.tokenize` splits them): phrases such as 'never again' are level cues (levels.py).
Dutch compounds that customers write as one word ('topservice', 'superlekker') are listed as
they are written, with their inflected forms (lekker, lekkere, lekkerder, lekkerste).

Words whose polarity depends on the aspect ('cold' beer is fine, a cold steak is not; 'small'
portions are bad, a small cosy room is not) get small weights or none: the aspect-specific
copies of the lexicon columns in the polarity model learn the rest from data. Words that are
neutral in a restaurant ('raw' fish, 'sweet' dessert, 'hot' soup) are left out.

The lists are written per weight so a reviewer sees the grading at a glance; `_graded` turns
them into the word->weight dicts and refuses a word listed twice.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "CONTRASTS",
    "INTENSIFIERS",
    "NEGATIVE",
    "NEGATIVE_EN",
    "NEGATIVE_NL",
    "NEGATORS",
    "POSITIVE",
    "POSITIVE_EN",
    "POSITIVE_NL",
]


def _graded(grades: Mapping[float, str]) -> dict[str, float]:
    """{weight: 'word word ...'} -> {word: weight}; a word under two weights is a mistake."""
    words: dict[str, float] = {}
    for weight, listed in grades.items():
        for word in listed.split():
            if word in words:
                raise ValueError(f"lexicon word {word!r} is listed twice; keep one weight")
            words[word] = float(weight)
    return words


def _merged(*parts: dict[str, float]) -> dict[str, float]:
    """One dict from the per-language ones; a word both languages share must weigh the same."""
    merged: dict[str, float] = {}
    for part in parts:
        for word, weight in part.items():
            if merged.setdefault(word, weight) != weight:
                raise ValueError(f"polarity word {word!r} weighs differently per language")
    return merged


POSITIVE_EN: dict[str, float] = _graded(
    {
        3: """legendary unforgettable phenomenal phenomenally flawless flawlessly perfection
        unbeatable unparalleled unmatched unrivaled unrivalled mindblowing orgasmic
        lifechanging transcendent""",
        2.5: """excellent excellently excellence amazing amazingly awesome awesomeness
        fantastic fantastically wonderful wonderfully perfect perfectly outstanding
        outstandingly superb superbly incredible fabulous fabulously brilliant brilliantly
        exceptional heavenly divine divinely stunning stunningly magical marvelous marvellous
        marvelously magnificent magnificently spectacular spectacularly terrific sensational
        exquisite exquisitely sublime sublimely impeccable impeccably superlative splendid
        glorious gloriously extraordinary astonishing astounding breathtaking mouthwatering
        scrumptious delectable masterpiece masterful stellar adore adored adores adoring
        thrilled ecstatic bliss blissful tastiest finest friendliest greatest unreal topnotch
        faultless dazzling wowed amazed superior sumptuous wondrous otherworldly incomparable
        peerless matchless fantabulous awesomely miraculous exemplary splendidly yummiest
        loveliest perfected amazement awe awed terrifically excellant excelent awsome
        wonderfull""",
        2: """great delicious deliciously delish lovely beautiful beautifully best love loved
        loves loving impressive impressively impressed recommend recommended recommending
        recommends recommendable favorite favourite favorites favourites fave faves gem gems
        wow delightful delightfully delight delighted memorable remarkable ideal joy joyful
        joyous addictive addicting heaven paradise treasure winner kudos bravo succulent
        luscious gorgeous nicest freshest coziest cosiest warmest kindest smashing brill fab
        yum yummy yumm yummm mmm mmmm excel excels excelled excelling praise praised raving
        rave raves pampered kindness immaculate pristine spotless wowing blown nailed outdid
        outdone gracious tremendous tremendously majestic charmed enchanting enchanted
        captivating mesmerizing mesmerising marvel juiciest dreamy sumptuously heartwarming
        praiseworthy beloved cherished treasured exceeded exceeds exceeding surpassed surpasses
        outshines gr8 luv fav favs delicous delicios deliscious recomend reccomend recomended
        reccommend beautifull""",
        1.5: """tasty tastier friendly friendlier pleasant pleasantly helpful attentive
        attentively welcoming cozy cosy happy happiest pleased generous generously juicy tender
        romantic charming charmingly knowledgeable personal surprised surprise glad gladly
        enjoy enjoyed enjoys enjoying enjoyable enjoyably pleasure pleasurable fun lively
        vibrant chic stylish stylishly tasteful tastefully inviting accommodating caring
        cheerful cheerfully cheery passionate passionately skilled skillful skilfully talented
        thoughtful thoughtfully warmly considerate hospitable hospitality warmth friendliness
        professionalism inventive creative creatively innovative refined elegant elegantly
        classy sophisticated exciting unique flavorful flavourful velvety silky aromatic
        fragrant flavorsome flavoursome moist crave craving worthwhile recommendation
        compliments appreciated appreciate appreciative grateful thankful lavish luxurious
        decadent bargain highlight highlights lovingly cutest prettiest cleanest coolest nicer
        hearty homemade handmade praising welcomed shine shines shone rocks rocked legit dope
        lush ace cracking noms satisfying impress impresses amaze amazes favored favoured
        hooked delicate excited uplifting heartfelt admirable admire admired commendable iconic
        fond fondly generosity attentiveness helpfulness warmhearted sweetheart sweetest angel
        angels affable amiable cordial genial jovial personable vivacious refreshing
        invigorating soothing serene tranquil comforting harmonious seamless seamlessly
        effortless effortlessly rewarding appreciation gratitude lovable loveable adorable
        charm privileged lucky relish relished savor savour savored savoured devoured devour
        gobbled scarfed craved topped crispiest complimentary artful artfully feast""",
        1: """good nice fresh freshly polite politely courteous courteously clean quick prompt
        promptly efficient efficiently reasonable affordable worth solid authentic
        authentically crispy crisp relaxed relaxing thanks thank smooth smoothly easy bonus
        satisfied comfortable comfortably comfy spacious airy bright peaceful calm tidy neat
        organized organised convenient conveniently handy professional professionally patient
        respectful kindly timely speedy swift swiftly punctual reliable dependable inexpensive
        plentiful ample abundant premium gourmet fluffy creamy buttery zesty balanced homey
        quaint intimate buzzing trendy hip cute healthy nicely carefully cared welcome liked
        likes improved upgrade upgraded positive positively favorable favourable honest genuine
        smiling smiley returning revisit revisiting accommodated compliment cheers props
        helpfully freshness indulgent enjoyment noteworthy courtesy efficiency humble darling
        gentle upbeat energetic refreshed cozier wholesome nutritious zingy piquant robust
        nuanced polished painless worthy deserved deserving attractive handsome orderly
        hygienic fresher useful informative fastest quickest thanked thanking cheer smiles
        likeable resolved solved compensated honored honoured fortunate fortunately luckily
        thankfully willing willingly eager keen satisfy satisfies beats fan special underrated
        kind super subtle artistic instagrammable thx""",
        0.5: """decent decently fine fast quickly warm cheap free fair well properly correctly
        correct accurate acceptably reasonably rich filling upscale fancy modern organic
        seasonal safe greeted smile helped improvement quiet cool sufficient plenty classic
        complex cleaned sanitary informed quicker faster sufficiently fixed unhurried leisurely
        treated treat better""",
        0.3: """okay ok alright allright adequate acceptable satisfactory serviceable""",
    }
)

POSITIVE_NL: dict[str, float] = _graded(
    {
        3: """onvergetelijk onvergetelijke legendarisch legendarische fenomenaal fenomenale
        ongeëvenaard ongeëvenaarde ongeevenaard onovertroffen onovertrefbaar weergaloos
        weergaloze perfectie subliemst""",
        2.5: """uitstekend uitstekende fantastisch fantastische geweldig geweldige
        voortreffelijk voortreffelijke verrukkelijk verrukkelijke overheerlijk overheerlijke
        perfect perfecte fabelachtig fabelachtige formidabel formidabele subliem sublieme
        schitterend schitterende magnifiek magnifieke grandioos grandioze briljant briljante
        uitmuntend uitmuntende uitzonderlijke zalig zalige zaligheid goddelijk goddelijke
        hemels hemelse waanzinnig waanzinnige geniaal geniale aanrader aanraders lekkerst
        lekkerste heerlijkst heerlijkste pareltje juweeltje vlekkeloos vlekkeloze smaaksensatie
        smaakexplosie adembenemend adembenemende allervriendelijkst allervriendelijkste
        allerbeste allerlekkerst allerlekkerste superb wauw waauw sensationeel sensationele
        geweldigst buitengewone magistraal magistrale meesterlijk meesterlijke verbluffend
        verbluffende onvergelijkbaar wereldklasse sterrenniveau smulparadijs prachtigste
        magnifique superbe fantastique verukkelijk verukkelijke""",
        2: """heerlijk heerlijke genoten genoot gesmuld smulde smullen aanbevolen aanbevelen
        aanbevelenswaardig aanraden hartelijk hartelijke hartelijkheid gastvrij gastvrije
        gastvrijheid prachtig prachtige mooiste leukste fijnste vriendelijkste topper toppers
        toppertje topservice topkwaliteit toprestaurant topavond topzaak toptent topkeuken
        topbediening topadres topplek topsfeer topeten topgerechten superlekker superlekkere
        superleuk superleuke supervriendelijk supervriendelijke supergoed supergoede superfijn
        superfijne superaardig superaardige supermooi supermooie supergezellig supergezellige
        superservice superbediening keigoed keilekker keileuk keitof reuzelekker reuzegezellig
        reuzeleuk berelekker beregoed beregezellig megalekker megagoed indrukwekkend
        indrukwekkende imponerend imponerende foutloos foutloze parel hoogtepunt hoogtepunten
        hemel paradijs paradijsje verwend chapeau bravo pluim pluimen hulde brandschoon
        kraakhelder idyllisch idyllische genot belevenis vingerlikkend smakelijkst gezelligste
        wow watten mooier superieur superieure oogverblindend sprookjesachtig sprookjesachtige
        betoverend betoverende ongekend ongekende topniveau jummie jammie njam puik puike
        knaller knallers kanjer kanjers toppertjes topwijn topgerecht topgerechtje topbeleving
        topdag toplocatie topteam verrukking nagenieten nagenoten heerlijkheden sfeervolste
        gezelligst mooist fijnst leukst vriendelijkst overtreft overtrof overtroffen uitblinken
        vakmanschap feeëriek feeërieke fameus fameuze délicieux delicieux kraakvers kraakverse
        hoogstandje hoogstandjes kunstwerkje kunstwerkjes oogstrelend feestmaal smulpartij""",
        1.5: """lekker lekkere lekkerder vriendelijk vriendelijke vriendelijker vriendelijkheid
        behulpzaam behulpzame hulpvaardig hulpvaardige attent attente oplettend oplettende
        klantvriendelijk klantvriendelijke klantgericht klantgerichte servicegericht kundig
        kundige deskundig deskundige vakkundig vakkundige professioneel professionele
        goedgemutst goedgemutste opgewekt opgewekte vrolijk vrolijke enthousiast enthousiaste
        gepassioneerd gepassioneerde bevlogen charmant charmante sympathiek sympathieke
        gezellig gezellige gezelliger gezelligheid sfeervol sfeervolle knus knusse huiselijk
        huiselijke romantisch romantische stijlvol stijlvolle smaakvol smaakvolle smakelijk
        smakelijke sappig sappige mals malse verfijnd verfijnde creatief creatieve inventief
        inventieve verrassend verrassende verrassing verrast zelfgemaakt zelfgemaakte
        huisgemaakt huisgemaakte versgemaakt versgemaakte origineel originele uniek unieke
        bijzondere mooi mooie blij blije gelukkig gelukkige genieten geniet gesmaakt gesmikkeld
        smikkelen aangeraden royaal royale schappelijk schappelijke voordelig voordelige
        spotgoedkoop spotprijs koopje verzorgd verzorgde keurig keurige aangenaam aangename
        prettig prettige plezierig plezierige plezier plezant plezante gemoedelijk gemoedelijke
        rustgevend rustgevende pittoresk pittoreske chic behaaglijk behaaglijke bruisend
        bruisende lief lieve zorgzaam zorgzame meedenkend meedenkende attentie probleemloos
        probleemloze complimenten lof lovend lovende geslaagd geslaagde ontdekking vondst
        traktatie feest feestje aanwinst gewaardeerd bewondering overtuigend overtuigende
        meevaller razendsnel razendsnelle supersnel supersnelle top toppie tof toffe gaaf petje
        verwennen aanbeveling hartverwarmend hartverwarmende smulpaap schat schatje engel
        genietend lekkernij lekkernijen delicatesse delicatessen feestelijk feestelijke
        aardigst verfrissend verfrissende sereen ontspannend ontspannende warmhartig
        warmhartige innemend innemende voorkomend voorkomende dienstbaar dienstbare
        dienstvaardig gedreven vakman vakvrouw kookkunst kookkunsten verwenning lekkers
        vernieuwend vernieuwende sprankelend sprankelende gemoedelijkheid ongedwongen attenties
        extraatje extraatjes presentje cadeautje kadootje behulpzaamheid klantvriendelijkheid
        goedlachs goedlachse kwaliteitsvol kwaliteitsvolle hoogwaardig hoogwaardige beviel
        bevallen bevalt verrassen verraste verwende blinkt blonk bekoorde bekoort charmeerde
        loven dol liefde liefdevol liefdevolle passie persoonlijk persoonlijke rijkgevuld straf
        straffe koket kokette dankbaar genereus genereuze gul gulle uitgebalanceerd
        uitgebalanceerde harmonieus delicaat plaatje gezelig""",
        1: """goed goede prima fijn fijne fijner leuk leuke leuker aardig aardige aardigste
        vers verse schoon schone proper propere snel snelle vlot vlotte vlotjes vlotter
        efficiënt efficiënte efficiente punctueel stipt soepel soepele betaalbaar betaalbare
        billijk billijke democratisch democratische tevreden tevredenheid bedankt dank
        dankjewel dankuwel compliment degelijk degelijke netjes opgeruimd opgeruimde
        comfortabel comfortabele levendig levendige relaxt relaxte ontspannen beleefd beleefde
        geduldig geduldige joviaal joviale spontaan spontane flexibel flexibele alert alerte
        krokant krokante knapperig knapperige luchtig luchtige romig romige authentiek
        authentieke ambachtelijk ambachtelijke uitgebreid uitgebreide gevarieerd gevarieerde
        rijkelijk overvloedig overvloedige flinke ferm ferme makkelijk makkelijke gemakkelijk
        gemakkelijke moeiteloos knap knappe intiem intieme chique sjiek hippe gelukt succes
        waardering waarderen overtuigd meegevallen goesting deftig deftige handig handige waard
        kindvriendelijk kindvriendelijke gezond gezonde verbeterd minzaam zorgvuldig
        zorgvuldige nauwkeurig oprecht oprechte betrouwbaar betrouwbare verser boeiend boeiende
        spannend spannende avontuurlijk avontuurlijke eigentijds eigentijdse chill chille
        fatsoenlijk fatsoenlijke hygiënisch hygiënische hygienisch gerieflijk gerieflijke
        overzichtelijk overzichtelijke glimlach lachend lachende glimlachend glimlachende
        kwalitatief kwalitatieve stoer stoere leuks meeviel meevalt waardeer waardeerden
        waardeerde bedanken bedankte fan bijzonders speciaal goedgevuld goedgevulde
        kwaliteitsproducten merci beste evenwichtig evenwichtige subtiel subtiele fijnproevers
        culinair culinaire goeie""",
        0.5: """correct correcte ruim ruime goedkoop goedkope gratis eenvoudig smaakte rustig
        rustige modern moderne fris frisse gevuld gevulde aardigjes eerlijk eerlijke
        interessant interessante informeel informele behoorlijke ruimer duidelijk duidelijke
        praktisch inbegrepen lach snelheid danken warme""",
        0.3: """redelijk redelijke oké oke okee acceptabel acceptabele voldoende genoeg
        degelijkjes aanvaardbaar""",
    }
)

NEGATIVE_EN: dict[str, float] = _graded(
    {
        -3: """disgusting disgusted worst inedible cockroach cockroaches roach roaches rat rats
        vomit vomited vomiting puke puked poisoning poisoned scam scammed scammers fraud
        revolting repulsive vile nauseating sickening diarrhea diarrhoea maggot maggots mold
        moldy mould mouldy rotten rancid racist racism abusive harassed abomination atrocious
        poison toxic hospitalized hospitalised salmonella listeria feces faeces urine filth
        vermin infested infestation rotting putrid fetid unspeakable sexist homophobic
        discrimination assaulted assault robbed swindled scamming abhorrent heinous
        unforgivable harassment""",
        -2.5: """terrible terribly horrible horribly awful appalling appalled horrendous
        horrendously dreadful pathetic pathetically unacceptable disastrous disaster
        catastrophe horrific horrid horrified filthy unsanitary unhygienic disgraceful disgrace
        shameful robbery extortion extortionate thieves crooks garbage trash crap shit shitty
        worthless ripoff avoid miserable miserably incompetent incompetence negligent
        negligence dishonest liar lied cheated furious livid outraged insulted insulting
        humiliated humiliating nightmare stench hate hated hates stank loathe detest despise
        unbearable intolerable unpalatable rudest abysmal sickened nauseous nausea threatening
        disgust ghastly gruesome godawful deplorable despicable contemptuous contempt
        belligerent mocked berated inexcusable dishonesty conned wretched woeful woefully
        egregious shamefully shambles fiasco debacle travesty stolen stole theft horrifying
        disastrously nauseated betrayed offensive belittled infuriating infuriated enraged
        fuming horror worm worms gross slop swill terible horible yuck""",
        -2: """bad badly rude rudely rudeness disrespectful condescending patronizing
        patronising arrogant unfriendly unhelpful unwelcoming dismissive inattentive neglected
        neglectful ignored ignoring clueless unprofessional unprofessionally lazy grumpy surly
        frustrating frustrated frustration disappointing disappointed disappointment disappoint
        disappoints disappointingly letdown substandard tasteless flavorless flavourless
        insipid smelly stinky stinks stunk dirty grimy unclean nasty yucky ew eww lousy sucks
        sucked sucky useless overcharged overcharging overcharge exorbitant gouging overrated
        ridiculous absurd laughable embarrassing angry shocking sick hostile aggressive yelled
        shouted screamed regret regretted regrettable beware fail failed fails failure screwed
        ruin ruins ruined unhappy dissatisfied unsatisfactory displeased hating bogus
        unappetizing unappetising unsafe dangerous deafening depressing unpleasant unpleasantly
        expired insect insects mouse mice pissed dreadfully rubbish cheat crappy hideous dire
        vulgar obnoxious obnoxiously abrasive mocking kicked ignorant unprofessionalism
        cheating overpricing crooked greedy greed lamentable dismal dismally outrageous
        outrageously shameless frightful frightening terrifying creepy disturbing farce
        hopeless hopelessly inept ineptitude amateurish mismanaged poorest hostility cruel
        snapped unapologetic unresponsive uncaring apathetic queasy cramps grubby sleazy
        suffocating earsplitting leathery slimy curdled congealed neglect abandoned botched
        bungled screwup blunder interminable disheartened dejected crushed heartbroken offended
        unwanted disrespected upsetting exasperated exasperating wtf downhill deteriorated
        worsened stiffed shortchanged overcharges unjustifiable gouge gouged hospital flop
        waste dishwater sawdust sludge haughty grouchy dissapointed disapointed dissapointing
        disapointing""",
        -1.5: """poor poorly mediocre mediocrity subpar inferior bland watery watered soggy
        mushy rubbery gristly greasy oily overcooked undercooked overdone underdone burnt
        burned stale limp wilted microwaved reheated oversalted overseasoned sickly cloying
        lukewarm tepid spoilt odor odour musty sticky stained dusty messy mess bugs bug ugh
        overpriced ripped unreasonable overhyped sluggish slowest eternity understaffed
        disorganized disorganised chaotic chaos mistake mistakes wrong incorrect lost forgot
        forgotten forgetful inexperienced untrained sloppy careless snobby snobbish snooty
        pretentious indifferent uninterested disinterested ignore annoyed annoying irritated
        irritating irritable moody underwhelming underwhelmed unimpressed unimpressive
        uninspired uninspiring lackluster lacklustre stuffy dingy dreary drab shabby rundown
        tacky gloomy uncomfortable uncomfortably freezing sweaty boring dull tedious awkward
        worse wrongly messed ruining complaint complaints complain complained complaining
        hassle impossible awfully cramped skimpy stingy measly meager meagre paltry minuscule
        insufficient inadequate broken embarrassed ill unwelcome fake questionable suspicious
        sketchy shady dodgy dubious unreliable rushed pushy impatient intrusive stressful
        painful pain nuisance dislike disliked sad unsatisfied shame hurried lame snarky
        scolded lectured refused refuse denied rejected chintzy scary alarming unnerving clumsy
        clumsily unqualified unorganized harsh curt brusque gruff frosty icy sullen sulky
        bitterly unkempt untidy grungy seedy soulless characterless uninviting unattractive
        ugly unsightly flimsy rickety tattered overcrowded claustrophobic blaring raucous rowdy
        scorched stringy sinewy gummy gluey pasty doughy gritty sandy lumpy unseasoned
        oversweet fishy forgets forgetting overlooked disorder disorganization incorrectly
        slowness endless endlessly lateness overbooked overbooking stranded saddened
        discouraged deflated uneasy unappreciated unvalued hassled pestered irked peeved argh
        yikes bummer cheapskate unjustified overpay overpaid pointless declined decline upset
        bizarre cardboard rubber mush skimp skimped gristle lethargic listless unmotivated
        unattended unanswered uppity smug cocky cranky crabby unsmiling""",
        -1: """slow slowly delayed delay delays late forever waited overwhelmed mixup error
        errors missing problem problems trouble troubles unfortunately sadly unfortunate pity
        inconvenient inconvenience difficult confusing confused nobody forgettable unremarkable
        weak tiny lacking lacks lacked lack unavailable cancelled canceled cracked chipped hair
        hairs flies fatty tough dry dried salty bitter underseasoned overpowering smelled noisy
        loud dated outdated sterile drafty draughty smoky chilly deserted bored expensive
        pricey pricy costly steep rip meh blah bleh sigh inconsistent refund stressed rushing
        hovering avoided scant sarcastic amateur generic monotonous repetitive cheaply wobbly
        worn torn jammed bony grainy runny overdressed drenched drowning overloaded
        overwhelming overpowered acidic gamey artificial canned packaged precooked cafeteria
        defrosted thawed misunderstood misunderstanding confusion oversight slower delaying
        lengthy tardy ouch boo surcharge unnecessary needless inexplicable inexplicably nope
        slipping slipped disappeared vanished cluttered weird strange odd attitude shocked
        soupy gloopy gelatinous microwave absent invisible bossy""",
        -0.5: """wait waiting queue never issue issues average ordinary small raw frozen
        processed sugary cold crowded empty chewy pricier predictable faded flat oops nah
        costlier charged edible""",
        -0.3: """bearable tolerable passable""",
    }
)

NEGATIVE_NL: dict[str, float] = _graded(
    {
        -3: """walgelijk walgelijke walg walgen gewalgd kotsen kotste overgeven overgegeven
        voedselvergiftiging diarree kakkerlak kakkerlakken rat ratten ongedierte beschimmeld
        beschimmelde bedorven oplichting oplichters opgelicht racistisch racistische
        discriminatie slechtst slechtste allerslechtst allerslechtste schimmel giftig
        vergiftigd vergiftiging salmonella uitwerpselen urine maden rottend rottende
        weerzinwekkend weerzinwekkende kotsmisselijk braakneigingen overgaf bestolen beroofd
        intimidatie bedreigd seksistisch seksistische oneetbaar oneetbare oplichterij oplichter
        bedrog bedrogen hondenvoer varkensvoer""",
        -2.5: """verschrikkelijk verschrikkelijke vreselijk vreselijke afschuwelijk
        afschuwelijke afgrijselijk afgrijselijke rampzalig rampzalige ramp bagger waardeloos
        waardeloze smerig smerige goor gore ranzig ranzige stank onhygiënisch onhygiënische
        onhygienisch onhygienische onbeschoft onbeschofte schandalig schandalige schande
        ontoelaatbaar onaanvaardbaar onaanvaardbare onacceptabel onacceptabele respectloos
        respectloze beledigend beledigende woedend woedende razend afgezet afzetterij
        zakkenvullers woekerprijs woekerprijzen incompetent incompetente afraden afgeraden
        verpest verpestte verpesten belabberd belabberde bedroevend bedroevende misselijk
        buikpijn jakkes getver getverdemme uitgescholden afschuw bucht wormen gestolen diefstal
        geïntimideerd beschamend beschamende erbarmelijk erbarmelijke abominabel abominabele
        miserabel miserabele deplorabel lamentabel ondraaglijk onverteerbaar ongenietbaar
        ongenietbare ondrinkbaar zakkenvullerij schurken boeven dieven afzetters uitbuiting
        geldwolven onbeschoftheid minachting kleinerend kleinerende denigrerend denigrerende
        uitgelachen buitengezet afgesnauwd snauwde kut kutzooi klote verschrikking gruwel
        nachtmerrie horror fiasco debacle rioollucht woest rotavond rotervaring gelogen loog
        leugen leugens dégoutant degoutant kattenpis""",
        -2: """slecht slechte vies vieze viezer viezig onvriendelijk onvriendelijke onbeleefd
        onbeleefde brutaal brutale arrogant arrogante hooghartig hooghartige neerbuigend
        neerbuigende nors norse chagrijnig chagrijnige sikkeneurig ongeïnteresseerd
        ongeïnteresseerde ongeinteresseerd ongeinteresseerde onverschillig onverschillige
        onkundig onkundige onprofessioneel onprofessionele amateuristisch amateuristische
        onbehulpzaam genegeerd negeerde boos boze kwaad geschokt gechoqueerd verbijsterd
        beledigd vuil vuile stinken stinkt stonk stinkende rotte teleurstellend teleurstellende
        teleurgesteld teleurgestelde teleurstelling teleurstellingen teleurstellen teleur
        tegenvaller ontevreden ontevredenheid ondermaats ondermaatse armzalig armzalige
        smakeloos smakeloze doodsaai doodsaaie peperduur peperdure buitensporig buitensporige
        belachelijk belachelijke overdreven mislukt mislukte mislukking faalt falen gefaald
        verknald verknoeid beroerd beroerde rotzooi troep zooitje puinhoop drama dramatisch
        dramatische ellende ellendig ellendige oorverdovend oorverdovende misser missers
        blunder frustratie gefrustreerd frustrerend frustrerende schreeuwde ontgoocheld
        ontgoochelde ontgoocheling ontgoochelend ontgoochelende vermijden mijden vermijd hekel
        haat haten muis muizen onveilig gevaarlijk gevaarlijke ontstemd prut insect gênant
        genant gênante tenenkrommend tenenkrommende onsmakelijk onsmakelijke onappetijtelijk
        onappetijtelijke hebberig hebzucht inhalig inhalige graaien brutaliteit arrogantie
        weggestuurd snauwen snauw zuurpruim chagrijn onverschilligheid nalatig nalatige
        nalatigheid prutser prutsers beunhazen zootje janboel puinzooi soepzooitje gezeik
        nutteloos nutteloze hel flop miskleun afknapper tegenvallers achteruitgegaan
        achteruitgang verslechterd bergafwaarts ongemanierd ongemanierde asociaal asociale
        onheus onheuse onbehouwen ongepast ongepaste uitgedroogd uitgedroogde verdroogd
        verdroogde kurkdroog kurkdroge schoenzool zwartgeblakerd fabrieksvoer liefdeloos
        liefdeloze verwaarloosd verwaarloosde foeilelijk foeilelijke stinkend zweetlucht
        slakkengang slakkentempo negeerden pissig nijdig verbolgen ontzet rotgevoel oneerlijk
        oneerlijke misleidend misleidende vuiligheid viezigheid smeerboel schimmelig
        schimmelige exorbitante absurde bah ziek smaakloos smaakloze klantonvriendelijk
        klantonvriendelijke ongastvrij ongastvrije slootwater afwaswater prutkoffie smerigheid
        slijmerig slijmerige teleurgestelt""",
        -1.5: """matig matige onbeholpen ongeduldig ongeduldige afstandelijk afstandelijke kil
        kille onattent onattente onoplettend onoplettende nonchalant nonchalante slordig
        slordige slordigheid ongeschoold onervaren lui luie negeren vergeten vergat kortaf
        botte grof grove lomp lompe vervelend vervelende irritant irritante storend storende
        opdringerig opdringerige gehaast afgeraffeld opgejaagd geschreeuw geïrriteerd
        geïrriteerde geirriteerd geërgerd geergerd ergerlijk ergerlijke ergernis ergernissen
        ergerde humeurig humeurige lauw lauwe lauwwarm lauwwarme opgewarmd opgewarmde flauw
        flauwe laf lafe zouteloos zouteloze flets fletse karakterloos karakterloze saai saaie
        taai taaie muf muffe oudbakken klef kleffe papperig papperige pappig pappige waterig
        waterige zompig zompige aangebrand aangebrande verbrand verbrande overgaar ongaar
        halfgaar vettig vettige plakkerig plakkerige plakte stoffig stoffige vlekken gammel
        gammele overprijsd overprijsde sloom slome eeuwigheid onderbezet onderbemand chaos
        chaotisch chaotische ongeorganiseerd ongeorganiseerde fout foute fouten verkeerd
        verkeerde misgegaan gedoe gezeur klacht klachten klagen klaagde geklaagd onvoldoende
        pover povere armoedig armoedige schamel schamele miezerig miezerige tegenvallen
        tegenvallend tegenvallende tegengevallen jammerlijk doodzonde balen baalde spijt
        verdrietig triest trieste treurig treurige ongezellig ongezellige benauwd benauwde
        bedompt bedompte versleten smoezelig smoezelige groezelig groezelige armetierig
        armetierige ongemakkelijk ongemakkelijke oncomfortabel oncomfortabele ambetant
        ambetante zever kabaal gierig gierige kapot geschrokken stom stomme dom domme pfff
        pffff middelmatigheid stug stugge kwijt rommel triestig pijnlijk pijnlijke geweigerd
        weigerde weigeren afgewezen bits bitse bitsig snibbig snibbige kattig kattige ongeduld
        laks lakse onzorgvuldig onzorgvuldige knullig knullige stuntelig stuntelige klungelig
        klungelige geklungel gestuntel geknoei amateurs rommeltje gezever gezaag zinloos domper
        anticlimax tegenviel tegenvalt tegenvielen onderkoeld ijzig ijzige opgelaten zeemleer
        rubberachtig steenkoud overgekookt doorgekookt verzopen walm frituurlucht aangekoekt
        zoutloos overgezouten pakjessaus pakjessoep fantasieloos fantasieloze ongeïnspireerd
        ongeïnspireerde ongeinspireerd inspiratieloos zielloos zielloze sfeerloos sfeerloze
        kantineachtig vervallen verlopen aftands aftandse afgeleefd afgeleefde lelijk lelijke
        kitscherig kitscherige overvol overvolle snikheet vetlaag onbereikbaar onbereikbare
        omslachtig omslachtige bureaucratisch moeizaam moeizame traagheid urenlang
        onderbezetting vergaten overgeslagen negeert foutief foutieve onjuist onjuiste
        vergeetachtig verbouwereerd ongelukkig ongelukkige droevig droevige rottig onaangenaam
        onaangename onprettig onprettige onplezierig onplezierige hinderlijk hinderlijke
        irritatie irritaties ergeren ergerden verveling langdradig langdradige duurbetaald
        torenhoog torenhoge onbetrouwbaar onbetrouwbare nep smaakarm overgekruid nul
        onbegrijpelijk vettigheid zielig zielige armoe krenterig krenterige schraal schrale
        verlept verlepte kleverig kleverige draderig pezig pezige nukkig nurks stuurs lusteloos
        lusteloze ongemotiveerd ongemotiveerde""",
        -1: """traag trage trager langzaam langzame eindeloos eindeloze eeuwen gewacht wachtten
        wachtte vertraging vertraagd verwarring vergissing mis probleem problemen zwak zwakke
        karig karige mager kleintjes piepklein piepkleine jammer helaas spijtig spijtige zonde
        pech lawaai lawaaiig lawaaiige lawaaierig lawaaierige herrie rumoerig rumoerige
        luidruchtig luidruchtige krap krappe tochtig tochtige kaal kale steriel steriele somber
        sombere sneu sneue gedateerd gedateerde verouderd verouderde ongemak eentonig eentonige
        oninteressant haastig haastige lastig lastige onhandig onhandige duur dure duurder
        prijzig prijzige middelmatig middelmatige zoute droog droge rommelig rommelige niemand
        stroef stroeve houterig houterige raar rare mwah mwoah mwa meh pff zucht afgekoeld
        magnetron diepvries fabrieksmatig defect gebroken haren gemopper gemor mopperen
        overbodig overbodige onnodig onnodige droogjes slap slappe drijfnat frituurvet
        aangebakken ongekruid zouterig diepvriesfriet diepvriesproduct klinisch klinische
        kantine kitsch propvol hok rooklucht onduidelijk onduidelijke onduidelijkheid
        misverstand misverstanden verward verwarrend verwarrende ingewikkeld ingewikkelde
        overbelast overvraagd vergist ontbrak ontbraken ontbreekt ontbrekende ontbreken miste
        verveeld duurdere beschadigd beschadigde gebarsten kruimels vlek vergeet gewoontjes
        vreemd vreemde eigenaardig zuinig zuinige honger vezelig afwezig afwezige onzichtbaar
        onvindbaar""",
        -0.5: """wachten wachttijd wachttijden nooit niks klein kleine weinig druk drukke
        drukte koud koude rauw vet vette foutje tja gemiddeld gemiddelde magere voorspelbaar
        voorspelbare zout""",
    }
)

POSITIVE: dict[str, float] = _merged(POSITIVE_EN, POSITIVE_NL)
NEGATIVE: dict[str, float] = _merged(NEGATIVE_EN, NEGATIVE_NL)

NEGATORS = frozenset(
    """not no never nothing nobody none nowhere neither nor without hardly barely scarcely isn't
    wasn't aren't weren't don't didn't doesn't couldn't wouldn't can't cannot won't
    shouldn't haven't hasn't hadn't ain't n't dont didnt doesnt isnt wasnt arent werent
    couldnt wouldnt shouldnt cant havent hasnt hadnt aint don didn doesn isn wasn aren weren
    couldn wouldn shouldn haven hasn hadn niet geen nooit niets niks nergens zonder
    nauwelijks amper allerminst geeneens nimmer noch""".split()
)

CONTRASTS = frozenset(
    """but however although though yet except nevertheless nonetheless whereas despite maar echter
    hoewel alleen toch ondanks desondanks daarentegen behalve""".split()
)

# A factor on the polarity of the next word: boosters above 1, downtoners below.
INTENSIFIERS: dict[str, float] = _graded(
    {
        1.8: """extremely incredibly unbelievably exceptionally utterly ontzettend ontzettende
        ongelooflijk ongelofelijk""",
        1.7: """absolutely insanely ridiculously enorm enorme hartstikke uiterst uitzonderlijk
        buitengewoon extreem onwijs""",
        1.6: """soooo mega héél zeer giga absoluut tergend onwaarschijnlijk""",
        1.5: """very sooo super remarkably completely thoroughly totally highly deeply
        seriously overly heel erg écht bijzonder werkelijk reuze dikke absolute totaal wreed
        abnormaal zot""",
        1.4: """really truly echt zó dik helemaal volledig compleet""",
        1.3: """so definately especially particularly genuinely simply surprisingly
        consistently definitely most zo behoorlijk flink serieus bijster fel""",
        1.2: """always certainly much too vooral altijd zeker te""",
        1.1: """pretty quite best""",
        0.9: """rather nogal tamelijk vrij""",
        0.8: """fairly almost redelijk""",
        0.7: """somewhat kinda little iets ietwat ietsje""",
        0.6: """slightly bit beetje beetjes""",
    }
)
