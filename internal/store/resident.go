package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/resident"
)

// This file is the store of the resident's own part: links, resident
// sessions, the self-check and the resident's feedback on plan items. The
// link and session methods are the resident's authentication (they touch no
// case data and take no CaseRef); everything else takes the CaseRef a gate
// made, like every case-data method.

type residentLinkRow struct {
	ID            int64 `gorm:"primaryKey"`
	CaseID        int64
	TokenHash     string
	CreatedBy     int64
	CreatedAt     time.Time
	ExpiresAt     time.Time
	RevokedAt     *time.Time
	RevokedReason *string
	FailedChecks  int
	LastUsedAt    *time.Time
}

func (residentLinkRow) TableName() string { return "resident_links" }

func (r residentLinkRow) domain() resident.Link {
	return resident.Link{ID: r.ID, CreatedAt: r.CreatedAt, ExpiresAt: r.ExpiresAt, RevokedAt: r.RevokedAt,
		RevokedReason: r.RevokedReason, FailedChecks: r.FailedChecks, LastUsedAt: r.LastUsedAt}
}

type residentSessionRow struct {
	ID         int64 `gorm:"primaryKey"`
	TokenHash  string
	LinkID     int64
	CaseID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	EndedAt    *time.Time
}

func (residentSessionRow) TableName() string { return "resident_sessions" }

type selfCheckRow struct {
	CaseID      int64 `gorm:"primaryKey;autoIncrement:false"`
	Scores      string
	TalkAbout   string
	Story       string
	Needs       string
	Network     string
	Version     int64
	UpdatedAt   time.Time
	SubmittedAt *time.Time
}

func (selfCheckRow) TableName() string { return "self_checks" }

type planFeedbackRow struct {
	ID         int64 `gorm:"primaryKey"`
	CaseID     int64
	PlanItemID int64
	Rating     string
	Words      string
	At         time.Time
}

func (planFeedbackRow) TableName() string { return "plan_feedback" }

// revokeLinks revokes every live link of case id, and ends their sessions.
func revokeLinks(tx *gorm.DB, caseID int64, reason string, now time.Time) error {
	if err := tx.Model(&residentLinkRow{}).Where("case_id = ? AND revoked_at IS NULL", caseID).
		Updates(map[string]any{"revoked_at": now, "revoked_reason": reason}).Error; err != nil {
		return err
	}
	return tx.Model(&residentSessionRow{}).Where("case_id = ? AND ended_at IS NULL", caseID).Update("ended_at", now).Error
}

// CreateResidentLink stores a new link of case ref (only the token's hash),
// revoking any earlier one and its sessions: one case has one live link. The
// case must still take writes.
func (db *DB) CreateResidentLink(ctx context.Context, ref CaseRef, by int64, tokenHash string, expires time.Time, log AuditFunc) (resident.Link, error) {
	var out residentLinkRow
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if _, err := caseOpen(tx, ref); err != nil {
			return err
		}
		now := db.now()
		if err := revokeLinks(tx, ref.id, resident.RevokedReplaced, now); err != nil {
			return err
		}
		out = residentLinkRow{CaseID: ref.id, TokenHash: tokenHash, CreatedBy: by, CreatedAt: now, ExpiresAt: expires.UTC()}
		if err := tx.Create(&out).Error; err != nil {
			return err
		}
		return db.insertAudit(tx, log(out.ID))
	})
	return out.domain(), translate(fmt.Sprintf("create resident link case[%d]", ref.id), err)
}

// RevokeResidentLink revokes the live link of case ref and ends its sessions;
// without a live link it is errs.ErrNotFound.
func (db *DB) RevokeResidentLink(ctx context.Context, ref CaseRef, log AuditFunc) error {
	return translate(fmt.Sprintf("revoke resident link case[%d]", ref.id), db.tx(ctx, func(tx *gorm.DB) error {
		if err := ref.check(); err != nil {
			return err
		}
		var live residentLinkRow
		if err := tx.Where("case_id = ? AND revoked_at IS NULL", ref.id).Order("id DESC").Take(&live).Error; err != nil {
			return err
		}
		if err := revokeLinks(tx, ref.id, resident.RevokedByStaff, db.now()); err != nil {
			return err
		}
		return db.insertAudit(tx, log(live.ID))
	}))
}

