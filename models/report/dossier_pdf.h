#pragma once

#include "report/dossier.h"

#include <QStringList>

namespace payops::report {

// Writes the dossier as a PDF (A4, Qt's own QPdfWriter and QTextDocument):
// the Markdown's sections and figures, with the outreach as a chart drawn
// offscreen. Needs a QGuiApplication (the offscreen platform will do).
// Throws UserError when the file cannot be written.
void writeDossierPdf(const DossierData &dossier, const QString &path);

// Writes both documents into `folder` as case-N-dossier.pdf and .md, the
// Markdown whole or not at all; returns their paths, the PDF's first.
QStringList writeDossierFiles(const DossierData &dossier, const QString &folder);

} // namespace payops::report
