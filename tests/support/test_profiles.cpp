#include "support/test_profiles.h"

#include <QFile>

#include <stdexcept>

namespace payops::test {

QByteArray shopProfileJson()
{
    QFile file(QStringLiteral(":/test/profiles/shop.json"));
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("tests/support/profiles/shop.json is missing from the build");
    return file.readAll();
}

} // namespace payops::test
