-- Cell clean-up applied at load (docs/contracts.md section 2). All text stays text; null *tokens*
-- (`-`, `无退款申请`, …) are left for the typed parsers.

-- One regular expression does the common work so that each cell is scanned once:
--   surrounding tabs/spaces/newlines (PDD pads after, Douyin before) are dropped;
--   `="…"` (Excel-protection wrapper on long numbers, `=""` when empty) is unwrapped;
--   a leading `'` or ` (the other Excel protection, on phone numbers) is dropped.
CREATE OR REPLACE MACRO omni__unwrap_cell(x) AS
    regexp_replace(
        x,
        '(?s)^[ \t\r\n]*(?:="[ \t]*(.*?)[ \t]*"|[''`]?[ \t]*(.*?))[ \t\r\n]*$',
        '\1\2'
    );

-- `_x002B_` is the OOXML escape for `+` that 聚水潭 leaves in its strings; '' is stored as NULL.
-- The capturing expression runs only on cells that need it: RE2 matches captures far slower than a
-- plain test, and most cells are clean.
CREATE OR REPLACE MACRO omni__clean_text(x) AS
    replace(
        CASE WHEN regexp_matches(x, '^[\s=''`]|\s$') THEN omni__unwrap_cell(x) ELSE x END,
        '_x002B_', '+'
    );

CREATE OR REPLACE MACRO omni_clean_cell(x) AS nullif(omni__clean_text(x), '');

-- Id columns also lose a leading `@` (聚水潭 快递单号 `@435233529604913`).
CREATE OR REPLACE MACRO omni_clean_id(x) AS
    nullif(regexp_replace(omni__clean_text(x), '^@', ''), '');

-- A cell that labels a total row at the bottom of an export.
CREATE OR REPLACE MACRO omni__is_total_label(x) AS
    coalesce(regexp_full_match(omni__clean_text(x), '(总计|合计|汇总|小计)\s*[:：]?.{0,12}'), false);
