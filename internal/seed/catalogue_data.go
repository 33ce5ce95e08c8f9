package seed

// demoOption is one entry of the demo social map.
type demoOption struct {
	Name, Category, Provider, Contact, Cost, Description string
	Specialist                                           bool
}

// demoCatalogue is a realistic social map of the Achterhoek (demo) region:
// the broad palette of equal options a POH, peer expert and neighbourhood coach
// lay before a resident, from peer support and the neighbourhood to debt help,
// eHealth and, only when really needed, specialist GGZ or addiction care.
// Providers are plausible but fictional where unsure; contacts are fictional.
var demoCatalogue = []demoOption{
	// peer_support
	{
		Name:        "Herstelcafé Doetinchem",
		Category:    "peer_support",
		Provider:    "Stichting Herstelcafé Achterhoek",
		Contact:     "herstelcafe.doetinchem@example.nl",
		Cost:        "free",
		Description: "Elke dinsdagmiddag een open inloop waar je in een ontspannen sfeer ervaringen deelt met anderen die ook aan hun herstel werken.",
	},
	{
		Name:        "Herstelcafé Winterswijk",
		Category:    "peer_support",
		Provider:    "Stichting Herstelcafé Achterhoek",
		Contact:     "herstelcafe.winterswijk@example.nl",
		Cost:        "free",
		Description: "Elke donderdagavond een open inloop in de bibliotheek waar ervaringsdeskundigen en bezoekers samen praten over wat helpt.",
	},
	{
		Name:        "Moedige Moeders",
		Category:    "peer_support",
		Provider:    "Moedige Moeders Achterhoek",
		Contact:     "moedigemoeders@example.nl",
		Cost:        "free",
		Description: "Ouders en naasten van iemand die te veel drinkt of gebruikt steunen elkaar in maandelijkse bijeenkomsten.",
	},
	{
		Name:        "Lotgenotengroep Rouw en Verlies",
		Category:    "peer_support",
		Provider:    "Stichting Samen Verder Oost-Gelre",
		Contact:     "0314-750112",
		Cost:        "free",
		Description: "In een kleine groep praat je met anderen die ook iemand hebben verloren, begeleid door een ervaringsdeskundige.",
	},

	// recovery_college
	{
		Name:        "Herstelacademie Achterhoek",
		Category:    "recovery_college",
		Provider:    "Herstelacademie Achterhoek",
		Contact:     "https://herstelacademie-achterhoek.example.nl",
		Cost:        "free",
		Description: "Cursussen en workshops over herstel, gegeven door ervaringsdeskundigen, voor iedereen die weer grip op het eigen leven wil krijgen.",
	},
	{
		Name:        "Cursus Herstellen doe je zelf",
		Category:    "recovery_college",
		Provider:    "Herstelacademie Achterhoek",
		Contact:     "cursussen@herstelacademie-achterhoek.example.nl",
		Cost:        "free",
		Description: "In tien bijeenkomsten onderzoek je met anderen wat jou helpt om te herstellen en je eigen koers te varen.",
	},
	{
		Name:        "WRAP-training Eigen Regie",
		Category:    "recovery_college",
		Provider:    "Herstelacademie Achterhoek",
		Contact:     "wrap@herstelacademie-achterhoek.example.nl",
		Cost:        "free",
		Description: "In acht bijeenkomsten maak je je eigen plan voor goede en moeilijke dagen, samen met andere deelnemers.",
	},

	// group
	{
		Name:        "Gespreksgroep Grip op je Dip",
		Category:    "group",
		Provider:    "Welzijnswerk Oost-Achterhoek",
		Contact:     "0314-750230",
		Cost:        "free",
		Description: "Een groep van acht bijeenkomsten voor wie zich al een tijd somber voelt en samen wil ontdekken wat helpt.",
	},
	{
		Name:        "Mannengroep De Schuur",
		Category:    "group",
		Provider:    "Welzijn Aalten",
		Contact:     "mannengroep.deschuur@example.nl",
		Cost:        "free",
		Description: "Mannen ontmoeten elkaar elke dinsdagavond om samen te klussen, koffie te drinken en te praten over wat hen bezighoudt.",
	},
	{
		Name:        "Ontmoetingsgroep Jonge Ouders",
		Category:    "group",
		Provider:    "Centrum voor Jeugd en Gezin Doetinchem",
		Contact:     "jongeouders@cjg-doetinchem.example.nl",
		Cost:        "free",
		Description: "Jonge ouders delen ervaringen over de eerste tijd met een baby, met ruimte voor wat zwaar is.",
	},

	// sport_movement
	{
		Name:        "Wandelgroep Samen op Pad",
		Category:    "sport_movement",
		Provider:    "Sportservice Doetinchem",
		Contact:     "samenoppad@example.nl",
		Cost:        "free",
		Description: "Elke woensdagochtend een rustige wandeling van een uur door het Slangenburgse bos, in je eigen tempo.",
	},
	{
		Name:        "Beweegmaatje Achterhoek",
		Category:    "sport_movement",
		Provider:    "Sportservice Oost Gelre",
		Contact:     "0544-370145",
		Cost:        "free",
		Description: "Een vrijwilliger gaat een paar maanden met je wandelen, fietsen of zwemmen tot je zelf de draad weer oppakt.",
	},
	{
		Name:        "Gecombineerde Leefstijlinterventie (GLI)",
		Category:    "sport_movement",
		Provider:    "Leefstijlcoaches Achterhoek",
		Contact:     "https://leefstijlcoaches-achterhoek.example.nl",
		Cost:        "insured",
		Description: "Twee jaar begeleiding bij gezonder eten, meer bewegen en beter slapen, in een groep en individueel.",
	},

	// arts_culture
	{
		Name:        "Open Atelier De Kleurrijke Kwast",
		Category:    "arts_culture",
		Provider:    "Stichting Kunst in de Wijk",
		Contact:     "atelier.kleurrijkekwast@example.nl",
		Cost:        "paid",
		Description: "Schilderen, tekenen en boetseren in een open atelier, zonder ervaring en zonder prestatiedruk.",
	},
	{
		Name:        "Koor Uit Volle Borst",
		Category:    "arts_culture",
		Provider:    "Muziekschool Winterswijk (demo)",
		Contact:     "0543-520318",
		Cost:        "paid",
		Description: "Een laagdrempelig koor waarin iedereen welkom is, ook wie denkt niet te kunnen zingen.",
	},
	{
		Name:        "Schrijfgroep Woorden voor Wat Je Voelt",
		Category:    "arts_culture",
		Provider:    "Bibliotheek Oost-Achterhoek (demo)",
		Contact:     "schrijfgroep@bibliotheek-oa.example.nl",
		Cost:        "free",
		Description: "Onder begeleiding schrijf je in een kleine groep over je eigen leven en ervaringen.",
	},

	// neighbourhood
	{
		Name:        "Buurtkamer De Ontmoeting",
		Category:    "neighbourhood",
		Provider:    "Welzijn Doetinchem (demo)",
		Contact:     "0314-750401",
		Cost:        "free",
		Description: "Een huiskamer in de wijk waar je elke doordeweekse dag binnen kunt lopen voor koffie, een praatje of een activiteit.",
	},
	{
		Name:        "Sociaal wijkteam",
		Category:    "neighbourhood",
		Provider:    "Gemeente Doetinchem (demo)",
		Contact:     "wijkteam@doetinchem.example.nl",
		Cost:        "municipality",
		Description: "Het wijkteam denkt mee over zorg, geld, wonen en opvoeden en kan zo nodig ondersteuning vanuit de Wmo regelen.",
	},
	{
		Name:        "Eettafel De Gezellige Hoek",
		Category:    "neighbourhood",
		Provider:    "Buurthuis Lichtenvoorde (demo)",
		Contact:     "0544-370288",
		Cost:        "paid",
		Description: "Twee keer per week samen een warme maaltijd eten met buurtgenoten, voor een kleine bijdrage.",
	},

	// work_participation
	{
		Name:        "Vrijwilligerscentrale Achterhoek",
		Category:    "work_participation",
		Provider:    "Vrijwilligerscentrale Achterhoek",
		Contact:     "https://vrijwilligerscentrale-achterhoek.example.nl",
		Cost:        "free",
		Description: "Helpt je een vrijwilligersplek te vinden die past bij wat je kunt en wilt, in je eigen tempo.",
	},
	{
		Name:        "Werkfit-traject Werkplein",
		Category:    "work_participation",
		Provider:    "Werkplein Achterhoek (demo)",
		Contact:     "werkfit@werkplein-achterhoek.example.nl",
		Cost:        "municipality",
		Description: "Met een jobcoach ga je stap voor stap weer aan het werk, met aandacht voor wat je aankunt.",
	},
	{
		Name:        "Jongerenloket Opnieuw Starten",
		Category:    "work_participation",
		Provider:    "RMC-regio Achterhoek (demo)",
		Contact:     "0314-750517",
		Cost:        "municipality",
		Description: "Een coach helpt jongeren tot 23 jaar zonder diploma een nieuwe opleiding, stage of baan te vinden.",
	},

	// debt_money
	{
		Name:        "Schuldhulpmaatjes",
		Category:    "debt_money",
		Provider:    "Schuldhulpmaatje Achterhoek",
		Contact:     "aanmelden@schuldhulpmaatje-achterhoek.example.nl",
		Cost:        "free",
		Description: "Een getrainde vrijwilliger helpt je overzicht te krijgen in je geldzaken en gaat mee naar instanties.",
	},
	{
		Name:        "Humanitas Thuisadministratie",
		Category:    "debt_money",
		Provider:    "Humanitas Achterhoek (demo)",
		Contact:     "thuisadministratie@humanitas-achterhoek.example.nl",
		Cost:        "free",
		Description: "Een vrijwilliger komt bij je thuis om samen post, rekeningen en administratie op orde te brengen.",
	},
	{
		Name:        "Schuldhulpverlening gemeente",
		Category:    "debt_money",
		Provider:    "Gemeente Doetinchem (demo)",
		Contact:     "schuldhulp@doetinchem.example.nl",
		Cost:        "municipality",
		Description: "De gemeente maakt met je een plan om schulden op te lossen en regelt zo nodig een schuldregeling of budgetbeheer.",
	},

	// housing
	{
		Name:        "Woonconsulent Woningstichting",
		Category:    "housing",
		Provider:    "Woningstichting Achterhoek (demo)",
		Contact:     "0314-750622",
		Cost:        "free",
		Description: "De woonconsulent denkt mee bij problemen met je woning, een huurachterstand of overlast in de buurt.",
	},
	{
		Name:        "Ambulante woonbegeleiding",
		Category:    "housing",
		Provider:    "Stichting Thuis in de Achterhoek (demo)",
		Contact:     "woonbegeleiding@example.nl",
		Cost:        "municipality",
		Description: "Een begeleider komt thuis helpen met huishouden, dagstructuur en zelfstandig blijven wonen.",
	},

	// ehealth
	{
		Name:        "Thuisarts.nl zelfhulpmodules",
		Category:    "ehealth",
		Provider:    "Thuisarts.nl",
		Contact:     "https://zelfhulp.example.nl",
		Cost:        "free",
		Description: "Betrouwbare informatie en korte zelfhulpoefeningen over onder meer stress, slapen en somberheid.",
	},
	{
		Name:        "GGZ eHealth-programma Somberheid",
		Category:    "ehealth",
		Provider:    "Via de POH-GGZ van de praktijk",
		Contact:     "https://ehealth-somberheid.example.nl",
		Cost:        "insured",
		Description: "Een online programma van zes weken met oefeningen, waarbij de POH meekijkt en je feedback geeft.",
	},
	{
		Name:        "Online cursus Beter Slapen",
		Category:    "ehealth",
		Provider:    "Via de POH-GGZ van de praktijk",
		Contact:     "https://beterslapen.example.nl",
		Cost:        "insured",
		Description: "Een online cursus met slaapdagboek en oefeningen om je slaapritme weer op orde te krijgen.",
	},

	// gp_practice
	{
		Name:        "GGZ-ondersteuning via de POH",
		Category:    "gp_practice",
		Provider:    "Eigen huisartsenpraktijk",
		Contact:     "Via de assistente van de praktijk",
		Cost:        "insured",
		Description: "Een aantal gesprekken met de praktijkondersteuner GGZ van je eigen huisartsenpraktijk.",
	},
	{
		Name:        "Leefstijlspreekuur praktijkverpleegkundige",
		Category:    "gp_practice",
		Provider:    "Eigen huisartsenpraktijk",
		Contact:     "Via de assistente van de praktijk",
		Cost:        "insured",
		Description: "De praktijkverpleegkundige kijkt met je naar slapen, eten, bewegen en alcohol en maakt samen met je een plan.",
	},
	{
		Name:        "Vervolgconsult huisarts",
		Category:    "gp_practice",
		Provider:    "Eigen huisartsenpraktijk",
		Contact:     "Via de assistente van de praktijk",
		Cost:        "insured",
		Description: "Een vervolgafspraak met je eigen huisarts om lichamelijke klachten en medicijnen rustig door te nemen.",
	},

	// basic_ggz
	{
		Name:        "Mentaal Beter (basis-GGZ)",
		Category:    "basic_ggz",
		Provider:    "Mentaal Beter Achterhoek (demo)",
		Contact:     "0314-750733",
		Cost:        "insured",
		Description: "Kortdurende begeleiding door een psycholoog wanneer gesprekken met de POH niet genoeg helpen.",
	},
	{
		Name:        "Psychologenpraktijk De Berkel (basis-GGZ)",
		Category:    "basic_ggz",
		Provider:    "Psychologenpraktijk De Berkel (demo)",
		Contact:     "info@praktijkdeberkel.example.nl",
		Cost:        "insured",
		Description: "Een korte reeks gesprekken met een psycholoog in de regio, ook online mogelijk.",
	},

	// specialist_ggz
	{
		Name:        "Specialistische GGZ volwassenen",
		Category:    "specialist_ggz",
		Provider:    "GGZ Oost-Gelderland (demo)",
		Contact:     "aanmelden@ggz-oostgelderland.example.nl",
		Cost:        "insured",
		Description: "Behandeling door een team van verschillende hulpverleners voor wie met huisarts en basis-GGZ onvoldoende verder komt.",
		Specialist:  true,
	},
	{
		Name:        "Jongvolwassenenteam specialistische GGZ",
		Category:    "specialist_ggz",
		Provider:    "GGZ Oost-Gelderland (demo)",
		Contact:     "0314-750844",
		Cost:        "insured",
		Description: "Behandeling en begeleiding voor jongeren van 16 tot 27 jaar die langdurig en ernstig vastlopen.",
		Specialist:  true,
	},

	// addiction_care
	{
		Name:        "Tactus verslavingszorg",
		Category:    "addiction_care",
		Provider:    "Tactus (demo)",
		Contact:     "https://verslavingszorg.example.nl",
		Cost:        "insured",
		Description: "Hulp dicht bij huis bij het minderen of stoppen met alcohol, drugs of gokken.",
		Specialist:  true,
	},
	{
		Name:        "Alcoholspreekuur Tactus",
		Category:    "addiction_care",
		Provider:    "Tactus (demo)",
		Contact:     "alcoholspreekuur@example.nl",
		Cost:        "insured",
		Description: "Een paar gesprekken met een verslavingsdeskundige over je drinkpatroon en wat je wilt veranderen, ook online.",
		Specialist:  true,
	},

	// other
	{
		Name:        "Steunpunt Mantelzorg Achterhoek",
		Category:    "other",
		Provider:    "Steunpunt Mantelzorg Achterhoek (demo)",
		Contact:     "0543-520476",
		Cost:        "free",
		Description: "Informatie, een luisterend oor en tijdelijke vervanging voor wie langdurig voor een naaste zorgt.",
	},
	{
		Name:        "Centrum voor Levensvragen Achterhoek",
		Category:    "other",
		Provider:    "Centrum voor Levensvragen Achterhoek (demo)",
		Contact:     "levensvragen@example.nl",
		Cost:        "free",
		Description: "Een geestelijk verzorger praat met je over zingeving, verlies en levensvragen, thuis of op een rustige plek.",
	},
	{
		Name:        "Sociaal raadslieden",
		Category:    "other",
		Provider:    "Welzijnswerk Oost-Achterhoek",
		Contact:     "raadslieden@example.nl",
		Cost:        "free",
		Description: "Gratis hulp bij formulieren, toeslagen, bezwaarschriften en brieven van instanties.",
	},
}
