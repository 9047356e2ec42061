#include "report/dossier_chart.h"

#include "core/money.h"

#include <QFont>
#include <QFontMetrics>
#include <QPainter>

#include <algorithm>

namespace payops::report {

QImage barChart(const QString &title, const QVector<QPair<QString, qint64>> &bars, int width)
{
    constexpr int kTop = 80;
    constexpr int kRow = 64;
    const QSize size(width, kTop + kRow * int(std::max<qsizetype>(1, bars.size())) + 20);
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(30);
    p.setFont(font);
    const QFontMetrics metrics(font);
    p.setPen(Qt::black);
    p.drawText(QRect(20, 10, size.width() - 40, 50), Qt::AlignLeft | Qt::AlignVCenter, title);
    if (bars.isEmpty())
        return image;
    qint64 most = 1;
    int labelWidth = 0;
    for (const auto &[label, value] : bars) {
        most = std::max(most, value);
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(label));
    }
    const int top = kTop;
    const int left = 30 + labelWidth + 20;
    const int valueRoom = metrics.horizontalAdvance(QStringLiteral("000,000")) + 30;
    const int rowHeight = kRow;
    const int span = size.width() - left - valueRoom;
    for (int i = 0; i < bars.size(); ++i) {
        const int y = top + i * rowHeight;
        const auto &[label, value] = bars[i];
        p.setPen(Qt::black);
        p.drawText(QRect(20, y, labelWidth + 10, rowHeight), Qt::AlignRight | Qt::AlignVCenter,
                   label);
        const int width = std::max(2, int(double(span) * double(value) / double(most)));
        p.fillRect(QRect(left, y + rowHeight / 6, width, rowHeight * 2 / 3),
                   QColor(0x2b, 0x6c, 0xb0));
        p.drawText(QRect(left + width + 12, y, valueRoom, rowHeight),
                   Qt::AlignLeft | Qt::AlignVCenter, formatCount(value));
    }
    return image;
}

} // namespace payops::report
