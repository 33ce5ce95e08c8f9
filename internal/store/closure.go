package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/caseflow"
)

// closureRow is the narrow fact row kept for every ended case (closed or
// withdrawn): what the outcome figures need about a trajectory once it is
// over, so a year of the region is one index scan instead of a walk over
// millions of conversations and domain scores. An ended case never changes
// again (no finalising, no scores), so the row is written once, when the case
// ends, and kept through erasure (it holds no narrative or identifying text).
type closureRow struct {
	CaseID            int64 `gorm:"primaryKey;autoIncrement:false"`
	PracticeID        int64
	ClosedAt          time.Time
	ReferralIntention string
	Outcome           string
	// Conversations counts the finalised conversations.
	Conversations int
	// Followed marks an avoided referral of a resident who can be followed
	// (a practice reference, or the resident link erasure made): "sustained"
	// asks whether NextReferralAt, the close of the resident's first later
	// case with a specialist or addiction referral, came within 6 or 12
	// months. Closing such a referral sets it on the resident's earlier
	// avoided cases (noteReferral).
	Followed       bool
	NextReferralAt *time.Time
	// Change<Domain> is the last minus the first score of the domain (by
	// date, then order of finalising), nil when it has fewer than two.
	ChangeDailyLife     *int
	ChangeBody          *int
	ChangeMind          *int
	ChangeMeaning       *int
	ChangeRelationships *int
	ChangeParticipation *int
	ChangeMoney         *int
	ChangeHousing       *int
	ChangeSafety        *int
}

func (closureRow) TableName() string { return "case_closures" }

// change points at the field of domain d.
func (c *closureRow) change(d caseflow.Domain) **int {
	switch d {
	case caseflow.DomainDailyLife:
		return &c.ChangeDailyLife
	case caseflow.DomainBody:
		return &c.ChangeBody
	case caseflow.DomainMind:
		return &c.ChangeMind
	case caseflow.DomainMeaning:
		return &c.ChangeMeaning
	case caseflow.DomainRelationships:
		return &c.ChangeRelationships
	case caseflow.DomainParticipation:
		return &c.ChangeParticipation
	case caseflow.DomainMoney:
		return &c.ChangeMoney
	case caseflow.DomainHousing:
		return &c.ChangeHousing
	case caseflow.DomainSafety:
		return &c.ChangeSafety
	}
	return nil
}

// changeColumn is the case_closures column of domain d.
func changeColumn(d caseflow.Domain) string { return "change_" + string(d) }

// closures builds the closure rows of ended cases from their conversations
// and domain scores, in two queries for the whole batch.
func closures(tx *gorm.DB, ended []caseRow) ([]closureRow, error) {
	if len(ended) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(ended))
	for i, c := range ended {
		ids[i] = c.ID
	}
	var counts []struct {
		CaseID int64
		N      int
	}
	if err := tx.Model(&conversationRow{}).Select("case_id, count(*) AS n").
		Where("case_id IN ? AND status = ?", ids, caseflow.Final).Group("case_id").Scan(&counts).Error; err != nil {
		return nil, fmt.Errorf("closure conversations: %w", err)
	}
	var scores []domainScoreRow
	if err := tx.Select("case_id", "domain", "score").Where("case_id IN ?", ids).
		Order("case_id, domain, held_on, id").Find(&scores).Error; err != nil {
		return nil, fmt.Errorf("closure scores: %w", err)
	}
	// resident_link is read apart from the case row: erasure sets it on
	// other cases of the resident without changing their version.
	var linked []int64
	if err := tx.Table("cases").Where("id IN ? AND resident_link IS NOT NULL", ids).Pluck("id", &linked).Error; err != nil {
		return nil, fmt.Errorf("closure links: %w", err)
	}
	out := make([]closureRow, len(ended))
	at := make(map[int64]*closureRow, len(ended))
	for i, c := range ended {
		out[i] = closureRow{CaseID: c.ID, PracticeID: c.PracticeID, ClosedAt: c.ClosedAt.UTC(),
			ReferralIntention: c.ReferralIntention, Outcome: deref(c.Outcome)}
		out[i].Followed = caseflow.ReferralAvoided(caseflow.Intention(c.ReferralIntention), caseflow.Outcome(out[i].Outcome)) &&
			(c.PracticeRef != nil || slices.Contains(linked, c.ID))
		at[c.ID] = &out[i]
	}
	for _, n := range counts {
		at[n.CaseID].Conversations = n.N
	}
	for i := 0; i < len(scores); {
		j := i
		for j < len(scores) && scores[j].CaseID == scores[i].CaseID && scores[j].Domain == scores[i].Domain {
			j++
		}
		if f := at[scores[i].CaseID].change(caseflow.Domain(scores[i].Domain)); f != nil && j-i >= 2 {
			delta := scores[j-1].Score - scores[i].Score
			*f = &delta
		}
		i = j
	}
	return out, nil
}

// writeClosure records the closure row of case row, which has just ended.
func writeClosure(tx *gorm.DB, row caseRow) error {
	rows, err := closures(tx, []caseRow{row})
	if err != nil {
		return err
	}
	if err := tx.Create(&rows[0]).Error; err != nil {
		return err
	}
	if err := noteReferral(tx, row); err != nil {
		return err
	}
	var b bumps
	b.closure(row.RegionID, rows[0])
	return b.apply(tx)
}

