package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/catalogue"
	"github.com/hoi-app/hoi/internal/password"
	"github.com/hoi-app/hoi/internal/store"
)

// Sizes is the data set: how many of each row the seed makes.
type Sizes struct {
	Practices     int `json:"practices"`
	Users         int `json:"users"`
	Cases         int `json:"cases"`
	Conversations int `json:"conversations"`
	Notes         int `json:"notes"`
	PlanItems     int `json:"plan_items"`
	Options       int `json:"options"`
}

// defaultSizes is the region of issue 8; small is 1/50th of it.
var defaultSizes = Sizes{Practices: 100, Users: 1000, Cases: 200_000, Conversations: 600_000, Notes: 2_000_000, PlanItems: 400_000, Options: 500}

func (s Sizes) scaled(div int) Sizes {
	d := func(n, min int) int { return max(n/div, min) }
	return Sizes{Practices: d(s.Practices, 10), Users: d(s.Users, 100), Cases: d(s.Cases, 100), Conversations: d(s.Conversations, 300),
		Notes: d(s.Notes, 1000), PlanItems: d(s.PlanItems, 200), Options: d(s.Options, 50)}
}

// benchPassword is every seeded account's password (hashed once, reused).
const benchPassword = "bench-wachtwoord-niet-echt"

// regionName marks a seeded database with its sizes, so a rerun can reuse it.
func regionName(s Sizes) string {
	return fmt.Sprintf("Bench-regio v1 %d/%d/%d/%d/%d/%d/%d", s.Practices, s.Users, s.Cases, s.Conversations, s.Notes, s.PlanItems, s.Options)
}

// bulk writes rows in multi-row INSERTs inside large transactions: the
// fastest portable way into both engines through database/sql.
type bulk struct {
	db       *sql.DB
	pg       bool
	tx       *sql.Tx
	inTx     int
	table    string
	cols     []string
	rows     []any
	nrows    int
	perStmt  int
	full     *sql.Stmt
	inserted map[string]int
}

func (b *bulk) begin(table string, cols ...string) error {
	if err := b.flush(); err != nil {
		return err
	}
	if b.full != nil {
		b.full.Close()
		b.full = nil
	}
	b.table, b.cols, b.rows, b.nrows = table, cols, b.rows[:0], 0
	b.perStmt = min(500, 30000/len(cols))
	return nil
}

func (b *bulk) stmtSQL(n int) string {
	var sb strings.Builder
	sb.WriteString("INSERT INTO " + b.table + " (" + strings.Join(b.cols, ",") + ") VALUES ")
	p := 1
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteByte('(')
		for j := range b.cols {
			if j > 0 {
				sb.WriteByte(',')
			}
			if b.pg {
				sb.WriteString("$" + strconv.Itoa(p))
			} else {
				sb.WriteByte('?')
			}
			p++
		}
		sb.WriteByte(')')
	}
	return sb.String()
}

func (b *bulk) add(vals ...any) error {
	b.rows = append(b.rows, vals...)
	b.nrows++
	if b.nrows == b.perStmt {
		return b.flush()
	}
	return nil
}

func (b *bulk) flush() error {
	if b.nrows == 0 {
		return nil
	}
	if b.tx == nil {
		tx, err := b.db.Begin()
		if err != nil {
			return err
		}
		b.tx, b.inTx = tx, 0
	}
	var err error
	if b.nrows == b.perStmt {
		if b.full == nil { // prepared on the transaction: SQLite has one connection here
			if b.full, err = b.tx.Prepare(b.stmtSQL(b.perStmt)); err != nil {
				return fmt.Errorf("prepare %s: %w", b.table, err)
			}
		}
		_, err = b.full.Exec(b.rows...)
	} else {
		_, err = b.tx.Exec(b.stmtSQL(b.nrows), b.rows...)
	}
	if err != nil {
		return fmt.Errorf("insert %s: %w", b.table, err)
	}
	b.inserted[b.table] += b.nrows
	b.inTx += b.nrows
	b.rows, b.nrows = b.rows[:0], 0
	if b.inTx >= 100_000 {
		return b.commit()
	}
	return nil
}

