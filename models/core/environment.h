#pragma once

#include <QString>

namespace payops {

// Which kind of database a connection points at. Three of the five incidents
// crossed environments, so the label is carried everywhere and shown loudly.
enum class EnvironmentKind { Production, Staging, Test, Demo, Unknown };

struct Environment
{
    EnvironmentKind kind = EnvironmentKind::Unknown;
    QString label; // as written by the operator or the database marker

    static Environment fromLabel(const QString &label);
    bool isProduction() const { return kind == EnvironmentKind::Production; }
    // Banner colours: production red, staging amber, test/demo blue.
    QString bannerColorName() const; // "#rrggbb"
    QString displayName() const;
};

} // namespace payops
