-- payops schema, version 10: batch items found by the row they change. A
-- batch's review asks which of its items other batches name too
-- (ops/batch_overlaps.sql: the same target table and key), and so does a
-- revert of a restore. Without an index on the target that join is cheap
-- only while the planner knows how many items there are: right after a
-- restore of 19,000 items, before autovacuum has analyzed the table, it
-- chose a nested loop over every pair of items and the review took minutes.
-- With the index any plan is a lookup per item.
-- Run by `payops migrate` in one transaction, as a superuser or a database
-- owner that may act as payops_owner.

SET ROLE payops_owner;

CREATE INDEX batch_items_target ON payops.batch_items (target_table, target_key);

RESET ROLE;
