package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/store"
)

// Idempotency-Key (IETF httpapi draft, draft-ietf-httpapi-idempotency-key-header):
// a client that sends the same POST twice with the same key — a retry after a
// timeout, a second click after a network error — gets the first answer
// again (status, Location, ETag and body, marked Idempotent-Replayed: true)
// and nothing is created twice. Keys are per user and live in the database
// for IdempotencyTTL, so that this holds across instances.
const (
	idempotencyHeader = "Idempotency-Key"
	replayedHeader    = "Idempotent-Replayed"
	// IdempotencyTTL is how long a key and its first answer are kept.
	IdempotencyTTL = 24 * time.Hour
	// idempotencyLease is how long a reservation without an answer blocks
	// the key: longer than any request may run (the server's write timeout
	// is 60 s), so only a request whose process died loses it.
	idempotencyLease  = 2 * time.Minute
	maxIdempotencyKey = 255
)

var idempotencyTimes = store.IdempotencyTimes{TTL: IdempotencyTTL, Lease: idempotencyLease}

// idempotent carries out a POST with an Idempotency-Key at most once per user
// and key. The key is reserved in the database before the handler runs, so
// that of concurrent duplicates (on any instance) exactly one runs; the
// others get 409 and, retried, the first answer. A failed request (an error
// or a status outside 2xx) releases its key: retried, it runs again.
func (s *Server) idempotent(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		values := req.Header.Values(idempotencyHeader)
		if req.Method != http.MethodPost || len(values) == 0 {
			return next(c)
		}
		key, err := parseIdempotencyKey(values)
		if err != nil {
			return err
		}
		body, err := io.ReadAll(http.MaxBytesReader(c.Response(), req.Body, MaxBodyBytes))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return errs.New(errs.ErrTooLarge, "the request body is larger than %d bytes", MaxBodyBytes)
			}
			return errs.New(errs.ErrInvalid, "could not read the request body")
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		ir := store.IdempotentRequest{UserID: idempotencyOwner(c), Key: key, Hash: requestHash(req.Method, req.URL.Path, body)}
		ctx := req.Context()
		outcome, answer, err := s.DB.ReserveIdempotencyKey(ctx, ir, s.DB.Now(), idempotencyTimes)
		if err != nil {
			return err
		}
		switch outcome {
		case store.Replay:
			return s.replay(c, answer)
		case store.InProgress:
			return &errs.Error{Kind: errs.ErrConflict, Type: "idempotency-in-progress", RetryAfter: time.Second,
				Detail: "a request with this Idempotency-Key is still being carried out; try again in a moment to get its answer"}
		case store.Mismatch:
			return &errs.Error{Kind: errs.ErrUnprocessable, Type: "idempotency-key-reused",
				Detail: "this Idempotency-Key was used for another request (a different path or body); use a new key for a new request"}
		}
		rec := &recorder{header: c.Response().Writer.Header()}
		real := c.Response().Writer
		c.Response().Writer = rec
		err = next(c)
		c.Response().Writer = real
		// The request's own context may end as soon as the answer is out;
		// the key's bookkeeping must not end with it.
		bg := context.WithoutCancel(ctx)
		if err != nil || rec.status < 200 || rec.status > 299 {
			if rerr := s.DB.ReleaseIdempotencyKey(bg, ir); rerr != nil {
				s.log.Error("release idempotency key", "request_id", requestID(c), "err", rerr)
			}
			if err != nil {
				return err
			}
			return rec.flush(real)
		}
		stored := store.StoredAnswer{Status: rec.status, Location: rec.header.Get(echo.HeaderLocation), ContentType: rec.header.Get(echo.HeaderContentType),
			ETag: rec.header.Get("ETag"), Body: rec.body.Bytes()}
		stored.CaseID, stored.ConversationID = answerScope(c, stored.Body)
		if err := s.DB.CompleteIdempotencyKey(bg, ir, stored, s.DB.Now()); err != nil {
			// What was created stays created; a retry inside the lease is
			// told to wait, after it the request runs again. Rare enough
			// (the database failed between two statements) to only log.
			s.log.Error("store idempotent answer", "request_id", requestID(c), "err", err)
		}
		return rec.flush(real)
	}
}

