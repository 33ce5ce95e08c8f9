package store

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/outcome"
)

// outcome_months is the region's monthly rollup of the outcome figures that
// would otherwise be counted row by row: a year of a 200,000-case region is
// ~600,000 rows of facts, and SQLite aggregates about a million rows a second
// on one core. Each write that changes a counted fact adds to (or takes from)
// its row in the same transaction, so the rollup is always exact; the region
// figures read whole months from it and count only the days of a partly
// covered first or last month from the facts. Practice figures count from the
// facts directly (a practice is a hundredth of a region).
//
// Figures and keys (n is a count unless said otherwise):
//
//	signals        "", ""               cases (month signalled)
//	first          days waited, ""      first conversations (month held)
//	closed         intention, outcome   ended cases (month closed)
//	conversations  intention, outcome   their finalised conversations (a sum)
//	change         domain, "sum" | "n"  first-to-last score change: sum, cases
//	plan           category, status     plan items (month made)
//	goals          "", ""               goals reached (month marked reached)
type rollupRow struct {
	RegionID int64  `gorm:"primaryKey;autoIncrement:false"`
	Month    string `gorm:"primaryKey"`
	Figure   string `gorm:"primaryKey"`
	Key1     string `gorm:"primaryKey"`
	Key2     string `gorm:"primaryKey"`
	N        int64
}

func (rollupRow) TableName() string { return "outcome_months" }

// The rollup's figures.
const (
	rollSignals       = "signals"
	rollGoals         = "goals"
	rollFirst         = "first"
	rollClosed        = "closed"
	rollConversations = "conversations"
	rollChange        = "change"
	rollPlan          = "plan"
)

// bumps collects the rollup changes of one transaction.
type bumps []rollupRow

func (b *bumps) add(region int64, month, figure, k1, k2 string, n int64) {
	*b = append(*b, rollupRow{RegionID: region, Month: month, Figure: figure, Key1: k1, Key2: k2, N: n})
}

// apply adds the bumps to the rollup, in key order so that concurrent
// transactions on PostgreSQL take the row locks in the same order.
func (b bumps) apply(tx *gorm.DB) error {
	slices.SortFunc(b, func(x, y rollupRow) int {
		return cmp.Or(cmp.Compare(x.RegionID, y.RegionID), cmp.Compare(x.Month, y.Month), cmp.Compare(x.Figure, y.Figure),
			cmp.Compare(x.Key1, y.Key1), cmp.Compare(x.Key2, y.Key2))
	})
	for _, r := range b {
		if r.N == 0 {
			continue
		}
		if err := tx.Exec(`INSERT INTO outcome_months (region_id, month, figure, key1, key2, n) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (region_id, month, figure, key1, key2) DO UPDATE SET n = outcome_months.n + excluded.n`,
			r.RegionID, r.Month, r.Figure, r.Key1, r.Key2, r.N).Error; err != nil {
			return fmt.Errorf("outcome rollup: %w", err)
		}
	}
	return nil
}

func monthKey(t time.Time) string { return t.UTC().Format(outcome.MonthKey) }

// firstConversation bumps the first conversation of a case held on day
// (YYYY-MM-DD), by n (+1, or -1 when an earlier one replaces it).
func (b *bumps) firstConversation(region int64, signalledAt time.Time, day string, n int64) {
	on, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return // held_on is validated on the way in
	}
	days := int(on.Sub(outcome.Day(signalledAt)).Hours() / 24)
	b.add(region, day[:7], rollFirst, strconv.Itoa(days), "", n)
}

// goalReached bumps a goal marked reached at t (n +1), or no longer
// counted there (n -1: changed again).
func (b *bumps) goalReached(region int64, t time.Time, n int64) {
	b.add(region, monthKey(t), rollGoals, "", "", n)
}

// closure bumps an ended case.
func (b *bumps) closure(region int64, c closureRow) {
	m := monthKey(c.ClosedAt)
	b.add(region, m, rollClosed, c.ReferralIntention, c.Outcome, 1)
	b.add(region, m, rollConversations, c.ReferralIntention, c.Outcome, int64(c.Conversations))
	for _, d := range caseflow.Domains {
		if v := *c.change(d); v != nil {
			b.add(region, m, rollChange, string(d), "sum", int64(*v))
			b.add(region, m, rollChange, string(d), "n", 1)
		}
	}
}

// planItem bumps a plan item made at createdAt with a category and status.
func (b *bumps) planItem(region int64, createdAt time.Time, category, status string, n int64) {
	b.add(region, monthKey(createdAt), rollPlan, category, status, n)
}

