-- Typed parsers shared by ingestion (row validation) and dbt staging (typing columns).
-- Contract: docs/contracts.md section 3. Every macro returns NULL for NULL, for null tokens and for
-- text that does not parse exactly; nothing is ever guessed (no digit scraping: `HSC25016` is not 25016).
-- All macros live in the default schema (main) and are created with CREATE OR REPLACE by every run.
--
-- The macros are kept small on purpose: DuckDB expands a macro at every call, and a query that types
-- 70 columns pays for the expanded size when it is planned. So each parser is one anchored regular
-- expression that accepts the whole cell (null tokens never match it) and one cast.

-- Cell text with padding removed: platforms pad with tabs (PDD after, Douyin before) and spaces,
-- including the ideographic space U+3000 and the no-break space.
CREATE OR REPLACE MACRO omni__trim(x) AS
    -- one literal (space, tab, CR, LF, U+3000, U+00A0): an expression such as ' ' || chr(9) would be
    -- constant-folded again at every call, which costs more than the trim
    trim(CAST(x AS VARCHAR), E' \t\r\n　 ');

CREATE OR REPLACE MACRO omni_is_null_token(x) AS
    x IS NULL
    -- list_contains, not IN (…): DuckDB plans IN lists over many columns in quadratic time
    OR list_contains(['', '-', '—', '--', 'n/a', 'null', '无', '无退款申请', '暂无'], lower(omni__trim(x)));

-- An amount as platforms write money: optional sign, ¥/￥ before, 元 after, thousands commas in
-- groups of three, or a whole amount in ASCII or full-width parentheses meaning negative:
-- `1,234.56`, `¥1,234.56`, `-¥12`, `¥-12`, `1234.56元`, `(123.45)`, `（123.45）`.
CREATE OR REPLACE MACRO omni__amount_re() AS
    '(?:[-+]?[¥￥]?|[¥￥][-+])\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*元?|[(（]\s*[¥￥]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*元?\s*[)）]';

-- The same followed by a percent sign (written out: concatenating at each call costs planning time).
CREATE OR REPLACE MACRO omni__percent_re() AS
    '(?:(?:[-+]?[¥￥]?|[¥￥][-+])\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*元?|[(（]\s*[¥￥]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*元?\s*[)）])\s*[%％]';

-- The digits and decimal point of a cell that matched omni__amount_re, and its sign.
CREATE OR REPLACE MACRO omni__digits(x) AS regexp_replace(omni__trim(x), '[^0-9.]', '', 'g');
CREATE OR REPLACE MACRO omni__sign(x) AS
    CASE WHEN regexp_matches(omni__trim(x), '^(?:[-(（]|[¥￥]-)') THEN -1 ELSE 1 END;

CREATE OR REPLACE MACRO omni_money(x) AS
    CASE
        WHEN regexp_full_match(omni__trim(x), omni__amount_re())
        THEN CAST(omni__sign(x) * TRY_CAST(omni__digits(x) AS DECIMAL(18, 2)) AS DECIMAL(18, 2))
    END;

-- Money formats plus a trailing percent sign (12% → 0.12). The percent is scaled in DECIMAL so that
-- 4.91% is exactly the double 0.0491, not 0.049100000000000005.
CREATE OR REPLACE MACRO omni_number(x) AS
    CASE
        WHEN regexp_full_match(omni__trim(x), omni__amount_re())
        THEN omni__sign(x) * TRY_CAST(omni__digits(x) AS DOUBLE)
        WHEN regexp_full_match(omni__trim(x), omni__percent_re())
        THEN omni__sign(x) * CAST(TRY_CAST(omni__digits(x) AS DECIMAL(28, 8)) * 0.01 AS DOUBLE)
    END;

-- Whole numbers: `1,234`, `12`, `12.0` (a float-formatted whole number); `12.5` is not an int.
CREATE OR REPLACE MACRO omni_int(x) AS
    CASE
        WHEN regexp_full_match(omni__trim(x), '[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?')
        THEN TRY_CAST(regexp_replace(omni__trim(x), ',|\.0+$|^\+', '', 'g') AS BIGINT)
    END;

-- A fraction: `4.91%` → 0.0491, `0.0333` stays 0.0333 (platforms write both).
CREATE OR REPLACE MACRO omni_percent(x) AS omni_number(x);

-- Naive Asia/Shanghai timestamps in every layout the platforms (and Excel re-saves) write.
CREATE OR REPLACE MACRO omni_ts(x) AS
    try_strptime(
        regexp_replace(omni__trim(x), '\s+', ' ', 'g'),
        [
            '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%d %H:%M', '%Y-%m-%d',
            '%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M:%S.%f',
            '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y/%m/%d',
            '%Y%m%d%H%M%S', '%Y%m%d',
            '%Y年%m月%d日 %H:%M:%S', '%Y年%m月%d日 %H:%M', '%Y年%m月%d日'
        ]
    );

CREATE OR REPLACE MACRO omni_date(x) AS CAST(omni_ts(x) AS DATE);

-- Range strings such as 京准通 `20260501~20260531` (also `～` and ` 至 `).
CREATE OR REPLACE MACRO omni_range_start(x) AS
    omni_date(nullif(regexp_extract(omni__trim(x), '^(.+?)\s*(?:~|～|至)\s*(.+)$', 1), ''));

CREATE OR REPLACE MACRO omni_range_end(x) AS
    omni_date(nullif(regexp_extract(omni__trim(x), '^(.+?)\s*(?:~|～|至)\s*(.+)$', 2), ''));

-- Epoch seconds → naive Asia/Shanghai time. China has had no daylight saving since 1991, so a fixed
-- +8 hours is exact and needs no ICU time-zone data.
CREATE OR REPLACE MACRO omni_epoch(x) AS
    CASE
        WHEN regexp_full_match(omni__trim(x), '\d{1,10}')
        THEN TIMESTAMP '1970-01-01 08:00:00' + to_seconds(CAST(omni__trim(x) AS BIGINT))
    END;

-- An id cell that Excel has rewritten (`1.18E+11`, `2.77414E+11`, `123456.0`): the file was opened
-- and re-saved in Excel and the real id is lost.
CREATE OR REPLACE MACRO omni_is_damaged_id(x) AS
    coalesce(regexp_full_match(omni__trim(x), '[-+]?\d+(?:\.\d+)?[eE][-+]?\d+|\d+\.0+'), false);
