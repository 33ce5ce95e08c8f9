package store

import (
	"context"
	"fmt"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// migrations are HOI's versioned schema changes, in order. Each one carries
// its own snapshot of the tables it creates, so later changes to the models
// never rewrite history. Never edit a migration that has shipped: add one.
func migrations(d Dialect) []*gormigrate.Migration {
	return []*gormigrate.Migration{
		{ID: "20261122_0001_foundation", Migrate: func(tx *gorm.DB) error { return migrateFoundation(tx, d) }},
		{ID: "20261122_0002_cases", Migrate: migrateCases},
		{ID: "20261123_0003_erasure", Migrate: migrateErasure},
		{ID: "20261123_0010_list_indexes", Migrate: migrateListIndexes},
		{ID: "20261123_0011_outcome_facts", Migrate: func(tx *gorm.DB) error { return migrateOutcomeFacts(tx, d) }},
		{ID: "20261123_0012_read_indexes", Migrate: migrateReadIndexes},
		{ID: "20261201_0013_plan_indexes", Migrate: func(tx *gorm.DB) error { return migratePlanIndexes(tx, d) }},
		{ID: "20261201_0014_conversation_author", Migrate: migrateConversationAuthor},
		{ID: "20261201_0015_idempotency_keys", Migrate: migrateIdempotency},
		{ID: "20261201_0016_worklist_order", Migrate: func(tx *gorm.DB) error { return migrateWorklistOrder(tx, d) }},
		{ID: "20261202_0017_resident", Migrate: migrateResident},
		{ID: "20261202_0018_appointments", Migrate: migrateAppointments},
		{ID: "20261202_0019_calendar_feeds", Migrate: migrateCalendarFeeds},
		{ID: "20261202_0020_entry_points", Migrate: migrateEntryPoints},
		{ID: "20261202_0021_capacity", Migrate: migrateCapacity},
		{ID: "20261202_0022_referral_loop", Migrate: migrateReferralLoop},
		{ID: "20261202_0023_option_details", Migrate: func(tx *gorm.DB) error { return migrateOptionDetails(tx, d) }},
		{ID: "20261202_0024_loop_indexes", Migrate: migrateLoopIndexes},
		{ID: "20261202_0027_loop_outcomes", Migrate: migrateLoopOutcomes},
		{ID: "20261202_0028_planning_outcomes", Migrate: migratePlanningOutcomes},
		{ID: "20261204_0029_access_log_cases", Migrate: func(tx *gorm.DB) error { return migrateAccessLogCases(tx, d) }},
		{ID: "20261204_0030_open_drafts", Migrate: func(tx *gorm.DB) error { return migrateOpenDrafts(tx, d) }},
	}
}

// Migrate brings the schema up to date. It is safe to run at every start-up
// and from several instances (on PostgreSQL under an advisory lock).
func (db *DB) Migrate(ctx context.Context) error {
	if err := db.migrate(ctx); err != nil {
		return err
	}
	// The schema is current: prepare the access-log INSERTs, before any
	// write transaction holds the writer.
	db.prepareAudit(ctx)
	return nil
}

func (db *DB) migrate(ctx context.Context) error {
	g := db.w.WithContext(ctx)
	if db.dialect == Postgres {
		return g.Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec("select pg_advisory_xact_lock(7420001)").Error; err != nil {
				return fmt.Errorf("migrate: lock: %w", err)
			}
			return runMigrations(tx, db.dialect)
		})
	}
	return runMigrations(g, db.dialect)
}

