package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/appointment"
	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/capacity"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/user"
)

type caseRow struct {
	ID                  int64 `gorm:"primaryKey"`
	RegionID            int64
	PracticeID          int64
	Label               string
	BirthYear           int
	PC4                 *string `gorm:"column:pc4"`
	PracticeRef         *string
	Question            string
	SignalledBy         int64
	SignalledAt         time.Time
	ReferralIntention   string
	Source              string
	Status              string
	ConsentStatus       string
	ConsentAt           *time.Time
	ConsentBy           *int64
	Outcome             *string
	OutcomeReason       *string
	ClosedAt            *time.Time
	ClosedBy            *int64
	FirstConversationOn *string
	NextFollowUpOn      *string
	ErasedAt            *time.Time
	Version             int64
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

func (caseRow) TableName() string { return "cases" }

type caseTeamRow struct {
	CaseID  int64 `gorm:"primaryKey"`
	UserID  int64 `gorm:"primaryKey"`
	AddedAt time.Time
	AddedBy int64
	// OverCapReason is why the POH put this worker over their caseload cap.
	OverCapReason *string
}

func (caseTeamRow) TableName() string { return "case_team" }

// scopeSQL is the caller's tenancy on table cases as a WHERE fragment with
// its arguments, for the raw reads; scopeCases is the same for GORM.
func scopeSQL(s caseflow.Scope) (string, []any) {
	where, args := "cases.region_id = ?", []any{s.RegionID}
	if s.PracticeID != nil {
		where, args = where+" AND cases.practice_id = ?", append(args, *s.PracticeID)
	}
	if s.TeamMember != nil {
		where += " AND cases.consent_status = " + quoted(caseflow.ConsentGiven) + " AND cases.id IN (SELECT ct.case_id FROM case_team ct WHERE ct.user_id = ?)"
		args = append(args, *s.TeamMember)
	}
	if s.CaseID != nil {
		where, args = where+" AND cases.id = ?", append(args, *s.CaseID)
	}
	return where, args
}

// scopeCases puts the caller's tenancy into the query on table cases.
func scopeCases(q *gorm.DB, s caseflow.Scope) *gorm.DB {
	q = q.Where("cases.region_id = ?", s.RegionID)
	if s.PracticeID != nil {
		q = q.Where("cases.practice_id = ?", *s.PracticeID)
	}
	if s.TeamMember != nil {
		// IN (…) rather than a correlated EXISTS: the planner then starts
		// from the member's team rows instead of scanning every case of the
		// region (measured by cmd/hoi-bench).
		q = q.Where("cases.consent_status = ? AND cases.id IN (SELECT ct.case_id FROM case_team ct WHERE ct.user_id = ?)", caseflow.ConsentGiven, *s.TeamMember)
	}
	if s.CaseID != nil {
		q = q.Where("cases.id = ?", *s.CaseID)
	}
	return q
}

// NewCase is a validated signal with its tenancy and author.
type NewCase struct {
	caseflow.Create
	RegionID, PracticeID, SignalledBy int64
	// Source is staff_signal when empty.
	Source caseflow.Source
}

// CreateCase stores a new signal.
func (db *DB) CreateCase(ctx context.Context, in NewCase, log AuditFunc) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *gorm.DB) error {
		var err error
		id, err = db.createCase(tx, in, log)
		return err
	})
	return id, translate("create case", err)
}

