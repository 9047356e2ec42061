-- Recorded as payops_owner, whose the registration is, and audited.
INSERT INTO payops.write_targets (target_table) VALUES ({table_literal}::regclass) ON CONFLICT DO NOTHING;
SELECT payops.audit('write_target.allow', NULL, NULL, NULL, jsonb_build_object('table', {table_literal}::text));
