package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/catalogue"
	"github.com/hoi-app/hoi/internal/errs"
)

type planItemRow struct {
	ID           int64 `gorm:"primaryKey"`
	CaseID       int64
	PracticeID   int64 // of the case, for the outcome figures
	OptionID     *int64
	Title        string
	Category     catalogue.Category
	ArrangedBy   caseflow.ParticipantRole
	ArrangedNote string
	Status       string
	StartOn      *string
	ReviewOn     *string
	EndOn        *string
	Note         string
	CreatedBy    int64
	Version      int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	// The request to the provider (migration 0022); nil while never requested.
	LoopStatus      *string
	LoopReason      *string
	LoopRequestedOn *string
	LoopAnsweredOn  *string
}

func (planItemRow) TableName() string { return "plan_items" }

type planItemGoalRow struct {
	PlanItemID int64 `gorm:"primaryKey"`
	GoalID     int64 `gorm:"primaryKey"`
}

func (planItemGoalRow) TableName() string { return "plan_item_goals" }

func (r planItemRow) domain(goals []int64) caseflow.PlanItem {
	if goals == nil {
		goals = []int64{}
	}
	return caseflow.PlanItem{
		ID: r.ID, CaseID: r.CaseID, OptionID: r.OptionID, Title: r.Title, Category: r.Category, ArrangedBy: r.ArrangedBy,
		ArrangedNote: r.ArrangedNote, Status: caseflow.PlanStatus(r.Status), GoalIDs: goals, StartOn: r.StartOn, ReviewOn: r.ReviewOn,
		EndOn: r.EndOn, Note: r.Note, Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Loop: r.loop(),
	}
}

func setPlanGoals(tx *gorm.DB, caseID, itemID int64, goals []int64) ([]int64, error) {
	if err := tx.Where("plan_item_id = ?", itemID).Delete(&planItemGoalRow{}).Error; err != nil {
		return nil, err
	}
	if len(goals) == 0 {
		return []int64{}, nil
	}
	uniq := map[int64]bool{}
	ids := make([]int64, 0, len(goals))
	for _, g := range goals {
		if !uniq[g] {
			uniq[g] = true
			ids = append(ids, g)
		}
	}
	var n int64
	if err := tx.Model(&goalRow{}).Where("id IN ? AND case_id = ?", ids, caseID).Count(&n).Error; err != nil {
		return nil, err
	}
	if int(n) != len(ids) {
		return nil, errs.Invalid(errs.Field("goal_ids", "unknown", "every goal must be a goal of this case"))
	}
	for _, g := range ids {
		if err := tx.Create(&planItemGoalRow{PlanItemID: itemID, GoalID: g}).Error; err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// AddPlanItem adds an option to the plan of caseID. A catalogue option must
// belong to regionID; its name and category are copied, so the plan still
// reads right after the catalogue changes.
func (db *DB) AddPlanItem(ctx context.Context, ref CaseRef, by int64, in caseflow.PlanCreate, log AuditFunc) (caseflow.PlanItem, error) {
	var out caseflow.PlanItem
	err := db.tx(ctx, func(tx *gorm.DB) error {
		c, err := caseOpen(tx, ref)
		if err != nil {
			return err
		}
		row, linked, err := insertPlanItem(tx, ref, c, by, in, db.now(), "option_id")
		if err != nil {
			return err
		}
		out = row.domain(linked)
		return db.insertAudit(tx, log(row.ID))
	})
	if err != nil {
		return caseflow.PlanItem{}, translate("add plan item", err)
	}
	return out, nil
}

// insertPlanItem writes one plan item of case c (open, checked by the
// caller's caseOpen) with its goal links and its outcome-figure bump;
// field names the input field of the option id in a refusal.
func insertPlanItem(tx *gorm.DB, ref CaseRef, c caseRow, by int64, in caseflow.PlanCreate, now time.Time, field string) (planItemRow, []int64, error) {
	row := planItemRow{CaseID: ref.id, PracticeID: c.PracticeID, OptionID: in.OptionID, Title: in.Title, Category: in.Category, ArrangedBy: in.ArrangedBy,
		ArrangedNote: in.ArrangedNote, Status: string(in.Status), StartOn: in.StartOn, ReviewOn: in.ReviewOn, EndOn: in.EndOn,
		Note: in.Note, CreatedBy: by, Version: 1, CreatedAt: now, UpdatedAt: now}
	if in.OptionID != nil {
		var o optionRow
		if err := tx.Where("region_id = ?", ref.regionID).Take(&o, *in.OptionID).Error; err != nil {
			return row, nil, errs.Invalid(errs.Field(field, "unknown", "is not an option of this region's catalogue"))
		}
		if row.Title == "" {
			row.Title = o.Name
		}
		row.Category = o.Category
	}
	if err := tx.Create(&row).Error; err != nil {
		return row, nil, err
	}
	var b bumps
	b.planItem(c.RegionID, row.CreatedAt, string(row.Category), row.Status, 1)
	if err := b.apply(tx); err != nil {
		return row, nil, err
	}
	linked, err := setPlanGoals(tx, ref.id, row.ID, in.GoalIDs)
	return row, linked, err
}

// planKeys is what the plan of case ref already offers, for finalising.
func planKeys(tx *gorm.DB, ref CaseRef) ([]caseflow.PlanKey, error) {
	var rows []planItemRow
	if err := tx.Select("option_id", "title").Where("case_id = ?", ref.id).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]caseflow.PlanKey, len(rows))
	for i, r := range rows {
		out[i] = caseflow.PlanKey{OptionID: r.OptionID, Title: r.Title}
	}
	return out, nil
}

