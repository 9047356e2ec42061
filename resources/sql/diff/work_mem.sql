-- The session's work_mem ($1, e.g. 8192kB), for a grouping that must not spill.
SELECT set_config('work_mem', $1, false)
