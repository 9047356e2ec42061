// TableDiffer's rules without a database (diff/key_ranges.h): how a key
// span is cut into parts and a differing part into smaller ones, the
// bounds parameters, the merge of both sides' sorted part checksums, when
// a range is a leaf, and which keys of a leaf differ.
#include "diff/key_ranges.h"
#include "diff/table_differ.h"

#include <QTest>

#include <algorithm>
#include <stdexcept>

using namespace payops;
using namespace payops::diff;

namespace {

const QString kNull; // SQL NULL, as a ResultTable holds it

// A stream of (part, count, checksum) rows, as RowStream hands them over.
std::function<bool(QStringList &)> streamOf(const QVector<QStringList> &rows)
{
    auto at = std::make_shared<int>(0);
    return [rows, at](QStringList &row) {
        if (*at == rows.size())
            return false;
        row = rows[(*at)++];
        return true;
    };
}

QStringList part(qint64 number, qint64 count, const QString &checksum)
{
    return {QString::number(number), QString::number(count), checksum};
}

ResultTable table(const QStringList &columns, const QVector<QVector<QString>> &rows)
{
    return {columns, rows};
}

QVector<KeyRange> sorted(QVector<KeyRange> ranges)
{
    std::sort(ranges.begin(), ranges.end(),
              [](const KeyRange &a, const KeyRange &b) { return a.lo < b.lo; });
    return ranges;
}

} // namespace

class TestKeyRanges : public QObject
{
    Q_OBJECT

private slots:
    void theSpanCoversBothSidesKeys()
    {
        // Live holds 5..100, the backup 1..50: both are compared, 1..100.
        QCOMPARE(keySpan({QStringLiteral("5"), QStringLiteral("100")},
                         {QStringLiteral("1"), QStringLiteral("50")}),
                 std::make_pair(qint64(1), qint64(101)));
        // A table empty on one side: the other's keys.
        QCOMPARE(keySpan({kNull, kNull}, {QStringLiteral("3"), QStringLiteral("7")}),
                 std::make_pair(qint64(3), qint64(8)));
        QCOMPARE(keySpan({QStringLiteral("-9"), QStringLiteral("-9")}, {kNull, kNull}),
                 std::make_pair(qint64(-9), qint64(-8)));
        // Empty on both: nothing to compare.
        const auto none = keySpan({kNull, kNull}, {kNull, kNull});
        QVERIFY(none.first >= none.second);
    }

    void theFirstPassCutsTheSpanIntoPartsOfAbout32Rows()
    {
        // 1,000 dense keys, 1,000 rows: parts of 32 keys, 32 of them.
        QCOMPARE(firstPassWidth(1, 1001, 1000, TableDiffer::kFirstPartRows), qint64(32));
        QCOMPARE(partLimit(1, 1001, 32), qint64(32));
        // Sparse keys (10 rows over a million keys): wide parts.
        QCOMPARE(firstPassWidth(0, 1000000, 10, TableDiffer::kFirstPartRows), qint64(1000000));
        // More rows than keys (an estimate off): never narrower than a key.
        QCOMPARE(firstPassWidth(0, 10, 1000, TableDiffer::kFirstPartRows), qint64(1));
    }

    void thePartsCoverTheSpanWithoutGapsOrOverlaps_data()
    {
        QTest::addColumn<qint64>("lo");
        QTest::addColumn<qint64>("hi");
        QTest::addColumn<qint64>("rows");
        QTest::newRow("dense") << qint64(1) << qint64(1001) << qint64(1000);
        QTest::newRow("uneven") << qint64(-17) << qint64(983) << qint64(333);
        QTest::newRow("one key") << qint64(42) << qint64(43) << qint64(1);
        QTest::newRow("sparse") << qint64(0) << qint64(1000003) << qint64(70);
    }
    void thePartsCoverTheSpanWithoutGapsOrOverlaps()
    {
        QFETCH(qint64, lo);
        QFETCH(qint64, hi);
        QFETCH(qint64, rows);
        const qint64 width = firstPassWidth(lo, hi, rows, TableDiffer::kFirstPartRows);
        const qint64 limit = partLimit(lo, hi, width);
        // Every key's part (as the SQL computes it) is below the limit...
        for (qint64 key = lo; key < hi; key += std::max<qint64>(1, (hi - lo) / 997))
            QVERIFY((key - lo) / width < limit);
        QVERIFY((hi - 1 - lo) / width < limit);
        // ...and the parts' bounds tile [lo, hi).
        qint64 next = lo;
        for (qint64 p = 0; p < limit && next < hi; ++p) {
            const auto [start, end] = partBounds(lo, hi, width, p);
            QCOMPARE(start, next);
            QVERIFY(end > start);
            QVERIFY(end - start <= width);
            // The key a part starts with falls in that part.
            QCOMPARE((start - lo) / width, p);
            next = end;
        }
        QCOMPARE(next, hi);
    }

