package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// rawServer is the practical limit: the same reads as HOI's, as hand-written
// SQL on the same database behind a bare Echo router, with no
// authentication, policy, access log, logging or metrics. HOI's throughput
// is reported as a fraction of it.
type rawServer struct {
	db *sql.DB
	pg bool
}

// runRawServer serves until the process is stopped (hoi-bench raw-server).
func runRawServer(databaseURL, addr string) error {
	db, pg, err := openRaw(databaseURL, true)
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(4) // HOI's SQLite read pool
	db.SetMaxIdleConns(4)
	if pg {
		db.SetMaxOpenConns(20)
		db.SetMaxIdleConns(20)
	}
	s := &rawServer{db: db, pg: pg}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	g := e.Group("/api/v1")
	g.GET("/worklist", s.worklist)
	g.GET("/cases", s.cases)
	g.GET("/cases/:id", s.caseGet)
	g.GET("/cases/:id/conversations", s.conversations)
	g.GET("/cases/:id/notes", s.notes)
	g.GET("/cases/:id/plan", s.plan)
	g.GET("/conversations/:id", s.conversation)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return http.Serve(ln, e)
}

func (s *rawServer) q(query string) string { return placeholders(query, s.pg) }

// placeholders turns ? into PostgreSQL's $1, $2, … when pg (the bench's
// hand-written statements hold no ? inside literals).
func placeholders(query string, pg bool) string {
	if !pg {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func practiceOf(c echo.Context) int64 {
	n, _ := strconv.ParseInt(c.QueryParam("practice_id"), 10, 64)
	return n
}

func idOf(c echo.Context) int64 {
	n, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	return n
}

// rows runs query and turns each row into a map of its columns: generic,
// but what a quick hand-written endpoint would do.
func (s *rawServer) rows(ctx context.Context, query string, args ...any) ([]map[string]any, error) {
	rs, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	cols, _ := rs.Columns()
	out := []map[string]any{}
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		m := make(map[string]any, len(cols))
		for i, c := range cols {
			if b, ok := vals[i].([]byte); ok {
				if c == "sections" || c == "participants" {
					m[c] = json.RawMessage(b)
				} else {
					m[c] = string(b)
				}
			} else if str, ok := vals[i].(string); ok && (c == "sections" || c == "participants") {
				m[c] = json.RawMessage(str)
			} else {
				m[c] = vals[i]
			}
		}
		out = append(out, m)
	}
	return out, rs.Err()
}

func (s *rawServer) send(c echo.Context, v any, err error) error {
	if err != nil {
		return c.String(http.StatusInternalServerError, err.Error())
	}
	return c.JSON(http.StatusOK, v)
}

const rawListCols = "id, practice_id, label, birth_year, status, referral_intention, consent_status, signalled_at, first_conversation_on, next_follow_up_on, updated_at"

func (s *rawServer) worklist(c echo.Context) error {
	ctx, p := c.Request().Context(), practiceOf(c)
	horizon := time.Now().UTC().Add(7 * 24 * time.Hour).Format("2006-01-02")
	out := map[string]any{}
	var err error
	if out["new_signals"], err = s.rows(ctx, "SELECT id, label, status, signalled_at FROM cases WHERE region_id = 1 AND practice_id = ? AND status = 'signalled' ORDER BY signalled_at, id LIMIT 100", p); err != nil {
		return s.send(c, nil, err)
	}
	if out["follow_ups_due"], err = s.rows(ctx, "SELECT id, label, status, signalled_at, next_follow_up_on FROM cases WHERE region_id = 1 AND practice_id = ? AND status IN ('signalled','exploring','follow_up') AND next_follow_up_on <= ? ORDER BY next_follow_up_on, id LIMIT 100", p, horizon); err != nil {
		return s.send(c, nil, err)
	}
	if out["drafts"], err = s.rows(ctx, "SELECT v.id AS conversation_id, v.updated_at, k.id, k.label, k.status, k.signalled_at FROM cases k JOIN conversations v ON v.case_id = k.id WHERE k.region_id = 1 AND k.practice_id = ? AND v.status = 'draft' AND k.status IN ('signalled','exploring','follow_up') ORDER BY v.updated_at DESC LIMIT 100", p); err != nil {
		return s.send(c, nil, err)
	}
	out["missing_consent"], err = s.rows(ctx, "SELECT id, label, status, signalled_at FROM cases WHERE region_id = 1 AND practice_id = ? AND status IN ('signalled','exploring','follow_up') AND consent_status = 'unknown' ORDER BY signalled_at, id LIMIT 100", p)
	return s.send(c, out, err)
}

func (s *rawServer) cases(c echo.Context) error {
	ctx, p := c.Request().Context(), practiceOf(c)
	limit, _ := strconv.Atoi(c.QueryParam("limit"))
	where, args := "region_id = 1 AND practice_id = ?", []any{p}
	if q := c.QueryParam("q"); q != "" {
		where += " AND (lower(label) LIKE ? OR lower(coalesce(practice_ref, '')) LIKE ?)"
		like := "%" + strings.ToLower(q) + "%"
		args = append(args, like, like)
	}
	var total int64
	if err := s.db.QueryRowContext(ctx, s.q("SELECT count(*) FROM cases WHERE "+where), args...).Scan(&total); err != nil {
		return s.send(c, nil, err)
	}
	items, err := s.rows(ctx, "SELECT "+rawListCols+" FROM cases WHERE "+where+" ORDER BY signalled_at DESC, id DESC LIMIT "+strconv.Itoa(max(limit, 1)), args...)
	return s.send(c, map[string]any{"items": items, "total": total}, err)
}

func (s *rawServer) caseGet(c echo.Context) error {
	ctx, id := c.Request().Context(), idOf(c)
	cs, err := s.rows(ctx, "SELECT * FROM cases WHERE id = ? AND practice_id = ?", id, practiceOf(c))
	if err != nil || len(cs) == 0 {
		return s.send(c, nil, fmt.Errorf("case %d: %v", id, err))
	}
	out := cs[0]
	if out["team"], err = s.rows(ctx, "SELECT u.id, u.display_name, u.role FROM case_team t JOIN users u ON u.id = t.user_id WHERE t.case_id = ? ORDER BY t.added_at, t.user_id", id); err != nil {
		return s.send(c, nil, err)
	}
	if out["goals"], err = s.rows(ctx, "SELECT * FROM goals WHERE case_id = ? ORDER BY id", id); err != nil {
		return s.send(c, nil, err)
	}
	if out["items"], err = s.rows(ctx, "SELECT * FROM case_items WHERE case_id = ? ORDER BY id", id); err != nil {
		return s.send(c, nil, err)
	}
	out["domain_scores"], err = s.rows(ctx, "SELECT conversation_id, held_on, domain, score FROM domain_scores WHERE case_id = ? ORDER BY held_on, conversation_id, id", id)
	return s.send(c, out, err)
}

func (s *rawServer) conversations(c echo.Context) error {
	items, err := s.rows(c.Request().Context(), "SELECT v.*, u.display_name AS created_by_name FROM conversations v JOIN users u ON u.id = v.created_by WHERE v.case_id = ? ORDER BY v.held_on, v.id", idOf(c))
	return s.send(c, map[string]any{"items": items}, err)
}

func (s *rawServer) notes(c echo.Context) error {
	ctx, id := c.Request().Context(), idOf(c)
	var total int64
	if err := s.db.QueryRowContext(ctx, s.q("SELECT count(*) FROM notes WHERE case_id = ?"), id).Scan(&total); err != nil {
		return s.send(c, nil, err)
	}
	items, err := s.rows(ctx, "SELECT n.*, u.display_name FROM notes n JOIN users u ON u.id = n.author_id WHERE n.case_id = ? ORDER BY n.id LIMIT 50", id)
	return s.send(c, map[string]any{"items": items, "total": total}, err)
}

func (s *rawServer) plan(c echo.Context) error {
	items, err := s.rows(c.Request().Context(), "SELECT * FROM plan_items WHERE case_id = ? ORDER BY id", idOf(c))
	return s.send(c, map[string]any{"items": items}, err)
}

func (s *rawServer) conversation(c echo.Context) error {
	items, err := s.rows(c.Request().Context(), "SELECT v.*, u.display_name AS created_by_name FROM conversations v JOIN users u ON u.id = v.created_by WHERE v.id = ?", idOf(c))
	if err == nil && len(items) == 0 {
		return c.NoContent(http.StatusNotFound)
	}
	if err != nil {
		return s.send(c, nil, err)
	}
	return s.send(c, items[0], nil)
}
