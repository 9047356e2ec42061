#include "outreach/clawback_drafts.h"

#include "money/clawback_planner.h"
#include "money/money_batch.h"
#include "outreach/plan_roster.h"

namespace payops::outreach {

namespace {

QString withNote(const QString &description, const QString &note)
{
    return (note.isEmpty() ? description : description + QLatin1Char(' ') + note).left(2000);
}

} // namespace

ClawbackDrafts draftClawback(db::Session &live, db::Session &writer,
                             const schema::SchemaProfile &profile, qint64 caseId,
                             const money::ClawbackPlan &plan, const QString &environment,
                             const QString &note)
{
    ClawbackDrafts drafts;
    // The people first: the claw-back holds each item until its person agrees.
    drafts.rostered = rosterFromClawback(live, writer, profile, caseId, plan);
    if (!plan.recover.items.isEmpty())
        drafts.clawbackBatch = money::draftMoneyBatch(
            writer, caseId, plan.recover,
            withNote(
                QStringLiteral("Claw-back of duplicate payouts: %1.").arg(plan.recover.summary()),
                note),
            environment);
    if (!plan.writeOff.items.isEmpty())
        drafts.writeOffBatch = money::draftMoneyBatch(
            writer, caseId, plan.writeOff,
            withNote(QStringLiteral("Write-off of what cannot be taken back: %1.")
                         .arg(plan.writeOff.summary()),
                     note),
            environment);
    return drafts;
}

} // namespace payops::outreach
