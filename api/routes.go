package api

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/policy"
	"github.com/hoi-app/hoi/internal/store"
)

// gate says how a route finds the case it works on.
type gate int

// The gates: none (a route on no case), the case of :id, or the case of the
// conversation or plan item :id.
const (
	noGate gate = iota
	caseGate
	conversationGate
	planItemGate
	// appointmentGate is the case of the appointment :id.
	appointmentGate
	// residentGate is the one case of the resident principal's session.
	residentGate
)

// route is one authenticated API route as declared in the route table: what
// the policy is asked, how the case is found, and what the access log
// records. The mechanism in this file does all three before and after the
// handler, so a handler can neither skip the policy nor forget the log.
type route struct {
	method, path string
	handler      echo.HandlerFunc
	// may is the policy action: a role-level one, or a case action decided
	// on the case that gate found.
	may  policy.Action
	gate gate
	// log and res are the access-log row; an empty log means the route
	// touches no case or account data (the catalogue) and is not logged.
	log audit.Action
	res audit.Resource
	// write routes are limited per user (limitWrites).
	write bool
}

// routes is the table of every authenticated API route. The authorization
// matrix test walks it with every role, own and other scope.
func (s *Server) routes() []route {
	const (
		create = audit.ActionCreate
		read   = audit.ActionRead
		update = audit.ActionUpdate
		search = audit.ActionSearch
	)
	return []route{
		{method: "GET", path: "/me", handler: s.me, may: policy.ReadMe, log: read, res: audit.ResourceUser},
		{method: "GET", path: "/practices", handler: s.listPractices, may: policy.ListPractices, log: search, res: audit.ResourcePractice},
		{method: "POST", path: "/practices", handler: s.createPractice, may: policy.CreatePractice, log: create, res: audit.ResourcePractice, write: true},
		{method: "GET", path: "/users", handler: s.listUsers, may: policy.ListUsers, log: search, res: audit.ResourceUser},
		{method: "POST", path: "/users", handler: s.createUser, may: policy.CreateUser, log: create, res: audit.ResourceUser, write: true},
		{method: "GET", path: "/users/:id", handler: s.getUser, may: policy.ListUsers, log: read, res: audit.ResourceUser},
		{method: "PATCH", path: "/users/:id", handler: s.updateUser, may: policy.UpdateUser, log: update, res: audit.ResourceUser, write: true},

		{method: "GET", path: "/cases", handler: s.listCases, may: policy.ListCases, log: search, res: audit.ResourceCase},
		{method: "POST", path: "/cases", handler: s.createCase, may: policy.CreateCase, log: create, res: audit.ResourceCase, write: true},
		{method: "GET", path: "/cases/:id", handler: s.getCase, may: policy.ReadCase, gate: caseGate, log: read, res: audit.ResourceCase},
		{method: "PATCH", path: "/cases/:id", handler: s.updateCase, may: policy.UpdateCase, gate: caseGate, log: update, res: audit.ResourceCase, write: true},
		{method: "POST", path: "/cases/:id/consent", handler: s.recordConsent, may: policy.RecordConsent, gate: caseGate, log: update, res: audit.ResourceConsent, write: true},
		{method: "PUT", path: "/cases/:id/team", handler: s.setTeam, may: policy.AssignTeam, gate: caseGate, log: update, res: audit.ResourceTeam, write: true},
		{method: "POST", path: "/cases/:id/close", handler: s.closeCase, may: policy.CloseCase, gate: caseGate, log: update, res: audit.ResourceCase, write: true},
		{method: "GET", path: "/cases/:id/access-log", handler: s.caseAccessLog, may: policy.ReadCaseAccessLog, gate: caseGate, log: read, res: audit.ResourceAccessLog},
		{method: "GET", path: "/cases/:id/conversations", handler: s.listConversations, may: policy.ReadCaseContent, gate: caseGate, log: read, res: audit.ResourceConversation},
		{method: "POST", path: "/cases/:id/conversations", handler: s.createConversation, may: policy.WriteCaseContent, gate: caseGate, log: create, res: audit.ResourceConversation, write: true},
		{method: "GET", path: "/conversations/:id", handler: s.getConversation, may: policy.ReadCaseContent, gate: conversationGate, log: read, res: audit.ResourceConversation},
		{method: "PATCH", path: "/conversations/:id", handler: s.updateConversation, may: policy.WriteCaseContent, gate: conversationGate, log: update, res: audit.ResourceConversation, write: true},
		{method: "DELETE", path: "/conversations/:id", handler: s.discardConversation, may: policy.WriteCaseContent, gate: conversationGate, log: audit.ActionDelete, res: audit.ResourceConversation, write: true},
		{method: "POST", path: "/conversations/:id/finalize", handler: s.finalizeConversation, may: policy.WriteCaseContent, gate: conversationGate, log: update, res: audit.ResourceConversation, write: true},
		{method: "POST", path: "/conversations/:id/addenda", handler: s.addAddendum, may: policy.WriteCaseContent, gate: conversationGate, log: create, res: audit.ResourceAddendum, write: true},
		{method: "GET", path: "/cases/:id/notes", handler: s.listNotes, may: policy.ReadCaseContent, gate: caseGate, log: read, res: audit.ResourceNote},
		{method: "POST", path: "/cases/:id/notes", handler: s.addNote, may: policy.WriteCaseContent, gate: caseGate, log: create, res: audit.ResourceNote, write: true},
		{method: "GET", path: "/cases/:id/plan", handler: s.listPlan, may: policy.ReadCaseContent, gate: caseGate, log: read, res: audit.ResourcePlanItem},
		{method: "POST", path: "/cases/:id/plan", handler: s.addPlanItem, may: policy.WriteCaseContent, gate: caseGate, log: create, res: audit.ResourcePlanItem, write: true},
		{method: "PATCH", path: "/plan/:id", handler: s.updatePlanItem, may: policy.WriteCaseContent, gate: planItemGate, log: update, res: audit.ResourcePlanItem, write: true},
		// Planning the joint talk: a case's appointments, one's own answer,
		// the .ics of one (GET /appointments/{id}/ics: Echo's path
		// parameters end at a slash, not at a dot), one's own agenda and
		// private calendar feed (its public GET is in server.go).
		{method: "GET", path: "/cases/:id/appointments", handler: s.listAppointments, may: policy.ReadCaseContent, gate: caseGate, log: read, res: audit.ResourceAppointment},
		{method: "POST", path: "/cases/:id/appointments", handler: s.createAppointment, may: policy.WriteCaseContent, gate: caseGate, log: create, res: audit.ResourceAppointment, write: true},
		{method: "GET", path: "/appointments/:id", handler: s.getAppointment, may: policy.ReadCaseContent, gate: appointmentGate, log: read, res: audit.ResourceAppointment},
		{method: "PATCH", path: "/appointments/:id", handler: s.updateAppointment, may: policy.WriteCaseContent, gate: appointmentGate, log: update, res: audit.ResourceAppointment, write: true},
		{method: "POST", path: "/appointments/:id/response", handler: s.respondAppointment, may: policy.RespondAppointment, gate: appointmentGate, log: update, res: audit.ResourceAppointment, write: true},
		{method: "GET", path: "/appointments/:id/ics", handler: s.appointmentICS, may: policy.ReadCaseContent, gate: appointmentGate, log: read, res: audit.ResourceAppointment},
		{method: "GET", path: "/agenda", handler: s.agenda, may: policy.ReadAgenda, log: search, res: audit.ResourceAppointment},
		{method: "POST", path: "/me/calendar-feed", handler: s.createCalendarFeed, may: policy.ManageCalendarFeed, log: create, res: audit.ResourceCalendarFeed, write: true},
		{method: "DELETE", path: "/me/calendar-feed", handler: s.revokeCalendarFeed, may: policy.ManageCalendarFeed, log: audit.ActionDelete, res: audit.ResourceCalendarFeed, write: true},
		{method: "POST", path: "/plan/:id/loop", handler: s.recordLoopStep, may: policy.RecordReferral, gate: planItemGate, log: update, res: audit.ResourcePlanItem, write: true},
		{method: "GET", path: "/cases/:id/export", handler: s.exportCase, may: policy.ExportCase, gate: caseGate, log: audit.ActionExport, res: audit.ResourceCase},
		{method: "DELETE", path: "/cases/:id", handler: s.eraseCase, may: policy.EraseCase, gate: caseGate, log: audit.ActionDelete, res: audit.ResourceCase, write: true},

		// The resident link, and the team's read of what the resident said.
		{method: "POST", path: "/cases/:id/resident-link", handler: s.createResidentLink, may: policy.ManageResidentLink, gate: caseGate, log: create, res: audit.ResourceResidentLink, write: true},
		{method: "GET", path: "/cases/:id/resident-link", handler: s.getResidentLink, may: policy.ManageResidentLink, gate: caseGate, log: read, res: audit.ResourceResidentLink},
		{method: "DELETE", path: "/cases/:id/resident-link", handler: s.revokeResidentLink, may: policy.ManageResidentLink, gate: caseGate, log: audit.ActionDelete, res: audit.ResourceResidentLink, write: true},
		{method: "GET", path: "/cases/:id/self-check", handler: s.caseSelfCheck, may: policy.ReadCaseContent, gate: caseGate, log: read, res: audit.ResourceSelfCheck},
		{method: "GET", path: "/cases/:id/plan-feedback", handler: s.casePlanFeedback, may: policy.ReadCaseContent, gate: caseGate, log: read, res: audit.ResourcePlanFeedback},

		// The resident session's routes: its one case (residentGate), or a
		// plan item of it; no staff principal may take them.
		{method: "GET", path: "/resident/case", handler: s.getResidentCase, may: policy.ResidentReadCase, gate: residentGate, log: read, res: audit.ResourceCase},
		{method: "GET", path: "/resident/self-check", handler: s.residentSelfCheck, may: policy.ResidentReadSelfCheck, gate: residentGate, log: read, res: audit.ResourceSelfCheck},
		{method: "PUT", path: "/resident/self-check", handler: s.saveSelfCheck, may: policy.ResidentWriteSelfCheck, gate: residentGate, log: update, res: audit.ResourceSelfCheck, write: true},
		{method: "POST", path: "/resident/self-check/submit", handler: s.submitSelfCheck, may: policy.ResidentWriteSelfCheck, gate: residentGate, log: update, res: audit.ResourceSelfCheck, write: true},
		{method: "POST", path: "/resident/plan/:id/feedback", handler: s.residentFeedback, may: policy.ResidentFeedback, gate: planItemGate, log: create, res: audit.ResourcePlanFeedback, write: true},
		{method: "POST", path: "/resident/consent", handler: s.residentConsent, may: policy.ResidentConsent, gate: residentGate, log: update, res: audit.ResourceConsent, write: true},

		// The catalogue is no case data: reading it is not access-logged;
		// changing it is.
		{method: "GET", path: "/options", handler: s.listOptions, may: policy.ListOptions},
		{method: "POST", path: "/options", handler: s.createOption, may: policy.ManageOptions, log: create, res: audit.ResourceOption, write: true},
		{method: "PATCH", path: "/options/:id", handler: s.updateOption, may: policy.ManageOptions, log: update, res: audit.ResourceOption, write: true},
		{method: "POST", path: "/options/import", handler: s.importOptions, may: policy.ManageOptions, log: create, res: audit.ResourceOption, write: true},
		// The map grows from use: the region's free-text plan items (titles
		// only, grouped) for the coaches, drafting an option from one, and how
		// often each option carried weight (counts, small ones hidden).
		{method: "GET", path: "/options/free-text", handler: s.freeTextPlanItems, may: policy.ManageOptions, log: search, res: audit.ResourcePlanItem},
		{method: "POST", path: "/options/from-plan", handler: s.draftOptionFromPlan, may: policy.ManageOptions, log: create, res: audit.ResourceOption, write: true},
		{method: "GET", path: "/options/usage", handler: s.optionUsage, may: policy.ManageOptions, log: read, res: audit.ResourceOutcomes},
		{method: "GET", path: "/hsds/services", handler: s.hsdsServices, may: policy.ListOptions},
		{method: "GET", path: "/hsds/services/:id", handler: s.hsdsService, may: policy.ListOptions},
		{method: "GET", path: "/hsds/taxonomy_terms", handler: s.hsdsTaxonomyTerms, may: policy.ListOptions},
		{method: "GET", path: "/worklist", handler: s.worklist, may: policy.ReadWorklist, log: search, res: audit.ResourceWorklist},
		{method: "GET", path: "/team-candidates", handler: s.teamCandidates, may: policy.ListTeamCandidates, log: search, res: audit.ResourceUser},
		{method: "GET", path: "/outcomes", handler: s.outcomes, may: policy.ReadOutcomes, log: read, res: audit.ResourceOutcomes},
		{method: "POST", path: "/vouchers", handler: s.createVoucher, may: policy.IssueVoucher, log: create, res: audit.ResourceVoucher, write: true},
		{method: "GET", path: "/outcomes.csv", handler: s.outcomesCSV, may: policy.ReadOutcomes, log: read, res: audit.ResourceOutcomes},
		{method: "GET", path: "/capacity", handler: s.capacity, may: policy.ReadCapacity, log: read, res: audit.ResourceCapacity},
		{method: "GET", path: "/capacity.csv", handler: s.capacityCSV, may: policy.ReadCapacity, log: read, res: audit.ResourceCapacity},
		{method: "GET", path: "/region/settings", handler: s.regionSettings, may: policy.ReadCapacity, log: read, res: audit.ResourceCapacity},
		{method: "PATCH", path: "/region/settings", handler: s.updateRegionSettings, may: policy.ManageCapacitySettings, log: update, res: audit.ResourceCapacity, write: true},
	}
}

