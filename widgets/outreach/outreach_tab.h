#pragma once

class QTabWidget;
class QWidget;

namespace payops {

class OutreachPanel;

// Puts the Customers panel into the main window's left tabs right after
// `after` (Cases), and gives it the window's width while it is the current
// tab: the roster's columns, its chart and a person's page need the room
// more than the finding detail beside them, which comes back as it was
// when another tab is picked (or when dragged back).
void installOutreachTab(QTabWidget *tabs, QWidget *after, OutreachPanel *panel);

} // namespace payops
