package api_test

import (
	"fmt"
	"strings"
	"testing"
)

// caseJSON is the part of a case response the journey checks.
type caseJSON struct {
	View    string `json:"view"`
	ID      int64  `json:"id"`
	Label   string `json:"label"`
	Status  string `json:"status"`
	Version int64  `json:"version"`
	Signal  struct {
		Question          string `json:"question"`
		ReferralIntention string `json:"referral_intention"`
	} `json:"signal"`
	Consent struct {
		Status string `json:"status"`
	} `json:"consent"`
	Team []struct {
		UserID int64  `json:"user_id"`
		Role   string `json:"role"`
	} `json:"team"`
	AllowedNext         []string `json:"allowed_next"`
	FirstConversationOn *string  `json:"first_conversation_on"`
	NextFollowUpOn      *string  `json:"next_follow_up_on"`
	Goals               []struct {
		ID     int64  `json:"id"`
		Text   string `json:"text"`
		Status string `json:"status"`
	} `json:"goals"`
	Strengths     []struct{ Text, Kind string } `json:"strengths"`
	Sensitivities []struct{ Text, Kind string } `json:"sensitivities"`
	Needs         []struct{ Text string }       `json:"needs"`
	Scores        []struct {
		Domain string `json:"domain"`
		Score  int    `json:"score"`
	} `json:"domain_scores"`
	Closure *struct {
		Outcome string `json:"outcome"`
		Reason  string `json:"reason"`
	} `json:"closure"`
	Outcome          *string  `json:"outcome"`
	ChosenCategories []string `json:"chosen_categories"`
}

type convJSON struct {
	ID       int64  `json:"id"`
	Status   string `json:"status"`
	Sections struct {
		Story string `json:"story"`
	} `json:"sections"`
	Version int64 `json:"version"`
	Addenda []struct {
		Text string `json:"text"`
	} `json:"addenda"`
}

func domainsAll(score int) map[string]any {
	out := map[string]any{}
	for _, d := range []string{"daily_life", "body", "mind", "meaning", "relationships", "participation", "money", "housing", "safety"} {
		out[d] = map[string]any{"text": "Over " + d + " in eigen woorden", "score": score}
	}
	return out
}

func (e *env) must(r *resp, status int, what string) *resp {
	e.t.Helper()
	if r.status != status {
		e.t.Fatalf("%s: got %d, want %d: %s", what, r.status, status, r.body)
	}
	return r
}

