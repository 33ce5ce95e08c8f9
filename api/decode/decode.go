// Package decode reads request bodies the strict way HOI needs: unknown
// fields refused (with a clear answer for diagnosis and BSN fields),
// duplicate keys, invalid UTF-8 and absurd nesting refused, and validation
// failures mapped to JSON field names. It has no HTTP dependencies, so it can
// be fuzzed on its own.
package decode

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"

	"github.com/hoi-app/hoi/internal/enum"
	"github.com/hoi-app/hoi/internal/errs"
)

// Field codes with their own problem types.
const (
	CodeUnknownField = "unknown_field"
	CodeNoDiagnosis  = "no_diagnosis"
	CodeNoBSN        = "no_bsn"
)

// forbiddenField explains why HOI refuses fields it must never store.
func forbiddenField(name string) (errs.FieldError, bool) {
	n := strings.ToLower(name)
	switch {
	case strings.Contains(n, "diagnos"), strings.HasPrefix(n, "dsm"), strings.HasPrefix(n, "icd"):
		return errs.Field(name, CodeNoDiagnosis, "HOI records no diagnoses (no DSM or ICD codes): describe what the resident says, in their own words"), true
	case strings.Contains(n, "bsn"), strings.Contains(n, "burgerservice"), strings.Contains(n, "citizen_service"):
		return errs.Field(name, CodeNoBSN, "HOI records no BSN (citizen service number): use the practice's own patient reference instead"), true
	}
	return errs.FieldError{}, false
}

var validate = func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	// validate:"enum" accepts exactly the values of the field's enum type
	// (caseflow.Status, catalogue.Category, …), so that the lists live with
	// the types and not in the tags.
	if err := v.RegisterValidation("enum", func(fl validator.FieldLevel) bool {
		e, ok := fl.Field().Interface().(enum.Enum)
		return ok && e.Valid()
	}); err != nil {
		panic(err)
	}
	return v
}()

// Strict decodes body into dst: one JSON object, nothing unknown, nothing after it.
func Strict(body []byte, dst any) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return errs.New(errs.ErrInvalid, "the request body is empty; send a JSON object")
	}
	if bytes.Equal(trimmed, []byte("null")) {
		// encoding/json leaves dst as it is for null: it would pass as {}.
		return errs.New(errs.ErrInvalid, "the body must be a JSON object")
	}
	if !utf8.Valid(body) {
		return errs.New(errs.ErrInvalid, "the request body is not valid UTF-8")
	}
	if err := checkStructure(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(body, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errs.New(errs.ErrInvalid, "unexpected data after the JSON object at %s", position(body, dec.InputOffset()))
	}
	return nil
}

// Text refuses, in a JSON document that is not decoded strictly (an HSDS
// import, with its own parser), what no text column can hold: invalid UTF-8
// (encoding/json would turn it into U+FFFD unasked) and U+0000 in any string.
// It names the whole body; the byte offset says where.
func Text(body []byte) error {
	if !utf8.Valid(body) {
		return errs.Invalid(errs.Field("body", "utf8", "is not valid UTF-8"))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil // syntax errors are the parser's to report
		}
		if s, ok := tok.(string); ok && strings.ContainsRune(s, 0) {
			return errs.Invalid(errs.Field("body", CodeNUL, fmt.Sprintf("must not contain the NUL character (U+0000); one is before byte %d", dec.InputOffset())))
		}
	}
}

// MaxDepth bounds the nesting of request documents; HOI's deepest request
// (a conversation's sections) nests four levels.
const MaxDepth = 16

// CodeDuplicateCase is the field code of a key that differs from another key
// of the same object only in letter case.
const CodeDuplicateCase = "duplicate_case"

// checkStructure walks the JSON tokens once to refuse what encoding/json
// would silently accept: duplicate keys (the last would win, so two clients
// could read one document differently), keys that differ only in letter case
// (encoding/json matches field names without regard to case, so
// {"label":"A","LABEL":"B"} would store "B") and absurd nesting.
func checkStructure(body []byte) error {
	type frame struct {
		object  bool
		wantKey bool
		keys    map[string]string // folded key → the key as sent
		path    string
		index   int // of the next element, in an array
	}
	var stack []*frame
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	lastKey := ""
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil // syntax errors are reported, with their position, by the decoder
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				path := ""
				if top != nil {
					path = top.path
					if top.object {
						top.wantKey = true
						path = joinPath(path, lastKey)
					} else {
						path = indexPath(path, top.index)
						top.index++
					}
				}
				if len(stack) >= MaxDepth {
					return errs.New(errs.ErrInvalid, "the request body nests deeper than %d levels", MaxDepth)
				}
				stack = append(stack, &frame{object: d == '{', wantKey: true, keys: map[string]string{}, path: path})
			default:
				stack = stack[:len(stack)-1]
				if len(stack) == 0 {
					return nil
				}
			}
			continue
		}
		if top == nil {
			continue
		}
		if !top.object {
			if err := checkText(tok, indexPath(top.path, top.index)); err != nil {
				return err
			}
			top.index++
			continue
		}
		if top.wantKey {
			key, _ := tok.(string)
			if err := checkText(key, joinPath(top.path, key)); err != nil {
				return err
			}
			folded := foldKey(key)
			if first, seen := top.keys[folded]; seen {
				if first == key {
					return errs.Invalid(errs.Field(joinPath(top.path, key), "duplicate", "appears more than once in the same object"))
				}
				return errs.Invalid(errs.Field(joinPath(top.path, key), CodeDuplicateCase, fmt.Sprintf(
					"differs from %q only in letter case; field names are matched without regard to case, so send the field once, spelled as in the contract", joinPath(top.path, first))))
			}
			top.keys[folded] = key
			top.wantKey = false
			lastKey = key
		} else {
			if err := checkText(tok, joinPath(top.path, lastKey)); err != nil {
				return err
			}
			top.wantKey = true
		}
	}
}

