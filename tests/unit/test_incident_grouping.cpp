// Which findings make one incident: the ones that name mostly the same
// users in overlapping windows, transitively; findings of other users, of
// other times, or of no users at all stay incidents of their own.
#include "detect/incidents.h"

#include <QTest>

using namespace payops;

namespace {

Finding finding(const QString &title, const QString &from, const QString &to)
{
    Finding f;
    f.title = title;
    f.windowStart = QDateTime::fromString(from, Qt::ISODate);
    f.windowEnd = QDateTime::fromString(to, Qt::ISODate);
    return f;
}

QSet<QString> users(int first, int count)
{
    QSet<QString> set;
    for (int i = first; i < first + count; ++i)
        set.insert(QString::number(i));
    return set;
}

} // namespace

class TestIncidentGrouping : public QObject
{
    Q_OBJECT

private slots:
    void findingsOfTheSameUsersAtTheSameTimeAreOneIncident()
    {
        // A burst of subscriptions, their charges on closed accounts (with
        // a few older charges of other users), and the subscriptions
        // themselves: the demo's wrong-customer charges.
        const QVector<Finding> findings = {
            finding(QStringLiteral("charges on closed accounts"),
                    QStringLiteral("2026-04-01T00:00:00Z"), QStringLiteral("2026-04-30T00:00:00Z")),
            finding(QStringLiteral("subscriptions on closed accounts"),
                    QStringLiteral("2026-04-12T10:00:00Z"), QStringLiteral("2026-04-12T11:00:00Z")),
            finding(QStringLiteral("burst of subscriptions"),
                    QStringLiteral("2026-04-12T10:00:00Z"), QStringLiteral("2026-04-12T11:00:00Z")),
        };
        const detect::FindingUsers named = {users(1, 475) + users(5000, 40), users(1, 475),
                                            users(1, 475)};
        QCOMPARE(detect::groupFindings(findings, named), (QVector<QVector<int>>{{0, 1, 2}}));
    }

    void otherUsersOrOtherTimesStayApart()
    {
        const QVector<Finding> findings = {
            finding(QStringLiteral("a"), QStringLiteral("2026-04-12T10:00:00Z"),
                    QStringLiteral("2026-04-12T11:00:00Z")),
            // The same users a day later: another incident.
            finding(QStringLiteral("b"), QStringLiteral("2026-04-13T12:00:00Z"),
                    QStringLiteral("2026-04-13T13:00:00Z")),
            // The same time, other users.
            finding(QStringLiteral("c"), QStringLiteral("2026-04-12T10:00:00Z"),
                    QStringLiteral("2026-04-12T11:00:00Z")),
            // A few shared users among many: less than half of the smaller.
            finding(QStringLiteral("d"), QStringLiteral("2026-04-12T10:30:00Z"),
                    QStringLiteral("2026-04-12T12:00:00Z")),
            // No users at all (a silence of a service).
            finding(QStringLiteral("e"), QStringLiteral("2026-04-12T10:00:00Z"),
                    QStringLiteral("2026-04-12T11:00:00Z")),
        };
        const detect::FindingUsers named = {
            users(1, 100), users(1, 100), users(200, 100), users(90, 11) + users(1000, 100), {}};
        QCOMPARE(detect::groupFindings(findings, named),
                 (QVector<QVector<int>>{{0}, {1}, {2}, {3}, {4}}));
    }

    void linksAreTransitiveAndHalfTheSmallerIsEnough()
    {
        // a and b share half of b's users; b and c share all of c's; a and
        // c share none, within an hour of each other.
        const QVector<Finding> findings = {
            finding(QStringLiteral("a"), QStringLiteral("2026-04-12T10:00:00Z"),
                    QStringLiteral("2026-04-12T11:00:00Z")),
            finding(QStringLiteral("x"), QStringLiteral("2026-05-01T00:00:00Z"),
                    QStringLiteral("2026-05-01T01:00:00Z")),
            finding(QStringLiteral("b"), QStringLiteral("2026-04-12T11:30:00Z"),
                    QStringLiteral("2026-04-12T12:00:00Z")),
            finding(QStringLiteral("c"), QStringLiteral("2026-04-12T11:45:00Z"),
                    QStringLiteral("2026-04-12T13:00:00Z")),
        };
        const detect::FindingUsers named = {users(1, 10), users(1, 10), users(6, 10), users(11, 5)};
        QCOMPARE(detect::groupFindings(findings, named), (QVector<QVector<int>>{{0, 2, 3}, {1}}));
    }

    void oneOrTwoUsersInCommonAreACoincidence()
    {
        // 77 orphaned payments of two owners (one the sentinel account) and a
        // promotion's 164 subscriptions, one of them the sentinel's.
        const QVector<Finding> findings = {
            finding(QStringLiteral("orphans"), QStringLiteral("2026-02-14T00:00:00Z"),
                    QStringLiteral("2026-02-14T23:00:00Z")),
            finding(QStringLiteral("promotion"), QStringLiteral("2026-02-14T11:00:00Z"),
                    QStringLiteral("2026-02-14T20:00:00Z")),
            finding(QStringLiteral("three of four"), QStringLiteral("2026-02-14T11:00:00Z"),
                    QStringLiteral("2026-02-14T20:00:00Z"))};
        const detect::FindingUsers named = {users(1, 2), users(2, 164),
                                            users(2, 3) + users(900, 1)};
        QCOMPARE(detect::groupFindings(findings, named), (QVector<QVector<int>>{{0}, {1, 2}}));
    }

    void aFindingWithoutAWindowMeetsEveryWindow()
    {
        // Orphans of the whole history name the users a deletion burst did.
        Finding orphans;
        orphans.title = QStringLiteral("orphaned payments");
        const QVector<Finding> findings = {
            orphans, finding(QStringLiteral("deletions"), QStringLiteral("2026-04-10T00:00:00Z"),
                             QStringLiteral("2026-04-23T00:00:00Z"))};
        QCOMPARE(detect::groupFindings(findings, {users(1, 30), users(1, 30)}),
                 (QVector<QVector<int>>{{0, 1}}));
    }
};

QTEST_APPLESS_MAIN(TestIncidentGrouping)
#include "test_incident_grouping.moc"
