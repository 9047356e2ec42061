#include "environment_banner.h"

#include "core/connection_profile.h"
#include "core/server_identity.h"
#include "core/server_route.h"
#include "core/standby_lag.h"
#include "person_words.h"

namespace payops {

EnvironmentBanner::EnvironmentBanner(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("environmentBanner"));
    setAlignment(Qt::AlignCenter);
    setTextFormat(Qt::RichText);
    setMinimumHeight(34);
    showDisconnected();
}

void EnvironmentBanner::paint(const QString &colorName, const QString &text)
{
    m_colorName = colorName;
    m_text = text;
    refreshText();
}

void EnvironmentBanner::refreshText()
{
    setStyleSheet(QStringLiteral("QLabel#environmentBanner { background: %1; color: white; "
                                 "font-weight: bold; padding: 6px; }")
                      .arg(m_colorName));
    // The person on the same strip: who is signed in matters as much as where.
    QString text = m_person.isEmpty()
                       ? m_text
                       : m_text + QStringLiteral(" &nbsp;&nbsp;|&nbsp;&nbsp; <span "
                                                 "style='font-size:13pt'>signed in: %1</span>")
                                      .arg(m_person);
    if (!m_routeLine.isEmpty())
        text += QStringLiteral("<br><span style='font-weight:normal'>%1</span>")
                    .arg(m_routeLine.toHtmlEscaped());
    setText(text);
}

void EnvironmentBanner::showRoute(const ServerRoute &route, int limitSeconds)
{
    const bool standby = route.investigation.isStandby;
    QString line =
        standby
            ? tr("Investigation: %1 at %2").arg(route.lag.words(), route.investigation.address)
            : tr("Investigation and records: the primary at %1").arg(route.investigation.address);
    if (standby)
        line += route.primary
                    ? tr(" \u00b7 Records: the primary at %1").arg(route.primary->address)
                    : tr(" \u00b7 Records: no primary reached (%1)").arg(route.primaryProblem);
    if (!route.lag.beyondLimit(limitSeconds).isEmpty())
        line =
            QStringLiteral("\u26a0 ") + line +
            tr(" \u00b7 beyond the %1 limit: scans are refused").arg(durationWords(limitSeconds));
    m_routeLine = line;
    refreshText();
}

void EnvironmentBanner::showPerson(const QString &login, const QString &consoleRole)
{
    const QString role = consoleRole.isEmpty() ? tr("no console role") : consoleRole;
    m_person = tr("<u>%1</u> &mdash; %2 (%3)")
                   .arg(login.toHtmlEscaped(), personOfRole(consoleRole).toHtmlEscaped(),
                        role.toHtmlEscaped());
    refreshText();
}

void EnvironmentBanner::showDisconnected()
{
    m_environmentName.clear();
    m_person.clear();
    m_routeLine.clear();
    paint(QStringLiteral("#555555"), tr("Not connected"));
}

void EnvironmentBanner::showConnecting(const ConnectionProfile &profile)
{
    // The route's line is there from the start, so nothing below moves
    // when the answer comes.
    m_routeLine = tr("Checking which server investigation reads\u2026");
    m_environmentName = profile.environment().displayName();
    paint(profile.environment().bannerColorName(),
          tr("%1 &mdash; connecting to %2&hellip;")
              .arg(m_environmentName, profile.name.toHtmlEscaped()));
}

void EnvironmentBanner::showConnected(const ConnectionProfile &profile,
                                      const ServerIdentity &identity)
{
    const Environment environment =
        Environment::fromLabel(identity.effectiveEnvironment(profile.environmentLabel));
    m_environmentName = environment.displayName();
    QString text =
        QStringLiteral("<span style='font-size:14pt'>%1</span> &nbsp; database <b>%2</b> as "
                       "<b>%3</b> &middot; PostgreSQL %4%5 &middot; %6")
            .arg(m_environmentName, identity.database.toHtmlEscaped(),
                 identity.sessionRole.toHtmlEscaped(), identity.serverVersion.toHtmlEscaped(),
                 identity.isStandby ? tr(" (standby)") : QString(),
                 identity.readOnlySession ? tr("read-only") : tr("WRITABLE"));
    if (!identity.systemIdentifier.isEmpty())
        text += tr(" &middot; cluster %1").arg(identity.systemIdentifier);
    if (const QString mismatch = identity.mismatch(profile.environmentLabel); !mismatch.isEmpty())
        text += QStringLiteral("<br>&#9888; ") + mismatch.toHtmlEscaped();
    setToolTip(
        tr("Environment label from the profile: %1; marker in the database: %2")
            .arg(profile.environmentLabel.isEmpty() ? tr("none") : profile.environmentLabel,
                 identity.environmentMarker.isEmpty() ? tr("none") : identity.environmentMarker));
    paint(environment.bannerColorName(), text);
}

} // namespace payops