    void aDifferingPartIsCutInto16()
    {
        // Rounded up, so that 16 parts cover the range...
        QCOMPARE(splitWidth({0, 100, 500}, TableDiffer::kSplit), qint64(7));
        QCOMPARE(splitWidth({0, 160, 500}, TableDiffer::kSplit), qint64(10));
        QCOMPARE(splitWidth({0, 161, 500}, TableDiffer::kSplit), qint64(11));
        // ...and at least a key wide.
        QCOMPARE(splitWidth({10, 11, 500}, TableDiffer::kSplit), qint64(1));
        QCOMPARE(splitWidth({10, 15, 500}, TableDiffer::kSplit), qint64(1));
        for (const KeyRange &r : {KeyRange{0, 100, 0}, KeyRange{-50, 1234, 0}, KeyRange{7, 9, 0}}) {
            const qint64 width = splitWidth(r, TableDiffer::kSplit);
            QVERIFY(width * TableDiffer::kSplit >= r.hi - r.lo);
            QVERIFY(width == 1 || (width - 1) * TableDiffer::kSplit < r.hi - r.lo);
        }
        // The last part ends at the range's end, not past it.
        QCOMPARE(partBounds(0, 100, 7, 14), std::make_pair(qint64(98), qint64(100)));
        QCOMPARE(partBounds(0, 100, 7, 3), std::make_pair(qint64(21), qint64(28)));
    }

    void boundsTravelAsTwoBigintArrays()
    {
        QCOMPARE(numberArray({}), QStringLiteral("{}"));
        QCOMPARE(numberArray({QStringLiteral("1"), QStringLiteral("-2")}),
                 QStringLiteral("{1,-2}"));
        QCOMPARE(boundsParams({{1, 33, 5}, {-64, -32, 9}}),
                 (QStringList{QStringLiteral("{1,-64}"), QStringLiteral("{33,-32}")}));
        QCOMPARE(boundsParams({}), (QStringList{QStringLiteral("{}"), QStringLiteral("{}")}));
    }

    void partsDifferByCountOrChecksumOrBySide()
    {
        const QStringList columns{QStringLiteral("part"), QStringLiteral("count"),
                                  QStringLiteral("bit_xor")};
        const ResultTable live = table(
            columns, {{"0", "32", "11"}, {"1", "32", "12"}, {"2", "10", "13"}, {"4", "5", "15"}});
        const ResultTable backup = table(
            columns, {{"0", "32", "11"}, {"1", "31", "12"}, {"3", "7", "14"}, {"4", "5", "-15"}});
        const auto bounds = [](qint64 batch, qint64 p) {
            return std::make_pair(batch * 1000 + p * 10, batch * 1000 + p * 10 + 10);
        };
        QCOMPARE(sorted(differingParts(live, backup, bounds)),
                 (QVector<KeyRange>{{10, 20, 32}, {20, 30, 10}, {30, 40, 7}, {40, 50, 5}}));
        QVERIFY(differingParts(live, live, bounds).isEmpty());
        // With a batch index first: the same part number in two batches is two parts.
        const QStringList batched{QStringLiteral("i"), QStringLiteral("part"),
                                  QStringLiteral("count"), QStringLiteral("bit_xor")};
        const ResultTable liveBatches =
            table(batched, {{"1", "0", "3", "1"}, {"2", "0", "3", "1"}});
        const ResultTable backupBatches =
            table(batched, {{"1", "0", "3", "1"}, {"2", "0", "3", "2"}});
        QCOMPARE(differingParts(liveBatches, backupBatches, bounds),
                 (QVector<KeyRange>{{2000, 2010, 3}}));
    }

    void theMergeKeepsOnlyTheDifferingPartsInOrder()
    {
        // Part 1 live only, 2 another checksum, 3 in the backup only, 5
        // another count; 0 and 4 the same.
        const QVector<QStringList> live{part(0, 32, "a"), part(1, 30, "b"), part(2, 32, "c"),
                                        part(4, 32, "e"), part(5, 32, "f")};
        const QVector<QStringList> backup{part(0, 32, "a"), part(2, 32, "x"), part(3, 12, "d"),
                                          part(4, 32, "e"), part(5, 40, "f")};
        QVector<std::pair<qint64, qint64>> found;
        int stops = 0;
        mergeSortedParts(
            streamOf(live), streamOf(backup), 6,
            [&](qint64 p, qint64 rows) {
                found.append({p, rows});
            },
            [&](qint64) { ++stops; });
        QCOMPARE(found, (QVector<std::pair<qint64, qint64>>{{1, 30}, {2, 32}, {3, 12}, {5, 40}}));
        QCOMPARE(stops, 0); // fewer rows than a step
        // One side empty: every part of the other differs.
        found.clear();
        mergeSortedParts(
            streamOf({}), streamOf(backup), 6,
            [&](qint64 p, qint64 rows) {
                found.append({p, rows});
            },
            [](qint64) {});
        QCOMPARE(found.size(), backup.size());
        QCOMPARE(found.first(), std::make_pair(qint64(0), qint64(32)));
    }

