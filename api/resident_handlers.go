package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/catalogue"
	"github.com/hoi-app/hoi/internal/resident"
)

// This file holds the handlers of the resident's own part: the POH's link
// routes, the team's read of the self-check and feedback, and the routes of
// the resident session. The route table (routes.go) puts the policy and the
// access log in front of each.

type residentLinkResponse struct {
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expires_at"`
}

// publicBase is HOI_PUBLIC_URL, or the address the POH reached HOI at.
func (s *Server) publicBase(c echo.Context) string {
	if s.PublicURL != "" {
		return strings.TrimRight(s.PublicURL, "/")
	}
	return c.Scheme() + "://" + c.Request().Host
}

// createResidentLink is POST /cases/{id}/resident-link: a new link (the old
// one revoked). The token is shown this once and stored only as a hash.
func (s *Server) createResidentLink(c echo.Context) error {
	token, hash, err := auth.NewOpaqueToken()
	if err != nil {
		return err
	}
	l, err := s.DB.CreateResidentLink(c.Request().Context(), caseRef(c), userID(c), hash, s.DB.Now().Add(resident.LinkTTL), s.auditFunc(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, residentLinkResponse{URL: s.publicBase(c) + resident.PathPrefix + token, ExpiresAt: l.ExpiresAt})
}

func (s *Server) revokeResidentLink(c echo.Context) error {
	if err := s.DB.RevokeResidentLink(c.Request().Context(), caseRef(c), s.auditFunc(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type residentLinkState struct {
	resident.Link
	Active bool `json:"active"`
}

func (s *Server) getResidentLink(c echo.Context) error {
	l, err := s.DB.ResidentLink(c.Request().Context(), caseRef(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, residentLinkState{Link: l, Active: l.Active(s.DB.Now())})
}

// caseSelfCheck is GET /cases/{id}/self-check: the team's read, for the
// worklist mark and the guide's pre-fill.
func (s *Server) caseSelfCheck(c echo.Context) error {
	sc, err := s.DB.SelfCheck(c.Request().Context(), caseRef(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sc)
}

func (s *Server) casePlanFeedback(c echo.Context) error {
	fb, err := s.DB.PlanFeedback(c.Request().Context(), caseRef(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": fb})
}

func (s *Server) residentSelfCheck(c echo.Context) error { return s.caseSelfCheck(c) }

func (s *Server) saveSelfCheck(c echo.Context) error {
	var in resident.SelfCheckInput
	if err := s.bind(c, &in); err != nil {
		return err
	}
	sc, err := s.DB.SaveSelfCheck(c.Request().Context(), caseRef(c), &in, false, s.auditFunc(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sc)
}

func (s *Server) submitSelfCheck(c echo.Context) error {
	sc, err := s.DB.SaveSelfCheck(c.Request().Context(), caseRef(c), nil, true, s.auditFunc(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sc)
}

func (s *Server) residentFeedback(c echo.Context) error {
	var in resident.FeedbackInput
	if err := s.bind(c, &in); err != nil {
		return err
	}
	id, err := pathID(c)
	if err != nil {
		return err
	}
	fb, err := s.DB.AddPlanFeedback(c.Request().Context(), caseRef(c), id, in, s.auditFunc(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, fb)
}

type residentConsentInput struct {
	Status caseflow.ConsentStatus `json:"status" validate:"required,oneof=given declined"`
}

// residentConsent is POST /resident/consent: the resident gives or withdraws
// consent to share with network partners, in the case's one consent field.
func (s *Server) residentConsent(c echo.Context) error {
	var in residentConsentInput
	if err := s.bind(c, &in); err != nil {
		return err
	}
	ref := caseRef(c)
	if err := s.DB.RecordResidentConsent(c.Request().Context(), ref, in.Status, s.auditFunc(c)); err != nil {
		return err
	}
	return s.sendResidentCase(c)
}

// residentCase is the resident's own plan: what was agreed, the chosen
// options with whom to contact, goals in their words, the next follow-up and
// their consent. It holds nothing from staff notes or the talk's narrative.
type residentCase struct {
	Label          string                   `json:"label"`
	Status         caseflow.Status          `json:"status"`
	Consent        residentConsentView      `json:"consent"`
	NextFollowUpOn *string                  `json:"next_follow_up_on"`
	Goals          []residentGoal           `json:"goals"`
	Plan           []residentPlanItem       `json:"plan"`
	Agreements     []residentAgreement      `json:"agreements"`
	SelfCheck      resident.SelfCheckStatus `json:"self_check"`
}

type residentConsentView struct {
	Status caseflow.ConsentStatus `json:"status"`
	At     *time.Time             `json:"at"`
}

type residentGoal struct {
	ID     int64               `json:"id"`
	Text   string              `json:"text"`
	Domain *caseflow.Domain    `json:"domain"`
	Status caseflow.GoalStatus `json:"status"`
}

type residentPlanItem struct {
	ID       int64               `json:"id"`
	Title    string              `json:"title"`
	Category catalogue.Category  `json:"category"`
	Status   caseflow.PlanStatus `json:"status"`
	Provider string              `json:"provider"`
	Contact  string              `json:"contact"`
	StartOn  *string             `json:"start_on"`
	ReviewOn *string             `json:"review_on"`
	Feedback *resident.Feedback  `json:"feedback"`
}

type residentAgreement struct {
	Who   string  `json:"who"`
	What  string  `json:"what"`
	DueOn *string `json:"due_on"`
}

func (s *Server) getResidentCase(c echo.Context) error { return s.sendResidentCase(c) }

func (s *Server) sendResidentCase(c echo.Context) error {
	ctx, ref := c.Request().Context(), caseRef(c)
	cs, err := s.DB.Case(ctx, ref)
	if err != nil {
		return err
	}
	items, err := s.DB.Plan(ctx, ref)
	if err != nil {
		return err
	}
	fbs, err := s.DB.PlanFeedback(ctx, ref)
	if err != nil {
		return err
	}
	convs, err := s.DB.Conversations(ctx, ref)
	if err != nil {
		return err
	}
	sc, err := s.DB.SelfCheck(ctx, ref)
	if err != nil {
		return err
	}
	out := residentCase{Label: cs.Label, Status: cs.Status, Consent: residentConsentView{Status: cs.Consent.Status, At: cs.Consent.At},
		NextFollowUpOn: cs.NextFollowUpOn, Goals: []residentGoal{}, Plan: []residentPlanItem{}, Agreements: []residentAgreement{}, SelfCheck: sc.Status}
	for _, g := range cs.Goals {
		out.Goals = append(out.Goals, residentGoal{ID: g.ID, Text: g.Text, Domain: g.Domain, Status: g.Status})
	}
	latest := map[int64]*resident.Feedback{}
	for i := range fbs { // newest first
		if latest[fbs[i].PlanItemID] == nil {
			latest[fbs[i].PlanItemID] = &fbs[i]
		}
	}
	region := principal(c).RegionID
	for _, it := range items {
		if it.Status == caseflow.PlanConsidered {
			continue // talked about, not chosen
		}
		ri := residentPlanItem{ID: it.ID, Title: it.Title, Category: it.Category, Status: it.Status, StartOn: it.StartOn, ReviewOn: it.ReviewOn, Feedback: latest[it.ID]}
		if it.OptionID != nil {
			if o, err := s.DB.Option(ctx, region, *it.OptionID); err == nil {
				ri.Provider, ri.Contact = o.Provider, o.Contact
				if ri.Title == "" {
					ri.Title = o.Name
				}
			}
		}
		out.Plan = append(out.Plan, ri)
	}
	for _, cv := range convs {
		if cv.FinalizedAt == nil {
			continue // a draft is the team's, not yet agreed
		}
		for _, a := range cv.Sections.Agreements {
			out.Agreements = append(out.Agreements, residentAgreement{Who: a.Who, What: a.What, DueOn: a.DueOn})
		}
	}
	return c.JSON(http.StatusOK, out)
}
