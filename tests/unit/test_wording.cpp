// The words generated sentences are made of: counts that agree with their
// noun and articles that fit the word, as a reader of a finding expects.
#include "core/wording.h"

#include <QTest>

using namespace payops;

class TestWording : public QObject
{
    Q_OBJECT

private slots:
    void countsAgreeWithTheirNoun()
    {
        QCOMPARE(counted(1, QStringLiteral("user")), QStringLiteral("1 user"));
        QCOMPARE(counted(0, QStringLiteral("user")), QStringLiteral("0 users"));
        QCOMPARE(counted(10006, QStringLiteral("refund")), QStringLiteral("10,006 refunds"));
        QCOMPARE(counted(1, QStringLiteral("distinct reference value")),
                 QStringLiteral("1 distinct reference value"));
        QCOMPARE(counted(2, QStringLiteral("entry"), QStringLiteral("entries")),
                 QStringLiteral("2 entries"));
    }

    void articlesFitTheSoundOfTheWord()
    {
        QCOMPARE(withArticle(QStringLiteral("assignee")), QStringLiteral("an assignee"));
        QCOMPARE(withArticle(QStringLiteral("reference")), QStringLiteral("a reference"));
        QCOMPARE(withArticle(QStringLiteral("order_id")), QStringLiteral("an order_id"));
        QCOMPARE(withArticle(QStringLiteral("user_id")), QStringLiteral("a user_id"));
        QCOMPARE(withArticle(QStringLiteral("unique code")), QStringLiteral("a unique code"));
        QCOMPARE(withArticle(QStringLiteral("Environment")), QStringLiteral("an Environment"));
    }
};

QTEST_APPLESS_MAIN(TestWording)
#include "test_wording.moc"