// register adds every route of the table to g behind authentication, the
// write limit where it applies, and the policy-and-log mechanism.
func (s *Server) register(g *echo.Group) {
	w := s.limitWrites()
	for _, r := range s.routes() {
		mw := []echo.MiddlewareFunc{s.authenticate}
		if r.write {
			mw = append(mw, w)
		}
		mw = append(mw, s.guard(r))
		if r.method == http.MethodPost {
			// Inside the guard: a replayed answer is only given to a caller
			// the policy still lets in, and is access-logged like any other.
			mw = append(mw, s.idempotent)
		}
		// Middleware is per route, not per group: Echo's group middleware
		// adds catch-all routes that would turn a 405 into a 404.
		g.Add(r.method, r.path, r.handler, mw...)
	}
}

// guard is the one mechanism in front of every route of the table: it asks
// the policy (and, for a case route, finds the case within the caller's
// tenancy first), and it writes the route's access-log rows.
func (s *Server) guard(r route) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			sl := &slip{route: &r}
			c.Set(slipKey, sl)
			if r.log != "" {
				c.Response().Before(func() { s.recordSuccess(c, sl) })
			}
			err := s.admit(c, r, sl)
			if err == nil {
				err = next(c)
			}
			if err != nil {
				sl.written = false // its transaction did not commit
				if r.log != "" && isRefusal(err) {
					if rerr := s.Recorder.Record(c.Request().Context(), s.entries(c, sl, audit.Denied)...); rerr != nil {
						return rerr
					}
				}
			}
			return err
		}
	}
}

