-- Recorded as payops_owner, whose the registration is, and audited. Every
-- fragment is a literal the code quoted (db::sqlLiteral); NULL for none.
INSERT INTO payops.money_sources (operation, target_table, amount_column, currency_column, refunds_table,
                                  refund_of_column, refund_amount_column, refund_status_column)
VALUES ({operation}, {table}::regclass, {amount}, {currency}, {refunds}::regclass, {refund_of},
        {refund_amount}, {refund_status})
ON CONFLICT DO NOTHING;
SELECT payops.audit('money_source.allow', NULL, NULL, NULL,
                    jsonb_build_object('operation', {operation}, 'table', {table}, 'amount', {amount},
                                       'refunds', {refunds}));
