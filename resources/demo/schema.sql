-- Demo billing database: the billing system's own tables (schema public),
-- the generator's helpers (schema demo_gen, dropped at the end) and the
-- ground truth of the injected incidents (schema demo_truth, readable only
-- by the cluster owner, never by the console's roles).
-- Money is bigint minor units plus an ISO 4217 currency, everywhere.

CREATE TYPE account_status AS ENUM ('active', 'cancelled', 'disabled');

CREATE TABLE services (
    id   smallint PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL
);

CREATE TABLE accounts (
    id           bigint PRIMARY KEY,
    email        text NOT NULL,
    display_name text NOT NULL,
    phone        text, -- international format; NULL when the customer gave none
    status       account_status NOT NULL DEFAULT 'active',
    currency     char(3) NOT NULL,
    created_at   timestamptz NOT NULL,
    closed_at    timestamptz,
    is_sentinel  boolean NOT NULL DEFAULT false
);

CREATE TABLE service_accounts (
    service_id   smallint NOT NULL REFERENCES services (id),
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    external_ref text NOT NULL,
    linked_at    timestamptz NOT NULL,
    PRIMARY KEY (service_id, account_id)
);

CREATE TABLE sync_reports (
    id                bigint PRIMARY KEY,
    service_id        smallint NOT NULL REFERENCES services (id),
    reported_at       timestamptz NOT NULL,
    accounts_reported integer NOT NULL
);

-- No foreign key: events outlive deleted accounts.
CREATE TABLE account_events (
    id         bigint PRIMARY KEY,
    account_id bigint NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('created', 'cancelled', 'disabled', 'reactivated', 'deleted')),
    actor      text NOT NULL,
    at         timestamptz NOT NULL
);

CREATE TABLE subscriptions (
    id           bigint PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES accounts (id),
    plan         text NOT NULL,
    status       text NOT NULL CHECK (status IN ('active', 'cancelled', 'past_due')),
    amount_minor bigint NOT NULL,
    currency     char(3) NOT NULL,
    created_at   timestamptz NOT NULL,
    cancelled_at timestamptz,
    renews_on    date,
    lock_at      timestamptz,
    created_by   text NOT NULL
);

CREATE TABLE orders (
    id              bigint PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES accounts (id),
    subscription_id bigint,
    amount_minor    bigint NOT NULL,
    currency        char(3) NOT NULL,
    status          text NOT NULL,
    created_at      timestamptz NOT NULL
);

-- A legacy table without foreign keys: this is how orphans come to exist.
CREATE TABLE payments (
    id           bigint PRIMARY KEY,
    account_id   bigint NOT NULL,
    order_id     bigint NOT NULL,
    amount_minor bigint NOT NULL,
    currency     char(3) NOT NULL,
    status       text NOT NULL CHECK (status IN ('succeeded', 'failed')),
    provider     text NOT NULL,
    provider_ref text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    settled_at   timestamptz
);

CREATE TABLE refunds (
    id           bigint PRIMARY KEY,
    payment_id   bigint NOT NULL REFERENCES payments (id),
    amount_minor bigint NOT NULL,
    currency     char(3) NOT NULL,
    created_at   timestamptz NOT NULL,
    reason       text NOT NULL,
    source_app   text NOT NULL,
    source_job   text,
    source_env   text NOT NULL
);

CREATE TABLE invoices (
    id              bigint PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES accounts (id),
    subscription_id bigint,
    amount_minor    bigint NOT NULL,
    currency        char(3) NOT NULL,
    status          text NOT NULL CHECK (status IN ('open', 'paid', 'void')),
    issued_at       timestamptz NOT NULL
);

CREATE TABLE investor_balances (
    account_id    bigint PRIMARY KEY REFERENCES accounts (id),
    currency      char(3) NOT NULL,
    balance_minor bigint NOT NULL,
    updated_at    timestamptz NOT NULL
);

CREATE TABLE interest_payouts (
    id           bigint PRIMARY KEY,
    account_id   bigint NOT NULL,
    period       text NOT NULL,
    amount_minor bigint NOT NULL,
    currency     char(3) NOT NULL,
    channel      text NOT NULL,
    status       text NOT NULL CHECK (status IN ('succeeded', 'failed')),
    transfer_ref text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL
);

CREATE TABLE balance_movements (
    id           bigint PRIMARY KEY,
    account_id   bigint NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('deposit', 'interest', 'withdrawal', 'reinvest', 'clawback')),
    amount_minor bigint NOT NULL,
    at           timestamptz NOT NULL
);

CREATE TABLE support_agents (
    username text PRIMARY KEY,
    active   boolean NOT NULL
);

CREATE TABLE support_conversations (
    id         bigint PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id),
    subject    text NOT NULL,
    status     text NOT NULL,
    assignee   text,
    opened_at  timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE SCHEMA demo_gen;
CREATE SCHEMA demo_truth;

-- Deterministic pseudo-randomness that does not depend on row order:
-- a hash of (salt, i) mapped onto [0, 1).
CREATE FUNCTION demo_gen.rnd(salt integer, i bigint) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT ((hashint8extended(i, salt) & 140737488355327)::double precision) / 140737488355328.0 $$;

-- Scales below 0.4 are raised to 0.4, so that the incidents, whose sizes
-- are the published ones whatever the scale, still find enough rows.
CREATE FUNCTION demo_gen.scale() RETURNS double precision
LANGUAGE sql STABLE AS
$$ SELECT greatest(coalesce(nullif(current_setting('payops_demo.scale', true), '')::double precision, 1), 0.4) $$;

CREATE FUNCTION demo_gen.t0() RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$ SELECT timestamptz '2026-01-01 00:00:00+00' $$;
CREATE FUNCTION demo_gen.backup_at() RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$ SELECT timestamptz '2026-04-10 00:00:00+00' $$;
CREATE FUNCTION demo_gen.demo_now() RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$ SELECT timestamptz '2026-05-01 00:00:00+00' $$;

-- Price of a plan in a currency, in minor units.
CREATE FUNCTION demo_gen.price(plan text, currency text) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
SELECT CASE currency
           WHEN 'RUB' THEN CASE plan WHEN 'basic' THEN 79000 WHEN 'pro' THEN 249000 WHEN 'team' THEN 799000 ELSE 1490000 END
           WHEN 'CNY' THEN CASE plan WHEN 'basic' THEN 6900 WHEN 'pro' THEN 19900 WHEN 'team' THEN 69900 ELSE 129900 END
           ELSE CASE plan WHEN 'basic' THEN 999 WHEN 'pro' THEN 2900 WHEN 'team' THEN 9900 ELSE 19900 END
       END::bigint $$;

CREATE TABLE demo_truth.facts (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE demo_truth.orphans (
    payment_id bigint PRIMARY KEY,
    reason     text NOT NULL CHECK (reason IN ('order_missing', 'account_missing', 'parked_on_sentinel'))
);
CREATE TABLE demo_truth.changes (
    seq        bigserial PRIMARY KEY,
    actor      text NOT NULL,
    table_name text NOT NULL,
    pk         jsonb NOT NULL,
    action     text NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    old_row    jsonb,
    new_row    jsonb
);
