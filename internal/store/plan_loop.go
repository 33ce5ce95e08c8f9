package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/caseflow"
)

// planItemStepRow is one recorded step of a plan item's request to its
// provider.
type planItemStepRow struct {
	ID         int64 `gorm:"primaryKey"`
	PlanItemID int64
	CaseID     int64
	Status     string
	Reason     *string
	ReasonText string
	OnDay      string
	ByUserID   int64
	ByRole     string
	CreatedAt  time.Time
}

func (planItemStepRow) TableName() string { return "plan_item_steps" }

// loop is the row's loop without its steps, or nil when never requested.
func (r planItemRow) loop() *caseflow.Loop {
	if r.LoopStatus == nil {
		return nil
	}
	st := caseflow.LoopStatus(*r.LoopStatus)
	l := &caseflow.Loop{Status: st, RequestedOn: deref(r.LoopRequestedOn), AnsweredOn: r.LoopAnsweredOn,
		Next: caseflow.NextLoopSteps(st), Steps: []caseflow.LoopStep{}}
	if r.LoopReason != nil {
		reason := caseflow.DeclineReason(*r.LoopReason)
		l.Reason = &reason
	}
	return l
}

// loopSteps reads the steps of the requested plan items among rows, with
// their authors' names, in the order they were recorded.
func loopSteps(q *gorm.DB, rows []planItemRow) (map[int64][]caseflow.LoopStep, error) {
	out := map[int64][]caseflow.LoopStep{}
	var ids []int64
	for _, r := range rows {
		if r.LoopStatus != nil {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	var steps []struct {
		PlanItemID, ByUserID      int64
		Status, ReasonText, OnDay string
		ByRole, DisplayName       string
		Reason                    *string
		CreatedAt                 time.Time
	}
	if err := q.Table("plan_item_steps").Select("plan_item_steps.plan_item_id, plan_item_steps.by_user_id, plan_item_steps.status, plan_item_steps.reason_text, "+
		"plan_item_steps.on_day, plan_item_steps.by_role, users.display_name, plan_item_steps.reason, plan_item_steps.created_at").
		Joins("JOIN users ON users.id = plan_item_steps.by_user_id").
		Where("plan_item_steps.plan_item_id IN ?", ids).Order("plan_item_steps.plan_item_id, plan_item_steps.created_at, plan_item_steps.id").
		Scan(&steps).Error; err != nil {
		return nil, translate("plan loop steps", err)
	}
	for _, s := range steps {
		st := caseflow.LoopStep{Status: caseflow.LoopStatus(s.Status), ReasonText: s.ReasonText, On: s.OnDay, At: s.CreatedAt,
			By: caseflow.Person{UserID: s.ByUserID, DisplayName: s.DisplayName, Role: s.ByRole}}
		if s.Reason != nil {
			r := caseflow.DeclineReason(*s.Reason)
			st.Reason = &r
		}
		out[s.PlanItemID] = append(out[s.PlanItemID], st)
	}
	return out, nil
}

// RecordLoopStep records one step of the request of plan item id to its
// provider, if version is current: the step must be one the loop allows
// (caseflow.ApplyLoopStep; a conflict otherwise), and a start or end moves
// the plan item's own status with it. Returns ErrStale on a stale version.
func (db *DB) RecordLoopStep(ctx context.Context, ref CaseRef, id, version int64, by int64, role string, in caseflow.LoopStepInput, log AuditFunc) (caseflow.PlanItem, error) {
	var out caseflow.PlanItem
	err := db.tx(ctx, func(tx *gorm.DB) error {
		c, err := caseOpen(tx, ref)
		if err != nil {
			return err
		}
		var row planItemRow
		if err := tx.Where("id = ? AND case_id = ?", id, ref.id).Take(&row).Error; err != nil {
			return err
		}
		if row.Version != version {
			return ErrStale
		}
		rows := []planItemRow{row}
		steps, err := loopSteps(tx, rows)
		if err != nil {
			return err
		}
		cur := row.loop()
		if cur != nil {
			cur.Steps = steps[id]
		}
		next, status, err := caseflow.ApplyLoopStep(caseflow.PlanStatus(row.Status), cur, in)
		if err != nil {
			return err
		}
		now := db.now()
		if string(status) != row.Status {
			var b bumps
			b.planItem(c.RegionID, row.CreatedAt, string(row.Category), row.Status, -1)
			b.planItem(c.RegionID, row.CreatedAt, string(row.Category), string(status), 1)
			if err := b.apply(tx); err != nil {
				return err
			}
		}
		st := string(next.Status)
		row.Status, row.LoopStatus, row.LoopReason = string(status), &st, nil
		if next.Reason != nil {
			r := string(*next.Reason)
			row.LoopReason = &r
		}
		if next.RequestedOn != "" {
			row.LoopRequestedOn = &next.RequestedOn
		}
		row.LoopAnsweredOn = next.AnsweredOn
		if status == caseflow.PlanStarted && row.StartOn == nil {
			row.StartOn = in.On
		}
		if (status == caseflow.PlanCompleted || status == caseflow.PlanStopped) && row.EndOn == nil {
			row.EndOn = in.On
		}
		row.Version++
		row.UpdatedAt = now
		if err := saveVersioned(tx, &row, id, version, "status", "loop_status", "loop_reason", "loop_requested_on", "loop_answered_on",
			"start_on", "end_on", "version", "updated_at"); err != nil {
			return err
		}
		step := planItemStepRow{PlanItemID: id, CaseID: ref.id, Status: st, Reason: row.LoopReason, ReasonText: in.ReasonText,
			OnDay: *in.On, ByUserID: by, ByRole: role, CreatedAt: now}
		if err := tx.Create(&step).Error; err != nil {
			return err
		}
		links, err := planGoals(tx, rows)
		if err != nil {
			return err
		}
		out = row.domain(links[id])
		if out.Loop.Steps, err = stepsAfter(tx, row); err != nil {
			return err
		}
		return db.insertAudit(tx, log(id))
	})
	return out, translate(fmt.Sprintf("record loop step on plan item[%d]", id), err)
}

func stepsAfter(tx *gorm.DB, row planItemRow) ([]caseflow.LoopStep, error) {
	m, err := loopSteps(tx, []planItemRow{row})
	if err != nil {
		return nil, err
	}
	if m[row.ID] == nil {
		return []caseflow.LoopStep{}, nil
	}
	return m[row.ID], nil
}

// categoryLoops lists the loop state of each requested plan item of case id
// for the GP's summary: category, status and decline reason, no text.
func categoryLoops(q *gorm.DB, id int64) ([]caseflow.CategoryLoop, error) {
	var rows []planItemRow
	if err := q.Select("id", "category", "loop_status", "loop_reason").Where("case_id = ? AND loop_status IS NOT NULL", id).
		Order("id").Find(&rows).Error; err != nil {
		return nil, translate("summary loops", err)
	}
	out := make([]caseflow.CategoryLoop, 0, len(rows))
	for _, r := range rows {
		l := r.loop()
		out = append(out, caseflow.CategoryLoop{Category: string(r.Category), Status: l.Status, Reason: l.Reason})
	}
	slices.SortStableFunc(out, func(a, b caseflow.CategoryLoop) int { return strings.Compare(a.Category, b.Category) })
	return out, nil
}
