package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The --routes mode (issue 14): single routes, one at a time, at a fixed
// number of connections, each beside the practical limit — a bare net/http
// handler with one prepared statement on the same database file, no auth, no
// policy, no access log — serving the same rows in the same run. HOI is
// reported as a ratio of it.

// RouteResult is one route's figures, HOI beside the bare handler.
type RouteResult struct {
	Route     string  `json:"route"`
	Bare      string  `json:"bare"`
	Conns     int     `json:"connections"`
	HOIRPS    float64 `json:"hoi_rps"`
	HOIP50ms  float64 `json:"hoi_p50_ms"`
	HOIP99ms  float64 `json:"hoi_p99_ms"`
	HOIErrors int     `json:"hoi_errors"`
	BareRPS   float64 `json:"bare_rps"`
	BareP50ms float64 `json:"bare_p50_ms"`
	BareP99ms float64 `json:"bare_p99_ms"`
	Ratio     float64 `json:"ratio"`
	Profile   string  `json:"cpu_profile,omitempty"`
}

// routeCase picks the case the routes read: the case of practice 1 with the
// most notes (at most 50 are read, as HOI's default page).
func routeCase(databaseURL string) (int64, error) {
	db, _, err := openRaw(databaseURL, true)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var id int64
	err = db.QueryRow(`SELECT c.id FROM cases c JOIN notes n ON n.case_id = c.id
		WHERE c.practice_id = 1 AND c.erased_at IS NULL GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1`).Scan(&id)
	return id, err
}

// runRoutes measures each route on hoi (already serving at hoiBase, with the
// token of a POH of practice 1), then starts the bare handler and measures
// its counterparts.
func runRoutes(ctx context.Context, cfg config, hoiBase, token, pprofAddr string, caseID int64, stamp string, logf func(string, ...any)) ([]RouteResult, error) {
	id := strconv.FormatInt(caseID, 10)
	specs := []RouteResult{
		{Route: "GET /cases/{id}", Bare: "case row by id"},
		{Route: "GET /cases/{id}/notes", Bare: "the same 50 notes + author"},
		{Route: "GET /cases?limit=20", Bare: "the same 50 notes + author"},
		{Route: "GET /worklist", Bare: "the same 50 notes + author"},
	}
	hoiPaths := []string{"/api/v1/cases/" + id, "/api/v1/cases/" + id + "/notes", "/api/v1/cases?limit=20", "/api/v1/worklist"}
	barePaths := []string{"/case/" + id, "/notes/" + id, "/notes/" + id, "/notes/" + id}
	warm, d := 3*time.Second, 15*time.Second
	if cfg.small {
		warm, d = time.Second, 5*time.Second
	}
	if cfg.duration > 0 && cfg.duration != 20*time.Second && cfg.duration != 5*time.Second {
		d = cfg.duration
	}
	conns := cfg.routeConns
	for i := range specs {
		specs[i].Conns = conns
		var prof chan error
		if pprofAddr != "" {
			// One CPU profile per route, over its measured seconds.
			name := strings.NewReplacer("GET ", "", "/", "_", "{", "", "}", "", "?", "_", "=", "").Replace(specs[i].Route)
			specs[i].Profile = filepath.Join(cfg.outDir, stamp+"-hoi-cpu"+name+".pprof")
			prof = make(chan error, 1)
			go func(p string, done chan error) {
				time.Sleep(warm)
				done <- <-captureProfile(pprofAddr, p, d-time.Second)
			}(specs[i].Profile, prof)
		}
		st := closedLoop(ctx, hoiBase+hoiPaths[i], token, conns, warm, d)
		if prof != nil {
			if err := <-prof; err != nil {
				specs[i].Profile = ""
			}
		}
		specs[i].HOIRPS, specs[i].HOIP50ms, specs[i].HOIP99ms, specs[i].HOIErrors = st.rps, st.p50, st.p99, st.errors
		logf("hoi  %-24s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d", specs[i].Route, st.rps, st.p50, st.p99, st.errors)
	}
	self, _ := os.Executable()
	bare, err := start(ctx, "bare", self, []string{"bare-server", "--database-url", cfg.dbURL}, nil, filepath.Join(cfg.outDir, stamp+"-bare.log"), "/healthz")
	if err != nil {
		return specs, err
	}
	defer bare.stop()
	measured := map[string]stats{}
	for i := range specs {
		st, ok := measured[barePaths[i]]
		if !ok {
			st = closedLoop(ctx, bare.base+barePaths[i], "", conns, warm, d)
			measured[barePaths[i]] = st
			logf("bare %-24s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d", specs[i].Bare, st.rps, st.p50, st.p99, st.errors)
		}
		specs[i].BareRPS, specs[i].BareP50ms, specs[i].BareP99ms = st.rps, st.p50, st.p99
		if st.rps > 0 {
			specs[i].Ratio = specs[i].HOIRPS / st.rps
		}
	}
	return specs, nil
}

type stats struct {
	rps, p50, p99 float64
	errors        int
}