// TestJourney walks one resident's whole trajectory over HTTP: the GP
// signals, the POH builds the team and records consent, the exploratory
// conversation is drafted while the peer adds a note, it is finalised, plan
// items are chosen, a follow-up changes the plan, and the case is closed.
func TestJourney(t *testing.T) {
	e := newEnv(t)
	gp, poh, peer, coach := e.token("gp@hoi.example"), e.token("poh@hoi.example"), e.token("peer@hoi.example"), e.token("coach@hoi.example")
	peerID, coachID := e.users["peer@hoi.example"].ID, e.users["coach@hoi.example"].ID

	// 1. The GP signals a resident; the GP gets the summary, never the question back.
	r := e.must(e.do(req{method: "POST", path: "/api/v1/cases", token: gp, body: map[string]any{
		"label": "Noor", "birth_year": 1994, "pc4": "7001", "practice_ref": "P-4411",
		"question": "Ik kom mijn bed niet meer uit sinds ik mijn baan kwijt ben.", "referral_intention": "specialist_ggz"}}), 201, "GP signals")
	var sig caseJSON
	r.json(&sig)
	if sig.View != "summary" || sig.Status != "signalled" || strings.Contains(string(r.body), "bed niet meer uit") {
		t.Fatalf("GP's answer: got view %q status %q body %s", sig.View, sig.Status, r.body)
	}
	caseURL := fmt.Sprintf("/api/v1/cases/%d", sig.ID)

	// The peer cannot see it yet: not on the team, no consent.
	e.must(e.do(req{method: "GET", path: caseURL, token: peer}), 404, "peer before team and consent")

	// 2. The POH assigns peer and coach, and records consent.
	r = e.must(e.do(req{method: "PUT", path: caseURL + "/team", token: poh, header: map[string]string{"If-Match": e.etagOf("poh@hoi.example", caseURL)},
		body: map[string]any{"members": []int64{peerID, coachID}}}), 200, "assign team")
	var c caseJSON
	r.json(&c)
	if len(c.Team) != 2 || c.Signal.Question == "" || c.View != "full" {
		t.Fatalf("after team: got %+v", c)
	}
	e.must(e.do(req{method: "GET", path: caseURL, token: peer}), 404, "peer on the team but before consent")
	r = e.must(e.do(req{method: "POST", path: caseURL + "/consent", token: poh, body: map[string]any{"status": "given"}}), 200, "consent")
	r.json(&c)
	if c.Consent.Status != "given" {
		t.Fatalf("consent: got %q", c.Consent.Status)
	}
	e.must(e.do(req{method: "GET", path: caseURL, token: peer}), 200, "peer after consent")

	// 3. The exploratory conversation is drafted; the first draft moves the case to exploring.
	r = e.must(e.do(req{method: "POST", path: caseURL + "/conversations", token: poh, body: map[string]any{
		"held_on": e.clock.Now().Format("2006-01-02"), "kind": "exploratory", "location": "home",
		"participants": []map[string]any{{"role": "resident"}, {"role": "poh", "user_id": e.users["poh@hoi.example"].ID}, {"role": "peer", "user_id": peerID}, {"role": "coach", "user_id": coachID}, {"role": "other", "name": "zus"}},
	}}), 201, "start conversation")
	var conv convJSON
	r.json(&conv)
	convURL := fmt.Sprintf("/api/v1/conversations/%d", conv.ID)
	etag := r.header.Get("ETag")
	sections := map[string]any{
		"story":             "Sinds de reorganisatie zit ik thuis. Ik schaam me en zie niemand meer.",
		"domains":           domainsAll(2),
		"network":           []map[string]any{{"who": "Zus Ilse", "meaning": "belt elke week"}},
		"strengths":         []map[string]any{{"text": "Ik kan goed koken", "domain": "daily_life"}},
		"sensitivities":     []map[string]any{{"text": "Drukte maakt me onrustig"}},
		"goals":             []map[string]any{{"text": "Weer een dagritme hebben", "domain": "daily_life"}, {"text": "Iemand spreken die dit kent"}},
		"needs":             []map[string]any{{"text": "Iemand die met me meegaat de eerste keer"}},
		"options":           []map[string]any{{"text": "Herstelcafé", "category": "peer_support", "chosen": true, "arranged_by": "peer", "goals": []int{1}}},
		"agreements":        []map[string]any{{"who": "Ervaringsdeskundige", "what": "gaat mee naar het herstelcafé", "due_on": e.clock.Now().AddDate(0, 0, 7).Format("2006-01-02")}},
		"next_follow_up_on": e.clock.Now().AddDate(0, 0, 21).Format("2006-01-02"),
	}
	r = e.must(e.do(req{method: "PATCH", path: convURL, token: poh, header: map[string]string{"If-Match": etag}, body: map[string]any{"sections": sections}}), 200, "autosave")
	etag = r.header.Get("ETag")
	r.json(&conv)
	if conv.Sections.Story == "" || conv.Status != "draft" {
		t.Fatalf("draft: got %+v", conv)
	}
	e.must(e.do(req{method: "GET", path: caseURL, token: poh}), 200, "case during draft").json(&c)
	if c.Status != "exploring" {
		t.Errorf("after the first conversation: status %q, want exploring", c.Status)
	}

	// The peer adds a note meanwhile.
	e.must(e.do(req{method: "POST", path: caseURL + "/notes", token: peer, body: map[string]any{"text": "Noor herkende veel in mijn verhaal; ze wil mee naar het herstelcafé."}}), 201, "peer note")

	// 4. Finalised: read-only, items and scores carried into the case.
	r = e.must(e.do(req{method: "POST", path: convURL + "/finalize", token: poh, header: map[string]string{"If-Match": etag}}), 200, "finalize")
	r.json(&conv)
	if conv.Status != "final" {
		t.Fatalf("finalize: status %q", conv.Status)
	}
	e.must(e.do(req{method: "PATCH", path: convURL, token: poh, header: map[string]string{"If-Match": r.header.Get("ETag")}, body: map[string]any{"sections": map[string]any{"story": "overschreven"}}}), 409, "edit after finalise")
	e.must(e.do(req{method: "GET", path: caseURL, token: poh}), 200, "case after finalise").json(&c)
	if c.Status != "follow_up" || c.FirstConversationOn == nil || c.NextFollowUpOn == nil || len(c.Goals) != 2 || len(c.Strengths) != 1 || len(c.Sensitivities) != 1 || len(c.Needs) != 1 || len(c.Scores) != 9 {
		t.Fatalf("case after finalise: status %s first %v next %v goals %d strengths %d needs %d scores %d",
			c.Status, c.FirstConversationOn, c.NextFollowUpOn, len(c.Goals), len(c.Strengths)+len(c.Sensitivities), len(c.Needs), len(c.Scores))
	}

	// The chosen option became a plan item in the same transaction, linked
	// to the goal of the same conversation.
	var plan struct {
		Items []struct {
			Title, Status string
			GoalIDs       []int64 `json:"goal_ids"`
		} `json:"items"`
	}
	e.must(e.do(req{method: "GET", path: caseURL + "/plan", token: poh}), 200, "plan after finalise").json(&plan)
	if len(plan.Items) != 1 || plan.Items[0].Title != "Herstelcafé" || plan.Items[0].Status != "chosen" || len(plan.Items[0].GoalIDs) != 1 || plan.Items[0].GoalIDs[0] != c.Goals[1].ID {
		t.Errorf("plan after finalise: got %+v, want the chosen Herstelcafé linked to goal %d", plan.Items, c.Goals[1].ID)
	}

	// 5. Plan items: one from the catalogue, one free text, linked to goals.
	var opts struct {
		Items []struct {
			ID       int64  `json:"id"`
			Name     string `json:"name"`
			Category string `json:"category"`
		} `json:"items"`
	}
	e.must(e.do(req{method: "GET", path: "/api/v1/options?category=peer_support", token: poh}), 200, "catalogue").json(&opts)
	if len(opts.Items) == 0 {
		t.Fatal("the demo catalogue has no peer support")
	}
	r = e.must(e.do(req{method: "POST", path: caseURL + "/plan", token: poh, body: map[string]any{
		"option_id": opts.Items[0].ID, "arranged_by": "peer", "status": "chosen", "goal_ids": []int64{c.Goals[1].ID}}}), 201, "plan from catalogue")
	var item struct {
		ID       int64   `json:"id"`
		Title    string  `json:"title"`
		Category string  `json:"category"`
		Status   string  `json:"status"`
		GoalIDs  []int64 `json:"goal_ids"`
	}
	r.json(&item)
	planEtag := r.header.Get("ETag")
	if item.Title != opts.Items[0].Name || item.Category != "peer_support" || len(item.GoalIDs) != 1 {
		t.Errorf("plan item: got %+v", item)
	}
	e.must(e.do(req{method: "POST", path: caseURL + "/plan", token: coach, body: map[string]any{
		"title": "Samen koken in de buurtkamer", "category": "neighbourhood", "arranged_by": "coach", "status": "chosen", "goal_ids": []int64{c.Goals[0].ID}}}), 201, "free-text plan item by the coach")

	// 6. A follow-up conversation changes the plan and a goal.
	r = e.must(e.do(req{method: "POST", path: caseURL + "/conversations", token: peer, body: map[string]any{
		"held_on": e.clock.Now().AddDate(0, 0, 21).Format("2006-01-02"), "kind": "follow_up", "location": "neighbourhood",
		"sections": map[string]any{"story": "Het herstelcafé helpt.", "domains": domainsAll(3), "goal_updates": []map[string]any{{"goal_id": c.Goals[1].ID, "status": "reached"}}}}}), 201, "follow-up")
	var fu convJSON
	r.json(&fu)
	r = e.must(e.do(req{method: "PATCH", path: fmt.Sprintf("/api/v1/plan/%d", item.ID), token: peer, header: map[string]string{"If-Match": planEtag}, body: map[string]any{"status": "started"}}), 200, "plan started")
	r.json(&item)
	if item.Status != "started" {
		t.Errorf("plan status: got %s", item.Status)
	}
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/conversations/%d/finalize", fu.ID), token: peer}), 200, "finalise follow-up")
	e.must(e.do(req{method: "GET", path: caseURL, token: poh}), 200, "case after follow-up").json(&c)
	if c.Goals[1].Status != "reached" || len(c.Scores) != 18 {
		t.Errorf("after follow-up: goal %q, %d scores; want reached and 18", c.Goals[1].Status, len(c.Scores))
	}

	// 7. Peers cannot close; the POH closes with an outcome.
	e.must(e.do(req{method: "POST", path: caseURL + "/close", token: peer, body: map[string]any{"outcome": "supported_without_referral", "reason": "gaat goed"}}), 403, "peer closes")
	r = e.must(e.do(req{method: "POST", path: caseURL + "/close", token: poh, body: map[string]any{"outcome": "supported_without_referral", "reason": "Noor heeft weer ritme en steun van lotgenoten."}}), 200, "close")
	r.json(&c)
	if c.Status != "closed" || c.Closure == nil || c.Closure.Outcome != "supported_without_referral" || len(c.AllowedNext) != 0 {
		t.Fatalf("closed case: got status %s closure %+v", c.Status, c.Closure)
	}
	// The GP sees the outcome summary with the chosen categories, and no narrative.
	r = e.must(e.do(req{method: "GET", path: caseURL, token: gp}), 200, "GP summary")
	var sum caseJSON
	r.json(&sum)
	if sum.View != "summary" || sum.Outcome == nil || *sum.Outcome != "supported_without_referral" || strings.Join(sum.ChosenCategories, ",") != "neighbourhood,peer_support" {
		t.Errorf("GP summary: got %s", r.body)
	}
	// An ended case is read-only.
	e.must(e.do(req{method: "POST", path: caseURL + "/conversations", token: poh, body: map[string]any{"held_on": "2026-01-01", "kind": "follow_up", "location": "home"}}), 409, "conversation on a closed case")
	// Every step was logged for this case.
	if rows := e.accessLogOf(sig.ID); len(rows) < 15 {
		t.Errorf("access log of the case: got %d rows, want one per touch", len(rows))
	}
}
