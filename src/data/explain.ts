/**
 * The meaning dp gives each check where ODCS leaves it open, with the reason.
 * Printed by `dp test --explain`, and the source of the table in docs/test.md.
 */
export interface Meaning {
  check: string;
  meaning: string;
  why: string;
}

export const MEANINGS: readonly Meaning[] = [
  {
    check: 'operators',
    meaning:
      '`mustBeBetween: [a, b]` passes when a ≤ value ≤ b (bounds included); `mustNotBeBetween: [a, b]` fails when a ≤ value ≤ b. Bounds written in the wrong order are read smallest first.',
    why: 'The standard writes the operator as ∈ (a closed interval) yet calls it the same as mustBeGreaterThan plus mustBeLessThan. dp follows ∈ and SQL BETWEEN: `mustBeBetween: [0, 100]` on a percentage must accept 0 and 100.',
  },
  {
    check: 'unit: percent',
    meaning: 'A percentage is of all rows of the object (after --since), from 0 to 100; an empty object measures 0%.',
    why: 'One denominator for every metric, which a reader can check by hand; a percentage of non-null rows would hide a column going empty.',
  },
  {
    check: 'rowCount',
    meaning: 'The number of rows of the object (of the new rows with --since). `unit: percent` is refused.',
    why: 'The standard defines it at schema level as the total row count.',
  },
  {
    check: 'nullValues',
    meaning: 'The rows whose value is NULL.',
    why: 'As the standard says.',
  },
  {
    check: 'missingValues',
    meaning:
      'The rows whose value is NULL or equal to one of `arguments.missingValues` (compared as text on columns that are not text); without the argument, NULL and the empty string.',
    why: 'A NULL is missing under any reading, so listing `null` or not never changes the count (as Soda counts missing values); the empty string is the missing value nearly every team means.',
  },
  {
    check: 'invalidValues',
    meaning:
      'The rows whose value is not NULL and is invalid: not in `arguments.validValues` and, when `arguments.pattern` is given too, not matching it either. With both, a value is valid when it is listed or matches.',
    why: 'NULLs are the business of nullValues and missingValues. Both arguments together only make sense as alternatives ("a number or N/A"): as two conditions the list alone would decide.',
  },
  {
    check: 'pattern',
    meaning:
      "A value matches when the regular expression finds a match anywhere in it (anchor with ^ and $), with the engine's regular expressions: RE2 in DuckDB, POSIX in PostgreSQL. Values that are not text are matched as text.",
    why: "As JSON Schema's `pattern`, which ODCS borrows; both engines share the common syntax (classes, quantifiers, groups, [[:space:]]).",
  },
  {
    check: 'duplicateValues',
    meaning:
      'The number of extra rows: rows with a non-NULL value minus distinct non-NULL values (0 when every value is unique; 2 when one value appears three times). At schema level, over `arguments.properties` as one tuple: rows minus distinct tuples, with NULL equal to NULL inside a tuple.',
    why: 'Three meanings exist in other tools (every row of a repeated value, the extra rows, the repeated values). The extra rows are the rows to remove to make the data unique, and can be computed in the same single scan as every other check (COUNT minus COUNT DISTINCT); NULLs are not values, as in SQL UNIQUE.',
  },
  {
    check: 'unique, primaryKey',
    meaning:
      '`unique`: duplicateValues of the column must be 0. `primaryKey`: no NULL in any key column, and no two rows with the same key, the key columns (ordered by primaryKeyPosition) taken as one tuple.',
    why: 'A composite key is unique as a whole, not column by column.',
  },
  {
    check: 'required',
    meaning: 'No NULL in the column. Empty strings are values.',
    why: 'ODCS defines required as "no nulls".',
  },
  {
    check: 'type',
    meaning:
      "The column's type belongs to a family that holds the logicalType (number accepts integer columns; a date is not a timestamp), and to the family of the physicalType when one is given (lengths and precisions are not compared). `timezone: true` needs a timestamp with time zone.",
    why: "Engines name types differently (VARCHAR, character varying, text); the family is what a consumer's code depends on.",
  },
  {
    check: 'column names',
    meaning:
      'A property matches the column of its physicalName (else name); when there is none, the one column whose name differs only in case. Columns the contract does not declare are reported as warnings.',
    why: 'PostgreSQL folds unquoted names to lower case and DuckDB compares names without case, while contracts are often written in another case.',
  },
  {
    check: 'latency (freshness)',
    meaning:
      "The age of the newest value of the element (object.property) at the start of the run must be at most the promise. Without an element, the object's date or timestamp partition column is used. Timestamps without time zone are read as UTC; a date counts from its midnight UTC. An object without values fails.",
    why: 'Latency is the time from the event to the data being available; the newest value is the evidence the data can give. Midnight is the conservative reading of a date.',
  },
  {
    check: 'retention',
    meaning:
      'The age of the oldest value of the element must be at most the retention: no row is older. Not tested with --since (it concerns the oldest rows), nor when the retention is forever.',
    why: 'A retention is a promise to delete as much as to keep; only the first can be seen in the data.',
  },
  {
    check: 'frequency',
    meaning:
      "From the history of published runs of the port on the server (a catalog: --publish, --catalog, DP_CATALOG or dp.config.yaml): a run sees a refresh when its watermark (the newest value of the --since column: the element of the SLA, else the partition or latency column) is newer than every earlier run's, dated by that watermark; the longest interval between successive refreshes over the last 30 published runs and this one must be at most the frequency. Fewer than two refreshes, or no catalog: listed as not tested.",
    why: "The watermark is the time of the data itself, so the measure does not depend on when dp test ran; the longest interval is the one a consumer waited for. The interval still open since the last refresh is latency's business, not counted twice.",
  },
  {
    check: 'other SLA properties',
    meaning: 'Listed as not tested: availability, throughput, errorRate, timeOfAvailability and the lifecycle dates describe the service, not the data.',
    why: 'dp never reports a promise as kept without evidence.',
  },
  {
    check: 'sql',
    meaning:
      '`{object}` (also `${object}`, `{table}`) is replaced by the quoted relation and `{property}` (also `{column}`) by the quoted column; the query must return one row with one number (a boolean counts as 1 or 0). It must be one SELECT or WITH query: a second statement or any word that writes or changes the session (INSERT, DELETE, DROP, COPY, ATTACH, SET, INTO...) refuses it unrun, and it runs wrapped as a subquery in a read-only session.',
    why: 'Contracts come from many hands; testing must never change data.',
  },
  {
    check: 'text, custom',
    meaning: 'Listed as not executed, with the reason.',
    why: 'A text rule is prose; a custom rule belongs to its own engine.',
  },
  {
    check: 'severity',
    meaning:
      "A rule's `severity` of error, critical, high or major (or none) is an error; warning, medium or minor a warning; info or low an info. Only failed checks of error severity make the exit code 1.",
    why: 'ODCS leaves the words open; these are the ones in use.',
  },
];
