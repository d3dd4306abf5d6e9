/** The comparison operators of an ODCS v3 quality rule, in the standard's order: one list for every layer that reads rules. */
export const ODCS_OPERATORS = [
  'mustBe',
  'mustNotBe',
  'mustBeGreaterThan',
  'mustBeGreaterOrEqualTo',
  'mustBeLessThan',
  'mustBeLessOrEqualTo',
  'mustBeBetween',
  'mustNotBeBetween',
] as const;

export type OdcsOperator = (typeof ODCS_OPERATORS)[number];