// ResidentLink is the newest link of case ref, live or not; a case that
// never had one is errs.ErrNotFound.
func (db *DB) ResidentLink(ctx context.Context, ref CaseRef) (resident.Link, error) {
	if err := ref.check(); err != nil {
		return resident.Link{}, err
	}
	var row residentLinkRow
	err := db.r.WithContext(ctx).Where("case_id = ?", ref.id).Order("id DESC").Take(&row).Error
	return row.domain(), translate(fmt.Sprintf("resident link case[%d]", ref.id), err)
}

// ResidentCheck is the answer to a resident's second check.
type ResidentCheck int

// The answers of CheckResidentLink.
const (
	CheckOK ResidentCheck = iota
	CheckUnknown
	CheckExpired
	CheckRevoked
	CheckWrongYear
	// CheckNowRevoked is the wrong year that used up the last attempt.
	CheckNowRevoked
)

// ResidentGrant is what a resident session is scoped to.
type ResidentGrant struct {
	SessionID, LinkID, CaseID, RegionID, PracticeID int64
	// AttemptsLeft is, after a wrong birth year, how many more the link takes.
	AttemptsLeft int
}

// CheckResidentLink takes one second check on the link of tokenHash: an
// unknown, expired or revoked link says so; a wrong birth year counts, and
// the max-th revokes the link; the right one opens a resident session whose
// token hash is sessionHash. It touches no case data but the birth year,
// which it only compares.
func (db *DB) CheckResidentLink(ctx context.Context, tokenHash string, birthYear int, sessionHash string, max int) (ResidentCheck, ResidentGrant, error) {
	var res ResidentCheck
	var grant ResidentGrant
	err := db.tx(ctx, func(tx *gorm.DB) error {
		var l residentLinkRow
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("token_hash = ?", tokenHash).Take(&l).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				res = CheckUnknown
				return nil
			}
			return err
		}
		now := db.now()
		switch {
		case l.RevokedAt != nil:
			res = CheckRevoked
			return nil
		case !now.Before(l.ExpiresAt):
			res = CheckExpired
			return nil
		}
		var c caseRow
		if err := tx.Select("id", "region_id", "practice_id", "birth_year", "erased_at").Take(&c, l.CaseID).Error; err != nil {
			return err
		}
		if c.ErasedAt != nil {
			res = CheckRevoked
			return nil
		}
		if c.BirthYear != birthYear {
			l.FailedChecks++
			set := map[string]any{"failed_checks": l.FailedChecks}
			res, grant.AttemptsLeft = CheckWrongYear, max-l.FailedChecks
			if l.FailedChecks >= max {
				set["revoked_at"], set["revoked_reason"] = now, resident.RevokedByAttempts
				res = CheckNowRevoked
			}
			return tx.Model(&residentLinkRow{}).Where("id = ?", l.ID).Updates(set).Error
		}
		if err := tx.Model(&residentLinkRow{}).Where("id = ?", l.ID).Update("last_used_at", now).Error; err != nil {
			return err
		}
		s := residentSessionRow{TokenHash: sessionHash, LinkID: l.ID, CaseID: l.CaseID, CreatedAt: now, LastSeenAt: now}
		if err := tx.Create(&s).Error; err != nil {
			return err
		}
		res, grant = CheckOK, ResidentGrant{SessionID: s.ID, LinkID: l.ID, CaseID: c.ID, RegionID: c.RegionID, PracticeID: c.PracticeID}
		return nil
	})
	return res, grant, translate("check resident link", err)
}