// createCase stores a new signal in tx.
func (db *DB) createCase(tx *gorm.DB, in NewCase, log AuditFunc) (int64, error) {
	now := db.now()
	if in.Source == "" {
		in.Source = caseflow.SourceStaffSignal
	}
	row := caseRow{
		RegionID: in.RegionID, PracticeID: in.PracticeID, Label: in.Label, BirthYear: in.BirthYear, PC4: in.PC4,
		PracticeRef: in.PracticeRef, Question: in.Question, SignalledBy: in.SignalledBy, SignalledAt: in.SignalledAt.UTC(),
		ReferralIntention: string(in.ReferralIntention), Source: string(in.Source), Status: string(caseflow.StatusSignalled),
		ConsentStatus: string(caseflow.ConsentUnknown), Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	if err := tx.Create(&row).Error; err != nil {
		return 0, err
	}
	var b bumps
	b.add(row.RegionID, monthKey(row.SignalledAt), rollSignals, "", "", 1)
	if err := b.apply(tx); err != nil {
		return 0, err
	}
	return row.ID, db.insertAudit(tx, log(row.ID))
}

// persons loads display names and roles of users.
func persons(q *gorm.DB, ids ...int64) (map[int64]caseflow.Person, error) {
	out := map[int64]caseflow.Person{}
	if len(ids) == 0 {
		return out, nil
	}
	seen := make(map[int64]bool, len(ids))
	uniq := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	var rows []userRow
	if err := q.Select("id", "display_name", "role").Where("id IN ?", uniq).Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = caseflow.Person{UserID: r.ID, DisplayName: r.DisplayName, Role: r.Role}
	}
	return out, nil
}

func personPtr(m map[int64]caseflow.Person, id *int64) *caseflow.Person {
	if id == nil {
		return nil
	}
	p := m[*id]
	return &p
}

// Case returns the full case of ref in three statements: the case row, its
// people (team and the users it names), and its goals, strengths,
// sensitivities, needs and domain scores together.
func (db *DB) Case(ctx context.Context, ref CaseRef) (caseflow.Case, error) {
	var row caseRow
	if err := caseOf(db.r.WithContext(ctx).Model(&caseRow{}), ref).Take(&row).Error; err != nil {
		return caseflow.Case{}, translate(fmt.Sprintf("case[%d]", ref.id), err)
	}
	return db.caseFrom(ctx, row)
}

// CaseAsGated answers case ref from the row its CaseGate read, without
// reading it again: for a read of the case in the request that gated it.
// After a write in the request, use Case, which reads the stored row.
func (db *DB) CaseAsGated(ctx context.Context, ref CaseRef) (caseflow.Case, error) {
	if ref.row == nil {
		return db.Case(ctx, ref)
	}
	return db.caseFrom(ctx, *ref.row)
}

// caseFrom completes case row with its people and content.
func (db *DB) caseFrom(ctx context.Context, row caseRow) (caseflow.Case, error) {
	id := row.ID
	named := []int64{row.SignalledBy}
	for _, p := range []*int64{row.ConsentBy, row.ClosedBy} {
		if p != nil {
			named = append(named, *p)
		}
	}
	team, people, err := db.caseTeam(ctx, id, named)
	if err != nil {
		return caseflow.Case{}, translate("case people", err)
	}
	c := caseflow.Case{
		ID: row.ID, PracticeID: row.PracticeID, Label: row.Label, BirthYear: row.BirthYear, PC4: row.PC4, PracticeRef: row.PracticeRef,
		Signal:  caseflow.Signal{Question: row.Question, SignalledBy: people[row.SignalledBy], SignalledAt: row.SignalledAt, ReferralIntention: caseflow.Intention(row.ReferralIntention), Source: caseflow.Source(row.Source)},
		Status:  caseflow.Status(row.Status),
		Consent: caseflow.Consent{Status: caseflow.ConsentStatus(row.ConsentStatus), At: row.ConsentAt, RecordedBy: personPtr(people, row.ConsentBy)},
		Team:    team, FirstConversationOn: row.FirstConversationOn, NextFollowUpOn: row.NextFollowUpOn,
		Version: row.Version, CreatedAt: row.CreatedAt, UpdatedAt: row.UpdatedAt,
	}
	c.AllowedNext = orEmptyStatus(c.Status.Allowed())
	if row.Outcome != nil && row.ClosedAt != nil && row.ClosedBy != nil {
		c.Closure = &caseflow.Closure{Outcome: caseflow.Outcome(*row.Outcome), Reason: deref(row.OutcomeReason), ClosedAt: *row.ClosedAt, ClosedBy: people[*row.ClosedBy]}
	}
	return c, db.caseContent(ctx, &c)
}

