package store

import (
	"context"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/outcome"
)

// OutcomeData reads the facts behind the outcome figures of q in five
// set-based queries, whatever the number of cases. Tenancy (region, and
// practice when q names one) is in every WHERE clause. Erased cases count:
// erasure keeps exactly the facts read here.
func (db *DB) OutcomeData(ctx context.Context, q outcome.Query) (outcome.Data, error) {
	var d outcome.Data
	from, until := q.From.UTC(), q.To.UTC().AddDate(0, 0, 1)
	fromDay, toDay := q.From.Format(time.DateOnly), q.To.Format(time.DateOnly)
	scoped := func() *gorm.DB {
		s := db.r.WithContext(ctx).Table("cases").Where("cases.region_id = ?", q.RegionID)
		if q.PracticeID != nil {
			s = s.Where("cases.practice_id = ?", *q.PracticeID)
		}
		return s
	}
	const caseCols = "cases.id, cases.practice_id, cases.practice_ref, cases.resident_link, cases.signalled_at, cases.first_conversation_on, cases.closed_at, cases.referral_intention, cases.outcome"

	var cases []outcomeCaseRow
	if err := scoped().Select(caseCols+", (SELECT count(*) FROM conversations cv WHERE cv.case_id = cases.id AND cv.status = ?) AS conversations", caseflow.Final).
		Where("(cases.signalled_at >= ? AND cases.signalled_at < ?) OR (cases.first_conversation_on >= ? AND cases.first_conversation_on <= ?) OR (cases.closed_at >= ? AND cases.closed_at < ?)",
			from, until, fromDay, toDay, from, until).
		Order("cases.id").Scan(&cases).Error; err != nil {
		return d, translate("outcome cases", err)
	}
	var refs []outcomeCaseRow
	if err := scoped().Select(caseCols).
		Where("cases.outcome IN ? AND cases.closed_at >= ? AND (cases.practice_ref IS NOT NULL OR cases.resident_link IS NOT NULL)",
			[]caseflow.Outcome{caseflow.OutcomeSpecialistGGZ, caseflow.OutcomeAddictionCare}, from).
		Order("cases.id").Scan(&refs).Error; err != nil {
		return d, translate("outcome referrals", err)
	}
	if err := scoped().Joins("JOIN plan_items pi ON pi.case_id = cases.id").Select("pi.category, pi.status, pi.created_at").
		Where("pi.created_at >= ? AND pi.created_at < ?", from, until).Scan(&d.Plan).Error; err != nil {
		return d, translate("outcome plan items", err)
	}
	if err := scoped().Joins("JOIN goals g ON g.case_id = cases.id").
		Where("g.status = ? AND g.updated_at >= ? AND g.updated_at < ?", caseflow.GoalReached, from, until).
		Pluck("g.updated_at", &d.GoalsReached).Error; err != nil {
		return d, translate("outcome goals", err)
	}
	if err := scoped().Joins("JOIN domain_scores ds ON ds.case_id = cases.id").Select("ds.case_id, ds.domain, ds.score").
		Where("cases.closed_at >= ? AND cases.closed_at < ?", from, until).
		Order("ds.case_id, ds.domain, ds.held_on, ds.id").Scan(&d.Scores).Error; err != nil {
		return d, translate("outcome scores", err)
	}
	d.Cases, d.Referrals = outcomeCases(cases), outcomeCases(refs)
	return d, nil
}

type outcomeCaseRow struct {
	ID                  int64
	PracticeID          int64
	PracticeRef         *string
	ResidentLink        *int64
	SignalledAt         time.Time
	FirstConversationOn *string
	ClosedAt            *time.Time
	ReferralIntention   string
	Outcome             *string
	Conversations       int
}

// outcomeCases maps rows to facts. The resident key is the resident link
// when erasure made one (it then covers every case of the resident),
// otherwise the practice reference.
func outcomeCases(rows []outcomeCaseRow) []outcome.CaseFact {
	out := make([]outcome.CaseFact, len(rows))
	for i, r := range rows {
		f := outcome.CaseFact{ID: r.ID, PracticeID: r.PracticeID, SignalledAt: r.SignalledAt, ClosedAt: r.ClosedAt,
			Intention: r.ReferralIntention, Outcome: deref(r.Outcome), Conversations: r.Conversations}
		switch {
		case r.ResidentLink != nil:
			f.Resident = "link:" + strconv.FormatInt(*r.ResidentLink, 10)
		case r.PracticeRef != nil:
			f.Resident = "ref:" + *r.PracticeRef
		}
		if r.FirstConversationOn != nil {
			if t, err := time.Parse(time.DateOnly, *r.FirstConversationOn); err == nil {
				f.FirstConversationOn = &t
			}
		}
		out[i] = f
	}
	return out
}
