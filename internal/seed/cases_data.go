package seed

// demoCase is one demo resident's trajectory, written in the resident's own words.
type demoCase struct {
	Practice         string // exact demo practice name: "Huisartsenpraktijk De Linde" or "Gezondheidscentrum Oost"
	Label            string // pseudonymous: first name or initials
	BirthYear        int
	PC4              string                // 4 digits, Achterhoek
	Question         string                // the question in the resident's own words
	Intention        string                // none|basic_ggz|specialist_ggz|addiction_care
	SignalledDaysAgo int                   // how long ago the GP signalled the resident
	Stage            string                // signalled|consented|explored|follow_up|closed|withdrawn
	Story            string                // the resident's story in their own words; empty before exploration
	Domains          map[string]demoDomain // all nine life domains for explored and later
	Network          []string
	Strengths        []string
	Sensitivities    []string
	Goals            []string
	Needs            []string
	Options          []string       // names that occur exactly in demoCatalogue
	Agreements       []string       // who does what, and when
	FollowUpScores   map[string]int // second conversation scores (follow_up and closed)
	Outcome          string         // closed/withdrawn only
	OutcomeReason    string         // closed/withdrawn only
	Note             string         // a peer's or coach's short reflection, explored and later
}

// demoDomain is one life domain in the resident's words with their 1..5 score.
type demoDomain struct {
	Text  string
	Score int
}