// admit asks the policy for route r, through the route's gate.
func (s *Server) admit(c echo.Context, r route, sl *slip) error {
	p := principal(c)
	if r.gate == noGate {
		if !policy.Allow(p, r.may) {
			return policy.Refusal(p, "your role may not do this")
		}
		if r.res == audit.ResourceUser || r.res == audit.ResourceOption || r.res == audit.ResourcePractice {
			if id, err := pathID(c); err == nil {
				sl.id = &id
			}
		}
		return nil
	}
	kind := map[gate]string{caseGate: "case", conversationGate: "conversation", planItemGate: "plan_item", appointmentGate: "appointment", residentGate: "case"}[r.gate]
	var id int64
	var err error
	if r.gate == residentGate {
		id = p.CaseID
		if !policy.Allow(p, r.may) {
			return policy.Refusal(p, "your role may not do this")
		}
	} else if id, err = pathID(c); err != nil {
		return errs.NotFound(kind)
	}
	if r.gate == caseGate || r.gate == residentGate {
		sl.caseID = &id
		if r.res == audit.ResourceCase || r.res == audit.ResourceTeam || r.res == audit.ResourceConsent || r.res == audit.ResourceSelfCheck {
			sl.id = &id
		}
	} else {
		sl.id = &id
	}
	ctx, scope := c.Request().Context(), policy.CaseScope(p)
	var ref store.CaseRef
	switch r.gate {
	case caseGate, residentGate:
		ref, err = s.DB.CaseGate(ctx, scope, p.UserID, id)
	case conversationGate:
		ref, err = s.DB.ConversationGate(ctx, scope, p.UserID, id)
	case planItemGate:
		ref, err = s.DB.PlanItemGate(ctx, scope, p.UserID, id)
	case appointmentGate:
		ref, err = s.DB.AppointmentGate(ctx, scope, p.UserID, id)
	}
	if err != nil {
		var out *store.OutOfScope
		if errors.As(err, &out) && out.CaseID != nil {
			sl.caseID = out.CaseID
		}
		if errors.Is(err, errs.ErrNotFound) {
			return errs.NotFound(kind)
		}
		return err
	}
	cid := ref.ID()
	sl.caseID, sl.ref = &cid, ref
	f := ref.Facts()
	if !policy.AllowCase(p, r.may, f) {
		return policy.Refusal(p, "your role may not do this on this case")
	}
	if f.Erased && r.may != policy.ReadCaseAccessLog {
		return store.ErrErased
	}
	return nil
}