// referredOutcomes are the outcomes that end "sustained" for the resident's
// earlier avoided referrals.
var referredOutcomes = slices.DeleteFunc(slices.Clone(caseflow.Outcomes), func(o caseflow.Outcome) bool { return !o.IsSpecialistReferral() })

// nextReferral is the SQL expression for the close of the first later
// specialist or addiction referral of the resident of case c (closure cc):
// a case n of the same practice and resident (the resident link when erasure
// made one, otherwise the practice reference), signalled later (or at the
// same moment with a higher id), closed after cc. Each branch is one index
// range. Its arguments: referredOutcomes, twice.
const nextReferral = `CASE WHEN c.resident_link IS NOT NULL
	THEN (SELECT min(n.closed_at) FROM cases n WHERE n.resident_link = c.resident_link AND n.practice_id = c.practice_id` + laterCase + `)
	ELSE (SELECT min(n.closed_at) FROM cases n WHERE n.practice_id = c.practice_id AND n.practice_ref = c.practice_ref AND n.resident_link IS NULL` + laterCase + `)
	END`

const laterCase = ` AND n.outcome IN ? AND n.closed_at > cc.closed_at AND n.id <> c.id
	AND (n.signalled_at > c.signalled_at OR (n.signalled_at = c.signalled_at AND n.id > c.id))`

// noteReferral records row, a case that has just closed, as the next
// referral of its resident's earlier avoided cases when it ended with a
// specialist or addiction referral (nextReferral seen from the later case;
// row is not saved yet, so its values are parameters).
func noteReferral(tx *gorm.DB, row caseRow) error {
	if !caseflow.Outcome(deref(row.Outcome)).IsSpecialistReferral() {
		return nil
	}
	var link []int64
	if err := tx.Table("cases").Where("id = ? AND resident_link IS NOT NULL", row.ID).Pluck("resident_link", &link).Error; err != nil {
		return err
	}
	var resident *gorm.DB
	switch {
	case len(link) == 1:
		resident = tx.Where("c.resident_link = ?", link[0])
	case row.PracticeRef != nil:
		resident = tx.Where("c.resident_link IS NULL AND c.practice_ref = ?", *row.PracticeRef)
	default:
		return nil
	}
	closed, signalled := row.ClosedAt.UTC(), row.SignalledAt.UTC()
	earlier := tx.Table("cases c").Select("c.id").Where(resident).
		Where("c.practice_id = ? AND c.id <> ? AND (c.signalled_at < ? OR (c.signalled_at = ? AND c.id < ?))", row.PracticeID, row.ID, signalled, signalled, row.ID)
	return tx.Model(&closureRow{}).
		Where("followed = ? AND practice_id = ? AND closed_at < ? AND (next_referral_at IS NULL OR next_referral_at > ?) AND case_id IN (?)",
			true, row.PracticeID, closed, closed, earlier).
		Update("next_referral_at", closed).Error
}

// backfillOutcomeFacts fills what migration 0011 added for data written
// before it (and for the bench's bulk-loaded region): the practice of every
// plan item and goal, the closure row of every ended case without one, and
// the monthly rollup. It is idempotent.
func backfillOutcomeFacts(tx *gorm.DB, d Dialect) error {
	for _, t := range []string{"plan_items", "goals"} {
		if err := tx.Exec(fmt.Sprintf("UPDATE %[1]s SET practice_id = (SELECT c.practice_id FROM cases c WHERE c.id = %[1]s.case_id) WHERE practice_id = 0", t)).Error; err != nil {
			return fmt.Errorf("backfill %s.practice_id: %w", t, err)
		}
	}
	const batch = 500
	for last := int64(0); ; {
		var ended []caseRow
		if err := tx.Select("id", "practice_id", "practice_ref", "closed_at", "referral_intention", "outcome").
			Where("id > ? AND closed_at IS NOT NULL AND outcome IS NOT NULL AND NOT EXISTS (SELECT 1 FROM case_closures cc WHERE cc.case_id = cases.id)", last).
			Order("id").Limit(batch).Find(&ended).Error; err != nil {
			return fmt.Errorf("backfill closures: %w", err)
		}
		if len(ended) == 0 {
			break
		}
		rows, err := closures(tx, ended)
		if err != nil {
			return err
		}
		if err := tx.CreateInBatches(rows, 100).Error; err != nil {
			return fmt.Errorf("backfill closures: %w", err)
		}
		last = ended[len(ended)-1].ID
	}
	if err := tx.Exec(`UPDATE case_closures SET next_referral_at = (SELECT `+nextReferral+` FROM cases c, case_closures cc
		WHERE cc.case_id = case_closures.case_id AND c.id = cc.case_id) WHERE followed = ?`, referredOutcomes, referredOutcomes, true).Error; err != nil {
		return fmt.Errorf("backfill next referrals: %w", err)
	}
	return rebuildRollup(tx, d)
}

// RebuildOutcomeFacts runs the backfill of migration 0011 again, for data
// loaded behind the application's back (the bench seeds by bulk insert).
func (db *DB) RebuildOutcomeFacts(ctx context.Context) error {
	return db.tx(ctx, func(tx *gorm.DB) error { return backfillOutcomeFacts(tx, db.dialect) })
}
