package store

import (
	"context"
	"errors"
	"strings"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/catalogue"
)

// errDryRun rolls back the transaction of a dry run after the diff is made.
var errDryRun = errors.New("dry run")

// ImportOptions compares items with regionID's catalogue by HSDS id and,
// unless dryRun, applies the new and changed ones in one transaction: all
// or nothing. Re-importing the same document changes nothing. A service
// whose name another option of the region already has is refused.
func (db *DB) ImportOptions(ctx context.Context, regionID int64, items []catalogue.ImportItem, dryRun bool, log AuditFunc) (catalogue.ImportDiff, error) {
	diff := catalogue.ImportDiff{New: []catalogue.ImportLine{}, Changed: []catalogue.ImportLine{}, Unchanged: []catalogue.ImportLine{}, Refused: []catalogue.ImportLine{}}
	now := db.now()
	err := db.tx(ctx, func(tx *gorm.DB) error {
		var rows []optionRow
		if err := tx.Where("region_id = ?", regionID).Find(&rows).Error; err != nil {
			return err
		}
		byHSDS, byName := map[string]*optionRow{}, map[string]string{}
		for i := range rows {
			byHSDS[rows[i].HSDSID] = &rows[i]
			byName[strings.ToLower(rows[i].Name)] = rows[i].HSDSID
		}
		seen := map[string]bool{}
		for _, it := range items {
			o := it.Option
			line := catalogue.ImportLine{HSDSID: o.HSDSID, Name: o.Name, Warnings: it.Warnings, Reasons: it.Refusals}
			if seen[o.HSDSID] && o.HSDSID != "" {
				line.Reasons = append(line.Reasons, "the same id comes twice in this import")
			}
			if other, ok := byName[strings.ToLower(o.Name)]; ok && other != o.HSDSID {
				line.Reasons = append(line.Reasons, "another option of the region already has this name")
			}
			if len(line.Reasons) > 0 {
				diff.Refused = append(diff.Refused, line)
				continue
			}
			seen[o.HSDSID] = true
			cur := byHSDS[o.HSDSID]
			if cur == nil {
				row := optionRow{RegionID: regionID, Name: o.Name, Category: o.Category, Provider: o.Provider, Contact: o.Contact, Cost: o.Cost,
					Description: o.Description, Specialist: o.Specialist, Active: o.Active, HSDSID: o.HSDSID, Version: 1, CreatedAt: now, UpdatedAt: now}
				row.Detail.setDetails(o.Details)
				if !dryRun {
					if err := tx.Create(&row).Error; err != nil {
						return err
					}
					if err := db.insertAudit(tx, log(row.ID)); err != nil {
						return err
					}
					line.OptionID = &row.ID
				}
				byName[strings.ToLower(o.Name)] = o.HSDSID
				diff.New = append(diff.New, line)
				continue
			}
			id := cur.ID
			line.OptionID = &id
			line.Changes = catalogue.Changes(cur.domain(), o)
			if len(line.Changes) == 0 {
				diff.Unchanged = append(diff.Unchanged, line)
				continue
			}
			delete(byName, strings.ToLower(cur.Name))
			byName[strings.ToLower(o.Name)] = o.HSDSID
			diff.Changed = append(diff.Changed, line)
			if dryRun {
				continue
			}
			cur.Name, cur.Category, cur.Provider, cur.Contact, cur.Cost = o.Name, o.Category, o.Provider, o.Contact, o.Cost
			cur.Description, cur.Specialist, cur.Active = o.Description, o.Specialist, o.Active
			cur.Detail.setDetails(o.Details)
			cur.Version++
			cur.UpdatedAt = now
			cols := append([]string{"name", "category", "provider", "contact", "cost", "description", "specialist", "active", "version", "updated_at"}, optionDetailColumns...)
			if err := saveVersioned(tx, cur, id, cur.Version-1, cols...); err != nil {
				return err
			}
			if err := db.insertAudit(tx, log(id)); err != nil {
				return err
			}
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		return diff, nil
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return diff, errDuplicateOption
	}
	diff.Applied = err == nil
	return diff, translate("import options", err)
}

// OptionByHSDSID returns the option of regionID with HSDS id hsdsID.
func (db *DB) OptionByHSDSID(ctx context.Context, regionID int64, hsdsID string) (catalogue.Option, error) {
	var row optionRow
	err := db.r.WithContext(ctx).Where("region_id = ? AND hsds_id = ?", regionID, hsdsID).Take(&row).Error
	return withStale(row.domain(), db.now()), translate("option by hsds id", err)
}
