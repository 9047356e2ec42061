#include "detect/detector.h"

#include "detect/orphan_detector.h"

namespace payops::detect {

QVector<Finding> runOrphans(const DetectorContext &context)
{
    context.say(QStringLiteral("Looking for orphaned payments"));
    const Finding finding =
        OrphanDetector::run(context.session, context.profile, context.options).finding;
    return finding.rowCount > 0 ? QVector<Finding>{finding} : QVector<Finding>{};
}

const QVector<Detector> &allDetectors()
{
    using schema::SchemaProfile;
    static const QVector<Detector> detectors = {
        {QStringLiteral("streams"),
         QStringLiteral("bursts, slow leaks and silences in the profile's event streams"),
         [](const SchemaProfile &p) { return !p.streams.isEmpty(); }, runStreams},
        {QStringLiteral("foreign_values"),
         QStringLiteral("values missing from their reference list (assignees who are not agents)"),
         [](const SchemaProfile &p) { return !p.valueChecks.isEmpty(); }, runForeignValues},
        {QStringLiteral("shares"),
         QStringLiteral(
             "values whose daily share jumps (nearly every conversation closed overnight)"),
         [](const SchemaProfile &p) { return !p.shareChecks.isEmpty(); }, runShareJumps},
        {QStringLiteral("duplicates"),
         QStringLiteral("payouts paid twice for the same user and reference; orders charged twice"),
         [](const SchemaProfile &p) {
             return p.table(QStringLiteral("payouts")).isMapped() ||
                    p.table(QStringLiteral("charges")).has(QStringLiteral("order"));
         },
         runDuplicates},
        {QStringLiteral("invariants"),
         QStringLiteral("charges and subscriptions on closed accounts; refunds from non-production "
                        "sources, above the charge or of charges that took no money"),
         [](const SchemaProfile &) { return true; }, runInvariants},
        {QStringLiteral("orphans"),
         QStringLiteral("payments whose order or account does not exist, or parked on the "
                        "sentinel account"),
         [](const SchemaProfile &) { return true; }, runOrphans},
    };
    return detectors;
}

const Detector *findDetector(const QString &name)
{
    for (const Detector &d : allDetectors())
        if (d.name == name)
            return &d;
    return nullptr;
}

QStringList detectorNames()
{
    QStringList names;
    for (const Detector &d : allDetectors())
        names << d.name;
    return names;
}

} // namespace payops::detect
