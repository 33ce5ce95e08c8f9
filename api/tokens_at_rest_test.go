package api_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestTokensAreHashedAtRest: no column of any row of the calendar feeds,
// the vouchers or the resident links holds the token or code the caller was
// shown, nor its canonical spelling (a voucher code without dashes).
func TestTokensAreHashedAtRest(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", nil, true)
	secrets := map[string]string{
		"calendar_feeds": e.feedToken(false),
		"vouchers":       e.voucher("poh@hoi.example"),
		"resident_links": e.residentLink(f.poh, f.id),
	}
	_, db := e.db.SQLDBs()
	for table, secret := range secrets {
		t.Run(table, func(t *testing.T) {
			rows, err := db.Query("SELECT * FROM " + table)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			cols, _ := rows.Columns()
			forms := []string{secret, strings.ReplaceAll(secret, "-", ""), strings.ToLower(strings.ReplaceAll(secret, "-", ""))}
			n := 0
			for rows.Next() {
				n++
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				for i, v := range vals {
					var s string
					switch x := v.(type) {
					case []byte:
						s = string(x)
					default:
						s = fmt.Sprint(x)
					}
					for _, form := range forms {
						if len(form) >= 8 && strings.Contains(s, form) {
							t.Errorf("%s.%s holds the token in the clear", table, cols[i])
						}
					}
				}
			}
			if n == 0 {
				t.Errorf("%s has no rows: the check checked nothing", table)
			}
		})
	}
}