// foldKey folds a key the way encoding/json matches field names (as
// bytes.EqualFold does: ASCII case and Unicode simple folding, so "ſtatus"
// and "status" are one name), so that two keys fold alike exactly when the
// decoder would store both into the same field.
func foldKey(key string) string {
	b := make([]rune, 0, len(key))
	for _, r := range key {
		for {
			next := unicode.SimpleFold(r)
			if next <= r {
				r = next
				break
			}
			r = next
		}
		b = append(b, r)
	}
	return string(b)
}

// CodeNUL is the field code of a text holding the NUL character.
const CodeNUL = "nul"

// checkText refuses a string token holding U+0000: valid JSON, but no text
// PostgreSQL can store or compare, and never anything a person typed.
func checkText(tok json.Token, path string) error {
	if s, ok := tok.(string); ok && strings.ContainsRune(s, 0) {
		return errs.Invalid(errs.Field(path, CodeNUL, "must not contain the NUL character (U+0000)"))
	}
	return nil
}

func indexPath(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func jsonError(body []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return errs.New(errs.ErrInvalid, "malformed JSON at %s: %s", position(body, syn.Offset), syn.Error())
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return errs.New(errs.ErrInvalid, "the body must be a JSON object")
		}
		return errs.Invalid(errs.Field(field, "type", "must be "+jsonKind(typ.Type)))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errs.New(errs.ErrInvalid, "malformed JSON: the body ends before the JSON value is complete")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		if fe, ok := forbiddenField(name); ok {
			return errs.Invalid(fe)
		}
		return errs.Invalid(errs.Field(name, CodeUnknownField, "unknown field: it is not part of this request"))
	}
	return errs.New(errs.ErrInvalid, "malformed JSON: %s", err.Error())
}

// position renders a byte offset as line and column for a human.
func position(body []byte, offset int64) string {
	if offset > int64(len(body)) {
		offset = int64(len(body))
	}
	line, col := 1, 1
	for _, b := range body[:offset] {
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("line %d, column %d (byte %d)", line, col, offset)
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number in range"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		if t.String() == "time.Time" {
			return "an RFC 3339 date-time"
		}
		return "an object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "of type " + t.String()
}

// Struct runs the validate tags and maps failures to JSON field names.
func Struct(v any) error {
	err := validate.Struct(v)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return fmt.Errorf("validate: %w", err)
	}
	fields := make([]errs.FieldError, 0, len(ves))
	for _, fe := range ves {
		code := fe.Tag()
		if code == "enum" {
			code = "oneof" // the code clients know, from before the lists left the tags
		}
		fields = append(fields, errs.Field(fieldPath(fe), code, message(fe)))
	}
	return errs.Invalid(fields...)
}

// fieldPath drops the top-level struct name: "Create.practice_id" → "practice_id".
func fieldPath(fe validator.FieldError) string {
	ns := fe.Namespace()
	if i := strings.IndexByte(ns, '.'); i >= 0 {
		return ns[i+1:]
	}
	return ns
}

func message(fe validator.FieldError) string {
	p := fe.Param()
	isText := fe.Kind() == reflect.String
	switch fe.Tag() {
	case "required":
		return "is required"
	case "email":
		return "must be a valid email address"
	case "oneof":
		return "must be one of: " + strings.ReplaceAll(p, " ", ", ")
	case "enum":
		if e, ok := fe.Value().(enum.Enum); ok {
			return "must be one of: " + strings.Join(e.Values(), ", ")
		}
	case "max":
		if isText {
			return "must be at most " + p + " characters"
		}
		return "must be at most " + p
	case "min":
		if isText {
			return "must be at least " + p + " characters"
		}
		return "must be at least " + p
	case "len":
		return "must be exactly " + p + " characters"
	case "gt":
		return "must be greater than " + p
	case "gte":
		return "must be at least " + p
	case "lte":
		return "must be at most " + p
	case "numeric":
		return "must contain digits only"
	}
	return "is invalid (" + fe.Tag() + ")"
}
