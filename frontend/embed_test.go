package frontend

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestChoose(t *testing.T) {
	placeholder := &fstest.MapFile{Data: []byte("placeholder")}
	app := &fstest.MapFile{Data: []byte("app")}
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"a fresh clone serves the placeholder", fstest.MapFS{"dist-placeholder/index.html": placeholder}, "placeholder"},
		{"an empty dist still serves the placeholder", fstest.MapFS{"dist-placeholder/index.html": placeholder, "dist/assets/x.js": app}, "placeholder"},
		{"a built app wins", fstest.MapFS{"dist-placeholder/index.html": placeholder, "dist/index.html": app}, "app"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := fs.ReadFile(choose(tc.fsys), "index.html")
			if err != nil || string(got) != tc.want {
				t.Errorf("got %q (%v), want %q", got, err, tc.want)
			}
		})
	}
}

func TestPlaceholderIsEmbedded(t *testing.T) {
	page, err := fs.ReadFile(files, "dist-placeholder/index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"make build", "make run", `lang="nl"`, `lang="en"`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the placeholder does not mention %q", want)
		}
	}
}
