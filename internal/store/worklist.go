package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/caseflow"
)

// worklistLimit bounds each worklist section; a longer list is a case list.
const worklistLimit = 100

// Worklist gathers the signed-in user's work within scope: four indexed
// queries, whatever the number of cases.
func (db *DB) Worklist(ctx context.Context, s caseflow.Scope) (caseflow.Worklist, error) {
	now := db.now()
	today := now.Format("2006-01-02")
	horizon := now.Add(caseflow.FollowUpHorizon).Format("2006-01-02")
	open := []caseflow.Status{caseflow.StatusSignalled, caseflow.StatusExploring, caseflow.StatusFollowUp}
	q := func() *gorm.DB {
		return scopeCases(db.r.WithContext(ctx).Model(&caseRow{}), s).Where("cases.erased_at IS NULL")
	}
	w := caseflow.Worklist{NewSignals: []caseflow.WorkItem{}, FollowUpsDue: []caseflow.WorkItem{}, Drafts: []caseflow.WorkItem{}, MissingConsent: []caseflow.WorkItem{}}

	var rows []caseRow
	cols := []string{"id", "label", "status", "signalled_at", "next_follow_up_on"}
	if err := q().Select(cols).Where("cases.status = ?", caseflow.StatusSignalled).Order("cases.signalled_at, cases.id").Limit(worklistLimit).Find(&rows).Error; err != nil {
		return w, translate("worklist signals", err)
	}
	for _, r := range rows {
		d := caseflow.DaysBetween(r.SignalledAt, now)
		w.NewSignals = append(w.NewSignals, caseflow.WorkItem{CaseID: r.ID, Label: r.Label, Status: caseflow.Status(r.Status), SignalledAt: r.SignalledAt, DaysWaiting: &d})
	}

	rows = nil
	if err := q().Select(cols).Where("cases.status IN ? AND cases.next_follow_up_on IS NOT NULL AND cases.next_follow_up_on <= ?", open, horizon).
		Order("cases.next_follow_up_on, cases.id").Limit(worklistLimit).Find(&rows).Error; err != nil {
		return w, translate("worklist follow-ups", err)
	}
	for _, r := range rows {
		item := caseflow.WorkItem{CaseID: r.ID, Label: r.Label, Status: caseflow.Status(r.Status), SignalledAt: r.SignalledAt, DueOn: r.NextFollowUpOn}
		if due, err := time.Parse("2006-01-02", *r.NextFollowUpOn); err == nil && *r.NextFollowUpOn < today {
			d := caseflow.DaysBetween(due, now)
			item.DaysOverdue = &d
		}
		w.FollowUpsDue = append(w.FollowUpsDue, item)
	}

	var drafts []struct {
		ConversationID int64
		UpdatedAt      time.Time
		CaseID         int64
		Label          string
		Status         string
		SignalledAt    time.Time
	}
	dq := q().Select("conversations.id AS conversation_id, conversations.updated_at, cases.id AS case_id, cases.label, cases.status, cases.signalled_at").
		Joins("JOIN conversations ON conversations.case_id = cases.id").
		Where("conversations.status = ? AND cases.status IN ?", caseflow.Draft, open)
	if s.PracticeID != nil {
		// The drafts come from the practice's drafts index, newest first.
		dq = dq.Where("conversations.practice_id = ?", *s.PracticeID)
	}
	if err := dq.
		Order("conversations.updated_at DESC").Limit(worklistLimit).Scan(&drafts).Error; err != nil {
		return w, translate("worklist drafts", err)
	}
	for _, d := range drafts {
		id, at := d.ConversationID, d.UpdatedAt
		w.Drafts = append(w.Drafts, caseflow.WorkItem{CaseID: d.CaseID, Label: d.Label, Status: caseflow.Status(d.Status), SignalledAt: d.SignalledAt, ConversationID: &id, DraftUpdatedAt: &at})
	}

	rows = nil
	if err := q().Select(cols).Where("cases.status IN ? AND cases.consent_status = ?", open, caseflow.ConsentUnknown).
		Order("cases.signalled_at, cases.id").Limit(worklistLimit).Find(&rows).Error; err != nil {
		return w, translate("worklist consent", err)
	}
	for _, r := range rows {
		d := caseflow.DaysBetween(r.SignalledAt, now)
		w.MissingConsent = append(w.MissingConsent, caseflow.WorkItem{CaseID: r.ID, Label: r.Label, Status: caseflow.Status(r.Status), SignalledAt: r.SignalledAt, DaysWaiting: &d})
	}
	return w, nil
}
