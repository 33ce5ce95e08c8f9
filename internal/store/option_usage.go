package store

import (
	"context"
	"errors"
	"sort"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/catalogue"
	"github.com/hoi-app/hoi/internal/resident"
)

// regionPlanItems is the WHERE clause of the region's live plan items with
// consent to share (the coach sees a case's content only with it), with one
// placeholder for the region id.
const regionPlanItems = "p.practice_id IN (SELECT id FROM practices WHERE region_id = ?)" +
	" AND EXISTS (SELECT 1 FROM cases c WHERE c.id = p.case_id AND c.erased_at IS NULL AND c.consent_status = 'given')"

// FreeTextPlanItems lists the free-text plan items of regionID (no option
// linked, a title kept), grouped by title (trimmed, case-insensitive) and
// category, the most frequent first, at most limit groups.
func (db *DB) FreeTextPlanItems(ctx context.Context, regionID int64, limit int) ([]catalogue.FreeText, error) {
	var rows []struct {
		Title    string
		Category string
		Items    int
	}
	err := db.r.WithContext(ctx).Raw("SELECT min(trim(p.title)) AS title, p.category, count(*) AS items FROM plan_items p WHERE "+regionPlanItems+
		" AND p.option_id IS NULL AND trim(p.title) <> '' GROUP BY lower(trim(p.title)), p.category ORDER BY 3 DESC, 1 LIMIT ?", regionID, limit).Scan(&rows).Error
	if err != nil {
		return nil, translate("free-text plan items", err)
	}
	out := make([]catalogue.FreeText, len(rows))
	for i, r := range rows {
		out[i] = catalogue.FreeText{Title: r.Title, Category: catalogue.Category(r.Category), Items: r.Items}
	}
	return out, nil
}

// DraftOptionFromPlan drafts an option of regionID from a free-text plan
// item: inactive (the coach completes and publishes it), named by the title,
// of its category; every free-text plan item of the region with the same
// title (trimmed, case-insensitive) and category then links to it, in the
// same transaction.
func (db *DB) DraftOptionFromPlan(ctx context.Context, regionID int64, in catalogue.FromPlan, log AuditFunc) (catalogue.Drafted, error) {
	now := db.now()
	row := optionRow{RegionID: regionID, Name: in.Title, Category: in.Category, Cost: catalogue.CostFree, Active: false,
		HSDSID: catalogue.NewHSDSID(), Version: 1, CreatedAt: now, UpdatedAt: now}
	var linked int64
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		// The plan items first, so that each write of case data gets its
		// access-log row on its own case.
		var items []struct{ ID, CaseID int64 }
		if err := tx.Raw("SELECT p.id, p.case_id FROM plan_items p WHERE "+regionPlanItems+" AND p.option_id IS NULL AND lower(trim(p.title)) = ? AND p.category = ? ORDER BY p.id",
			regionID, catalogue.TitleKey(in.Title), string(in.Category)).Scan(&items).Error; err != nil {
			return err
		}
		entries := log(row.ID)
		if len(items) > 0 {
			ids := make([]int64, len(items))
			for i, it := range items {
				ids[i] = it.ID
				entries = append(entries, linkedEntry(entries[0], it.ID, it.CaseID))
			}
			res := tx.Exec("UPDATE plan_items SET option_id = ?, version = version + 1, updated_at = ? WHERE id IN ? AND option_id IS NULL", row.ID, now, ids)
			if res.Error != nil {
				return res.Error
			}
			linked = res.RowsAffected
		}
		return db.insertAudit(tx, entries)
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return catalogue.Drafted{}, errDuplicateOption
	}
	return catalogue.Drafted{Option: withStale(row.domain(), now), Linked: linked}, translate("draft option from plan", err)
}

// linkedEntry is the access-log row of plan item id of case caseID that a
// draft linked: the option's row (who, when, from where, which request) as
// an update of the plan item on its case.
func linkedEntry(option audit.Entry, id, caseID int64) audit.Entry {
	e := option
	e.Action, e.ResourceType, e.ResourceID, e.CaseID = audit.ActionUpdate, audit.ResourcePlanItem, &id, &caseID
	return e
}

// OptionUsage counts, per option of regionID, its plan items chosen,
// started and completed, and those the resident said helped.
func (db *DB) OptionUsage(ctx context.Context, regionID int64) ([]catalogue.Usage, error) {
	r := db.r.WithContext(ctx)
	scope := "p.practice_id IN (SELECT id FROM practices WHERE region_id = ?)"
	var status []struct {
		OptionID int64
		Status   string
		N        int
	}
	if err := r.Raw("SELECT p.option_id, p.status, count(*) AS n FROM plan_items p WHERE "+scope+" AND p.option_id IS NOT NULL GROUP BY 1, 2", regionID).
		Scan(&status).Error; err != nil {
		return nil, translate("option usage", err)
	}
	var helped []struct {
		OptionID int64
		N        int
	}
	if err := r.Raw("SELECT p.option_id, count(*) AS n FROM plan_items p JOIN plan_feedback f ON f.plan_item_id = p.id WHERE "+scope+
		" AND p.option_id IS NOT NULL AND f.rating IN (?, ?) AND NOT EXISTS (SELECT 1 FROM plan_feedback l WHERE l.plan_item_id = f.plan_item_id AND l.id > f.id) GROUP BY 1",
		regionID, string(resident.RatingHelps), string(resident.RatingHelpsBit)).Scan(&helped).Error; err != nil {
		return nil, translate("option usage helped", err)
	}
	by := map[int64]*catalogue.Usage{}
	get := func(id int64) *catalogue.Usage {
		if by[id] == nil {
			by[id] = &catalogue.Usage{OptionID: id}
		}
		return by[id]
	}
	for _, s := range status {
		u := get(s.OptionID)
		switch caseflow.PlanStatus(s.Status) {
		case caseflow.PlanCompleted:
			u.Completed += s.N
			fallthrough
		case caseflow.PlanStarted:
			u.Started += s.N
			fallthrough
		case caseflow.PlanChosen:
			u.Chosen += s.N
		}
	}
	for _, h := range helped {
		get(h.OptionID).Helped += h.N
	}
	out := make([]catalogue.Usage, 0, len(by))
	for _, u := range by {
		if u.Chosen > 0 || u.Helped > 0 {
			out = append(out, *u)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].OptionID < out[j].OptionID })
	return out, nil
}
