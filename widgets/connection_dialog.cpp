#include "connection_dialog.h"

#include "backup_list_editor.h"

#include "core/profile_store.h"
#include "core/user_error.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace payops {

ConnectionDialog::ConnectionDialog(ProfileStore &store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_profiles(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_host(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_database(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_sslMode(new QComboBox(this))
    , m_primary(new QLineEdit(this))
    , m_maxLag(new QSpinBox(this))
    , m_environment(new QComboBox(this))
    , m_backups(new BackupListEditor(this))
    , m_schemaProfile(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_remember(new QCheckBox(tr("Store the password in the system keychain"), this))
    , m_error(new QLabel(this))
{
    setWindowTitle(tr("Connect to a billing database"));
    m_port->setRange(1, 65535);
    m_port->setValue(5432);
    m_sslMode->addItems({"prefer", "require", "verify-ca", "verify-full", "disable", "allow"});
    m_host->setToolTip(tr("Several hosts, comma-separated (standby,primary), let investigation "
                          "read a hot standby while cases, batches and outreach go to the "
                          "primary."));
    m_primary->setObjectName(QStringLiteral("primaryEdit"));
    m_primary->setPlaceholderText(
        tr("empty: the primary is among the hosts; else postgresql://user@primary/db"));
    m_maxLag->setObjectName(QStringLiteral("maxLagSpin"));
    m_maxLag->setRange(1, 10080);
    m_maxLag->setValue(5);
    m_maxLag->setSuffix(tr(" min"));
    m_maxLag->setToolTip(tr("Scans on a standby further behind its primary than this are "
                            "refused: their findings would miss what happened since."));
    m_environment->addItems({"production", "staging", "test", "demo"});
    m_environment->setEditable(true);
    m_environment->setCurrentIndex(-1); // no silent default: the operator must say
    m_password->setEchoMode(QLineEdit::Password);
    // Names for tests, which fill the dialog as an operator would.
    m_name->setObjectName(QStringLiteral("profileNameEdit"));
    m_host->setObjectName(QStringLiteral("hostEdit"));
    m_port->setObjectName(QStringLiteral("portSpin"));
    m_database->setObjectName(QStringLiteral("databaseEdit"));
    m_user->setObjectName(QStringLiteral("userEdit"));
    m_environment->setObjectName(QStringLiteral("environmentBox"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_error->setObjectName(QStringLiteral("connectionError"));
    m_schemaProfile->setObjectName(QStringLiteral("schemaProfileEdit"));
    m_schemaProfile->setPlaceholderText(
        tr("schema profile JSON (docs/PROFILES.md); empty: the demo's layout"));
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->setWordWrap(true);

    m_profiles->addItem(tr("New profile…"));
    for (const ConnectionProfile &p : m_store.profiles())
        m_profiles->addItem(p.name);
    connect(m_profiles, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index > 0)
            loadProfile(m_profiles->itemText(index));
    });

    auto *form = new QFormLayout;
    form->addRow(tr("Saved profiles"), m_profiles);
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Host or socket directory"), m_host);
    form->addRow(tr("Port"), m_port);
    form->addRow(tr("Database"), m_database);
    form->addRow(tr("User"), m_user);
    form->addRow(tr("SSL mode"), m_sslMode);
    form->addRow(tr("Primary (for records)"), m_primary);
    form->addRow(tr("Standby lag limit"), m_maxLag);
    form->addRow(tr("Environment"), m_environment);
    form->addRow(tr("Backups"), m_backups);
    form->addRow(tr("Schema profile"), m_schemaProfile);
    form->addRow(tr("Password"), m_password);
    form->addRow(QString(), m_remember);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("dialogButtons"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::acceptIfValid);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

void ConnectionDialog::loadProfile(const QString &name)
{
    try {
        const ConnectionProfile p = m_store.profile(name);
        m_name->setText(p.name);
        m_host->setText(p.host);
        m_port->setValue(p.port);
        m_database->setText(p.database);
        m_user->setText(p.user);
        m_sslMode->setCurrentText(p.sslMode);
        m_primary->setText(p.primary);
        m_maxLag->setValue(std::max(1, p.maxStandbyLagSeconds / 60));
        m_environment->setCurrentText(p.environmentLabel);
        m_backups->setBackups(p.backups);
        m_schemaProfile->setText(p.schemaProfile);
        m_error->clear();
    } catch (const UserError &e) {
        m_error->setText(e.message());
    }
}

ConnectionProfile ConnectionDialog::profile() const
{
    ConnectionProfile p;
    p.name = m_name->text().trimmed();
    p.host = m_host->text().trimmed();
    p.port = m_port->value();
    p.database = m_database->text().trimmed();
    p.user = m_user->text().trimmed();
    p.sslMode = m_sslMode->currentText();
    p.primary = m_primary->text().trimmed();
    p.maxStandbyLagSeconds = m_maxLag->value() * 60;
    p.environmentLabel = m_environment->currentText().trimmed();
    p.backups = m_backups->backups();
    p.schemaProfile = m_schemaProfile->text().trimmed();
    return p;
}

QString ConnectionDialog::password() const
{
    return m_password->text();
}

bool ConnectionDialog::rememberPassword() const
{
    return m_remember->isChecked();
}

QHash<QString, QString> ConnectionDialog::backupPasswords() const
{
    QHash<QString, QString> byName;
    const QVector<BackupSource> backups = m_backups->backups(nullptr, &byName);
    const QString profileName = profile().name;
    QHash<QString, QString> byKey;
    for (const BackupSource &backup : backups)
        if (byName.contains(backup.name))
            byKey.insert(backup.secretKey(profileName), byName.value(backup.name));
    return byKey;
}

void ConnectionDialog::acceptIfValid()
{
    QString backupProblem;
    m_backups->backups(&backupProblem);
    if (!backupProblem.isEmpty()) {
        m_error->setText(backupProblem);
        return;
    }
    try {
        m_store.save(profile()); // validates; writes nothing when invalid
        accept();
    } catch (const UserError &e) {
        m_error->setText(e.message());
    }
}

} // namespace payops
