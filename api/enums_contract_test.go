package api_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi/datamodel/high/base"

	"github.com/hoi-app/hoi/internal/appointment"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/catalogue"
	"github.com/hoi-app/hoi/internal/enum"
	"github.com/hoi-app/hoi/internal/policy"
	"github.com/hoi-app/hoi/internal/practice"
	"github.com/hoi-app/hoi/internal/resident"
	"github.com/hoi-app/hoi/internal/user"
	"github.com/hoi-app/hoi/internal/voucher"
	"github.com/hoi-app/hoi/openapi"
)

// contractEnums are the Go lists behind the contract's named enums: each
// list must equal the schema's enum, values and order (the app shows them in
// this order, and generates its own lists from the contract).
var contractEnums = map[string][]string{
	"CaseStatus":           caseflow.Statuses.Strings(),
	"ReferralIntention":    caseflow.Intentions.Strings(),
	"Outcome":              caseflow.Outcomes.Strings(),
	"ConsentStatus":        caseflow.ConsentStatuses.Strings(),
	"LifeDomain":           caseflow.Domains.Strings(),
	"ConversationKind":     caseflow.Kinds.Strings(),
	"ConversationLocation": caseflow.Locations.Strings(),
	"ConversationStatus":   caseflow.ConversationStatuses.Strings(),
	"ParticipantRole":      caseflow.ParticipantRoles.Strings(),
	"GoalStatus":           caseflow.GoalStatuses.Strings(),
	"PlanStatus":           caseflow.PlanStatuses.Strings(),
	"OptionCategory":       catalogue.Categories.Strings(),
	"OptionCost":           catalogue.Costs.Strings(),
	"Role":                 user.Roles.Strings(),
	"PracticeKind":         practice.Kinds.Strings(),
	"CaseSource":           caseflow.Sources.Strings(),
	"Action":               actionStrings(),
	"FeedbackRating":       resident.Ratings.Strings(),
	"ParticipantStatus":    appointment.Statuses.Strings(),
	"AppointmentOutcome":   appointment.Outcomes.Strings(),
	"LoopStatus":           caseflow.LoopStatuses.Strings(),
	"DeclineReason":        caseflow.DeclineReasons.Strings(),
}

// contractSubsets are input fields that accept part of an enum: their oneof
// tag must equal the property's enum in the contract.
var contractSubsets = []struct {
	schema, property string
	input            any
	field            string
}{
	{"CaseUpdate", "status", caseflow.Update{}, "Status"},
	{"ConsentInput", "status", caseflow.ConsentInput{}, "Status"},
}

// inputs are the request bodies whose enum fields validation must cover.
var inputs = []any{
	caseflow.Create{}, caseflow.Update{}, caseflow.ConsentInput{}, caseflow.CloseInput{},
	caseflow.ConversationCreate{}, caseflow.ConversationUpdate{}, caseflow.PlanCreate{}, caseflow.PlanUpdate{}, caseflow.LoopStepInput{},
	catalogue.Create{}, catalogue.Update{}, user.Create{}, user.Update{},
	practice.Create{}, voucher.Issue{}, voucher.Redeem{},
	appointment.Create{}, appointment.Update{}, appointment.Response{},
}

func actionStrings() []string {
	var out []string
	for _, a := range policy.Actions() {
		out = append(out, string(a))
	}
	return out
}

func contractSchemas(t *testing.T) map[string]*base.Schema {
	t.Helper()
	doc, err := libopenapi.NewDocument(openapi.Spec)
	if err != nil {
		t.Fatal(err)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*base.Schema{}
	for name, proxy := range model.Model.Components.Schemas.FromOldest() {
		out[name] = proxy.Schema()
	}
	return out
}

func enumValues(s *base.Schema) []string {
	var out []string
	for _, n := range s.Enum {
		out = append(out, n.Value)
	}
	return out
}

// TestEnumsMatchTheContract makes drift between the Go enums and
// openapi.yaml impossible: every named enum of the contract has its Go list,
// with the same values in the same order, and the inputs that take part of
// an enum say so in the same words as the contract.
func TestEnumsMatchTheContract(t *testing.T) {
	schemas := contractSchemas(t)
	for name, want := range contractEnums {
		s, ok := schemas[name]
		if !ok {
			t.Errorf("%s: no such schema in openapi.yaml", name)
			continue
		}
		if got := enumValues(s); !slices.Equal(got, want) {
			t.Errorf("%s: openapi.yaml has %v, Go has %v", name, got, want)
		}
	}
	for name, s := range schemas {
		if len(s.Enum) > 0 && contractEnums[name] == nil {
			t.Errorf("%s: an enum of openapi.yaml without its Go list in contractEnums", name)
		}
	}
	for _, sub := range contractSubsets {
		f, _ := reflect.TypeOf(sub.input).FieldByName(sub.field)
		got := oneof(f)
		prop, ok := schemas[sub.schema].Properties.Get(sub.property)
		if !ok {
			t.Errorf("%s.%s: no such property in openapi.yaml", sub.schema, sub.property)
			continue
		}
		if want := enumValues(prop.Schema()); !slices.Equal(got, want) {
			t.Errorf("%s.%s: openapi.yaml has %v, the oneof tag of %T.%s has %v", sub.schema, sub.property, want, sub.input, sub.field, got)
		}
	}
}

// TestEveryEnumInputIsValidated walks the request bodies: a field of an enum
// type is validated either with validate:"enum" (every value) or with a
// oneof tag of valid values (part of them), and validate:"enum" is only on
// enum types.
func TestEveryEnumInputIsValidated(t *testing.T) {
	enumType := reflect.TypeFor[enum.Enum]()
	seen := map[reflect.Type]bool{}
	var walk func(path string, typ reflect.Type)
	walk = func(path string, typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] {
			return
		}
		seen[typ] = true
		for i := range typ.NumField() {
			f := typ.Field(i)
			name := path + "." + f.Name
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			tags := strings.Split(f.Tag.Get("validate"), ",")
			isEnum := ft.Implements(enumType)
			switch {
			case slices.Contains(tags, "enum") && !isEnum:
				t.Errorf("%s: validate:\"enum\" on %s, which is no enum type", name, ft)
			case isEnum && !slices.Contains(tags, "enum") && oneof(f) == nil:
				t.Errorf("%s: an enum field without validate:\"enum\" (or a oneof of part of it)", name)
			case isEnum && oneof(f) != nil:
				e := reflect.Zero(ft).Interface().(enum.Enum)
				for _, v := range oneof(f) {
					if !slices.Contains(e.Values(), v) {
						t.Errorf("%s: oneof value %q is not a %s", name, v, ft)
					}
				}
			}
			walk(name, f.Type)
		}
	}
	for _, in := range inputs {
		walk(reflect.TypeOf(in).String(), reflect.TypeOf(in))
	}
	if !seen[reflect.TypeFor[caseflow.ConsideredOption]()] {
		t.Error("the walk did not reach the conversation sections")
	}
}

func oneof(f reflect.StructField) []string {
	for _, tag := range strings.Split(f.Tag.Get("validate"), ",") {
		if v, ok := strings.CutPrefix(tag, "oneof="); ok {
			return strings.Fields(v)
		}
	}
	return nil
}
