package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/policy"
	"github.com/hoi-app/hoi/internal/user"
)

// meResponse is the signed-in user with the names of their region and practice.
type meResponse struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email"`
	DisplayName  string    `json:"display_name"`
	Role         user.Role `json:"role"`
	RegionID     int64     `json:"region_id"`
	RegionName   string    `json:"region_name"`
	PracticeID   *int64    `json:"practice_id"`
	PracticeName *string   `json:"practice_name"`
	// AllowedActions are what the user may do on no particular record; the
	// SPA shows and hides from them instead of deriving them from the role.
	AllowedActions []policy.Action `json:"allowed_actions"`
}

func (s *Server) me(c echo.Context) error {
	p := principal(c)
	slipOf(c).id = &p.UserID
	ctx := c.Request().Context()
	u, err := s.DB.User(ctx, p.RegionID, p.UserID)
	if err != nil {
		return err
	}
	region, err := s.DB.Region(ctx, p.RegionID)
	if err != nil {
		return err
	}
	out := meResponse{
		ID: u.Value.ID, Email: u.Value.Email, DisplayName: u.Value.DisplayName, Role: u.Value.Role,
		RegionID: region.ID, RegionName: region.Name, PracticeID: u.Value.PracticeID,
		AllowedActions: policy.AllowedActions(p),
	}
	if u.Value.PracticeID != nil {
		pr, err := s.DB.Practice(ctx, p.RegionID, *u.Value.PracticeID)
		if err != nil {
			return err
		}
		out.PracticeName = &pr.Name
	}
	return c.JSON(http.StatusOK, out)
}
