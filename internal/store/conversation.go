package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
)

type conversationRow struct {
	ID           int64 `gorm:"primaryKey"`
	CaseID       int64
	PracticeID   *int64 // the case's, for the worklist's drafts index
	Status       string
	HeldOn       string
	Kind         string
	Location     caseflow.Location
	Participants string
	Sections     string
	CreatedBy    int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	FinalizedAt  *time.Time
	FinalizedBy  *int64
	UpdatedBy    *int64 // nil before migration 0013: read as CreatedBy
	Version      int64
}

func (conversationRow) TableName() string { return "conversations" }

type addendumRow struct {
	ID             int64 `gorm:"primaryKey"`
	ConversationID int64
	Text           string
	AuthorID       int64
	CreatedAt      time.Time
}

func (addendumRow) TableName() string { return "conversation_addenda" }

type goalRow struct {
	ID             int64 `gorm:"primaryKey"`
	CaseID         int64
	PracticeID     int64 // of the case, for the outcome figures
	ConversationID int64
	Text           string
	Domain         *string
	Status         string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (goalRow) TableName() string { return "goals" }

type caseItemRow struct {
	ID             int64 `gorm:"primaryKey"`
	CaseID         int64
	ConversationID int64
	Kind           string
	Text           string
	Domain         *string
	CreatedAt      time.Time
}

func (caseItemRow) TableName() string { return "case_items" }

type domainScoreRow struct {
	ID             int64 `gorm:"primaryKey"`
	CaseID         int64
	ConversationID int64
	HeldOn         string
	Domain         string
	Score          int
}

func (domainScoreRow) TableName() string { return "domain_scores" }

func encodeJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// CreateConversation starts a draft on case ref. The lifecycle moves a
// signalled case to exploring.
func (db *DB) CreateConversation(ctx context.Context, ref CaseRef, by int64, in caseflow.ConversationCreate, log AuditFunc) (int64, error) {
	caseID := ref.id
	sections := caseflow.Sections{}
	if in.Sections != nil {
		sections = *in.Sections
	}
	sections.Normalize()
	secJSON, err := encodeJSON(sections)
	if err != nil {
		return 0, err
	}
	partJSON, err := encodeJSON(orEmptyParticipants(in.Participants))
	if err != nil {
		return 0, err
	}
	now := db.now()
	row := conversationRow{CaseID: caseID, PracticeID: &ref.practiceID, Status: string(caseflow.Draft), HeldOn: in.HeldOn, Kind: string(in.Kind), Location: in.Location,
		Participants: partJSON, Sections: secJSON, CreatedBy: by, UpdatedBy: &by, CreatedAt: now, UpdatedAt: now, Version: 1}
	err = db.tx(ctx, func(tx *gorm.DB) error {
		c, err := caseOpen(tx, ref)
		if err != nil {
			return err
		}
		st, err := caseflow.ConversationStarted(caseflow.Status(c.Status))
		if err != nil {
			return err
		}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		if st != caseflow.Status(c.Status) {
			if err := tx.Model(&caseRow{}).Where("id = ?", caseID).Updates(map[string]any{"status": st, "version": c.Version + 1, "updated_at": now}).Error; err != nil {
				return err
			}
		}
		return db.insertAudit(tx, log(row.ID))
	})
	return row.ID, translate("create conversation", err)
}

func orEmptyParticipants(p []caseflow.Participant) []caseflow.Participant {
	if p == nil {
		return []caseflow.Participant{}
	}
	return p
}

// Conversation returns conversation id of case ref with its addenda.
func (db *DB) Conversation(ctx context.Context, ref CaseRef, id int64) (caseflow.Conversation, error) {
	q := db.r.WithContext(ctx)
	var row conversationRow
	if err := q.Where("id = ? AND case_id = ?", id, ref.id).Take(&row).Error; err != nil {
		return caseflow.Conversation{}, translate(fmt.Sprintf("conversation[%d]", id), err)
	}
	var adds []addendumRow
	if err := q.Where("conversation_id = ?", id).Order("id").Find(&adds).Error; err != nil {
		return caseflow.Conversation{}, translate("addenda", err)
	}
	people, err := persons(q, conversationPersons(nil, row, adds)...)
	if err != nil {
		return caseflow.Conversation{}, translate("conversation persons", err)
	}
	return conversationOf(row, adds, people)
}

// conversationPersons appends the users that conversation row and its addenda
// name, so that a list loads all of them in one query.
func conversationPersons(ids []int64, row conversationRow, adds []addendumRow) []int64 {
	ids = append(ids, row.CreatedBy)
	if row.FinalizedBy != nil {
		ids = append(ids, *row.FinalizedBy)
	}
	if row.UpdatedBy != nil {
		ids = append(ids, *row.UpdatedBy)
	}
	for _, a := range adds {
		ids = append(ids, a.AuthorID)
	}
	return ids
}

func conversationOf(row conversationRow, adds []addendumRow, people map[int64]caseflow.Person) (caseflow.Conversation, error) {
	c := caseflow.Conversation{
		ID: row.ID, CaseID: row.CaseID, Status: caseflow.ConversationStatus(row.Status), HeldOn: row.HeldOn, Kind: caseflow.Kind(row.Kind),
		Location: row.Location, CreatedBy: people[row.CreatedBy], CreatedAt: row.CreatedAt, UpdatedAt: row.UpdatedAt,
		FinalizedAt: row.FinalizedAt, FinalizedBy: personPtr(people, row.FinalizedBy), Version: row.Version,
		Addenda: make([]caseflow.Addendum, 0, len(adds)), UpdatedBy: people[row.CreatedBy],
	}
	if row.UpdatedBy != nil {
		c.UpdatedBy = people[*row.UpdatedBy]
	}
	if err := json.Unmarshal([]byte(row.Participants), &c.Participants); err != nil {
		return c, fmt.Errorf("decode participants of conversation[%d]: %w", row.ID, err)
	}
	if err := json.Unmarshal([]byte(row.Sections), &c.Sections); err != nil {
		return c, fmt.Errorf("decode sections of conversation[%d]: %w", row.ID, err)
	}
	c.Sections.Normalize()
	for _, a := range adds {
		c.Addenda = append(c.Addenda, caseflow.Addendum{ID: a.ID, Text: a.Text, Author: people[a.AuthorID], CreatedAt: a.CreatedAt})
	}
	return c, nil
}

// Conversations returns every conversation of case ref, oldest first.
func (db *DB) Conversations(ctx context.Context, ref CaseRef) ([]caseflow.Conversation, error) {
	if err := ref.check(); err != nil {
		return nil, err
	}
	q := db.r.WithContext(ctx)
	var rows []conversationRow
	if err := q.Where("case_id = ?", ref.id).Order("held_on, id").Find(&rows).Error; err != nil {
		return nil, translate("list conversations", err)
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var adds []addendumRow
	if len(ids) > 0 {
		// Sorted here: the addenda of a case's conversations are few, and
		// an IN list cannot come in id order from the index.
		if err := q.Where("conversation_id IN ?", ids).Find(&adds).Error; err != nil {
			return nil, translate("addenda", err)
		}
		slices.SortFunc(adds, func(a, b addendumRow) int { return cmp.Compare(a.ID, b.ID) })
	}
	byConv := map[int64][]addendumRow{}
	for _, a := range adds {
		byConv[a.ConversationID] = append(byConv[a.ConversationID], a)
	}
	// One query for every person of every conversation: the case page costs
	// the same number of queries however many conversations the case has.
	var pids []int64
	for _, r := range rows {
		pids = conversationPersons(pids, r, byConv[r.ID])
	}
	people, err := persons(q, pids...)
	if err != nil {
		return nil, translate("conversation persons", err)
	}
	out := make([]caseflow.Conversation, 0, len(rows))
	for _, r := range rows {
		c, err := conversationOf(r, byConv[r.ID], people)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// UpdateConversation autosaves a draft of case ref, by user by, if version
// is still current.
func (db *DB) UpdateConversation(ctx context.Context, ref CaseRef, id, version, by int64, u caseflow.ConversationUpdate, log AuditFunc) (int64, error) {
	var newVersion int64
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if _, err := caseOpen(tx, ref); err != nil {
			return err
		}
		var row conversationRow
		if err := tx.Where("id = ? AND case_id = ?", id, ref.id).Take(&row).Error; err != nil {
			return err
		}
		if row.Status == string(caseflow.Final) {
			return caseflow.ErrFinalized
		}
		if row.Version != version {
			return ErrStale
		}
		if u.HeldOn != nil {
			row.HeldOn = *u.HeldOn
		}
		if u.Kind != nil {
			row.Kind = string(*u.Kind)
		}
		if u.Location != nil {
			row.Location = *u.Location
		}
		if u.Participants != nil {
			p, err := encodeJSON(orEmptyParticipants(*u.Participants))
			if err != nil {
				return err
			}
			row.Participants = p
		}
		if u.Sections != nil {
			u.Sections.Normalize()
			s, err := encodeJSON(u.Sections)
			if err != nil {
				return err
			}
			row.Sections = s
		}
		row.Version++
		row.UpdatedAt = db.now()
		row.UpdatedBy = &by
		if err := saveVersioned(tx, &row, id, version, "held_on", "kind", "location", "participants", "sections", "version", "updated_at", "updated_by"); err != nil {
			return err
		}
		newVersion = row.Version
		return db.insertAudit(tx, log(id))
	})
	return newVersion, translate(fmt.Sprintf("update conversation[%d]", id), err)
}

// FinalizeConversation makes a draft read-only and carries its content into
// the case: goals, strengths, sensitivities and needs become case items,
// goal updates are applied, domain scores join the history, chosen options
// become plan items (once per option), and the case's first-conversation and
// follow-up dates and status move on. An empty conversation, or one with
// half-filled rows, is refused with a 422 (caseflow.Ready).
func (db *DB) FinalizeConversation(ctx context.Context, ref CaseRef, id, version, by int64, log AuditFunc) error {
	return translate(fmt.Sprintf("finalize conversation[%d]", id), db.tx(ctx, func(tx *gorm.DB) error {
		c, err := caseOpen(tx, ref)
		if err != nil {
			return err
		}
		var row conversationRow
		if err := tx.Where("id = ? AND case_id = ?", id, ref.id).Take(&row).Error; err != nil {
			return err
		}
		if row.Status == string(caseflow.Final) {
			return caseflow.ErrFinalized
		}
		if version >= 0 && row.Version != version {
			return ErrStale
		}
		var s caseflow.Sections
		if err := json.Unmarshal([]byte(row.Sections), &s); err != nil {
			return fmt.Errorf("decode sections: %w", err)
		}
		now := db.now()
		have, err := planKeys(tx, ref)
		if err != nil {
			return err
		}
		change, err := caseflow.Finalize(caseflow.CaseState{Status: caseflow.Status(c.Status), FirstConversationOn: c.FirstConversationOn, Plan: have}, row.HeldOn, s)
		if err != nil {
			return err
		}
		s = change.Sections
		secJSON, err := encodeJSON(s)
		if err != nil {
			return err
		}
		goalIDs, err := carryIntoCase(tx, row, c, s, now)
		if err != nil {
			return err
		}
		if err := planChosen(tx, ref, c, by, change.Plan, goalIDs, now); err != nil {
			return err
		}
		res := tx.Model(&conversationRow{}).Where("id = ? AND version = ?", id, row.Version).
			Updates(map[string]any{"status": caseflow.Final, "sections": secJSON, "finalized_at": now, "finalized_by": by, "updated_by": by, "version": row.Version + 1, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrStale
		}
		caseUpdate := map[string]any{"status": change.Status, "version": c.Version + 1, "updated_at": now}
		if change.FirstConversationOn != nil {
			caseUpdate["first_conversation_on"] = *change.FirstConversationOn
			var b bumps
			if change.PreviousFirst != nil {
				b.firstConversation(c.RegionID, c.SignalledAt, *change.PreviousFirst, -1)
			}
			b.firstConversation(c.RegionID, c.SignalledAt, *change.FirstConversationOn, 1)
			if err := b.apply(tx); err != nil {
				return err
			}
		}
		if change.NextFollowUpOn != nil {
			caseUpdate["next_follow_up_on"] = *change.NextFollowUpOn
		}
		if err := tx.Model(&caseRow{}).Where("id = ?", c.ID).Updates(caseUpdate).Error; err != nil {
			return err
		}
		return db.insertAudit(tx, log(id))
	}))
}

// carryIntoCase applies a finalised conversation's content to its case and
// returns the ids of the goals it created, in the order of s.Goals.
func carryIntoCase(tx *gorm.DB, row conversationRow, c caseRow, s caseflow.Sections, now time.Time) ([]int64, error) {
	domainPtr := func(d *caseflow.Domain) *string {
		if d == nil {
			return nil
		}
		v := string(*d)
		return &v
	}
	goalIDs := make([]int64, 0, len(s.Goals))
	for _, g := range s.Goals {
		gr := goalRow{CaseID: row.CaseID, PracticeID: c.PracticeID, ConversationID: row.ID, Text: g.Text, Domain: domainPtr(g.Domain), Status: string(caseflow.GoalOpen), CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&gr).Error; err != nil {
			return nil, err
		}
		goalIDs = append(goalIDs, gr.ID)
	}
	for _, group := range []struct {
		kind    string
		entries []caseflow.Entry
	}{{"strength", s.Strengths}, {"sensitivity", s.Sensitivities}, {"need", s.Needs}} {
		kind := group.kind
		for _, e := range group.entries {
			if err := tx.Create(&caseItemRow{CaseID: row.CaseID, ConversationID: row.ID, Kind: kind, Text: e.Text, Domain: domainPtr(e.Domain), CreatedAt: now}).Error; err != nil {
				return nil, err
			}
		}
	}
	var b bumps
	for _, gu := range s.GoalUpdates {
		var old goalRow
		if err := tx.Select("id", "status", "updated_at").Where("id = ? AND case_id = ?", gu.GoalID, row.CaseID).Take(&old).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return nil, errs.Invalid(errs.Field("goal_updates", "unknown", fmt.Sprintf("goal %d is not a goal of this case", gu.GoalID)))
			}
			return nil, err
		}
		if err := tx.Model(&goalRow{}).Where("id = ?", old.ID).Updates(map[string]any{"status": gu.Status, "updated_at": now}).Error; err != nil {
			return nil, err
		}
		if old.Status == string(caseflow.GoalReached) {
			b.goalReached(c.RegionID, old.UpdatedAt, -1)
		}
		if gu.Status == caseflow.GoalReached {
			b.goalReached(c.RegionID, now, 1)
		}
	}
	if err := b.apply(tx); err != nil {
		return nil, err
	}
	for _, d := range caseflow.Domains {
		if e, ok := s.Domains[d]; ok && e.Score != nil {
			if err := tx.Create(&domainScoreRow{CaseID: row.CaseID, ConversationID: row.ID, HeldOn: row.HeldOn, Domain: string(d), Score: *e.Score}).Error; err != nil {
				return nil, err
			}
		}
	}
	return goalIDs, nil
}

// DiscardDraft removes a draft conversation of case ref that is no longer
// wanted (started by mistake, or empty). A finalised conversation stays in the
// record: 409.
func (db *DB) DiscardDraft(ctx context.Context, ref CaseRef, id int64, log AuditFunc) error {
	return translate(fmt.Sprintf("discard conversation[%d]", id), db.tx(ctx, func(tx *gorm.DB) error {
		if _, err := caseOpen(tx, ref); err != nil {
			return err
		}
		var row conversationRow
		if err := tx.Select("id", "status").Where("id = ? AND case_id = ?", id, ref.id).Take(&row).Error; err != nil {
			return err
		}
		if row.Status == string(caseflow.Final) {
			return caseflow.ErrDiscardFinal
		}
		res := tx.Where("id = ? AND case_id = ? AND status = ?", id, ref.id, string(caseflow.Draft)).Delete(&conversationRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrStale
		}
		return db.insertAudit(tx, log(id))
	}))
}

// AddAddendum appends a correction to a finalised conversation of case ref.
func (db *DB) AddAddendum(ctx context.Context, ref CaseRef, id, by int64, text string, log AuditFunc) error {
	return translate("add addendum", db.tx(ctx, func(tx *gorm.DB) error {
		if _, err := caseOpen(tx, ref); err != nil {
			return err
		}
		var row conversationRow
		if err := tx.Select("id", "status").Where("id = ? AND case_id = ?", id, ref.id).Take(&row).Error; err != nil {
			return err
		}
		if row.Status != string(caseflow.Final) {
			return caseflow.ErrNotFinal
		}
		a := addendumRow{ConversationID: id, Text: text, AuthorID: by, CreatedAt: db.now()}
		if err := tx.Create(&a).Error; err != nil {
			return err
		}
		return db.insertAudit(tx, log(id))
	}))
}
