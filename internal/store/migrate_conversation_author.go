package store

import (
	"fmt"

	"gorm.io/gorm"
)

// migrateConversationAuthor records who saved a conversation last, so that a
// client that meets a newer version can say whether it came from the same
// user's other tab or from a colleague. Rows from before it read as saved by
// their creator.
func migrateConversationAuthor(tx *gorm.DB) error {
	if err := tx.Exec("ALTER TABLE conversations ADD COLUMN updated_by BIGINT").Error; err != nil {
		return fmt.Errorf("conversations.updated_by: %w", err)
	}
	return nil
}
