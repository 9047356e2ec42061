#include "diff/key_ranges.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace payops::diff {

std::pair<qint64, qint64> keySpan(const QVector<QString> &liveBounds,
                                  const QVector<QString> &backupBounds)
{
    qint64 lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min();
    for (const auto &bounds : {liveBounds, backupBounds})
        if (!bounds.value(0).isNull()) {
            lo = std::min(lo, bounds[0].toLongLong());
            hi = std::max(hi, bounds[1].toLongLong() + 1);
        }
    return {lo, hi};
}

qint64 firstPassWidth(qint64 lo, qint64 hi, qint64 rows, qint64 partRows)
{
    return std::max<qint64>(1, (hi - lo) / std::max<qint64>(1, rows / partRows));
}

qint64 partLimit(qint64 lo, qint64 hi, qint64 width)
{
    return (hi - lo) / width + 1;
}

qint64 splitWidth(const KeyRange &range, qint64 split)
{
    return std::max<qint64>(1, (range.hi - range.lo + split - 1) / split);
}

std::pair<qint64, qint64> partBounds(qint64 lo, qint64 hi, qint64 width, qint64 part)
{
    const qint64 start = lo + part * width;
    return {start, std::min(hi, start + width)};
}

QString numberArray(const QStringList &numbers)
{
    return QLatin1Char('{') + numbers.join(QLatin1Char(',')) + QLatin1Char('}');
}

QStringList boundsParams(const QVector<KeyRange> &ranges)
{
    QStringList los, his;
    for (const KeyRange &r : ranges) {
        los << QString::number(r.lo);
        his << QString::number(r.hi);
    }
    return {numberArray(los), numberArray(his)};
}

QVector<KeyRange>
differingParts(const ResultTable &live, const ResultTable &backup,
               const std::function<std::pair<qint64, qint64>(qint64, qint64)> &bounds)
{
    // Rows: [batch index,] part, count, sum. Equal count and sum: same part.
    const int offset = live.columns.size() == 4 ? 1 : 0;
    QHash<std::pair<qint64, qint64>, std::pair<qint64, QString>> sides[2];
    for (int side = 0; side < 2; ++side)
        for (const auto &row : (side == 0 ? live : backup).rows)
            sides[side].insert({offset ? row[0].toLongLong() : 0, row[offset].toLongLong()},
                               {row[offset + 1].toLongLong(), row[offset + 2]});
    QSet<std::pair<qint64, qint64>> parts;
    for (const auto &side : sides)
        for (auto it = side.cbegin(); it != side.cend(); ++it)
            parts.insert(it.key());
    QVector<KeyRange> differing;
    for (const auto &part : parts) {
        const auto l = sides[0].value(part), b = sides[1].value(part);
        if (l == b)
            continue;
        const auto [lo, hi] = bounds(part.first, part.second);
        differing.append({lo, hi, std::max(l.first, b.first)});
    }
    return differing;
}

void mergeSortedParts(const std::function<bool(QStringList &)> &nextLive,
                      const std::function<bool(QStringList &)> &nextBackup, qint64 lastPart,
                      const std::function<void(qint64 part, qint64 rows)> &differs,
                      const std::function<void(qint64 part)> &reached)
{
    QStringList l, b;
    bool hasL = nextLive(l), hasB = nextBackup(b);
    qint64 merged = 0;
    while (hasL || hasB) {
        if (++merged % kMergeStep == 0)
            reached(
                std::min(hasL ? l[0].toLongLong() : lastPart, hasB ? b[0].toLongLong() : lastPart));
        const qint64 pl = hasL ? l[0].toLongLong() : std::numeric_limits<qint64>::max();
        const qint64 pb = hasB ? b[0].toLongLong() : std::numeric_limits<qint64>::max();
        if (pl < pb) {
            differs(pl, l[1].toLongLong());
            hasL = nextLive(l);
        } else if (pb < pl) {
            differs(pb, b[1].toLongLong());
            hasB = nextBackup(b);
        } else {
            if (l[1] != b[1] || l[2] != b[2])
                differs(pl, std::max(l[1].toLongLong(), b[1].toLongLong()));
            hasL = nextLive(l);
            hasB = nextBackup(b);
        }
    }
}

bool isLeaf(const KeyRange &range, bool splittable, qint64 leafRows)
{
    return !splittable || range.rows <= leafRows || range.hi - range.lo <= 1;
}

QVector<std::pair<qint64, qint64>> keysAndHashes(const QString &keys, const QString &hashes)
{
    QVector<std::pair<qint64, qint64>> pairs;
    if (keys.isNull())
        return pairs;
    const auto k = QStringView(keys).mid(1, keys.size() - 2).split(QLatin1Char(','));
    const auto h = QStringView(hashes).mid(1, hashes.size() - 2).split(QLatin1Char(','));
    if (k.size() != h.size())
        throw std::runtime_error("a leaf's keys and hashes differ in number");
    pairs.reserve(k.size());
    for (qsizetype i = 0; i < k.size(); ++i)
        pairs.append({k[i].toLongLong(), h[i].toLongLong()});
    std::sort(pairs.begin(), pairs.end());
    return pairs;
}

void appendDifferingIds(const QVector<std::pair<qint64, qint64>> &live,
                        const QVector<std::pair<qint64, qint64>> &backup, QStringList &differing)
{
    const auto &l = live;
    const auto &b = backup;
    qsizetype x = 0, y = 0;
    while (x < l.size() || y < b.size()) {
        if (y == b.size() || (x < l.size() && l[x].first < b[y].first)) {
            differing << QString::number(l[x++].first);
        } else if (x == l.size() || b[y].first < l[x].first) {
            differing << QString::number(b[y++].first);
        } else {
            if (l[x].second != b[y].second)
                differing << QString::number(l[x].first);
            ++x;
            ++y;
        }
    }
}

void appendDifferingKeys(const ResultTable &live, const ResultTable &backup, QStringList &differing)
{
    QHash<QString, QString> backupHashes;
    for (const auto &row : backup.rows)
        backupHashes.insert(row[0], row[1]);
    for (const auto &row : live.rows) {
        const auto it = backupHashes.find(row[0]);
        if (it == backupHashes.end() || it.value() != row[1])
            differing << row[0];
        if (it != backupHashes.end())
            backupHashes.erase(it);
    }
    differing << backupHashes.keys(); // in the backup only
}

} // namespace payops::diff
