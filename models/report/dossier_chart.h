#pragma once

#include <QImage>
#include <QPair>
#include <QString>
#include <QVector>

namespace payops::report {

// A horizontal bar chart drawn with QPainter into an image (no window, no
// widgets: the command line draws it too): one bar per label, its value
// written at its end; as tall as its bars need.
QImage barChart(const QString &title, const QVector<QPair<QString, qint64>> &bars,
                int width = 1600);

} // namespace payops::report