// closedLoop keeps conns requests to url in flight (each connection sends
// its next request when the last answered), discards the warm-up, and
// measures for d. Bounded in time; loopback only.
func closedLoop(parent context.Context, url, token string, conns int, warm, d time.Duration) stats {
	tr := &http.Transport{MaxIdleConns: conns * 2, MaxIdleConnsPerHost: conns * 2, IdleConnTimeout: time.Minute, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	ctx, cancel := context.WithTimeout(parent, warm+d)
	defer cancel()
	begin := time.Now().Add(warm)
	lat := make([][]time.Duration, conns)
	errCount := make([]int, conns)
	var wg sync.WaitGroup
	for w := 0; w < conns; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for ctx.Err() == nil {
				t0 := time.Now()
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
				res, err := client.Do(req)
				ok := err == nil && res.StatusCode == http.StatusOK
				if err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
				}
				if t0.Before(begin) || ctx.Err() != nil {
					continue
				}
				if !ok {
					errCount[w]++
					continue
				}
				lat[w] = append(lat[w], time.Since(t0))
			}
		}(w)
	}
	wg.Wait()
	var all []time.Duration
	errors := 0
	for w := range lat {
		all = append(all, lat[w]...)
		errors += errCount[w]
	}
	slices.Sort(all)
	return stats{rps: float64(len(all)) / d.Seconds(), p50: pct(all, 50), p99: pct(all, 99), errors: errors}
}

// runBareServer is the practical limit: net/http and one prepared statement
// per route on the same file, read-only, no auth, no policy, no access log.
func runBareServer(databaseURL, addr string) error {
	db, pg, err := openRaw(databaseURL, true)
	if err != nil {
		return err
	}
	conns := 4 // HOI's SQLite read pool
	if pg {
		conns = 20
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	ph := func(q string) string { return placeholders(q, pg) }
	caseStmt, err := db.Prepare(ph(`SELECT id, practice_id, label, birth_year, pc4, practice_ref, question, status, referral_intention,
		consent_status, signalled_at, first_conversation_on, next_follow_up_on, version, created_at, updated_at FROM cases WHERE id = ?`))
	if err != nil {
		return err
	}
	notesStmt, err := db.Prepare(ph(`SELECT n.id, n.case_id, n.text, n.author_id, u.display_name, n.author_role, n.corrects_id, n.created_at
		FROM notes n JOIN users u ON u.id = n.author_id WHERE n.case_id = ? ORDER BY n.id LIMIT 50`))
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	mux.HandleFunc("GET /case/{id}", func(w http.ResponseWriter, r *http.Request) {
		var c struct {
			ID                  int64     `json:"id"`
			PracticeID          int64     `json:"practice_id"`
			Label               string    `json:"label"`
			BirthYear           int       `json:"birth_year"`
			PC4                 *string   `json:"pc4"`
			PracticeRef         *string   `json:"practice_ref"`
			Question            string    `json:"question"`
			Status              string    `json:"status"`
			Intention           string    `json:"referral_intention"`
			Consent             string    `json:"consent_status"`
			SignalledAt         time.Time `json:"signalled_at"`
			FirstConversationOn *string   `json:"first_conversation_on"`
			NextFollowUpOn      *string   `json:"next_follow_up_on"`
			Version             int64     `json:"version"`
			CreatedAt           time.Time `json:"created_at"`
			UpdatedAt           time.Time `json:"updated_at"`
		}
		err := caseStmt.QueryRowContext(r.Context(), r.PathValue("id")).Scan(&c.ID, &c.PracticeID, &c.Label, &c.BirthYear, &c.PC4, &c.PracticeRef,
			&c.Question, &c.Status, &c.Intention, &c.Consent, &c.SignalledAt, &c.FirstConversationOn, &c.NextFollowUpOn, &c.Version, &c.CreatedAt, &c.UpdatedAt)
		writeBare(w, c, err)
	})
	mux.HandleFunc("GET /notes/{id}", func(w http.ResponseWriter, r *http.Request) {
		type note struct {
			ID        int64     `json:"id"`
			CaseID    int64     `json:"case_id"`
			Text      string    `json:"text"`
			AuthorID  int64     `json:"author_id"`
			Author    string    `json:"author"`
			Role      string    `json:"role"`
			Corrects  *int64    `json:"corrects"`
			CreatedAt time.Time `json:"created_at"`
		}
		rows, err := notesStmt.QueryContext(r.Context(), r.PathValue("id"))
		if err != nil {
			writeBare(w, nil, err)
			return
		}
		defer rows.Close()
		out := make([]note, 0, 50)
		for rows.Next() {
			var n note
			if err := rows.Scan(&n.ID, &n.CaseID, &n.Text, &n.AuthorID, &n.Author, &n.Role, &n.Corrects, &n.CreatedAt); err != nil {
				writeBare(w, nil, err)
				return
			}
			out = append(out, n)
		}
		writeBare(w, map[string]any{"items": out}, rows.Err())
	})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return (&http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}).Serve(ln)
}

func writeBare(w http.ResponseWriter, v any, err error) {
	if err == sql.ErrNoRows {
		http.NotFound(w, nil)
		return
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

// printRoutes prints the per-route table.
func printRoutes(w io.Writer, rs []RouteResult) {
	fmt.Fprintf(w, "\nSingle routes at %d connections (one POH of practice 1), beside the bare handler in the same run:\n\n", rs[0].Conns)
	fmt.Fprintf(w, "| route | HOI req/s | HOI p50 / p99 | bare (%s) req/s | bare p50 / p99 | HOI / bare |\n| --- | --- | --- | --- | --- | --- |\n", "one prepared statement")
	for _, r := range rs {
		errs := ""
		if r.HOIErrors > 0 {
			errs = fmt.Sprintf(" (%d errors)", r.HOIErrors)
		}
		fmt.Fprintf(w, "| `%s` | %.0f%s | %.1f / %.1f ms | %.0f (%s) | %.1f / %.1f ms | %.0f %% |\n",
			r.Route, r.HOIRPS, errs, r.HOIP50ms, r.HOIP99ms, r.BareRPS, r.Bare, r.BareP50ms, r.BareP99ms, 100*r.Ratio)
	}
}
