package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/capacity"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/user"
)

// activeLoadSQL counts each listed worker's active cases: on the team,
// neither ended nor erased. It walks case_team by user and each case by its
// key, never the region's cases.
const activeLoadSQL = `SELECT ct.user_id AS user_id, count(*) AS n FROM case_team ct JOIN cases c ON c.id = ct.case_id
	WHERE ct.user_id IN ? AND c.status NOT IN ? AND c.erased_at IS NULL GROUP BY ct.user_id`

var endedStatuses = []string{string(caseflow.StatusClosed), string(caseflow.StatusWithdrawn)}

func activeLoads(tx *gorm.DB, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		UserID int64
		N      int
	}
	if err := tx.Raw(activeLoadSQL, ids, endedStatuses).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.UserID] = r.N
	}
	return out, nil
}

// overCapOf lists which of ids one more case puts over their caseload cap.
func overCapOf(tx *gorm.DB, ids []int64) ([]int64, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var capped []userRow
	if err := tx.Select("id", "caseload_cap").Where("id IN ? AND caseload_cap IS NOT NULL", ids).Order("id").Find(&capped).Error; err != nil {
		return nil, err
	}
	if len(capped) == 0 {
		return nil, nil
	}
	cids := make([]int64, len(capped))
	for i, u := range capped {
		cids[i] = u.ID
	}
	loads, err := activeLoads(tx, cids)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, u := range capped {
		if capacity.OverCap(loads[u.ID], u.CaseloadCap) {
			out = append(out, u.ID)
		}
	}
	return out, nil
}

// Caseloads lists the active peers and coaches of regionID, by name, each
// with their active cases and cap.
func (db *DB) Caseloads(ctx context.Context, regionID int64) ([]capacity.Worker, error) {
	r := db.r.WithContext(ctx)
	var rows []userRow
	if err := r.Select("id", "display_name", "role", "caseload_cap").
		Where("region_id = ? AND active = ? AND role IN ?", regionID, true, []string{string(user.RolePeer), string(user.RoleCoach)}).
		Order("display_name, id").Find(&rows).Error; err != nil {
		return nil, translate("caseloads", err)
	}
	ids := make([]int64, len(rows))
	for i, u := range rows {
		ids[i] = u.ID
	}
	loads, err := activeLoads(r, ids)
	if err != nil {
		return nil, translate("caseloads", err)
	}
	out := make([]capacity.Worker, len(rows))
	for i, u := range rows {
		out[i] = capacity.Worker{UserID: u.ID, DisplayName: u.DisplayName, Role: u.Role, ActiveCases: loads[u.ID], CaseloadCap: u.CaseloadCap}
	}
	return out, nil
}

// CapacityData aggregates the capacity figures of q, and of the forecast
// base before today, per location and day. Tenancy (the region, or the one
// location q names) is in every WHERE clause.
func (db *DB) CapacityData(ctx context.Context, q capacity.Query, today time.Time) (capacity.Data, error) {
	var d capacity.Data
	r := db.r.WithContext(ctx)
	pq := r.Model(&practiceRow{}).Select("id", "name", "kind").Where("region_id = ?", q.RegionID)
	if q.PracticeID != nil {
		pq = pq.Where("id = ?", *q.PracticeID)
	}
	var ps []practiceRow
	if err := pq.Order("name, id").Find(&ps).Error; err != nil {
		return d, translate("capacity locations", err)
	}
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
		d.Locations = append(d.Locations, capacity.Location{ID: p.ID, Name: p.Name, Kind: p.Kind})
	}
	d.Open = map[int64]int{}
	var err error
	if d.Workers, err = db.Caseloads(ctx, q.RegionID); err != nil {
		return d, err
	}
	if len(ids) == 0 {
		return d, nil
	}
	from, to := q.From, q.To
	if bf, bt := capacity.Base(today); bf.Before(from) {
		from = bf
		if bt.After(to) {
			to = bt
		}
	} else if bt.After(to) {
		to = bt
	}
	until := to.AddDate(0, 0, 1)
	if err := r.Raw("SELECT c.practice_id, "+dayExpr(db.dialect, "c.signalled_at")+" AS day, count(*) AS n FROM cases c"+
		" WHERE c.practice_id IN ? AND c.signalled_at >= ? AND c.signalled_at < ? GROUP BY 1, 2", ids, from.UTC(), until.UTC()).
		Scan(&d.Signals).Error; err != nil {
		return d, translate("capacity signals", err)
	}
	if err := r.Raw("SELECT c.practice_id, c.first_conversation_on AS day, "+daysExpr(db.dialect, "c")+" AS days, count(*) AS n FROM cases c"+
		" WHERE c.practice_id IN ? AND c.first_conversation_on >= ? AND c.first_conversation_on <= ? GROUP BY 1, 2, 3",
		ids, from.Format(time.DateOnly), to.Format(time.DateOnly)).Scan(&d.Talks).Error; err != nil {
		return d, translate("capacity talks", err)
	}
	var open []struct {
		PracticeID int64
		N          int
	}
	if err := r.Raw("SELECT c.practice_id, count(*) AS n FROM cases c WHERE c.practice_id IN ? AND c.erased_at IS NULL AND c.status = ? GROUP BY 1",
		ids, string(caseflow.StatusSignalled)).Scan(&open).Error; err != nil {
		return d, translate("capacity open signals", err)
	}
	for _, o := range open {
		d.Open[o.PracticeID] = o.N
	}
	return d, nil
}

