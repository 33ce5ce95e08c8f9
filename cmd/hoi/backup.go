package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/hoi-app/hoi/internal/store"
)

// Backup copies the database to a file while hoi serves: VACUUM INTO on
// SQLite, pg_dump --format=custom on PostgreSQL.
func (m *Main) Backup(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	to := fs.String("to", "", "file to write (required); kept if it exists unless --force")
	force := fs.Bool("force", false, "replace an existing file")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *to == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("backup needs --to FILE, e.g. hoi backup --to backups/hoi-$(date +%F).db")
	}
	res, err := store.Backup(ctx, m.Config.DatabaseURL, *to, *force)
	if err != nil {
		return err
	}
	fmt.Printf("backup written to %s (%d bytes, %s, %s)\n", res.Path, res.Bytes, res.Tool, res.Elapsed.Round(1e6))
	if res.Tool == "pg_dump" {
		fmt.Printf("restore it into an empty database with: pg_restore --no-owner --exit-on-error --dbname=URL %s\n", res.Path)
	}
	return nil
}

// Restore replaces the SQLite database with a backup, then migrates it. The
// server must be stopped; on PostgreSQL it explains how to use pg_restore.
func (m *Main) Restore(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	from := fs.String("from", "", "backup file made by hoi backup (required)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *from == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("restore needs --from FILE")
	}
	res, err := store.Restore(ctx, m.Config.DatabaseURL, *from)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stdout, "restored %s from %s\n", res.Path, *from)
	if res.Replaced != "" {
		fmt.Printf("the database it replaced is kept as %s; remove it once the restore is checked\n", res.Replaced)
	}
	return m.Migrate(ctx)
}
