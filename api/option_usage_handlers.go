package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/catalogue"
	"github.com/hoi-app/hoi/internal/outcome"
)

// freeTextLimit bounds the list of free-text plan items.
const freeTextLimit = 100

// freeTextPlanItems lists the region's free-text plan items, grouped by
// title and category, for the coaches who keep the social map.
func (s *Server) freeTextPlanItems(c echo.Context) error {
	items, err := s.DB.FreeTextPlanItems(c.Request().Context(), principal(c).RegionID, freeTextLimit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

// draftOptionFromPlan drafts an inactive option from a free-text plan item
// and links the region's plan items of that title and category to it.
func (s *Server) draftOptionFromPlan(c echo.Context) error {
	var in catalogue.FromPlan
	if err := s.bind(c, &in); err != nil {
		return err
	}
	d, err := s.DB.DraftOptionFromPlan(c.Request().Context(), principal(c).RegionID, in, s.auditFunc(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(d.Option.Version))
	return c.JSON(http.StatusCreated, d)
}

// optionUse is how often one option carried weight, with the region's
// small-count rule: 1–4 read "<5".
type optionUse struct {
	OptionID  int64         `json:"option_id"`
	Chosen    outcome.Count `json:"chosen"`
	Started   outcome.Count `json:"started"`
	Completed outcome.Count `json:"completed"`
	Helped    outcome.Count `json:"helped"`
}

// optionUsage answers, per option of the region, how often its plan items
// were chosen, started and completed and how many the resident said helped.
func (s *Server) optionUsage(c echo.Context) error {
	us, err := s.DB.OptionUsage(c.Request().Context(), principal(c).RegionID)
	if err != nil {
		return err
	}
	cnt := func(n int) outcome.Count { return outcome.Count{N: n, Hidden: n > 0 && n < outcome.SuppressBelow} }
	out := make([]optionUse, len(us))
	for i, u := range us {
		out[i] = optionUse{OptionID: u.OptionID, Chosen: cnt(u.Chosen), Started: cnt(u.Started), Completed: cnt(u.Completed), Helped: cnt(u.Helped)}
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out})
}
