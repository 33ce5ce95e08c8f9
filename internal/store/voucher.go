package store

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/voucher"
)

type voucherRow struct {
	ID         int64 `gorm:"primaryKey"`
	RegionID   int64
	PracticeID int64
	CodeHash   string
	IssuedBy   int64
	IssuedAt   time.Time
	ExpiresAt  time.Time
	UsedAt     *time.Time
	CaseID     *int64
}

func (voucherRow) TableName() string { return "vouchers" }

func (r voucherRow) domain() voucher.Voucher {
	return voucher.Voucher{ID: r.ID, PracticeID: r.PracticeID, IssuedAt: r.IssuedAt, ExpiresAt: r.ExpiresAt, UsedAt: r.UsedAt}
}

// NewVoucher is a validated request for a code at the issuer's own location.
type NewVoucher struct {
	voucher.Issue
	RegionID, PracticeID, IssuedBy int64
}

// CreateVoucher makes a fresh single-use code for in's location and stores
// its hash; the code is in the answer only.
func (db *DB) CreateVoucher(ctx context.Context, in NewVoucher, log AuditFunc) (voucher.Issued, error) {
	code, err := voucher.NewCode()
	if err != nil {
		return voucher.Issued{}, err
	}
	now := db.now()
	row := voucherRow{RegionID: in.RegionID, PracticeID: in.PracticeID, CodeHash: voucher.Hash(code), IssuedBy: in.IssuedBy,
		IssuedAt: now, ExpiresAt: now.Add(time.Duration(in.Days()) * 24 * time.Hour)}
	err = db.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return db.insertAudit(tx, log(row.ID))
	})
	if err != nil {
		return voucher.Issued{}, translate("create voucher", err)
	}
	return voucher.Issued{Voucher: row.domain(), Code: code}, nil
}

// Redeemed is the case a voucher started, with its tenancy for the access log.
type Redeemed struct {
	CaseID, VoucherID, RegionID, PracticeID int64
}

// RedeemAudit returns the access-log rows of a redeemed voucher.
type RedeemAudit func(Redeemed) []audit.Entry

// RedeemVoucher spends the code of in and starts a case at the voucher's
// location: signalled, source self_referral, intention none, signalled by
// the staff member who issued the code. Spending is one conditional UPDATE,
// so of two concurrent uses exactly one wins; an unknown, spent or expired
// code is voucher.ErrInvalidCode, the same answer for all three.
func (db *DB) RedeemVoucher(ctx context.Context, in voucher.Redeem, log RedeemAudit) (Redeemed, error) {
	var out Redeemed
	err := db.tx(ctx, func(tx *gorm.DB) error {
		now := db.now()
		hash := voucher.Hash(in.Code)
		res := tx.Model(&voucherRow{}).Where("code_hash = ? AND used_at IS NULL AND expires_at > ?", hash, now).Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return voucher.ErrInvalidCode
		}
		var v voucherRow
		if err := tx.Where("code_hash = ?", hash).Take(&v).Error; err != nil {
			return err
		}
		out = Redeemed{VoucherID: v.ID, RegionID: v.RegionID, PracticeID: v.PracticeID}
		id, err := db.createCase(tx, NewCase{
			Create:   caseflow.Create{Label: in.Label, BirthYear: in.BirthYear, Question: in.Question, ReferralIntention: caseflow.IntentionNone, SignalledAt: &now},
			RegionID: v.RegionID, PracticeID: v.PracticeID, SignalledBy: v.IssuedBy, Source: caseflow.SourceSelfReferral,
		}, func(id int64) []audit.Entry { out.CaseID = id; return log(out) })
		if err != nil {
			return err
		}
		return tx.Model(&voucherRow{}).Where("id = ?", v.ID).Update("case_id", id).Error
	})
	if errors.Is(err, voucher.ErrInvalidCode) {
		return Redeemed{}, voucher.ErrInvalidCode
	}
	return out, translate("redeem voucher", err)
}