// caseTeam reads the team of case id in the order members were added, and
// every person the team and the named users are, in one statement.
func (db *DB) caseTeam(ctx context.Context, id int64, named []int64) ([]caseflow.Person, map[int64]caseflow.Person, error) {
	// named holds one to three users (who signalled, recorded consent,
	// closed): the statement has three slots, repeated as needed.
	var n [3]int64
	for i := range n {
		n[i] = named[min(i, len(named)-1)]
	}
	rows, err := db.query(ctx, `SELECT u.id, u.display_name, u.role, t.added_at, 1 FROM case_team t JOIN users u ON u.id = t.user_id WHERE t.case_id = ?
		UNION ALL SELECT u.id, u.display_name, u.role, NULL, 0 FROM users u WHERE u.id IN (?, ?, ?)`, id, n[0], n[1], n[2])
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	type member struct {
		p       caseflow.Person
		addedAt sql.NullTime
	}
	var team []member
	people := make(map[int64]caseflow.Person, 4)
	for rows.Next() {
		var m member
		var onTeam int
		if err := rows.Scan(&m.p.UserID, &m.p.DisplayName, &m.p.Role, &m.addedAt, &onTeam); err != nil {
			return nil, nil, err
		}
		people[m.p.UserID] = m.p
		if onTeam == 1 {
			team = append(team, m)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	slices.SortStableFunc(team, func(a, b member) int {
		if c := a.addedAt.Time.Compare(b.addedAt.Time); c != 0 {
			return c
		}
		return cmp.Compare(a.p.UserID, b.p.UserID)
	})
	out := make([]caseflow.Person, len(team))
	for i, m := range team {
		out[i] = m.p
	}
	return out, people, nil
}

// caseContent fills the goals, strengths, sensitivities, needs and domain
// scores of c from one statement over the three tables.
func (db *DB) caseContent(ctx context.Context, c *caseflow.Case) error {
	rows, err := db.query(ctx, `SELECT 'goal', id, text, domain, status, conversation_id, created_at, updated_at, CAST(NULL AS TEXT), CAST(NULL AS INTEGER) FROM goals WHERE case_id = ?
		UNION ALL SELECT kind, id, text, domain, NULL, conversation_id, created_at, created_at, NULL, NULL FROM case_items WHERE case_id = ?
		UNION ALL SELECT 'score', id, NULL, domain, NULL, conversation_id, NULL, NULL, held_on, score FROM domain_scores WHERE case_id = ?`, c.ID, c.ID, c.ID)
	if err != nil {
		return translate("case content", err)
	}
	defer rows.Close()
	c.Goals, c.Strengths, c.Sensitivities, c.Needs, c.DomainScores = []caseflow.Goal{}, []caseflow.Item{}, []caseflow.Item{}, []caseflow.Item{}, []caseflow.Score{}
	type scored struct {
		s  caseflow.Score
		id int64
	}
	var scores []scored
	for rows.Next() {
		var (
			k, text, domain, status, heldOn sql.NullString
			id, conv                        int64
			created, updated                sql.NullTime
			score                           sql.NullInt64
		)
		if err := rows.Scan(&k, &id, &text, &domain, &status, &conv, &created, &updated, &heldOn, &score); err != nil {
			return translate("case content", err)
		}
		var dom *caseflow.Domain
		if domain.Valid {
			d := caseflow.Domain(domain.String)
			dom = &d
		}
		switch k.String {
		case "goal":
			c.Goals = append(c.Goals, caseflow.Goal{ID: id, Text: text.String, Domain: dom, Status: caseflow.GoalStatus(status.String),
				ConversationID: conv, CreatedAt: created.Time, UpdatedAt: updated.Time})
		case "score":
			scores = append(scores, scored{caseflow.Score{ConversationID: conv, HeldOn: heldOn.String, Domain: caseflow.Domain(domain.String), Score: int(score.Int64)}, id})
		default:
			it := caseflow.Item{ID: id, Kind: k.String, Text: text.String, Domain: dom, ConversationID: conv, CreatedAt: created.Time}
			switch k.String {
			case "need":
				c.Needs = append(c.Needs, it)
			case "sensitivity":
				c.Sensitivities = append(c.Sensitivities, it)
			default:
				c.Strengths = append(c.Strengths, it)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return translate("case content", err)
	}
	byID := cmp.Compare[int64]
	slices.SortFunc(c.Goals, func(a, b caseflow.Goal) int { return byID(a.ID, b.ID) })
	for _, items := range [][]caseflow.Item{c.Strengths, c.Sensitivities, c.Needs} {
		slices.SortFunc(items, func(a, b caseflow.Item) int { return byID(a.ID, b.ID) })
	}
	slices.SortFunc(scores, func(a, b scored) int {
		if c := cmp.Compare(a.s.HeldOn, b.s.HeldOn); c != 0 {
			return c
		}
		if c := byID(a.s.ConversationID, b.s.ConversationID); c != 0 {
			return c
		}
		return byID(a.id, b.id)
	})
	for _, sc := range scores {
		c.DomainScores = append(c.DomainScores, sc.s)
	}
	return nil
}

func orEmptyStatus(s []caseflow.Status) []caseflow.Status {
	if s == nil {
		return []caseflow.Status{}
	}
	return s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// CaseSummary is the GP's view of ref: no narrative at all.
func (db *DB) CaseSummary(ctx context.Context, ref CaseRef) (caseflow.Summary, error) {
	q := db.r.WithContext(ctx)
	id := ref.id
	var row caseRow
	if err := caseOf(q.Model(&caseRow{}), ref).Select("id", "practice_id", "label", "birth_year", "status", "referral_intention", "signalled_at", "consent_status",
		"first_conversation_on", "next_follow_up_on", "outcome", "closed_at").Take(&row).Error; err != nil {
		return caseflow.Summary{}, translate(fmt.Sprintf("case summary[%d]", id), err)
	}
	var cats []string
	if err := q.Model(&planItemRow{}).Distinct("category").Where("case_id = ? AND status IN ?", id,
		[]string{string(caseflow.PlanChosen), string(caseflow.PlanStarted), string(caseflow.PlanCompleted)}).Pluck("category", &cats).Error; err != nil {
		return caseflow.Summary{}, translate("chosen categories", err)
	}
	slices.Sort(cats) // a case's few categories, sorted here rather than by the database
	loops, err := categoryLoops(q, id)
	if err != nil {
		return caseflow.Summary{}, err
	}
	s := caseflow.Summary{
		ID: row.ID, PracticeID: row.PracticeID, Label: row.Label, BirthYear: row.BirthYear, Status: caseflow.Status(row.Status),
		ReferralIntention: caseflow.Intention(row.ReferralIntention), SignalledAt: row.SignalledAt, ConsentStatus: caseflow.ConsentStatus(row.ConsentStatus),
		FirstConversationOn: row.FirstConversationOn, NextFollowUpOn: row.NextFollowUpOn, ClosedAt: row.ClosedAt, ChosenCategories: cats,
		Loops: loops,
	}
	if s.ChosenCategories == nil {
		s.ChosenCategories = []string{}
	}
	if row.Outcome != nil {
		o := caseflow.Outcome(*row.Outcome)
		s.Outcome = &o
	}
	return s, nil
}

// Cases lists the cases within scope: a count and one page, both prepared
// once and scanned into plain variables (the case list is a POH's second
// screen; GORM's reflection was a third of its CPU at region scale).
func (db *DB) Cases(ctx context.Context, s caseflow.Scope, f caseflow.Filter) ([]caseflow.ListItem, int64, error) {
	offset, limit := page(f.Offset, f.Limit)
	where, args := scopeSQL(s)
	where += " AND cases.erased_at IS NULL"
	if len(f.Status) > 0 {
		where += " AND cases.status IN (?" + strings.Repeat(", ?", len(f.Status)-1) + ")"
		for _, st := range f.Status {
			args = append(args, st)
		}
	}
	if f.TeamMember != nil {
		where += " AND EXISTS (SELECT 1 FROM case_team tm WHERE tm.case_id = cases.id AND tm.user_id = ?)"
		args = append(args, *f.TeamMember)
	}
	if t := strings.TrimSpace(f.Query); t != "" {
		like := "%" + escapeLike(strings.ToLower(t)) + "%"
		where += " AND (lower(cases.label) LIKE ? ESCAPE '\\' OR lower(coalesce(cases.practice_ref, '')) LIKE ? ESCAPE '\\')"
		args = append(args, like, like)
	}
	if f.SignalledFrom != nil {
		where += " AND cases.signalled_at >= ?"
		args = append(args, f.SignalledFrom.UTC())
	}
	if f.SignalledTo != nil {
		where += " AND cases.signalled_at < ?"
		args = append(args, f.SignalledTo.UTC())
	}
	var total int64
	if err := db.scanOne(ctx, "SELECT COUNT(*) FROM cases WHERE "+where, args, &total); err != nil {
		return nil, 0, translate("count cases", err)
	}
	order := map[string]string{
		"": "cases.signalled_at DESC, cases.id DESC", "-signalled_at": "cases.signalled_at DESC, cases.id DESC",
		"signalled_at": "cases.signalled_at, cases.id", "updated_at": "cases.updated_at, cases.id",
		"-updated_at": "cases.updated_at DESC, cases.id DESC", "label": "lower(cases.label), cases.id",
	}[f.Sort]
	if order == "" {
		order = "cases.signalled_at DESC, cases.id DESC"
	}
	out := []caseflow.ListItem{}
	if total == 0 {
		return out, 0, nil
	}
	rows, err := db.query(ctx, "SELECT cases.id, cases.practice_id, cases.label, cases.birth_year, cases.status, cases.referral_intention, cases.consent_status, cases.signalled_at,"+
		" cases.first_conversation_on, cases.next_follow_up_on, cases.updated_at FROM cases WHERE "+where+" ORDER BY "+order+" LIMIT ? OFFSET ?",
		append(args[:len(args):len(args)], limit, offset)...)
	if err != nil {
		return nil, 0, translate("list cases", err)
	}
	defer rows.Close()
	for rows.Next() {
		var it caseflow.ListItem
		var first, next sql.NullString
		if err := rows.Scan(&it.ID, &it.PracticeID, &it.Label, &it.BirthYear, &it.Status, &it.ReferralIntention, &it.ConsentStatus, &it.SignalledAt,
			&first, &next, &it.UpdatedAt); err != nil {
			return nil, 0, translate("list cases", err)
		}
		if first.Valid {
			it.FirstConversationOn = &first.String
		}
		if next.Valid {
			it.NextFollowUpOn = &next.String
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, translate("list cases", err)
	}
	return out, total, nil
}

// CaseChange edits a case row in a transaction; return an error to abort.
type CaseChange func(tx *gorm.DB, row *caseRow) error

// ErrStale is the answer to an If-Match that is no longer current.
var ErrStale = errs.New(errs.ErrPreconditionFailed, "someone else changed this in the meantime; reload to see their version")

// changeCase loads the case of ref through caseOpen (so an ended case
// refuses), applies change, bumps the version and logs, all in one
// transaction. version < 0 skips the If-Match check.
func (db *DB) changeCase(ctx context.Context, ref CaseRef, version int64, change CaseChange, log AuditFunc) error {
	id := ref.id
	return translate(fmt.Sprintf("change case[%d]", id), db.tx(ctx, func(tx *gorm.DB) error {
		row, err := caseOpen(tx, ref)
		if err != nil {
			return err
		}
		if version >= 0 && row.Version != version {
			return ErrStale
		}
		if err := change(tx, &row); err != nil {
			return err
		}
		old := row.Version
		row.Version++
		row.UpdatedAt = db.now()
		if err := saveVersioned(tx, &row, id, old); err != nil {
			return err
		}
		return db.insertAudit(tx, log(id))
	}))
}

// UpdateCase applies a POH's edit of the case.
func (db *DB) UpdateCase(ctx context.Context, ref CaseRef, version int64, u caseflow.Update, log AuditFunc) error {
	return db.changeCase(ctx, ref, version, func(tx *gorm.DB, row *caseRow) error {
		if u.Status != nil {
			st, err := caseflow.Step(caseflow.Status(row.Status), caseflow.CauseEdit, *u.Status)
			if err != nil {
				return err
			}
			row.Status = string(st)
		}
		if u.Label != nil {
			row.Label = strings.TrimSpace(*u.Label)
		}
		if u.BirthYear != nil {
			row.BirthYear = *u.BirthYear
		}
		if u.PC4 != nil {
			row.PC4 = emptyNil(*u.PC4)
		}
		if u.PracticeRef != nil {
			row.PracticeRef = emptyNil(*u.PracticeRef)
		}
		if u.Question != nil {
			row.Question = strings.TrimSpace(*u.Question)
		}
		if u.NextFollowUpOn != nil {
			row.NextFollowUpOn = emptyNil(*u.NextFollowUpOn)
		}
		return nil
	}, log)
}

func emptyNil(s string) *string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	return &s
}

// RecordConsent stores the resident's decision, by whom and when.
func (db *DB) RecordConsent(ctx context.Context, ref CaseRef, by int64, in caseflow.ConsentInput, log AuditFunc) error {
	return db.changeCase(ctx, ref, -1, func(tx *gorm.DB, row *caseRow) error {
		at := db.now()
		if in.At != nil {
			at = in.At.UTC()
		}
		row.ConsentStatus, row.ConsentAt, row.ConsentBy = string(in.Status), &at, &by
		return nil
	}, log)
}

// ErrNotTeamMember is returned for a team member who is not an active peer or
// coach of the case's region.
func errNotTeamMember(id int64) error {
	return errs.Invalid(errs.Field("members", "team", fmt.Sprintf("user %d is not an active peer expert or neighbourhood coach of this region", id)))
}

// SetTeam replaces the team of case ref with members, if the case is still at
// version (the team is part of the case's version; -1 skips the check).
func (db *DB) SetTeam(ctx context.Context, ref CaseRef, version, by int64, members []int64, overCapReason string, log AuditFunc) error {
	id := ref.id
	var overCap []int64
	logged := func(id int64) []audit.Entry {
		es := log(id)
		if len(es) == 0 {
			return es
		}
		// One more row per worker put over their cap, naming them: the
		// reason itself stays on the team row, out of every log.
		for _, u := range overCap {
			e, uid := es[0], u
			e.ResourceType, e.ResourceID = audit.ResourceUser, &uid
			es = append(es, e)
		}
		return es
	}
	return db.changeCase(ctx, ref, version, func(tx *gorm.DB, row *caseRow) error {
		uniq := map[int64]bool{}
		for _, m := range members {
			uniq[m] = true
		}
		if len(uniq) > 0 {
			ids := make([]int64, 0, len(uniq))
			for m := range uniq {
				ids = append(ids, m)
			}
			var ok []int64
			if err := tx.Model(&userRow{}).Where("id IN ? AND region_id = ? AND active = ? AND role IN ?", ids, row.RegionID, true,
				[]string{string(user.RolePeer), string(user.RoleCoach)}).Pluck("id", &ok).Error; err != nil {
				return err
			}
			valid := map[int64]bool{}
			for _, v := range ok {
				valid[v] = true
			}
			for _, m := range ids {
				if !valid[m] {
					return errNotTeamMember(m)
				}
			}
		}
		var current []int64
		if err := tx.Model(&caseTeamRow{}).Where("case_id = ?", id).Pluck("user_id", &current).Error; err != nil {
			return err
		}
		keep := map[int64]bool{}
		for _, c := range current {
			if !uniq[c] {
				if err := tx.Where("case_id = ? AND user_id = ?", id, c).Delete(&caseTeamRow{}).Error; err != nil {
					return err
				}
			} else {
				keep[c] = true
			}
		}
		added := make([]int64, 0, len(uniq))
		for m := range uniq {
			if !keep[m] {
				added = append(added, m)
			}
		}
		slices.Sort(added)
		var err error
		if overCap, err = overCapOf(tx, added); err != nil {
			return err
		}
		var reason *string
		if len(overCap) > 0 {
			if strings.TrimSpace(overCapReason) == "" {
				return &errs.Error{Kind: errs.ErrUnprocessable, Type: "over-cap",
					Detail: fmt.Sprintf("user %d is at their caseload cap: give a reason to add them all the same", overCap[0]),
					Fields: []errs.FieldError{errs.Field("over_cap_reason", "required", "is required: a new member is at their caseload cap")},
					Extra:  map[string]any{"over_cap": overCap}}
			}
			r := strings.TrimSpace(overCapReason)
			reason = &r
		}
		now := db.now()
		for _, m := range added {
			row := caseTeamRow{CaseID: id, UserID: m, AddedAt: now, AddedBy: by}
			if slices.Contains(overCap, m) {
				row.OverCapReason = reason
			}
			if err := tx.Create(&row).Error; err != nil {
				return err
			}
		}
		return nil
	}, logged)
}

// CloseCase ends case ref with an outcome.
func (db *DB) CloseCase(ctx context.Context, ref CaseRef, by int64, in caseflow.CloseInput, log AuditFunc) error {
	return db.changeCase(ctx, ref, -1, func(tx *gorm.DB, row *caseRow) error {
		to, err := caseflow.Step(caseflow.Status(row.Status), caseflow.CauseClose, in.Outcome.Status())
		if err != nil {
			return err
		}
		now := db.now()
		o, reason := string(in.Outcome), strings.TrimSpace(in.Reason)
		row.Status, row.Outcome, row.OutcomeReason, row.ClosedAt, row.ClosedBy = string(to), &o, &reason, &now, &by
		row.NextFollowUpOn = nil
		return writeClosure(tx, *row)
	}, log)
}

// TeamCandidates lists the active peers and coaches of a region, by name.
func (db *DB) TeamCandidates(ctx context.Context, regionID int64) ([]caseflow.Candidate, error) {
	ws, err := db.Caseloads(ctx, regionID)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(ws))
	for i, w := range ws {
		ids[i] = w.UserID
	}
	now := db.now()
	busy, err := db.busyOf(ctx, ids, now, now.Add(capacity.SlotHorizon))
	if err != nil {
		return nil, translate("team candidates", err)
	}
	out := make([]caseflow.Candidate, len(ws))
	for i, w := range ws {
		out[i] = caseflow.Candidate{Person: caseflow.Person{UserID: w.UserID, DisplayName: w.DisplayName, Role: w.Role},
			ActiveCases: w.ActiveCases, CaseloadCap: w.CaseloadCap, NextFreeSlot: capacity.NextFreeSlot(busy[w.UserID], now)}
	}
	return out, nil
}

// busyOf is the appointments of users that reach into [from, to): those they
// have not declined, neither cancelled nor held (they take no more time).
// One statement over the participants' (user, start) index, for the team
// picker's next free slot.
func (db *DB) busyOf(ctx context.Context, users []int64, from, to time.Time) (map[int64][]capacity.Busy, error) {
	out := map[int64][]capacity.Busy{}
	if len(users) == 0 {
		return out, nil
	}
	q := `SELECT p.user_id, a.starts_at, a.ends_at FROM appointment_participants p JOIN appointments a ON a.id = p.appointment_id
WHERE p.user_id IN (?` + strings.Repeat(", ?", len(users)-1) + `) AND p.starts_at < ? AND p.starts_at > ? AND a.ends_at > ?
AND p.status <> ` + quoted(appointment.Declined) + ` AND a.outcome IS NULL`
	args := make([]any, 0, len(users)+3)
	for _, u := range users {
		args = append(args, u)
	}
	earliest := from.Add(-appointment.MaxDuration * time.Minute)
	rows, err := db.query(ctx, q, append(args, to.UTC(), earliest.UTC(), from.UTC())...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var u int64
		var b capacity.Busy
		if err := rows.Scan(&u, &b.Start, &b.End); err != nil {
			return nil, err
		}
		out[u] = append(out[u], b)
	}
	return out, rows.Err()
}
