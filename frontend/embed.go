// Package frontend embeds the single-page app so the hoi binary serves it without a separate web server.
package frontend

import (
	"embed"
	"io/fs"
)

// files holds dist (Vite's output, made by `npm run build`, ignored by git)
// when it has been built, and always dist-placeholder (committed): one glob
// so that a fresh clone builds and vets with plain Go, without Node.js; a
// pattern naming dist alone would fail to compile until the app is built.
//
//go:embed all:dist*
var files embed.FS

// Dist returns the built SPA (index.html at its root), or a placeholder page
// that says how to build it when the binary was built without the app.
func Dist() fs.FS { return choose(files) }

// Built reports whether the real app is embedded rather than the placeholder.
func Built() bool { return built(files) }

func built(fsys fs.FS) bool {
	st, err := fs.Stat(fsys, "dist/index.html")
	return err == nil && !st.IsDir()
}

func choose(fsys fs.FS) fs.FS {
	dir := "dist-placeholder"
	if built(fsys) {
		dir = "dist"
	}
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // only for an invalid name, and both are constants
	}
	return sub
}
