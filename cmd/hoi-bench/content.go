package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/catalogue"
)

// The phrase banks below give the seeded conversations and notes the shape and
// size of real ones (a resident's words, Dutch, a few kilobytes per
// conversation) without any real person in them.
var (
	storyLines = []string{
		"Sinds het overlijden van mijn vader gaat het eigenlijk niet meer goed met me.",
		"Ik lig 's nachts wakker en pieker over geld, over mijn werk en over de kinderen.",
		"Op mijn werk hebben ze gezegd dat ik beter even thuis kan blijven, maar thuis zit ik alleen.",
		"Vroeger voetbalde ik elke zaterdag, nu kom ik de deur bijna niet meer uit.",
		"Mijn huisarts zei dat ik misschien naar de GGZ moest, maar de wachtlijst is lang.",
		"Ik merk dat ik snel geïrriteerd ben en dat mijn partner daar last van heeft.",
		"Het voelt alsof alles me te veel wordt, zelfs de boodschappen doen.",
		"Ik wil graag weer iets om handen hebben, iets waar ik me nuttig bij voel.",
		"Mijn moeder woont in het verpleeghuis en ik ga er elke dag heen; dat kost veel energie.",
		"Sinds de scheiding woon ik in een kleine flat en ken ik niemand in de buurt.",
		"Ik heb schulden opgebouwd en durf de post niet meer open te maken.",
		"Soms drink ik 's avonds meer dan goed voor me is, om rustig te worden.",
		"Mijn dochter zegt dat ik moet praten met iemand, daarom ben ik hier.",
		"Ik ben bang dat het weer net zo wordt als vijf jaar geleden, toen ik maanden thuis zat.",
		"Wandelen met de hond helpt wel; dan ben ik even uit mijn hoofd.",
		"Ik schaam me ervoor dat ik het niet zelf kan oplossen.",
	}
	domainLines = []string{
		"Het ritme is weg: ik sta laat op en de dagen lopen in elkaar over.",
		"Ik slaap slecht en eet onregelmatig; mijn rug speelt ook weer op.",
		"Ik voel me vaak somber en heb weinig energie, vooral in de ochtend.",
		"Ik weet niet goed waar ik het voor doe; vroeger gaf de kerk me houvast.",
		"Mijn zus belt af en toe, maar verder zie ik weinig mensen.",
		"Ik zou graag vrijwilligerswerk doen, bijvoorbeeld bij de dierenweide.",
		"Er liggen rekeningen die ik niet kan betalen; de energierekening is hoog.",
		"De woning is vochtig en te klein, maar ik ben blij dat ik een dak boven mijn hoofd heb.",
		"Ik voel me veilig thuis, al zijn de buren soms luidruchtig.",
		"Met de kinderen gaat het goed, dat geeft me moed.",
		"Ik ben begonnen met elke dag een klein stukje fietsen.",
		"Als het regent blijf ik de hele dag binnen en dan wordt het erger.",
	}
	shortLines = []string{
		"Ik kan goed luisteren naar anderen.", "Ik ben doorzetter, dat zegt iedereen.", "Ik kan goed koken.",
		"Drukte en harde geluiden maken me onrustig.", "Ik haak af als er te veel tegelijk gebeurt.",
		"Weer een vaste dagstructuur hebben.", "Twee keer per week onder de mensen zijn.", "Mijn schulden op een rij krijgen.",
		"Iemand die met me meegaat de eerste keer.", "Hulp bij het openen van de post.", "Een plek waar ik zonder verplichtingen kan binnenlopen.",
		"Weer durven solliciteren.", "Beter slapen zonder pillen.", "Contact met mijn broer herstellen.",
	}
	networkWho = []string{"zus Annemiek", "buurvrouw", "oud-collega Henk", "de huisarts", "dochter Lisa", "vriend van de voetbalclub", "de wijkagent", "schoonmoeder"}
	noteLines  = []string{
		"Vandaag samen naar de inloop in het buurthuis geweest; ze bleef een uur en had contact met twee vrijwilligers.",
		"Telefonisch contact gehad. Gaat iets beter met slapen sinds ze de avondwandeling doet.",
		"Afspraak bij schuldhulp is gemaakt voor volgende week dinsdag, ik ga mee.",
		"Hij gaf aan het herstelcollege interessant te vinden maar wil eerst een keer komen kijken.",
		"Zorg: de afgelopen week weer meer gedronken. Besproken, hij wil het zelf ook anders.",
		"Mooi gesprek gehad over wat hij vroeger graag deed. Idee: tuinproject aan de Kerkstraat.",
		"Correctie op vorige notitie: de afspraak is op donderdag, niet op dinsdag.",
		"Ze heeft zelf contact opgenomen met de sportclub. Trots op die stap.",
	}
	arrangedNotes = []string{"Buurtcoach belt de coördinator", "Bewoner meldt zich zelf aan", "POH stuurt een verwijsbrief", "Ervaringsdeskundige gaat de eerste keer mee"}
	categories    = catalogue.Categories.Strings()
	labelNames    = []string{"Marco", "Lotte", "Rik", "Anja", "Sem", "Fatima", "Joost", "Mila", "Henk", "Ayla", "Bram", "Noor", "Karin", "Daan", "Esra", "Willem", "Sanne", "Youssef", "Ineke", "Tim"}
)

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func sentences(r *rand.Rand, bank []string, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(pick(r, bank))
	}
	return b.String()
}

// sectionsJSON builds one conversation's sections with all nine life domains
// filled, as the API would store them (through caseflow.Sections).
func sectionsJSON(r *rand.Rand, optionIDs []int64, nextFollowUp *string) []byte {
	dom := func() *caseflow.Domain { d := pick(r, caseflow.Domains); return &d }
	s := caseflow.Sections{Story: sentences(r, storyLines, 6+r.IntN(6)), Domains: map[caseflow.Domain]caseflow.DomainEntry{}, NextFollowUpOn: nextFollowUp}
	for _, d := range caseflow.Domains {
		score := 1 + r.IntN(5)
		s.Domains[d] = caseflow.DomainEntry{Text: sentences(r, domainLines, 1+r.IntN(3)), Score: &score}
	}
	for i := 0; i < 3; i++ {
		s.Network = append(s.Network, caseflow.NetworkEntry{Who: pick(r, networkWho), Meaning: pick(r, domainLines)})
		s.Strengths = append(s.Strengths, caseflow.Entry{Text: pick(r, shortLines), Domain: dom()})
	}
	for i := 0; i < 2; i++ {
		s.Sensitivities = append(s.Sensitivities, caseflow.Entry{Text: pick(r, shortLines)})
		s.Goals = append(s.Goals, caseflow.Entry{Text: pick(r, shortLines), Domain: dom()})
		s.Needs = append(s.Needs, caseflow.Entry{Text: pick(r, shortLines), Domain: dom()})
		due := fmt.Sprintf("2026-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))
		s.Agreements = append(s.Agreements, caseflow.Agreement{Who: pick(r, []string{"bewoner", "POH", "buurtcoach", "ervaringsdeskundige"}), What: pick(r, arrangedNotes), DueOn: &due})
	}
	for i := 0; i < 3; i++ {
		o := caseflow.ConsideredOption{Chosen: i == 0, Category: catalogue.Category(pick(r, categories))}
		if len(optionIDs) > 0 && i < 2 {
			id := pick(r, optionIDs)
			o.OptionID = &id
		} else {
			o.Text = "Wandelgroep op dinsdagochtend"
		}
		s.Options = append(s.Options, o)
	}
	s.Normalize()
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return b
}
