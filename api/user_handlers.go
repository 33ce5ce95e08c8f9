package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/password"
	"github.com/hoi-app/hoi/internal/policy"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/user"
)

// userResponse is a user with the version an If-Match must name.
type userResponse struct {
	user.User
	Version int64 `json:"version"`
}

func (s *Server) listUsers(c echo.Context) error {
	f, err := userFilter(c)
	if err != nil {
		return err
	}
	f.RegionID = principal(c).RegionID
	items, total, err := s.DB.Users(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listResponse[user.User]{Items: items, Total: total, Offset: f.Offset, Limit: f.Limit})
}

func userFilter(c echo.Context) (user.Filter, error) {
	var f user.Filter
	var err error
	if f.Offset, f.Limit, err = listParams(c); err != nil {
		return f, err
	}
	if v := c.QueryParam("role"); v != "" {
		r := user.Role(v)
		if !r.Valid() {
			return f, errs.Invalid(errs.Field("role", "oneof", "must be one of: "+strings.Join(user.Roles.Strings(), ", ")))
		}
		f.Role = &r
	}
	if v := c.QueryParam("practice_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return f, errs.Invalid(errs.Field("practice_id", "type", "must be a whole number"))
		}
		f.PracticeID = &id
	}
	if v := c.QueryParam("active"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return f, errs.Invalid(errs.Field("active", "type", "must be true or false"))
		}
		f.Active = &b
	}
	f.Query = c.QueryParam("q")
	if len(f.Query) > 100 {
		return f, errs.Invalid(errs.Field("q", "max", "must be at most 100 characters"))
	}
	return f, nil
}

func (s *Server) getUser(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	u, err := s.DB.User(c.Request().Context(), principal(c).RegionID, id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(u.Version))
	return c.JSON(http.StatusOK, userResponse{u.Value, u.Version})
}

func (s *Server) createUser(c echo.Context) error {
	var in user.Create
	if err := s.bind(c, &in); err != nil {
		return err
	}
	hash, err := s.hashNewPassword(c, in.Password)
	if err != nil {
		return err
	}
	u, err := s.DB.CreateUser(c.Request().Context(), store.NewUser{Create: in, RegionID: principal(c).RegionID, PasswordHash: hash}, s.auditFunc(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(u.Version))
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/users/"+strconv.FormatInt(u.Value.ID, 10))
	return c.JSON(http.StatusCreated, userResponse{u.Value, u.Version})
}

func (s *Server) updateUser(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in user.Update
	if err := s.bind(c, &in); err != nil {
		return err
	}
	var hash string
	if in.Password != nil {
		if hash, err = s.hashNewPassword(c, *in.Password); err != nil {
			return err
		}
	}
	p := principal(c)
	u, err := s.DB.UpdateUser(c.Request().Context(), p.RegionID, id, version, func(cur user.User) (user.User, string, error) {
		next, err := in.Apply(cur)
		if err != nil {
			return next, "", err
		}
		return next, hash, policy.CheckUserChange(p, id, cur, next)
	}, s.auditFunc(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(u.Version))
	return c.JSON(http.StatusOK, userResponse{u.Value, u.Version})
}

// hashNewPassword applies the password policy and hashes.
func (s *Server) hashNewPassword(c echo.Context, plain string) (string, error) {
	if err := password.Check(plain); err != nil {
		return "", errs.Invalid(errs.Field("password", "policy", err.Error()))
	}
	return s.Hasher.Hash(c.Request().Context(), plain)
}