// demoCases are twelve pseudonymous residents spread over the two demo
// practices of the Achterhoek and over every stage of a HOI trajectory.
var demoCases = []demoCase{
	// --- signalled ---------------------------------------------------------
	{
		Practice:         "Huisartsenpraktijk De Linde",
		Label:            "Marco",
		BirthYear:        1984,
		PC4:              "7003",
		Question:         "Sinds ik ontslagen ben lig ik 's nachts te piekeren. Als ik aan solliciteren denk, krijg ik het benauwd.",
		Intention:        "basic_ggz",
		SignalledDaysAgo: 24,
		Stage:            "signalled",
	},
	{
		Practice:         "Gezondheidscentrum Oost",
		Label:            "J.",
		BirthYear:        1962,
		PC4:              "7101",
		Question:         "Ik zorg elke dag voor mijn moeder en merk dat ik zelf op raak. Ik slaap slecht en ben snel geïrriteerd.",
		Intention:        "none",
		SignalledDaysAgo: 3,
		Stage:            "signalled",
	},
	{
		Practice:         "Gezondheidscentrum Oost",
		Label:            "Rik",
		BirthYear:        1978,
		PC4:              "7141",
		Question:         "Ik drink meer dan ik wil, vooral in het weekend. Mijn vrouw zegt dat het zo niet verder kan.",
		Intention:        "addiction_care",
		SignalledDaysAgo: 6,
		Stage:            "signalled",
	},

	// --- consented, not yet explored ----------------------------------------
	{
		Practice:         "Huisartsenpraktijk De Linde",
		Label:            "Lotte",
		BirthYear:        2005,
		PC4:              "7006",
		Question:         "Ik ben gestopt met mijn opleiding en weet niet hoe het nu verder moet. Overdag slaap ik en 's nachts lig ik wakker.",
		Intention:        "basic_ggz",
		SignalledDaysAgo: 12,
		Stage:            "consented",
	},
	{
		Practice:         "Gezondheidscentrum Oost",
		Label:            "Gerda",
		BirthYear:        1956,
		PC4:              "7101",
		Question:         "Sinds mijn man vorig jaar is overleden kom ik de dagen moeilijk door. Ik wil niet dat de kinderen zich zorgen maken.",
		Intention:        "none",
		SignalledDaysAgo: 9,
		Stage:            "consented",
	},

	// --- explored ------------------------------------------------------------
	{
		Practice:         "Huisartsenpraktijk De Linde",
		Label:            "Henk",
		BirthYear:        1952,
		PC4:              "7004",
		Question:         "Sinds ik met pensioen ben zit ik veel alleen thuis. Ik weet niet goed wat ik met mijn dagen moet.",
		Intention:        "none",
		SignalledDaysAgo: 21,
		Stage:            "explored",
		Story:            "Ik heb veertig jaar bij de drukkerij gewerkt en sinds mijn pensioen valt alles stil. Mijn vrouw is drie jaar geleden overleden en de kinderen wonen in de Randstad. Ik zit veel voor de tv en merk dat ik nergens meer zin in heb. Ik wil eigenlijk gewoon weer ergens bij horen.",
		Domains: map[string]demoDomain{
			"daily_life":    {"Ik sta laat op en de dagen lopen in elkaar over.", 2},
			"body":          {"Mijn knie speelt op en ik slaap onrustig, maar verder gaat het redelijk.", 3},
			"mind":          {"'s Avonds pieker ik veel en voel ik me vaak leeg.", 2},
			"meaning":       {"Ik mis het gevoel dat ik ergens nodig ben.", 2},
			"relationships": {"De kinderen bellen op zondag, maar door de week spreek ik bijna niemand.", 2},
			"participation": {"Sinds de drukkerij doe ik niks meer; vroeger zat ik bij de biljartclub.", 1},
			"money":         {"Met mijn pensioen kom ik goed rond.", 4},
			"housing":       {"Het huis is eigenlijk te groot voor mij alleen, maar ik woon er graag.", 4},
			"safety":        {"Ik voel me veilig in mijn buurt.", 5},
		},
		Network: []string{
			"Dochter Marieke – belt elke zondag, woont in Utrecht",
			"Buurman Gerrit – maakt soms een praatje over de schutting",
			"Oud-collega's van de drukkerij – af en toe contact",
		},
		Strengths:     []string{"Handig met gereedschap", "Betrouwbaar en altijd op tijd", "Houdt van wandelen in de natuur"},
		Sensitivities: []string{"Trekt zich terug als het tegenzit", "Vindt een nieuwe groep binnenstappen spannend"},
		Goals:         []string{"Twee vaste momenten per week iets buitenshuis doen", "Weer mensen om me heen hebben om mee te praten"},
		Needs:         []string{"Iemand die de eerste keer meegaat", "Een plek waar ik iets met mijn handen kan doen"},
		Options:       []string{"Buurtkamer De Ontmoeting", "Wandelgroep Samen op Pad", "Vrijwilligerscentrale Achterhoek"},
		Agreements: []string{
			"Buurtcoach gaat donderdag mee naar Buurtkamer De Ontmoeting",
			"Henk belt zelf de Vrijwilligerscentrale – deze week",
			"Vervolggesprek over vier weken bij Henk thuis",
		},
		Note: "Henk leefde op toen het over klussen ging; daar zit zijn energie. Het helpt hem als iemand de eerste keren meegaat.",
	},
	{
		Practice:         "Gezondheidscentrum Oost",
		Label:            "Samira",
		BirthYear:        1993,
		PC4:              "7007",
		Question:         "Sinds de geboorte van mijn zoontje voel ik me somber en moe. Ik schaam me daarvoor.",
		Intention:        "basic_ggz",
		SignalledDaysAgo: 18,
		Stage:            "explored",
		Story:            "Mijn zoontje is vier maanden en ik had gedacht dat ik gelukkig zou zijn. In plaats daarvan huil ik vaak en voel ik me tekortschieten. Mijn man werkt veel en mijn familie woont ver weg. Ik wil er graag voor mijn kind zijn zonder me zo zwaar te voelen.",
		Domains: map[string]demoDomain{
			"daily_life":    {"Mijn dagen draaien om voeden en slapen; aan mezelf kom ik niet toe.", 2},
			"body":          {"Ik slaap in stukjes en eet onregelmatig.", 2},
			"mind":          {"Ik voel me vaak verdrietig en ben bang dat ik geen goede moeder ben.", 2},
			"meaning":       {"Mijn zoontje is het mooiste wat er is, dat houdt me op de been.", 4},
			"relationships": {"Mijn man steunt me, maar ik durf niet te zeggen hoe zwaar het is. Mijn moeder woont in Rotterdam.", 3},
			"participation": {"Ik heb ouderschapsverlof en twijfel of ik terug wil naar mijn werk.", 3},
			"money":         {"We redden het, al is het krap nu ik minder werk.", 3},
			"housing":       {"Ons appartement is klein maar prima.", 4},
			"safety":        {"Thuis voel ik me veilig.", 5},
		},
		Network: []string{
			"Man Youssef – lief maar werkt veel",
			"Moeder – belt elke dag, woont in Rotterdam",
			"Verpleegkundige van het consultatiebureau – kijkt mee",
		},
		Strengths:     []string{"Zorgzaam", "Kan goed verwoorden wat ze voelt als ze zich veilig voelt", "Tekende vroeger veel"},
		Sensitivities: []string{"Schaamt zich om hulp te vragen", "Weinig slaap maakt alles zwaarder"},
		Goals:         []string{"Me weer meer mezelf voelen", "Een paar uur per week iets voor mezelf doen"},
		Needs:         []string{"Andere moeders spreken die dit herkennen", "Iemand die zonder oordeel luistert"},
		Options:       []string{"Ontmoetingsgroep Jonge Ouders", "GGZ-ondersteuning via de POH", "GGZ eHealth-programma Somberheid"},
		Agreements: []string{
			"POH plant drie gesprekken in – eerste binnen een week",
			"Samira meldt zich aan bij de Ontmoetingsgroep Jonge Ouders – voor vrijdag",
			"Vervolggesprek over drie weken, online",
		},
		Note: "Samira was opgelucht dat ze niet de enige is. Ze wil het stap voor stap doen; de groep met andere moeders trekt haar het meest.",
	},
	{
		Practice:         "Huisartsenpraktijk De Linde",
		Label:            "R.K.",
		BirthYear:        1971,
		PC4:              "7005",
		Question:         "Ik lig wakker van de rekeningen en durf de post niet meer open te maken.",
		Intention:        "basic_ggz",
		SignalledDaysAgo: 15,
		Stage:            "explored",
		Story:            "Na mijn scheiding ben ik achter geraakt met betalen en nu stapelen de rekeningen zich op. Ik werk in de bouw, maar ik kan me slecht concentreren en ben kortaf tegen iedereen. Mijn hoofd zit vol. Ik wil weer rust en overzicht.",
		Domains: map[string]demoDomain{
			"daily_life":    {"Werken lukt nog, maar thuis laat ik alles liggen.", 3},
			"body":          {"Ik slaap slecht en heb vaak hoofdpijn.", 2},
			"mind":          {"Ik ben gespannen en snel boos.", 2},
			"meaning":       {"Mijn kinderen zijn waar ik het voor doe.", 4},
			"relationships": {"Mijn kinderen zie ik om het weekend; vrienden zie ik niet meer.", 3},
			"participation": {"Ik werk fulltime, maar ben bang mijn baan kwijt te raken als dit zo doorgaat.", 3},
			"money":         {"Ik heb achterstanden bij de zorgverzekeraar en de energieleverancier, en er komen aanmaningen.", 1},
			"housing":       {"Ik heb twee maanden huurachterstand.", 2},
			"safety":        {"Er is nog geen deurwaarder geweest, maar daar ben ik wel bang voor.", 3},
		},
		Network: []string{
			"Broer Erik – helpt soms met klussen, weet niet van het geld",
			"Kinderen (12 en 15) – om het weekend bij mij",
			"Collega Bas – goed contact op het werk",
		},
		Strengths:     []string{"Hardwerkend", "Wil het graag zelf oplossen", "Goede band met zijn kinderen"},
		Sensitivities: []string{"Schaamte over het geld", "Wordt kortaf onder druk"},
		Goals:         []string{"Overzicht in mijn geldzaken", "Weer een nacht doorslapen"},
		Needs:         []string{"Iemand die naast me komt zitten bij de post", "Dat de druk van de aanmaningen eraf gaat"},
		Options:       []string{"Schuldhulpmaatjes", "Woonconsulent Woningstichting", "Online cursus Beter Slapen"},
		Agreements: []string{
			"Buurtcoach meldt R. aan bij Schuldhulpmaatjes – deze week",
			"R. belt de woonconsulent over een betalingsregeling – voor dinsdag",
			"Vervolggesprek over vier weken in de praktijk",
		},
		Note: "Het geld is de kern; als daar rust komt, verwacht R. zelf dat slapen en spanning meevallen. Een maatje dat meegaat naar instanties past goed bij hem.",
	},

	// --- follow-up -----------------------------------------------------------
	{
		Practice:         "Gezondheidscentrum Oost",
		Label:            "Dennis",
		BirthYear:        1986,
		PC4:              "7131",
		Question:         "Ik ben helemaal opgebrand en zit sinds twee maanden thuis van mijn werk.",
		Intention:        "basic_ggz",
		SignalledDaysAgo: 52,
		Stage:            "follow_up",
		Story:            "Ik werkte als teamleider in de logistiek en heb jarenlang te veel hooi op mijn vork genomen. Op een ochtend kon ik gewoon niet meer naar binnen. Nu zit ik thuis en voel ik me schuldig tegenover mijn collega's. Ik wil weer energie hebben en leren mijn grenzen aan te geven.",
		Domains: map[string]demoDomain{
			"daily_life":    {"Ik heb geen ritme meer, de dagen zijn lang.", 2},
			"body":          {"Ik ben constant moe en mijn nek zit vast.", 2},
			"mind":          {"Mijn hoofd is overvol, ik kan me niet concentreren.", 2},
			"meaning":       {"Ik weet niet meer zo goed wat ik belangrijk vind.", 2},
			"relationships": {"Mijn vriendin is geduldig, maar ik merk dat het ook voor haar zwaar is.", 3},
			"participation": {"Ik ben ziekgemeld en heb contact met de bedrijfsarts.", 1},
			"money":         {"Mijn loon wordt doorbetaald, dus dat is geen zorg.", 4},
			"housing":       {"Ons huis is fijn, we hebben een tuin.", 5},
			"safety":        {"Daar maak ik me geen zorgen over.", 5},
		},
		Network: []string{
			"Vriendin Lisa – woont samen met mij, steunt me",
			"Vader – praat er liever niet over",
			"Bedrijfsarts – begeleidt de terugkeer naar werk",
		},
		Strengths:     []string{"Verantwoordelijk", "Sportief, fietste vroeger veel", "Kan goed organiseren"},
		Sensitivities: []string{"Moeite met nee zeggen", "Schuldgevoel tegenover collega's"},
		Goals:         []string{"Weer een dagritme met rust en beweging", "Over drie maanden een paar uur per week op mijn werk"},
		Needs:         []string{"Leren herkennen wanneer het te veel wordt", "Bewegen zonder prestatiedruk"},
		Options:       []string{"Beweegmaatje Achterhoek", "Cursus Herstellen doe je zelf", "GGZ-ondersteuning via de POH"},
		Agreements: []string{
			"Dennis fietst twee keer per week met zijn beweegmaatje",
			"POH bespreekt de opbouw met de bedrijfsarts – met toestemming van Dennis",
			"Vervolggesprek over zes weken",
		},
		FollowUpScores: map[string]int{"daily_life": 3, "body": 3, "mind": 3, "meaning": 3, "participation": 2},
		Note:           "In het vervolggesprek vertelde Dennis dat het fietsen hem rust geeft. De cursus bij de Herstelacademie vindt hij confronterend maar nuttig; hij merkt eerder wanneer hij over zijn grens gaat.",
	},
	{
		Practice:         "Huisartsenpraktijk De Linde",
		Label:            "Wim",
		BirthYear:        1964,
		PC4:              "7121",
		Question:         "Sinds mijn vrouw weg is drink ik elke avond meer dan goed voor me is.",
		Intention:        "addiction_care",
		SignalledDaysAgo: 60,
		Stage:            "follow_up",
		Story:            "Vorig jaar is mijn vrouw bij me weggegaan en sindsdien is het stil in huis. 's Avonds pak ik een biertje om de leegte niet te voelen, en het blijft nooit bij één. Mijn dochter maakt zich zorgen en dat raakt me. Ik wil weer de baas zijn over mijn avonden.",
		Domains: map[string]demoDomain{
			"daily_life":    {"Overdag gaat het, de avonden zijn moeilijk.", 3},
			"body":          {"Ik ben zwaarder geworden en slaap onrustig.", 2},
			"mind":          {"Ik voel me somber en ben nog boos over de scheiding.", 2},
			"meaning":       {"Ik vraag me af waar ik het nog voor doe, behalve voor mijn kleinzoon.", 3},
			"relationships": {"Mijn dochter komt langs, maar met vrienden heb ik weinig contact meer.", 2},
			"participation": {"Ik werk nog bij de gemeente in het groen.", 4},
			"money":         {"Het is krapper sinds de scheiding, maar het lukt.", 3},
			"housing":       {"Ik woon nog in ons oude huis; dat voelt soms te groot en te leeg.", 3},
			"safety":        {"Ik ben weleens na een paar biertjes in de auto gestapt en daar schrok ik zelf van.", 2},
		},
		Network: []string{
			"Dochter Esther – komt elke week met mijn kleinzoon",
			"Oude voetbalvrienden – zie ik bijna niet meer",
			"Collega Henny – merkt dat het niet goed gaat",
		},
		Strengths:     []string{"Eerlijk over wat er speelt", "Werkt graag buiten", "Trotse opa"},
		Sensitivities: []string{"De avonden alleen thuis", "Praat niet makkelijk over gevoelens"},
		Goals:         []string{"Doordeweeks niet drinken", "Weer iets ondernemen met vrienden"},
		Needs:         []string{"Iets te doen op de avonden", "Iemand die weet hoe het is om te minderen"},
		Options:       []string{"Alcoholspreekuur Tactus", "Mannengroep De Schuur", "Herstelcafé Winterswijk"},
		Agreements: []string{
			"Wim maakt een afspraak bij het Alcoholspreekuur Tactus – deze week",
			"Ervaringsdeskundige gaat de eerste keer mee naar Mannengroep De Schuur",
			"Vervolggesprek over vier weken bij Wim thuis",
		},
		FollowUpScores: map[string]int{"daily_life": 4, "body": 3, "mind": 3, "relationships": 3, "safety": 4},
		Note:           "Wim drinkt doordeweeks niet meer en gaat op dinsdagavond naar de mannengroep. Het weekend blijft lastig; hij wil de gesprekken bij Tactus nog even doorzetten.",
	},

	// --- closed: a referral avoided ------------------------------------------
	{
		Practice:         "Huisartsenpraktijk De Linde",
		Label:            "Anouk",
		BirthYear:        1990,
		PC4:              "7002",
		Question:         "Ik ben al maanden bang en somber en heb het gevoel dat ik in alles vastloop.",
		Intention:        "specialist_ggz",
		SignalledDaysAgo: 98,
		Stage:            "closed",
		Story:            "Ik heb al jaren periodes waarin alles zwaar voelt, maar deze keer kwam ik de deur bijna niet meer uit. Ik werk parttime in de kinderopvang en heb me ziekgemeld. Ik dacht dat alleen een lange behandeling me verder kon helpen, maar ik wil ook weten wat ik zelf kan doen. Ik wil weer naar buiten durven en mensen zien.",
		Domains: map[string]demoDomain{
			"daily_life":    {"Ik kom moeilijk mijn bed uit en laat het huishouden liggen.", 2},
			"body":          {"Ik eet slecht en beweeg bijna niet.", 2},
			"mind":          {"Ik voel me vaak opgejaagd en somber tegelijk.", 1},
			"meaning":       {"Ik weet niet meer goed wie ik ben naast mijn klachten.", 2},
			"relationships": {"Mijn beste vriendin is er altijd; met mijn ouders is het contact moeizaam.", 3},
			"participation": {"Ik ben ziekgemeld bij de kinderopvang.", 2},
			"money":         {"Het gaat net, ik heb geen schulden.", 3},
			"housing":       {"Ik woon prettig in een flatje met mijn kat.", 4},
			"safety":        {"Ik voel me veilig, al durf ik 's avonds niet goed alleen over straat.", 4},
		},
		Network: []string{
			"Vriendin Noor – belt bijna elke dag",
			"Ouders – wonen in Zelhem, contact is moeizaam",
			"Leidinggevende op het werk – begripvol",
		},
		Strengths:     []string{"Doorzetter", "Goed met kinderen", "Creatief: tekent en schildert"},
		Sensitivities: []string{"Drukke plekken", "Streng voor zichzelf"},
		Goals:         []string{"Weer twee ochtenden per week werken", "Zonder angst boodschappen doen"},
		Needs:         []string{"Horen hoe anderen hier doorheen kwamen", "Rust en structuur in de week"},
		Options:       []string{"WRAP-training Eigen Regie", "Open Atelier De Kleurrijke Kwast", "GGZ-ondersteuning via de POH"},
		Agreements: []string{
			"Anouk start met de WRAP-training – volgende maand",
			"Ervaringsdeskundige gaat de eerste keer mee naar het Open Atelier",
			"Afsluitend gesprek over drie maanden",
		},
		FollowUpScores: map[string]int{"daily_life": 4, "body": 3, "mind": 3, "meaning": 3, "relationships": 4, "participation": 3},
		Outcome:        "supported_without_referral",
		OutcomeReason:  "Met de WRAP-training, het atelier en gesprekken bij de POH kwam Anouk weer op gang; een verwijzing naar de specialistische GGZ bleek niet nodig. Ze weet de praktijk te vinden als het weer zwaarder wordt.",
		Note:           "Anouk heeft haar WRAP-plan af en werkt weer twee ochtenden. Ze zei: 'Ik had niet gedacht dat ik dit zonder wachtlijst zou kunnen.'",
	},

	// --- withdrawn -----------------------------------------------------------
	{
		Practice:         "Gezondheidscentrum Oost",
		Label:            "Tim",
		BirthYear:        2003,
		PC4:              "7141",
		Question:         "Mijn moeder vindt dat ik hulp moet zoeken omdat ik bijna niet meer buiten kom.",
		Intention:        "basic_ggz",
		SignalledDaysAgo: 40,
		Stage:            "withdrawn",
		Story:            "Ik ben gestopt met mijn mbo-opleiding en zit de meeste tijd op mijn kamer te gamen. Online heb ik vrienden, dus zo eenzaam voel ik me niet. Mijn moeder maakt zich meer zorgen dan ik. Ik weet eigenlijk niet zo goed wat ik wil.",
		Domains: map[string]demoDomain{
			"daily_life":    {"Ik ga laat slapen en sta 's middags op.", 2},
			"body":          {"Ik eet vooral snacks en beweeg weinig.", 2},
			"mind":          {"Het gaat wel, al baal ik soms van mezelf.", 3},
			"meaning":       {"Ik weet niet goed wat ik later wil.", 2},
			"relationships": {"Met mijn moeder heb ik vaak ruzie; online heb ik een paar goede vrienden.", 3},
			"participation": {"Ik doe geen opleiding en heb geen werk.", 1},
			"money":         {"Ik woon thuis, dus geld is geen probleem.", 4},
			"housing":       {"Ik woon bij mijn moeder en heb mijn eigen kamer.", 4},
			"safety":        {"Ik voel me veilig.", 5},
		},
		Network: []string{
			"Moeder – maakt zich zorgen, veel ruzie",
			"Online vrienden – elke avond contact",
			"Oom Frank – neemt hem soms mee naar het voetbal",
		},
		Strengths:     []string{"Slim met computers", "Loyaal naar vrienden"},
		Sensitivities: []string{"Voelt zich snel onder druk gezet", "Nieuwe mensen ontmoeten"},
		Goals:         []string{"Zelf bepalen wat de volgende stap is"},
		Needs:         []string{"Tijd en geen druk"},
		Options:       []string{"Jongerenloket Opnieuw Starten"},
		Agreements: []string{
			"Tim denkt na over een gesprek bij het Jongerenloket en laat het de POH weten",
		},
		Outcome:       "withdrawn",
		OutcomeReason: "Tim gaf na het eerste gesprek aan dat hij het nu zelf wil proberen. Hij weet dat hij altijd opnieuw contact kan opnemen.",
		Note:          "Tim was open maar hield de boot af. Belangrijk om de deur open te houden; het contact met zijn oom lijkt een goede ingang.",
	},
}