// ResidentSession finds the live resident session of tokenHash at now: its
// link still live, not idle for longer than idle, not older than max. It
// records activity at most once a minute. An ended one is errs.ErrNotFound.
func (db *DB) ResidentSession(ctx context.Context, tokenHash string, now time.Time, idle, max time.Duration) (ResidentGrant, error) {
	var row struct {
		ID, LinkID, CaseID, RegionID, PracticeID int64
		CreatedAt, LastSeenAt                    time.Time
		EndedAt                                  *time.Time
		LinkRevoked, Erased                      bool
	}
	err := db.r.WithContext(ctx).Raw(`SELECT s.id, s.link_id, s.case_id, c.region_id, c.practice_id, s.created_at, s.last_seen_at, s.ended_at,
		l.revoked_at IS NOT NULL AS link_revoked, c.erased_at IS NOT NULL AS erased
		FROM resident_sessions s JOIN resident_links l ON l.id = s.link_id JOIN cases c ON c.id = s.case_id
		WHERE s.token_hash = ?`, tokenHash).Scan(&row).Error
	if err == nil && row.ID == 0 {
		err = gorm.ErrRecordNotFound
	}
	if err != nil {
		return ResidentGrant{}, translate("resident session", err)
	}
	if row.EndedAt != nil || row.LinkRevoked || row.Erased || now.Sub(row.LastSeenAt) > idle || now.Sub(row.CreatedAt) > max {
		return ResidentGrant{}, fmt.Errorf("resident session: ended: %w", errs.ErrNotFound)
	}
	if now.Sub(row.LastSeenAt) > time.Minute {
		if err := db.tx(ctx, func(tx *gorm.DB) error {
			return tx.Model(&residentSessionRow{}).Where("id = ?", row.ID).Update("last_seen_at", now).Error
		}); err != nil {
			return ResidentGrant{}, translate("touch resident session", err)
		}
	}
	return ResidentGrant{SessionID: row.ID, LinkID: row.LinkID, CaseID: row.CaseID, RegionID: row.RegionID, PracticeID: row.PracticeID}, nil
}

// EndResidentSession ends the resident session of tokenHash (logout); an
// unknown one is no error.
func (db *DB) EndResidentSession(ctx context.Context, tokenHash string) error {
	return translate("end resident session", db.tx(ctx, func(tx *gorm.DB) error {
		return tx.Model(&residentSessionRow{}).Where("token_hash = ? AND ended_at IS NULL", tokenHash).Update("ended_at", db.now()).Error
	}))
}

func (r selfCheckRow) domain() (resident.SelfCheck, error) {
	out := resident.Empty()
	if err := json.Unmarshal([]byte(r.Scores), &out.Scores); err != nil {
		return out, fmt.Errorf("decode self-check scores: %w", err)
	}
	if err := json.Unmarshal([]byte(r.TalkAbout), &out.TalkAbout); err != nil {
		return out, fmt.Errorf("decode self-check talk_about: %w", err)
	}
	out.Story, out.Needs, out.Network, out.Version = r.Story, r.Needs, r.Network, r.Version
	at := r.UpdatedAt
	out.UpdatedAt, out.SubmittedAt = &at, r.SubmittedAt
	if r.SubmittedAt != nil {
		out.Status = resident.SelfCheckSubmitted
	}
	return out, nil
}

// SelfCheck is the self-check of case ref; before the resident began it is
// the empty draft.
func (db *DB) SelfCheck(ctx context.Context, ref CaseRef) (resident.SelfCheck, error) {
	if err := ref.check(); err != nil {
		return resident.SelfCheck{}, err
	}
	var row selfCheckRow
	err := db.r.WithContext(ctx).Where("case_id = ?", ref.id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return resident.Empty(), nil
	}
	if err != nil {
		return resident.SelfCheck{}, translate("self-check", err)
	}
	return row.domain()
}

// ErrSelfCheckSubmitted refuses a change after the resident submitted.
var ErrSelfCheckSubmitted = errs.New(errs.ErrConflict, "the self-check has been sent and can no longer be changed")

