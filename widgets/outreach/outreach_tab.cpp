#include "outreach_tab.h"

#include "outreach_panel.h"

#include <QSplitter>
#include <QTabWidget>

#include <memory>

namespace payops {

void installOutreachTab(QTabWidget *tabs, QWidget *after, OutreachPanel *panel)
{
    tabs->insertTab(tabs->indexOf(after) + 1, panel, QObject::tr("Customers"));
    tabs->setTabToolTip(tabs->indexOf(panel),
                        QObject::tr("The people a case's incident touched: contact, status, "
                                    "messages"));
    auto saved = std::make_shared<QList<int>>();
    QObject::connect(tabs, &QTabWidget::currentChanged, panel, [tabs, panel, saved] {
        auto *splitter = qobject_cast<QSplitter *>(tabs->parentWidget());
        if (!splitter || splitter->count() < 2)
            return;
        const QList<int> sizes = splitter->sizes();
        int total = 0;
        for (int size : sizes)
            total += size;
        if (tabs->currentWidget() == panel) {
            if (saved->isEmpty())
                *saved = sizes;
            QList<int> wide(sizes.size(), 0);
            wide[splitter->indexOf(tabs)] = std::max(total, 1);
            splitter->setSizes(wide);
        } else if (!saved->isEmpty()) {
            splitter->setSizes(*saved);
            saved->clear();
        }
    });
}

} // namespace payops