func (b *bulk) commit() error {
	if err := b.flush(); err != nil {
		return err
	}
	if b.tx == nil {
		return nil
	}
	if b.full != nil {
		b.full.Close()
		b.full = nil
	}
	err := b.tx.Commit()
	b.tx = nil
	return err
}

// seed fills an empty, migrated database with a region of sizes s.
func seed(ctx context.Context, databaseURL string, s Sizes, logf func(string, ...any)) (map[string]int, error) {
	raw, pg, err := openRaw(databaseURL, false)
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	if !pg {
		// Seeding only: the bench throws the file away if this run dies.
		for _, p := range []string{"PRAGMA synchronous=OFF", "PRAGMA cache_size=-200000", "PRAGMA foreign_keys=OFF"} {
			if _, err := raw.Exec(p); err != nil {
				return nil, err
			}
		}
	}
	hash, err := password.NewHasher(password.DefaultParams(), 1).Hash(ctx, benchPassword)
	if err != nil {
		return nil, err
	}
	b := &bulk{db: raw, pg: pg, inserted: map[string]int{}}
	r := rand.New(rand.NewPCG(8, 2026))
	now := time.Now().UTC().Truncate(time.Second)
	day := func(t time.Time) string { return t.Format("2006-01-02") }

	// Region, practices, users: per practice POHs and GPs, the rest peers,
	// coaches and a few admins of the region.
	if err := b.begin("regions", "id", "name", "created_at"); err != nil {
		return nil, err
	}
	b.add(int64(1), regionName(s), now)
	b.begin("practices", "id", "region_id", "name", "agb_code", "created_at")
	for p := 1; p <= s.Practices; p++ {
		b.add(int64(p), int64(1), fmt.Sprintf("Huisartsenpraktijk %s %d", pick(r, []string{"De Linde", "Oost", "Het Baken", "De Berkel", "Zuid"}), p), nil, now)
	}
	perPractice := max(2, s.Users*8/10/s.Practices) // POHs and GPs, half each
	type u struct {
		id       int64
		role     string
		practice int64
	}
	var users []u
	b.begin("users", "id", "email", "display_name", "role", "region_id", "practice_id", "password_hash", "active", "version", "created_at", "updated_at")
	id := int64(0)
	addUser := func(role string, practice int64) {
		id++
		var pid any
		if practice > 0 {
			pid = practice
		}
		b.add(id, fmt.Sprintf("%s%d@bench.hoi.example", role, id), fmt.Sprintf("%s %s", pick(r, labelNames), pick(r, []string{"de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer"})),
			role, int64(1), pid, hash, true, int64(1), now, now)
		users = append(users, u{id, role, practice})
	}
	pohs := map[int64][]int64{}
	for p := int64(1); p <= int64(s.Practices); p++ {
		for i := 0; i < perPractice; i++ {
			role := "poh"
			if i%2 == 1 {
				role = "gp"
			}
			addUser(role, p)
			if role == "poh" {
				pohs[p] = append(pohs[p], id)
			}
		}
	}
	var peers, coaches []int64
	for int(id) < s.Users-5 {
		role := "peer"
		if id%2 == 0 {
			role = "coach"
		}
		addUser(role, 0)
		if role == "peer" {
			peers = append(peers, id)
		} else {
			coaches = append(coaches, id)
		}
	}
	for int(id) < s.Users {
		addUser("admin", 0)
	}

	b.begin("options", "id", "region_id", "name", "category", "provider", "contact", "cost", "description", "specialist", "active", "version", "created_at", "updated_at")
	optionIDs := make([]int64, s.Options)
	optionCat := make([]string, s.Options)
	for i := range optionIDs {
		cat := categories[i%len(categories)]
		optionIDs[i], optionCat[i] = int64(i+1), cat
		b.add(int64(i+1), int64(1), fmt.Sprintf("%s %d", strings.ReplaceAll(cat, "_", " "), i+1), cat, "Stichting Welzijn Achterhoek", "info@welzijn.example, 0314 123 456",
			pick(r, catalogue.Costs.Strings()), sentences(r, domainLines, 2), catalogue.Category(cat).IsSpecialistCare(), i%20 != 0, int64(1), now, now)
	}
	if err := b.commit(); err != nil {
		return nil, err
	}
	logf("seed: region, %d practices, %d users, %d options", s.Practices, len(users), s.Options)

	// A pool of sections documents: encoding 600,000 of them would dominate
	// the seed time, and the server neither knows nor cares.
	pool := make([][]byte, 256)
	for i := range pool {
		pool[i] = sectionsJSON(r, optionIDs, nil)
	}
	participants := func(poh int64) string {
		p, _ := json.Marshal([]map[string]any{{"role": "resident"}, {"user_id": poh, "role": "poh"}, {"role": "peer", "user_id": pick(r, peers)}, {"role": "coach", "user_id": pick(r, coaches)}})
		return string(p)
	}

	convPerCase := float64(s.Conversations) / float64(s.Cases)
	notesPerCase := float64(s.Notes) / float64(s.Cases)
	planPerCase := float64(s.PlanItems) / float64(s.Cases)
	draw := func(mean float64) int { // 0..2·mean, mean on average
		x := mean * 2 * r.Float64()
		n := int(x)
		if r.Float64() < x-float64(n) {
			n++
		}
		return n
	}
	var convID, goalID, itemID, scoreID, noteID, planID int64
	caseCols := []string{"id", "region_id", "practice_id", "label", "birth_year", "pc4", "practice_ref", "question", "signalled_by", "signalled_at", "referral_intention",
		"status", "consent_status", "consent_at", "consent_by", "outcome", "outcome_reason", "closed_at", "closed_by", "first_conversation_on", "next_follow_up_on", "version", "created_at", "updated_at"}
	// One table at a time keeps every insert statement prepared; the case
	// plan (statuses, counts) is drawn once and replayed per table.
	type casePlan struct {
		id, practice, poh  int64
		signalled          time.Time
		status, consent    string
		convs, notes, plan int
		firstOn, nextOn    *string
		draftLast          bool
	}
	plans := make([]casePlan, s.Cases)
	for i := range plans {
		c := &plans[i]
		c.id = int64(i + 1)
		c.practice = int64(i%s.Practices + 1)
		c.poh = pick(r, pohs[c.practice])
		c.signalled = now.Add(-time.Duration(r.Float64()*730*24) * time.Hour)
		recent := now.Sub(c.signalled) < 60*24*time.Hour
		x := r.Float64()
		switch {
		case recent && x < 0.4:
			c.status = "signalled"
		case recent && x < 0.75, !recent && x < 0.05:
			c.status = "exploring"
		case recent, x < 0.2:
			c.status = "follow_up"
		case x < 0.9:
			c.status = "closed"
		default:
			c.status = "withdrawn"
		}
		c.consent = "given"
		if y := r.Float64(); (c.status == "signalled" && y < 0.5) || y < 0.05 {
			c.consent = "unknown"
		} else if y < 0.1 {
			c.consent = "declined"
		}
		if c.status != "signalled" {
			c.convs = max(1, draw(convPerCase*1.03))
			on := day(c.signalled.Add(time.Duration(3+r.IntN(20)) * 24 * time.Hour))
			c.firstOn = &on
			c.draftLast = (c.status == "exploring" || c.status == "follow_up") && r.IntN(2) == 0
			c.plan = draw(planPerCase * 1.03)
		}
		if c.status == "follow_up" {
			n := day(now.Add(time.Duration(r.IntN(60)-20) * 24 * time.Hour))
			c.nextOn = &n
		}
		c.notes = draw(notesPerCase)
	}
	b.begin("cases", caseCols...)
	for _, c := range plans {
		var outcome, reason, closedAt, closedBy, consentAt, consentBy any
		if c.status == "closed" || c.status == "withdrawn" {
			o := pick(r, []string{"supported_without_referral", "supported_without_referral", "referred_basic_ggz", "referred_specialist_ggz", "referred_addiction_care"})
			if c.status == "withdrawn" {
				o = "withdrawn"
			}
			outcome, reason, closedAt, closedBy = o, "Afgerond in overleg met de bewoner.", c.signalled.Add(90*24*time.Hour), c.poh
		}
		if c.consent != "unknown" {
			consentAt, consentBy = c.signalled.Add(48*time.Hour), c.poh
		}
		pc4 := strconv.Itoa(7000 + r.IntN(300))
		ref := fmt.Sprintf("P%06d", c.id)
		b.add(c.id, int64(1), c.practice, pick(r, labelNames)+" "+string(rune('A'+r.IntN(26)))+".", 1940+r.IntN(65), pc4, ref, pick(r, storyLines), c.poh, c.signalled,
			pick(r, []string{"none", "basic_ggz", "basic_ggz", "specialist_ggz", "addiction_care"}), c.status, c.consent, consentAt, consentBy,
			outcome, reason, closedAt, closedBy, c.firstOn, c.nextOn, int64(1), c.signalled, c.signalled)
	}
	b.begin("case_team", "case_id", "user_id", "added_at", "added_by")
	for _, c := range plans {
		if c.consent == "given" && c.status != "signalled" {
			b.add(c.id, pick(r, peers), c.signalled, c.poh)
			b.add(c.id, pick(r, coaches), c.signalled, c.poh)
		}
	}
	if err := b.commit(); err != nil {
		return nil, err
	}
	logf("seed: %d cases", s.Cases)

	b.begin("conversations", "id", "case_id", "practice_id", "status", "held_on", "kind", "location", "participants", "sections", "created_by", "created_at", "updated_at", "finalized_at", "finalized_by", "version")
	firstConv := make([]int64, len(plans))
	for i, c := range plans {
		firstConv[i] = convID + 1
		for k := 0; k < c.convs; k++ {
			convID++
			held := c.signalled.Add(time.Duration(3+k*30) * 24 * time.Hour)
			kind := "follow_up"
			if k == 0 {
				kind = "exploratory"
			}
			var finAt, finBy any = held.Add(2 * time.Hour), c.poh
			status := "final"
			if c.draftLast && k == c.convs-1 {
				status, finAt, finBy = "draft", nil, nil
			}
			b.add(convID, c.id, c.practice, status, day(held), kind, pick(r, []string{"home", "gp_practice", "neighbourhood", "online"}), participants(c.poh),
				string(pool[r.IntN(len(pool))]), c.poh, held, held.Add(time.Hour), finAt, finBy, int64(1))
		}
	}
	if err := b.commit(); err != nil {
		return nil, err
	}
	logf("seed: %d conversations", convID)

	b.begin("goals", "id", "case_id", "conversation_id", "text", "domain", "status", "created_at", "updated_at")
	for i, c := range plans {
		if c.convs > 0 {
			for k := 0; k < 2; k++ {
				goalID++
				b.add(goalID, c.id, firstConv[i], pick(r, shortLines), string(pick(r, domainsList)), pick(r, []string{"open", "working_on", "reached"}), c.signalled, c.signalled)
			}
		}
	}
	b.begin("case_items", "id", "case_id", "conversation_id", "kind", "text", "domain", "created_at")
	for i, c := range plans {
		if c.convs > 0 {
			for _, kind := range []string{"strength", "sensitivity", "need"} {
				itemID++
				b.add(itemID, c.id, firstConv[i], kind, pick(r, shortLines), string(pick(r, domainsList)), c.signalled)
			}
		}
	}
	b.begin("domain_scores", "id", "case_id", "conversation_id", "held_on", "domain", "score")
	for i, c := range plans {
		for k := 0; k < c.convs; k++ {
			if c.draftLast && k == c.convs-1 {
				continue
			}
			held := day(c.signalled.Add(time.Duration(3+k*30) * 24 * time.Hour))
			for _, d := range domainsList {
				scoreID++
				b.add(scoreID, c.id, firstConv[i]+int64(k), held, string(d), 1+r.IntN(5))
			}
		}
	}
	if err := b.commit(); err != nil {
		return nil, err
	}
	logf("seed: goals, items and %d domain scores", scoreID)

	b.begin("notes", "id", "case_id", "author_id", "author_role", "text", "corrects_id", "created_at")
	for _, c := range plans {
		for k := 0; k < c.notes; k++ {
			noteID++
			author, role := c.poh, "poh"
			if r.IntN(3) == 0 {
				author, role = pick(r, peers), "peer"
			}
			b.add(noteID, c.id, author, role, sentences(r, noteLines, 1+r.IntN(3)), nil, c.signalled.Add(time.Duration(k)*72*time.Hour))
		}
	}
	if err := b.commit(); err != nil {
		return nil, err
	}
	logf("seed: %d notes", noteID)

	b.begin("plan_items", "id", "case_id", "option_id", "title", "category", "arranged_by", "arranged_note", "status", "start_on", "review_on", "end_on", "note", "created_by", "version", "created_at", "updated_at")
	for _, c := range plans {
		for k := 0; k < c.plan; k++ {
			planID++
			o := r.IntN(len(optionIDs))
			start := day(c.signalled.Add(30 * 24 * time.Hour))
			b.add(planID, c.id, optionIDs[o], fmt.Sprintf("%s %d", strings.ReplaceAll(optionCat[o], "_", " "), o+1), optionCat[o], pick(r, []string{"resident", "poh", "peer", "coach"}),
				pick(r, arrangedNotes), pick(r, []string{"considered", "chosen", "started", "completed"}), start, nil, nil, pick(r, noteLines), c.poh, int64(1), c.signalled, c.signalled)
		}
	}
	if err := b.commit(); err != nil {
		return nil, err
	}
	if b.full != nil {
		b.full.Close()
	}
	logf("seed: %d plan items", planID)
	// The summaries HOI keeps at write time (case closures, the practice of
	// plan items and goals), filled the way migration 0011 fills old data.
	if err := rebuildFacts(ctx, databaseURL); err != nil {
		return nil, fmt.Errorf("outcome facts: %w", err)
	}
	logf("seed: outcome facts")
	if pg {
		for _, t := range []string{"regions", "practices", "users", "options", "cases", "conversations", "goals", "case_items", "domain_scores", "notes", "plan_items"} {
			if _, err := raw.Exec(fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s','id'), (SELECT max(id) FROM %s))", t, t)); err != nil {
				return nil, fmt.Errorf("sequence %s: %w", t, err)
			}
		}
		if _, err := raw.Exec("ANALYZE"); err != nil {
			return nil, err
		}
	} else if _, err := raw.Exec("ANALYZE"); err != nil {
		return nil, err
	}
	return b.inserted, nil
}

var domainsList = []string{"daily_life", "body", "mind", "meaning", "relationships", "participation", "money", "housing", "safety"}

// rebuildFacts fills HOI's write-time summaries for the bulk-loaded rows.
func rebuildFacts(ctx context.Context, databaseURL string) error {
	db, err := store.Open(databaseURL, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	return db.RebuildOutcomeFacts(ctx)
}

// migrate runs HOI's own migrations, so the bench seeds the real schema.
func migrate(ctx context.Context, databaseURL string) error {
	db, err := store.Open(databaseURL, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Migrate(ctx)
}
