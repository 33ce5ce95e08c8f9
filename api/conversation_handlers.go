package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/caseflow"
)

// sendConversation answers conversation id of the route's case.
func (s *Server) sendConversation(c echo.Context, status int, id int64) error {
	conv, err := s.DB.Conversation(c.Request().Context(), caseRef(c), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(conv.Version))
	return c.JSON(status, conv)
}

func (s *Server) listConversations(c echo.Context) error {
	items, err := s.DB.Conversations(c.Request().Context(), caseRef(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		Items []caseflow.Conversation `json:"items"`
	}{items})
}

func (s *Server) createConversation(c echo.Context) error {
	var in caseflow.ConversationCreate
	if err := s.bind(c, &in); err != nil {
		return err
	}
	id, err := s.DB.CreateConversation(c.Request().Context(), caseRef(c), principal(c).UserID, in, s.auditFunc(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/conversations/"+strconv.FormatInt(id, 10))
	return s.sendConversation(c, http.StatusCreated, id)
}

func (s *Server) getConversation(c echo.Context) error {
	id, _ := pathID(c) // the gate has parsed it
	return s.sendConversation(c, http.StatusOK, id)
}

func (s *Server) updateConversation(c echo.Context) error {
	id, _ := pathID(c)
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in caseflow.ConversationUpdate
	if err := s.bind(c, &in); err != nil {
		return err
	}
	if _, err := s.DB.UpdateConversation(c.Request().Context(), caseRef(c), id, version, principal(c).UserID, in, s.auditFunc(c)); err != nil {
		return err
	}
	return s.sendConversation(c, http.StatusOK, id)
}

func (s *Server) finalizeConversation(c echo.Context) error {
	id, _ := pathID(c)
	version := int64(-1) // If-Match is optional here: finalising is idempotent in intent
	if c.Request().Header.Get("If-Match") != "" {
		var err error
		if version, err = ifMatch(c); err != nil {
			return err
		}
	}
	if err := s.DB.FinalizeConversation(c.Request().Context(), caseRef(c), id, version, principal(c).UserID, s.auditFunc(c)); err != nil {
		return err
	}
	return s.sendConversation(c, http.StatusOK, id)
}

// discardConversation removes a draft that is not wanted (an empty one, or
// one started by mistake); a finalised conversation is 409.
func (s *Server) discardConversation(c echo.Context) error {
	id, _ := pathID(c)
	if err := s.DB.DiscardDraft(c.Request().Context(), caseRef(c), id, s.auditFunc(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) addAddendum(c echo.Context) error {
	id, _ := pathID(c)
	var in caseflow.AddendumInput
	if err := s.bind(c, &in); err != nil {
		return err
	}
	if err := s.DB.AddAddendum(c.Request().Context(), caseRef(c), id, principal(c).UserID, in.Text, s.auditFunc(c)); err != nil {
		return err
	}
	return s.sendConversation(c, http.StatusCreated, id)
}
