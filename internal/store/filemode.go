package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// fileMode is the mode of every file that holds case data: the SQLite
// database, its -wal and -shm, and backups. Owner only, whatever the umask
// and the mode of the directory: SQLite itself creates a new database 0644
// less the umask, readable by every account on a shared practice machine.
const fileMode fs.FileMode = 0o600

// prepareSQLiteFile creates the database file with fileMode before SQLite
// opens it (SQLite then gives -wal and -shm the database file's mode), and
// tightens an existing one that others could read.
func prepareSQLiteFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, fileMode)
	switch {
	case err == nil:
		return f.Close()
	case !errors.Is(err, fs.ErrExist):
		return fmt.Errorf("create database file: %w", err)
	}
	return tighten(path)
}

// tightenSidecars gives -wal and -shm fileMode once the database is open:
// files left by an older HOI, or made before the database file was tight.
func tightenSidecars(path string) error {
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := tighten(path + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// tighten removes group and other permissions from the file at path.
func tighten(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if fi.Mode().Perm()&^fileMode == 0 {
		return nil
	}
	if err := os.Chmod(path, fileMode); err != nil {
		return fmt.Errorf("%s is readable by others (mode %04o) and cannot be made owner-only: %w", path, fi.Mode().Perm(), err)
	}
	return nil
}