// replay sends a stored answer again. It runs inside the route's guard, so
// the caller passed the policy again, and the disclosure is access-logged
// like the route's answer (naming the stored answer's case where the route
// found none, as for a new case).
func (s *Server) replay(c echo.Context, a store.StoredAnswer) error {
	if sl := slipOf(c); sl.caseID == nil && a.CaseID != nil {
		sl.caseID = a.CaseID
	}
	h := c.Response().Header()
	for k, v := range map[string]string{echo.HeaderLocation: a.Location, "ETag": a.ETag} {
		if v != "" {
			h.Set(k, v)
		}
	}
	h.Set(replayedHeader, "true")
	return c.Blob(a.Status, a.ContentType, a.Body)
}

// parseIdempotencyKey reads the header as the draft defines it, an
// sf-string ("…", RFC 8941), and also takes a bare token of visible ASCII,
// as many clients send one. At most maxIdempotencyKey characters.
func parseIdempotencyKey(values []string) (string, error) {
	bad := errs.New(errs.ErrInvalid, "send one Idempotency-Key header: a quoted string of 1 to %d visible ASCII characters, such as \"%s\"", maxIdempotencyKey, "8e03978e-40d5-43e8-bc93-6894a57f9324")
	if len(values) != 1 {
		return "", bad
	}
	v := strings.TrimSpace(values[0])
	if strings.HasPrefix(v, `"`) {
		var b strings.Builder
		closed := false
		for i := 1; i < len(v); i++ {
			ch := v[i]
			switch {
			case ch == '\\' && i+1 < len(v) && (v[i+1] == '"' || v[i+1] == '\\'):
				b.WriteByte(v[i+1])
				i++
			case ch == '"':
				closed = i == len(v)-1
				i = len(v)
			case ch >= 0x20 && ch <= 0x7e && ch != '\\':
				b.WriteByte(ch)
			default:
				return "", bad
			}
		}
		v = b.String()
		if !closed {
			return "", bad
		}
	} else {
		for i := 0; i < len(v); i++ {
			if v[i] <= 0x20 || v[i] > 0x7e || v[i] == '"' || v[i] == '\\' {
				return "", bad
			}
		}
	}
	if v == "" || len(v) > maxIdempotencyKey {
		return "", bad
	}
	return v, nil
}

// requestHash is what makes two requests "the same": method, path and body.
func requestHash(method, path string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(method + "\n" + path + "\n"))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// answerScope says which case (or conversation) a stored answer belongs to,
// so that erasing the case also erases the answer: the case of
// /cases/{id}/…, the conversation of /conversations/{id}/…, and the case
// created by POST /cases. Other answers (users, practices, options) hold no
// case data.
func answerScope(c echo.Context, body []byte) (caseID, conversationID *int64) {
	route := c.Path()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	switch {
	case strings.HasPrefix(route, "/api/v1/cases/:id") && err == nil:
		return &id, nil
	case strings.HasPrefix(route, "/api/v1/conversations/:id") && err == nil:
		return nil, &id
	case route == "/api/v1/cases":
		var created struct {
			ID int64 `json:"id"`
		}
		if json.Unmarshal(body, &created) == nil && created.ID > 0 {
			return &created.ID, nil
		}
	}
	return nil, nil
}

// recorder holds a handler's answer until its key has been stored, so that
// the client can never see an answer that a retry would not get again.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// flush sends the held answer on w.
func (r *recorder) flush(w http.ResponseWriter) error {
	if r.status == 0 {
		return errors.New("idempotent: the handler wrote no answer")
	}
	w.WriteHeader(r.status)
	_, err := w.Write(r.body.Bytes())
	return err
}

// idempotencyOwner is whose keys a request's key is among: the user, or for
// a resident session the case (as a negative number, which no user id is).
func idempotencyOwner(c echo.Context) int64 {
	if p := principal(c); p.IsResident() {
		return -p.CaseID
	}
	return userID(c)
}