// planChosen adds the plan items a finalised conversation chose; newGoals
// are the ids of the goals the same conversation created, in its order.
func planChosen(tx *gorm.DB, ref CaseRef, c caseRow, by int64, items []caseflow.PlanFromOption, newGoals []int64, now time.Time) error {
	for _, it := range items {
		in := it.PlanCreate
		in.GoalIDs = append([]int64{}, in.GoalIDs...)
		for _, g := range it.NewGoals {
			if g >= 0 && g < len(newGoals) {
				in.GoalIDs = append(in.GoalIDs, newGoals[g])
			}
		}
		if _, _, err := insertPlanItem(tx, ref, c, by, in, now, "options.option_id"); err != nil {
			return err
		}
	}
	return nil
}

// Plan lists the plan items of a case with their linked goals.
func (db *DB) Plan(ctx context.Context, ref CaseRef) ([]caseflow.PlanItem, error) {
	if err := ref.check(); err != nil {
		return nil, err
	}
	q := db.r.WithContext(ctx)
	var rows []planItemRow
	if err := q.Where("case_id = ?", ref.id).Order("id").Find(&rows).Error; err != nil {
		return nil, translate("plan", err)
	}
	links, err := planGoals(q, rows)
	if err != nil {
		return nil, err
	}
	steps, err := loopSteps(q, rows)
	if err != nil {
		return nil, err
	}
	out := make([]caseflow.PlanItem, len(rows))
	for i, r := range rows {
		out[i] = r.domain(links[r.ID])
		if out[i].Loop != nil && steps[r.ID] != nil {
			out[i].Loop.Steps = steps[r.ID]
		}
	}
	return out, nil
}

func planGoals(q *gorm.DB, rows []planItemRow) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var links []planItemGoalRow
	if err := q.Where("plan_item_id IN ?", ids).Order("plan_item_id, goal_id").Find(&links).Error; err != nil {
		return nil, translate("plan goals", err)
	}
	for _, l := range links {
		out[l.PlanItemID] = append(out[l.PlanItemID], l.GoalID)
	}
	return out, nil
}

// UpdatePlanItem applies u to plan item id if version is current.
func (db *DB) UpdatePlanItem(ctx context.Context, ref CaseRef, id, version int64, u caseflow.PlanUpdate, log AuditFunc) (caseflow.PlanItem, error) {
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
		links, err := planGoals(tx, []planItemRow{row})
		if err != nil {
			return err
		}
		next, err := u.Apply(row.domain(links[row.ID]))
		if err != nil {
			return err
		}
		if string(next.Status) != row.Status {
			var b bumps
			b.planItem(c.RegionID, row.CreatedAt, string(row.Category), row.Status, -1)
			b.planItem(c.RegionID, row.CreatedAt, string(row.Category), string(next.Status), 1)
			if err := b.apply(tx); err != nil {
				return err
			}
		}
		row.Status, row.ArrangedBy, row.ArrangedNote = string(next.Status), next.ArrangedBy, next.ArrangedNote
		row.StartOn, row.ReviewOn, row.EndOn, row.Note = next.StartOn, next.ReviewOn, next.EndOn, next.Note
		row.Version++
		row.UpdatedAt = db.now()
		if err := saveVersioned(tx, &row, id, version, "status", "arranged_by", "arranged_note", "start_on", "review_on", "end_on", "note", "version", "updated_at"); err != nil {
			return err
		}
		if u.GoalIDs != nil {
			if next.GoalIDs, err = setPlanGoals(tx, row.CaseID, id, *u.GoalIDs); err != nil {
				return err
			}
		}
		out = row.domain(next.GoalIDs)
		if out.Loop != nil {
			if out.Loop.Steps, err = stepsAfter(tx, row); err != nil {
				return err
			}
		}
		return db.insertAudit(tx, log(id))
	})
	return out, translate(fmt.Sprintf("update plan item[%d]", id), err)
}
