#pragma once

#include "core/finding.h"

#include <QWidget>

class QTreeWidget;

namespace payops {

// The list of findings, most severe first, then by affected rows; updated
// as each detector finishes.
class FindingsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit FindingsPanel(QWidget *parent = nullptr);

    void clear();
    void addFinding(const Finding &finding);
    void addFailure(const QString &detector, const QString &message);
    int count() const;
    Finding findingAt(int row) const;
    void select(int row);

signals:
    void findingSelected(const payops::Finding &finding);

private:
    QTreeWidget *m_tree;
    QList<Finding> m_findings;
};

} // namespace payops