type regionSettingsRow struct {
	RegionID        int64 `gorm:"primaryKey;autoIncrement:false"`
	WaitWarnDays    int
	LoadWarnPercent int
	Version         int64
	UpdatedAt       time.Time
}

func (regionSettingsRow) TableName() string { return "region_settings" }

// RegionSettings returns the warning thresholds of regionID: the defaults
// (version 0) until its admin sets them.
func (db *DB) RegionSettings(ctx context.Context, regionID int64) (Versioned[capacity.Settings], error) {
	var row regionSettingsRow
	err := db.r.WithContext(ctx).Where("region_id = ?", regionID).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Versioned[capacity.Settings]{Value: capacity.DefaultSettings}, nil
	}
	if err != nil {
		return Versioned[capacity.Settings]{}, translate(fmt.Sprintf("region settings[%d]", regionID), err)
	}
	return Versioned[capacity.Settings]{Value: row.settings(), Version: row.Version}, nil
}

func (r regionSettingsRow) settings() capacity.Settings {
	return capacity.Settings{WaitWarnDays: r.WaitWarnDays, LoadWarnPercent: r.LoadWarnPercent, UpdatedAt: r.UpdatedAt}
}

// UpdateRegionSettings applies up to the thresholds of regionID if they are
// still at version (0: never set).
func (db *DB) UpdateRegionSettings(ctx context.Context, regionID, version int64, up capacity.SettingsUpdate, log AuditFunc) (Versioned[capacity.Settings], error) {
	var row regionSettingsRow
	err := db.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Where("region_id = ?", regionID).Take(&row).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			d := capacity.DefaultSettings
			row = regionSettingsRow{RegionID: regionID, WaitWarnDays: d.WaitWarnDays, LoadWarnPercent: d.LoadWarnPercent}
		case err != nil:
			return err
		}
		if row.Version != version {
			return ErrStale
		}
		s := up.Apply(row.settings())
		row.WaitWarnDays, row.LoadWarnPercent, row.UpdatedAt = s.WaitWarnDays, s.LoadWarnPercent, db.now()
		row.Version++
		if version == 0 {
			if err := tx.Create(&row).Error; err != nil {
				return err
			}
		} else if res := tx.Model(&regionSettingsRow{}).Where("region_id = ? AND version = ?", regionID, version).
			Updates(map[string]any{"wait_warn_days": row.WaitWarnDays, "load_warn_percent": row.LoadWarnPercent,
				"version": row.Version, "updated_at": row.UpdatedAt}); res.Error != nil {
			return res.Error
		} else if res.RowsAffected != 1 {
			return ErrStale
		}
		return db.insertAudit(tx, log(regionID))
	})
	if err != nil {
		return Versioned[capacity.Settings]{}, translate(fmt.Sprintf("update region settings[%d]", regionID), err)
	}
	return Versioned[capacity.Settings]{Value: row.settings(), Version: row.Version}, nil
}
