package store

import (
	"sync/atomic"

	"gorm.io/gorm"
)

// CountQueries counts every statement db sends from now on, on the writer
// and the readers, for tests that pin the number of queries per request.
func CountQueries(db *DB) *atomic.Int64 {
	var n atomic.Int64
	count := func(*gorm.DB) { n.Add(1) }
	for i, g := range []*gorm.DB{db.w, db.r} {
		if i == 1 && db.r == db.w {
			break
		}
		cb := g.Callback()
		cb.Query().After("gorm:query").Register("hoi:count_query", count)
		cb.Row().After("gorm:row").Register("hoi:count_row", count)
		cb.Raw().After("gorm:raw").Register("hoi:count_raw", count)
		cb.Create().After("gorm:create").Register("hoi:count_create", count)
		cb.Update().After("gorm:update").Register("hoi:count_update", count)
		cb.Delete().After("gorm:delete").Register("hoi:count_delete", count)
	}
	return &n
}
