package api

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/resident"
	"github.com/hoi-app/hoi/internal/store"
)

// The resident's authentication path, apart from staff logins: the link's
// token and the birth year open a resident session, carried in an HttpOnly,
// SameSite=Strict cookie whose token is stored only as a hash. The session
// is scoped to the link's one case; the policy gives it the resident
// actions on that case and nothing else.

const (
	residentCookie     = "hoi_resident"
	residentCookiePath = "/api/v1"
)

// residentThrottle locks an address that keeps trying links or birth years
// (a link's own five attempts are counted on the link).
var residentThrottle = auth.ThrottleRule{Prefix: "resident-addr:", Max: 20, Window: 15 * time.Minute, Lockout: 15 * time.Minute}

type residentSessionResponse struct {
	ExpiresAt time.Time `json:"expires_at"`
	IdleSecs  int       `json:"idle_timeout"`
}

// deadLink answers every link that does not open a session.
func deadLink() error {
	return errs.New(errs.ErrNotFound, "this link does not work (any more); check that you have the whole link, or ask your practice for a new one")
}

// residentSession is POST /resident/session: the second check.
func (s *Server) residentSession(c echo.Context) error {
	var in resident.SessionInput
	if err := s.bind(c, &in); err != nil {
		return err
	}
	ctx, now, key := c.Request().Context(), s.DB.Now(), residentThrottle.Prefix+c.RealIP()
	until, err := s.DB.LoginBlockedUntil(ctx, []string{key}, now)
	if err != nil {
		return err
	}
	if until.After(now) {
		return &errs.Error{Kind: errs.ErrTooManyRequests, Detail: "too many attempts; try again later", RetryAfter: until.Sub(now)}
	}
	token, hash, err := auth.NewOpaqueToken()
	if err != nil {
		return err
	}
	res, grant, err := s.DB.CheckResidentLink(ctx, auth.HashToken(in.Token), in.BirthYear, hash, resident.MaxAttempts)
	if err != nil {
		return err
	}
	if res != store.CheckOK {
		if err := s.DB.RecordLoginFailure(ctx, key, residentThrottle, now); err != nil {
			return err
		}
	}
	switch res {
	case store.CheckUnknown, store.CheckExpired, store.CheckRevoked:
		// One answer for a token never issued, expired, revoked or of an
		// erased case: whoever holds an old link learns nothing from it.
		return deadLink()
	case store.CheckNowRevoked:
		// This caller held a live link and just spent its last try.
		return errs.New(errs.ErrGone, "this link no longer works; ask your practice for a new one")
	case store.CheckWrongYear:
		// How many tries are left, so the resident's screen can say so.
		return &errs.Error{Kind: errs.ErrUnauthenticated, Detail: "the birth year does not match", Extra: map[string]any{"attempts_left": grant.AttemptsLeft}}
	}
	p := auth.Resident("", grant.CaseID, grant.RegionID, grant.PracticeID)
	c.Set("principal", p)
	cid := grant.CaseID
	e := s.entry(c, &slip{route: &route{log: audit.ActionCreate, res: audit.ResourceResidentSession}, caseID: &cid, id: &grant.SessionID}, audit.Allowed)
	if err := s.Recorder.Record(ctx, e); err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{
		Name: residentCookie, Value: token, Path: residentCookiePath, MaxAge: int(resident.MaxSessionAge / time.Second),
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteStrictMode,
	})
	return c.JSON(http.StatusOK, residentSessionResponse{ExpiresAt: now.Add(resident.MaxSessionAge).UTC(), IdleSecs: int(resident.IdleTimeout / time.Second)})
}

// residentLogout is POST /resident/logout: it ends the session of the cookie,
// if any, and clears it.
func (s *Server) residentLogout(c echo.Context) error {
	if ck, err := c.Cookie(residentCookie); err == nil && ck.Value != "" {
		if err := s.DB.EndResidentSession(c.Request().Context(), auth.HashToken(ck.Value)); err != nil {
			return err
		}
	}
	c.SetCookie(&http.Cookie{Name: residentCookie, Value: "", Path: residentCookiePath, MaxAge: -1, HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteStrictMode})
	return c.NoContent(http.StatusNoContent)
}

// residentPrincipal is the resident principal of the request's resident
// cookie. Writes must come from HOI's own pages: a cross-site Origin is
// refused on top of SameSite=Strict.
func (s *Server) residentPrincipal(c echo.Context, token string) (auth.Principal, error) {
	r := c.Request()
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		if o := r.Header.Get("Origin"); o != "" {
			if u, err := url.Parse(o); err != nil || u.Host != r.Host {
				return auth.Principal{}, errs.New(errs.ErrForbidden, "cross-site request refused")
			}
		}
	}
	g, err := s.DB.ResidentSession(r.Context(), auth.HashToken(token), s.DB.Now(), resident.IdleTimeout, resident.MaxSessionAge)
	if errors.Is(err, errs.ErrNotFound) {
		return auth.Principal{}, errs.New(errs.ErrUnauthenticated, "your session has ended; open the link from your practice again")
	}
	if err != nil {
		return auth.Principal{}, err
	}
	return auth.Resident(residentSessionID(g.SessionID), g.CaseID, g.RegionID, g.PracticeID), nil
}

func residentSessionID(id int64) string { return "resident:" + strconv.FormatInt(id, 10) }