func runMigrations(g *gorm.DB, d Dialect) error {
	m := gormigrate.New(g, &gormigrate.Options{TableName: "schema_migrations", IDColumnName: "id", IDColumnSize: 100, UseTransaction: d == SQLite}, migrations(d))
	if err := m.Migrate(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// MigrationsCurrent reports whether every known migration has been applied;
// /readyz answers 503 until they have.
func (db *DB) MigrationsCurrent(ctx context.Context) (bool, error) {
	want := migrations(db.dialect)
	var n int64
	ids := make([]string, len(want))
	for i, m := range want {
		ids[i] = m.ID
	}
	if err := db.r.WithContext(ctx).Table("schema_migrations").Where("id IN ?", ids).Count(&n).Error; err != nil {
		return false, fmt.Errorf("migrations current: %w", err)
	}
	return int(n) == len(want), nil
}

func migrateFoundation(tx *gorm.DB, d Dialect) error {
	type region struct {
		ID        int64     `gorm:"primaryKey"`
		Name      string    `gorm:"size:200;not null;uniqueIndex"`
		CreatedAt time.Time `gorm:"not null"`
	}
	type practice struct {
		ID        int64     `gorm:"primaryKey"`
		RegionID  int64     `gorm:"not null;uniqueIndex:ux_practices_region_name,priority:1"`
		Region    *region   `gorm:"foreignKey:RegionID;constraint:OnDelete:RESTRICT"`
		Name      string    `gorm:"size:200;not null;uniqueIndex:ux_practices_region_name,priority:2"`
		AGBCode   *string   `gorm:"size:8"`
		CreatedAt time.Time `gorm:"not null"`
	}
	type user struct {
		ID           int64     `gorm:"primaryKey"`
		Email        string    `gorm:"size:254;not null;uniqueIndex"`
		DisplayName  string    `gorm:"size:120;not null"`
		Role         string    `gorm:"size:10;not null"`
		RegionID     int64     `gorm:"not null;index"`
		Region       *region   `gorm:"foreignKey:RegionID;constraint:OnDelete:RESTRICT"`
		PracticeID   *int64    `gorm:"index"`
		Practice     *practice `gorm:"foreignKey:PracticeID;constraint:OnDelete:RESTRICT"`
		PasswordHash string    `gorm:"size:200;not null"`
		Active       bool      `gorm:"not null"`
		Version      int64     `gorm:"not null;default:1"`
		CreatedAt    time.Time `gorm:"not null"`
		UpdatedAt    time.Time `gorm:"not null"`
	}
	type session struct {
		ID           string     `gorm:"primaryKey;size:32"`
		UserID       int64      `gorm:"not null;index"`
		User         *user      `gorm:"foreignKey:UserID;constraint:OnDelete:CASCADE"`
		CreatedAt    time.Time  `gorm:"not null"`
		LastSeenAt   time.Time  `gorm:"not null"`
		RevokedAt    *time.Time ``
		RevokeReason string     `gorm:"size:40"`
	}
	type refreshToken struct {
		Hash      string     `gorm:"primaryKey;size:64"`
		SessionID string     `gorm:"size:32;not null;index"`
		Session   *session   `gorm:"foreignKey:SessionID;constraint:OnDelete:CASCADE"`
		CreatedAt time.Time  `gorm:"not null"`
		UsedAt    *time.Time ``
	}
	type loginThrottle struct {
		Key          string     `gorm:"primaryKey;size:100"`
		Failures     int        `gorm:"not null"`
		WindowStart  time.Time  `gorm:"not null"`
		BlockedUntil *time.Time ``
	}
	type accessLog struct {
		ID           int64     `gorm:"primaryKey"`
		At           time.Time `gorm:"not null;index"`
		UserID       int64     `gorm:"not null;index"`
		Role         string    `gorm:"size:10;not null"`
		RegionID     int64     `gorm:"not null;index"`
		PracticeID   *int64    ``
		ClientAddr   string    `gorm:"size:64;not null"`
		Action       string    `gorm:"size:10;not null"`
		Outcome      string    `gorm:"size:10;not null"`
		ResourceType string    `gorm:"size:40;not null"`
		ResourceID   *int64    ``
		CaseID       *int64    `gorm:"index"`
		RequestID    string    `gorm:"size:64;not null"`
	}
	tables := []struct {
		name  string
		model any
	}{
		{"regions", &region{}}, {"practices", &practice{}}, {"users", &user{}},
		{"sessions", &session{}}, {"refresh_tokens", &refreshToken{}},
		{"login_throttles", &loginThrottle{}}, {"access_log", &accessLog{}},
	}
	for _, t := range tables {
		if err := tx.Table(t.name).Migrator().CreateTable(t.model); err != nil {
			return fmt.Errorf("create %s: %w", t.name, err)
		}
	}
	return appendOnly(tx, d, "access_log")
}

// appendOnly makes the database itself refuse UPDATE and DELETE on table, so
// that no code path, present or future, can rewrite the access log.
func appendOnly(tx *gorm.DB, d Dialect, table string) error {
	var stmts []string
	switch d {
	case SQLite:
		for _, op := range []string{"UPDATE", "DELETE"} {
			stmts = append(stmts, fmt.Sprintf(
				"CREATE TRIGGER %[1]s_no_%[2]s BEFORE %[2]s ON %[1]s BEGIN SELECT RAISE(ABORT, '%[1]s is append-only'); END",
				table, op))
		}
	case Postgres:
		stmts = append(stmts,
			fmt.Sprintf(`CREATE FUNCTION %[1]s_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '%[1]s is append-only'; END $$`, table),
			fmt.Sprintf(`CREATE TRIGGER %[1]s_no_change BEFORE UPDATE OR DELETE ON %[1]s FOR EACH ROW EXECUTE FUNCTION %[1]s_append_only()`, table),
		)
	}
	for _, s := range stmts {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("append-only %s: %w", table, err)
		}
	}
	return nil
}
