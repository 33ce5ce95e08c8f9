package store

import (
	"context"

	"github.com/hoi-app/hoi/internal/caseflow"
)

// markSelfChecks sets SelfCheckSubmitted on every worklist line whose
// resident sent their self-check: one extra query on the self-check's
// primary key (case_id) for all shown cases together, never one per line.
// It is kept apart from Worklist so that the worklist's own statements can
// change without it.
func (db *DB) markSelfChecks(ctx context.Context, w *caseflow.Worklist) error {
	ids := w.CaseIDs()
	if len(ids) == 0 {
		return nil
	}
	var sent []int64
	if err := db.r.WithContext(ctx).Model(&selfCheckRow{}).Where("case_id IN ? AND submitted_at IS NOT NULL", ids).Pluck("case_id", &sent).Error; err != nil {
		return translate("worklist self-checks", err)
	}
	done := make(map[int64]bool, len(sent))
	for _, id := range sent {
		done[id] = true
	}
	for _, sec := range []*[]caseflow.WorkItem{&w.NewSignals, &w.FollowUpsDue, &w.Drafts, &w.MissingConsent, &w.ToSchedule, &w.AwaitingReply, &w.AwaitingAnswer} {
		for i := range *sec {
			(*sec)[i].SelfCheckSubmitted = done[(*sec)[i].CaseID]
		}
	}
	return nil
}
