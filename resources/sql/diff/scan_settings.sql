-- JIT compilation on or off for the queries that follow, compiling,
-- inlining and optimising whatever it compiles (row_hash.h).
SELECT set_config('jit', {jit}, false),
       set_config('jit_above_cost', '0', false),
       set_config('jit_inline_above_cost', '0', false),
       set_config('jit_optimize_above_cost', '0', false)