    void theMergeStopsEveryStepToReportAndCanBeStopped()
    {
        // Two equal streams of 2 * kMergeStep parts: the merge moves both at
        // once, so it reaches a step at part kMergeStep - 1.
        QVector<QStringList> parts;
        for (qint64 p = 0; p < 2 * kMergeStep; ++p)
            parts << part(p, 32, QString::number(p));
        QVector<qint64> reached;
        mergeSortedParts(
            streamOf(parts), streamOf(parts), 2 * kMergeStep,
            [](qint64, qint64) { QFAIL("equal streams differ"); }, [&](qint64 p) { reached << p; });
        QCOMPARE(reached, (QVector<qint64>{kMergeStep - 1, 2 * kMergeStep - 1}));
        // A stream at its end does not hold the other one back.
        QVector<QStringList> lonely;
        for (qint64 p = 0; p < kMergeStep; ++p)
            lonely << part(p, 1, QStringLiteral("1"));
        reached.clear();
        mergeSortedParts(
            streamOf(lonely), streamOf({}), 99999, [](qint64, qint64) {},
            [&](qint64 p) { reached << p; });
        QCOMPARE(reached, (QVector<qint64>{kMergeStep - 1}));
        // What the caller throws there (a cancel) ends the merge.
        qint64 seen = 0;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 mergeSortedParts(
                                     streamOf(lonely), streamOf({}), kMergeStep,
                                     [&](qint64, qint64) { ++seen; },
                                     [](qint64) { throw std::runtime_error("cancelled"); }));
        QCOMPARE(seen, kMergeStep - 1);
    }

    void aRangeIsALeafWhenSmallOrASingleKeyOrCutByHash()
    {
        const qint64 leaf = TableDiffer::kLeafRows;
        QVERIFY(isLeaf({0, 1000, leaf}, true, leaf));
        QVERIFY(!isLeaf({0, 1000, leaf + 1}, true, leaf));
        // A single key cannot be cut, however many rows (both sides) it has.
        QVERIFY(isLeaf({7, 8, 5000}, true, leaf));
        QVERIFY(!isLeaf({7, 9, 5000}, true, leaf));
        // Parts cut by hash are never split.
        QVERIFY(isLeaf({3, 4, 5000}, false, leaf));
        QVERIFY(isLeaf({0, 1000, 5000}, false, leaf));
    }

    void anArrayLeafIsReadAsSortedKeysAndHashes()
    {
        QCOMPARE(keysAndHashes(QStringLiteral("{4,2}"), QStringLiteral("{-7,9}")),
                 (QVector<std::pair<qint64, qint64>>{{2, 9}, {4, -7}}));
        // An empty range: NULL arrays.
        QVERIFY(keysAndHashes(kNull, kNull).isEmpty());
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 keysAndHashes(QStringLiteral("{1,2}"), QStringLiteral("{5}")));
    }

    void aLeafsKeysDifferWhenOnOneSideOnlyOrHashedOtherwise()
    {
        QStringList differing{QStringLiteral("earlier")}; // appended to, not replaced
        appendDifferingIds({{1, 10}, {2, 20}, {4, 40}, {6, 60}},
                           {{2, 21}, {3, 30}, {4, 40}, {7, 70}}, differing);
        QCOMPARE(differing, (QStringList{"earlier", "1", "2", "3", "6", "7"}));
        differing.clear();
        appendDifferingIds({}, {{5, 1}}, differing);
        appendDifferingIds({{8, 1}}, {}, differing);
        appendDifferingIds({{9, 1}}, {{9, 1}}, differing);
        QCOMPARE(differing, (QStringList{"5", "8"}));

        // Leaves a row a key: jsonb key text and hash.
        const QStringList columns{QStringLiteral("key"), QStringLiteral("hash")};
        const ResultTable live =
            table(columns, {{"{\"id\": 1}", "10"}, {"{\"id\": 2}", "20"}, {"{\"id\": 4}", "40"}});
        const ResultTable backup = table(columns, {{"{\"id\": 2}", "21"},
                                                   {"{\"id\": 3}", "30"},
                                                   {"{\"id\": 4}", "40"},
                                                   {"{\"id\": 5}", "50"}});
        differing.clear();
        appendDifferingKeys(live, backup, differing);
        // Live's first, in live's order; then the backup's own, in any order.
        QCOMPARE(differing.mid(0, 2), (QStringList{"{\"id\": 1}", "{\"id\": 2}"}));
        QStringList backupOnly = differing.mid(2);
        backupOnly.sort();
        QCOMPARE(backupOnly, (QStringList{"{\"id\": 3}", "{\"id\": 5}"}));
    }
};

QTEST_APPLESS_MAIN(TestKeyRanges)
#include "test_key_ranges.moc"
