#pragma once

#include "report/dossier.h"

namespace payops::report {

// The dossier as Markdown: the same sections and figures as the PDF, for
// a wiki, a ticket or an e-mail. A reader outside the team understands it
// without the console.
QString dossierMarkdown(const DossierData &dossier);

// The figures both documents state, in order, each as a line "label: value"
// (the totals, the outreach counts, the audit head): what a reader, and
// the tests, compare between the PDF and the Markdown.
QStringList dossierFigures(const DossierData &dossier);

} // namespace payops::report
