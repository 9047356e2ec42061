#include "batch_customer_chart.h"

#include "core/wording.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalBarSeries>
#include <QToolTip>
#include <QValueAxis>

#include <cmath>

namespace payops {

namespace {

// The currency with the most money in the batch: the one drawn. Amounts of
// different currencies are never drawn on one axis.
QString largestCurrency(const ops::BatchReview &review)
{
    QString best;
    qint64 bestMinor = -1;
    for (const auto &share : review.perCurrency)
        if (!share.currency.isEmpty() && share.minor > bestMinor) {
            best = share.currency;
            bestMinor = share.minor;
        }
    return best;
}

} // namespace

BatchCustomerChart::BatchCustomerChart(QWidget *parent)
    : QChartView(parent)
{
    setObjectName(QStringLiteral("reviewCustomers"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);
    chart()->legend()->hide();
}

QString BatchCustomerChart::titleText() const
{
    return chart()->title();
}

void BatchCustomerChart::showReview(const ops::BatchReview &review)
{
    chart()->removeAllSeries();
    for (QAbstractAxis *axis : chart()->axes())
        chart()->removeAxis(axis);
    m_labels.clear();
    const QString currency = largestCurrency(review);
    QVector<ops::BatchReview::CustomerShare> shares;
    for (const auto &share : review.largestCustomers)
        if (share.currency == currency && !share.account.isEmpty())
            shares << share;
    if (shares.isEmpty()) {
        chart()->setTitle(tr("The items name no customer, so there is no breakdown per customer."));
        setVisible(!review.perCurrency.isEmpty() && !currency.isEmpty());
        return;
    }
    setVisible(true);
    const qint64 customers = review.customersPerCurrency.value(currency);
    chart()->setTitle(
        customers > shares.size()
            ? tr("The %1 largest of %2 customers in %3 (hover over a bar for its items)")
                  .arg(shares.size())
                  .arg(formatCount(customers), currency)
            : tr("Every customer of the batch in %1, largest first (hover over a bar for its "
                 "items)")
                  .arg(currency));
    const double scale = std::pow(10.0, Money::exponentOf(currency));
    auto *set = new QBarSet(currency);
    QStringList categories;
    // Horizontal bars draw the first category at the bottom: largest on top.
    for (auto it = shares.crbegin(); it != shares.crend(); ++it) {
        const QString amount = Money{it->minor, currency}.toDisplayString();
        categories << tr("%1 · %2").arg(it->account, amount);
        set->append(double(it->minor) / scale); // drawing only; labels carry the exact amount
    }
    for (const auto &share : shares)
        m_labels << tr("%1: %2 (%3)")
                        .arg(share.account, Money{share.minor, currency}.toDisplayString(),
                             counted(share.items, QStringLiteral("item")));
    auto *series = new QHorizontalBarSeries;
    series->append(set);
    chart()->addSeries(series);
    auto *y = new QBarCategoryAxis;
    y->append(categories);
    auto *x = new QValueAxis;
    x->setLabelFormat(QStringLiteral("%.0f"));
    x->setMin(0);
    x->applyNiceNumbers();
    chart()->addAxis(y, Qt::AlignLeft);
    chart()->addAxis(x, Qt::AlignBottom);
    series->attachAxis(y);
    series->attachAxis(x);
    const QStringList labels = m_labels;
    const int count = int(shares.size());
    connect(series, &QHorizontalBarSeries::hovered, this,
            [labels, count](bool status, int index, QBarSet *) {
                if (!status || index < 0 || index >= count) {
                    QToolTip::hideText();
                    return;
                }
                QToolTip::showText(QCursor::pos(), labels.value(count - 1 - index));
            });
}

} // namespace payops
