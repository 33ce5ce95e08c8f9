package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/errs"
)

// refreshCookie carries the refresh token: HttpOnly so scripts cannot read
// it, SameSite=Strict and limited to the auth path so it goes nowhere else.
const (
	refreshCookie     = "hoi_refresh"
	refreshCookiePath = "/api/v1/auth"
)

type loginRequest struct {
	Email    string `json:"email" validate:"required,max=254"`
	Password string `json:"password" validate:"required,max=1024"`
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

func (s *Server) login(c echo.Context) error {
	var in loginRequest
	if err := s.bind(c, &in); err != nil {
		return err
	}
	issued, err := s.Auth.Login(c.Request().Context(), in.Email, in.Password, c.RealIP())
	if err != nil {
		return err
	}
	return s.sendTokens(c, issued)
}

func (s *Server) refresh(c echo.Context) error {
	issued, err := s.Auth.Refresh(c.Request().Context(), cookieValue(c))
	if err != nil {
		if errors.Is(err, errs.ErrUnauthenticated) {
			s.clearCookie(c)
		}
		return err
	}
	return s.sendTokens(c, issued)
}

func (s *Server) logout(c echo.Context) error {
	var sid string
	if h := c.Request().Header.Get(echo.HeaderAuthorization); len(h) > 7 {
		if p, err := s.Auth.Tokens.Verify(h[7:]); err == nil {
			sid = p.SessionID
		}
	}
	if err := s.Auth.Logout(c.Request().Context(), cookieValue(c), sid); err != nil {
		return err
	}
	s.clearCookie(c)
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) sendTokens(c echo.Context, is auth.Issued) error {
	c.SetCookie(&http.Cookie{
		Name: refreshCookie, Value: is.RefreshToken, Path: refreshCookiePath,
		MaxAge: int(auth.MaxSessionAge / time.Second), HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteStrictMode,
	})
	c.Set("principal", is.Principal)
	return c.JSON(http.StatusOK, tokenResponse{AccessToken: is.AccessToken, TokenType: "Bearer", ExpiresIn: int(is.ExpiresIn / time.Second)})
}

func (s *Server) clearCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: refreshCookie, Value: "", Path: refreshCookiePath, MaxAge: -1, HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteStrictMode})
}

func cookieValue(c echo.Context) string {
	ck, err := c.Cookie(refreshCookie)
	if err != nil {
		return ""
	}
	return ck.Value
}
