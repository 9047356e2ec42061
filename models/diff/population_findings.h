#pragma once

#include "core/finding.h"
#include "diff/backup_check.h"
#include "diff/population.h"

namespace payops::schema {
struct SchemaProfile;
}

namespace payops::diff {

// What a population diff means for the findings panel:
//   - the users who lost rows since the backup (their account deleted,
//     their records deleted or moved to another owner): high when money
//     records (the profile's charges, refunds, payouts, subscriptions) were
//     deleted or moved, else medium;
//   - the fields that changed in the most rows (the overwritten statuses
//     and assignees), old value to new: medium from 1,000 rows, else low;
//   - rows only live that are not dated after the backup: low.
// Their rows are VALUES lists (the evidence cannot be re-read from live: a
// deleted row is only in the backup), so they run on any session.
QVector<Finding> populationFindings(const Population &population,
                                    const schema::SchemaProfile &profile, const QString &backupName,
                                    const BackupTime &backupTime);

} // namespace payops::diff
