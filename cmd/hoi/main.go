// Command hoi is the HOI service: one binary that serves the API and the app,
// migrates its database, seeds demo data and manages the first users.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "hoi:", err)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

const usage = `usage: hoi [command]

commands:
  serve        serve the API and the app (default)
  migrate      bring the database schema up to date
  seed-demo    add the demo region, practices and accounts (idempotent)
  user create  create or reset a user, e.g. the first admin:
               hoi user create --role admin --region "Achterhoek" --email a@example.nl --name "A. Admin"
               (password from HOI_USER_PASSWORD, or typed on standard input)
  backup       copy the database while it serves: hoi backup --to FILE [--force]
  restore      replace the database with a backup (stop the server first): hoi restore --from FILE

configuration comes from the environment: HOI_ADDR, HOI_METRICS_ADDR, HOI_DATABASE_URL,
HOI_JWT_SECRET, HOI_ENV, HOI_LOG_LEVEL, HOI_DEMO_PASSWORD (see README.md).
`

func run(ctx context.Context, args []string) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	m, err := NewMain(os.Getenv)
	if err != nil {
		return err
	}
	switch cmd {
	case "serve":
		return m.Serve(ctx)
	case "migrate":
		return m.Migrate(ctx)
	case "seed-demo":
		return m.SeedDemo(ctx)
	case "user":
		if len(args) == 0 || args[0] != "create" {
			fmt.Fprint(os.Stderr, usage)
			return errUsage
		}
		return m.CreateUser(ctx, args[1:])
	case "backup":
		return m.Backup(ctx, args)
	case "restore":
		return m.Restore(ctx, args)
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	}
	fmt.Fprintf(os.Stderr, "unknown command %q\n\n%s", cmd, usage)
	return errUsage
}
