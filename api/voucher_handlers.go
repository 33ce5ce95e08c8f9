package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/policy"
	"github.com/hoi-app/hoi/internal/practice"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/voucher"
)

// createVoucher issues a single-use code at the caller's own location.
func (s *Server) createVoucher(c echo.Context) error {
	p := principal(c)
	if err := policy.CheckSignal(p); err != nil {
		return err
	}
	var in voucher.Issue
	if err := s.bind(c, &in); err != nil {
		return err
	}
	v, err := s.DB.CreateVoucher(c.Request().Context(), store.NewVoucher{Issue: in, RegionID: p.RegionID, PracticeID: *p.PracticeID, IssuedBy: p.UserID}, s.auditFunc(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, v)
}

// publicSignalAnswer tells the resident where their request went; it
// carries no case id, since the resident needs none.
type publicSignalAnswer struct {
	Received bool              `json:"received"`
	Location publicSignalPlace `json:"location"`
}

type publicSignalPlace struct {
	Name string        `json:"name"`
	Kind practice.Kind `json:"kind"`
}

// publicSignal is a resident asking for a talk with a voucher code, without
// an account. The access log names the resident as the actor (user 0, role
// resident) at the voucher's location.
func (s *Server) publicSignal(c echo.Context) error {
	var in voucher.Redeem
	if err := s.bind(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	r, err := s.DB.RedeemVoucher(ctx, in, func(r store.Redeemed) []audit.Entry {
		pid, cid := r.PracticeID, r.CaseID
		return []audit.Entry{{
			At: s.DB.Now(), UserID: 0, Role: residentRole, RegionID: r.RegionID, PracticeID: &pid,
			ClientAddr: c.RealIP(), Action: audit.ActionCreate, Outcome: audit.Allowed,
			ResourceType: audit.ResourceCase, ResourceID: &cid, CaseID: &cid, RequestID: requestID(c),
		}}
	})
	if err != nil {
		return err
	}
	pr, err := s.DB.Practice(ctx, r.RegionID, r.PracticeID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, publicSignalAnswer{Received: true, Location: publicSignalPlace{Name: pr.Name, Kind: pr.Kind}})
}

// residentRole is the access log's role for a resident acting without an
// account (DESIGN.md: the resident of one case).
const residentRole = "resident"

// limitPublic bounds the public routes per client address, so that codes
// cannot be guessed at speed and nobody floods a location with requests.
// It is per instance, like limitWrites; the 128-bit codes make guessing
// hopeless in any case.
func (s *Server) limitPublic() echo.MiddlewareFunc {
	r, burst := rate.Limit(s.PublicRate), s.PublicBurst
	if s.PublicRate <= 0 {
		r = rate.Every(6 * time.Minute)
	}
	if burst <= 0 {
		burst = 5
	}
	store := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{Rate: r, Burst: burst, ExpiresIn: time.Hour})
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store:               store,
		IdentifierExtractor: func(c echo.Context) (string, error) { return c.RealIP(), nil },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			return &errs.Error{Kind: errs.ErrTooManyRequests, Detail: "too many requests from this address; try again later", RetryAfter: time.Minute}
		},
		ErrorHandler: func(c echo.Context, err error) error { return err },
	})
}