// rebuildRollup counts the rollup again from the facts (migration 0011, and
// data the bench loads in bulk).
func rebuildRollup(tx *gorm.DB, d Dialect) error {
	month := func(col string) string { return monthExpr(d, col) }
	stmts := []string{
		"DELETE FROM outcome_months",
		`INSERT INTO outcome_months (region_id, month, figure, key1, key2, n)
		 SELECT c.region_id, ` + month("c.signalled_at") + `, 'signals', '', '', count(*) FROM cases c GROUP BY 1, 2`,
		`INSERT INTO outcome_months (region_id, month, figure, key1, key2, n)
		 SELECT p.region_id, ` + month("g.updated_at") + `, 'goals', '', '', count(*)
		 FROM goals g JOIN practices p ON p.id = g.practice_id WHERE g.status = 'reached' GROUP BY 1, 2`,
		`INSERT INTO outcome_months (region_id, month, figure, key1, key2, n)
		 SELECT c.region_id, substr(c.first_conversation_on, 1, 7), 'first', CAST(` + daysExpr(d, "c") + ` AS varchar(10)), '', count(*)
		 FROM cases c WHERE c.first_conversation_on IS NOT NULL GROUP BY 1, 2, 4`,
		`INSERT INTO outcome_months (region_id, month, figure, key1, key2, n)
		 SELECT p.region_id, ` + month("cc.closed_at") + `, 'closed', cc.referral_intention, cc.outcome, count(*)
		 FROM case_closures cc JOIN practices p ON p.id = cc.practice_id GROUP BY 1, 2, 4, 5`,
		`INSERT INTO outcome_months (region_id, month, figure, key1, key2, n)
		 SELECT p.region_id, ` + month("cc.closed_at") + `, 'conversations', cc.referral_intention, cc.outcome, sum(cc.conversations)
		 FROM case_closures cc JOIN practices p ON p.id = cc.practice_id GROUP BY 1, 2, 4, 5 HAVING sum(cc.conversations) <> 0`,
		`INSERT INTO outcome_months (region_id, month, figure, key1, key2, n)
		 SELECT p.region_id, ` + month("pi.created_at") + `, 'plan', pi.category, pi.status, count(*)
		 FROM plan_items pi JOIN practices p ON p.id = pi.practice_id GROUP BY 1, 2, 4, 5`,
	}
	for _, dm := range caseflow.Domains {
		col := "cc." + changeColumn(dm)
		for _, agg := range []struct{ key, expr string }{{"sum", "sum(" + col + ")"}, {"n", "count(" + col + ")"}} {
			stmts = append(stmts, `INSERT INTO outcome_months (region_id, month, figure, key1, key2, n)
			 SELECT p.region_id, `+month("cc.closed_at")+`, 'change', '`+string(dm)+`', '`+agg.key+`', `+agg.expr+`
			 FROM case_closures cc JOIN practices p ON p.id = cc.practice_id WHERE `+col+` IS NOT NULL GROUP BY 1, 2 HAVING `+agg.expr+` <> 0`)
		}
	}
	for _, s := range stmts {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("rebuild outcome rollup: %w", err)
		}
	}
	return nil
}

// monthExpr is the UTC calendar month ("2006-01") of a timestamp column.
// SQLite keeps timestamps as UTC text, which starts with the month.
func monthExpr(d Dialect, col string) string {
	if d == Postgres {
		return "to_char(" + col + " AT TIME ZONE 'UTC', 'YYYY-MM')"
	}
	return "substr(" + col + ", 1, 7)"
}

// daysExpr is the days from a case's signal (its UTC date) to its first
// conversation.
func daysExpr(d Dialect, alias string) string {
	if d == Postgres {
		return fmt.Sprintf("(CAST(%[1]s.first_conversation_on AS date) - CAST(%[1]s.signalled_at AT TIME ZONE 'UTC' AS date))", alias)
	}
	return fmt.Sprintf("CAST(julianday(%[1]s.first_conversation_on) - julianday(substr(%[1]s.signalled_at, 1, 10)) AS INTEGER)", alias)
}

// rollupMonths reads the region's whole months [fromMonth, toMonth] from the
// rollup into d.
func rollupMonths(r *gorm.DB, region int64, fromMonth, toMonth string, d *outcome.Data) error {
	var rows []rollupRow
	if err := r.Where("region_id = ? AND month >= ? AND month <= ?", region, fromMonth, toMonth).
		Order("month, figure, key1, key2").Find(&rows).Error; err != nil {
		return err
	}
	closures := map[[3]string]*outcome.MonthClosure{}
	closure := func(month, in, out string) *outcome.MonthClosure {
		k := [3]string{month, in, out}
		if c := closures[k]; c != nil {
			return c
		}
		c := &outcome.MonthClosure{Month: month, Intention: in, Outcome: out,
			Change: make([]int, len(caseflow.Domains)), ChangeN: make([]int, len(caseflow.Domains))}
		closures[k] = c
		return c
	}
	// Domain changes are not kept per intention and outcome; they go on a
	// closure entry of their own (N 0), which Compute adds up the same way.
	for _, r := range rows {
		n := int(r.N)
		switch r.Figure {
		case rollSignals:
			d.Signals = append(d.Signals, outcome.MonthCount{Month: r.Month, N: n})
		case rollGoals:
			d.GoalsReached = append(d.GoalsReached, outcome.MonthCount{Month: r.Month, N: n})
		case rollFirst:
			days, err := strconv.Atoi(r.Key1)
			if err != nil {
				return fmt.Errorf("outcome rollup: days %q", r.Key1)
			}
			d.FirstConversations = append(d.FirstConversations, outcome.MonthDays{Month: r.Month, Days: days, N: n})
		case rollClosed:
			closure(r.Month, r.Key1, r.Key2).N += n
		case rollConversations:
			closure(r.Month, r.Key1, r.Key2).Conversations += n
		case rollChange:
			i := slices.Index(caseflow.Domains, caseflow.Domain(r.Key1))
			if i < 0 {
				continue
			}
			c := closure(r.Month, "", "")
			if r.Key2 == "sum" {
				c.Change[i] += n
			} else {
				c.ChangeN[i] += n
			}
		case rollPlan:
			d.Plan = append(d.Plan, outcome.MonthPlan{Month: r.Month, Category: r.Key1, Status: r.Key2, N: n})
		}
	}
	for _, c := range closures {
		d.Closures = append(d.Closures, *c) // Compute adds them up: order does not matter
	}
	return nil
}