// SaveSelfCheck stores the draft of case ref; submit also submits it, after
// which it is read-only. The case must still take writes.
func (db *DB) SaveSelfCheck(ctx context.Context, ref CaseRef, in *resident.SelfCheckInput, submit bool, log AuditFunc) (resident.SelfCheck, error) {
	var out resident.SelfCheck
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if _, err := caseOpen(tx, ref); err != nil {
			return err
		}
		var row selfCheckRow
		err := tx.Where("case_id = ?", ref.id).Take(&row).Error
		isNew := errors.Is(err, gorm.ErrRecordNotFound)
		if err != nil && !isNew {
			return err
		}
		if row.SubmittedAt != nil {
			return ErrSelfCheckSubmitted
		}
		now := db.now()
		if in != nil && in.At != nil {
			now = in.At.UTC()
		}
		if isNew {
			row = selfCheckRow{CaseID: ref.id, Scores: "{}", TalkAbout: "[]"}
		}
		if in != nil {
			sc, _ := json.Marshal(in.Scores)
			ta, _ := json.Marshal(in.TalkAbout)
			row.Scores, row.TalkAbout, row.Story, row.Needs, row.Network = string(sc), string(ta), in.Story, in.Needs, in.Network
		}
		if submit {
			cur, err := row.domain()
			if err != nil {
				return err
			}
			if err := cur.Submittable(); err != nil {
				return err
			}
			row.SubmittedAt = &now
		}
		row.Version++
		row.UpdatedAt = now
		if err := tx.Save(&row).Error; err != nil {
			return err
		}
		if out, err = row.domain(); err != nil {
			return err
		}
		return db.insertAudit(tx, log(ref.id))
	})
	if errors.Is(err, ErrSelfCheckSubmitted) {
		return out, err
	}
	return out, translate(fmt.Sprintf("save self-check case[%d]", ref.id), err)
}

// AddPlanFeedback records the resident's "does it help?" on plan item id of
// case ref (a plan item of another case is not found).
func (db *DB) AddPlanFeedback(ctx context.Context, ref CaseRef, id int64, in resident.FeedbackInput, log AuditFunc) (resident.Feedback, error) {
	var row planFeedbackRow
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if _, err := caseOpen(tx, ref); err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&planItemRow{}).Where("id = ? AND case_id = ?", id, ref.id).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return gorm.ErrRecordNotFound
		}
		row = planFeedbackRow{CaseID: ref.id, PlanItemID: id, Rating: string(in.Rating), Words: in.Words, At: db.now()}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return db.insertAudit(tx, log(row.ID))
	})
	return resident.Feedback{ID: row.ID, PlanItemID: id, Rating: resident.Rating(row.Rating), Words: row.Words, At: row.At},
		translate(fmt.Sprintf("plan feedback plan_item[%d]", id), err)
}

// PlanFeedback lists the resident's feedback on the plan of case ref, newest
// first, for the team's follow-up step and the resident's own plan.
func (db *DB) PlanFeedback(ctx context.Context, ref CaseRef) ([]resident.Feedback, error) {
	if err := ref.check(); err != nil {
		return nil, err
	}
	var rows []planFeedbackRow
	if err := db.r.WithContext(ctx).Where("case_id = ?", ref.id).Order("id DESC").Find(&rows).Error; err != nil {
		return nil, translate("plan feedback", err)
	}
	out := make([]resident.Feedback, len(rows))
	for i, r := range rows {
		out[i] = resident.Feedback{ID: r.ID, PlanItemID: r.PlanItemID, Rating: resident.Rating(r.Rating), Words: r.Words, At: r.At}
	}
	return out, nil
}

// RecordResidentConsent is the resident's own consent decision: the same
// case consent field the POH records (so peers' and coaches' access, which
// the scope reads from it, ends at once on a withdrawal), with no staff
// member as its author.
func (db *DB) RecordResidentConsent(ctx context.Context, ref CaseRef, status caseflow.ConsentStatus, log AuditFunc) error {
	return db.changeCase(ctx, ref, -1, func(tx *gorm.DB, row *caseRow) error {
		at := db.now()
		row.ConsentStatus, row.ConsentAt, row.ConsentBy = string(status), &at, nil
		return nil
	}, log)
}

// eraseResidentTx empties the resident's own words of case id and ends
// every link and session: erasure leaves the scores (de-identified) only.
func eraseResidentTx(tx *gorm.DB, id int64, now time.Time) error {
	if err := revokeLinks(tx, id, resident.RevokedByStaff, now); err != nil {
		return err
	}
	if err := tx.Model(&selfCheckRow{}).Where("case_id = ?", id).UpdateColumns(map[string]any{"story": "", "needs": "", "network": ""}).Error; err != nil {
		return err
	}
	return tx.Model(&planFeedbackRow{}).Where("case_id = ?", id).UpdateColumn("words", "").Error
}
