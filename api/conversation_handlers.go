package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/policy"
)

func (s *Server) sendConversation(c echo.Context, status int, id int64) error {
	conv, err := s.DB.Conversation(c.Request().Context(), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(conv.Version))
	return c.JSON(status, conv)
}

func (s *Server) listConversations(c echo.Context) error {
	id, _, err := s.caseParam(c, policy.ReadCaseContent, audit.ActionRead, target{Type: "conversation"})
	if err != nil {
		return err
	}
	items, err := s.DB.Conversations(c.Request().Context(), id)
	if err := s.recorded(c, audit.ActionRead, target{Type: "conversation", CaseID: &id}, err); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		Items []caseflow.Conversation `json:"items"`
	}{items})
}

func (s *Server) createConversation(c echo.Context) error {
	caseID, _, err := s.caseParam(c, policy.WriteCaseContent, audit.ActionCreate, target{Type: "conversation"})
	if err != nil {
		return err
	}
	var in caseflow.ConversationCreate
	if err := bind(c, &in); err != nil {
		return err
	}
	if in.Sections != nil {
		if err := in.Sections.Check(); err != nil {
			return err
		}
	}
	id, err := s.DB.CreateConversation(c.Request().Context(), caseID, principal(c).UserID, in, s.logWrite(c, audit.ActionCreate, target{Type: "conversation", CaseID: &caseID}))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/conversations/"+strconv.FormatInt(id, 10))
	return s.sendConversation(c, http.StatusCreated, id)
}

func (s *Server) getConversation(c echo.Context) error {
	id, caseID, _, err := s.childAccess(c, "conversation", func(id int64) (int64, error) { return s.DB.ConversationCase(c.Request().Context(), id) }, policy.ReadCaseContent, audit.ActionRead)
	if err != nil {
		return err
	}
	if err := s.recorded(c, audit.ActionRead, target{Type: "conversation", ID: &id, CaseID: &caseID}, nil); err != nil {
		return err
	}
	return s.sendConversation(c, http.StatusOK, id)
}

func (s *Server) updateConversation(c echo.Context) error {
	id, caseID, _, err := s.childAccess(c, "conversation", func(id int64) (int64, error) { return s.DB.ConversationCase(c.Request().Context(), id) }, policy.WriteCaseContent, audit.ActionUpdate)
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in caseflow.ConversationUpdate
	if err := bind(c, &in); err != nil {
		return err
	}
	if in.Sections != nil {
		if err := in.Sections.Check(); err != nil {
			return err
		}
	}
	if _, err := s.DB.UpdateConversation(c.Request().Context(), id, version, in, s.logWrite(c, audit.ActionUpdate, target{Type: "conversation", ID: &id, CaseID: &caseID})); err != nil {
		return err
	}
	return s.sendConversation(c, http.StatusOK, id)
}

func (s *Server) finalizeConversation(c echo.Context) error {
	id, caseID, _, err := s.childAccess(c, "conversation", func(id int64) (int64, error) { return s.DB.ConversationCase(c.Request().Context(), id) }, policy.WriteCaseContent, audit.ActionUpdate)
	if err != nil {
		return err
	}
	version := int64(-1) // If-Match is optional here: finalising is idempotent in intent
	if c.Request().Header.Get("If-Match") != "" {
		if version, err = ifMatch(c); err != nil {
			return err
		}
	}
	if err := s.DB.FinalizeConversation(c.Request().Context(), id, version, principal(c).UserID, s.logWrite(c, audit.ActionUpdate, target{Type: "conversation", ID: &id, CaseID: &caseID})); err != nil {
		return err
	}
	return s.sendConversation(c, http.StatusOK, id)
}

func (s *Server) addAddendum(c echo.Context) error {
	id, caseID, _, err := s.childAccess(c, "conversation", func(id int64) (int64, error) { return s.DB.ConversationCase(c.Request().Context(), id) }, policy.WriteCaseContent, audit.ActionCreate)
	if err != nil {
		return err
	}
	var in caseflow.AddendumInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if err := s.DB.AddAddendum(c.Request().Context(), id, principal(c).UserID, in.Text, s.logWrite(c, audit.ActionCreate, target{Type: "addendum", ID: &id, CaseID: &caseID})); err != nil {
		return err
	}
	return s.sendConversation(c, http.StatusCreated, id)
}
