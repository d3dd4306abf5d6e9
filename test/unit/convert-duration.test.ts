import { describe, expect, it } from 'vitest';
import { parsePrice } from '../../src/convert/dcs/info.js';
import { convertedName } from '../../src/convert/plan.js';
import { cronPeriod, parseDuration, parseInterval, parsePercent } from '../../src/convert/duration.js';

describe('dp convert: reading durations, intervals, cron periods, percentages and prices', () => {
  it.each([
    ['P1Y', { value: 1, unit: 'y' }],
    ['P3M', { value: 3, unit: 'mo' }],
    ['PT24H', { value: 24, unit: 'h' }],
    ['PT30M', { value: 30, unit: 'min' }],
    ['P1Y6M', { value: 'P1Y6M' }],
    ['25h', { value: 25, unit: 'h' }],
    ['30d', { value: 30, unit: 'd' }],
    ['1 year', { value: 1, unit: 'y' }],
    ['5m', { value: 5, unit: 'min' }],
    ['24 hours', { value: 24, unit: 'h' }],
    ['2 weeks', { value: 2, unit: 'w' }],
    ['500ms', { value: 500, unit: 'ms' }],
  ])('duration %s', (text, expected) => expect(parseDuration(text)).toEqual(expected));

  it.each(['soon', '30', 'P', 'PT', '5 fortnights'])('%s is not a duration', (text) => expect(parseDuration(text)).toBeUndefined());

  it.each([
    ['daily', { value: 1, unit: 'd' }],
    ['hourly', { value: 1, unit: 'h' }],
    ['every 15 minutes', { value: 15, unit: 'min' }],
    ['weekly', { value: 1, unit: 'w' }],
  ])('interval %s', (text, expected) => expect(parseInterval(text)).toEqual(expected));

  it.each([
    ['0 0 * * *', { value: 1, unit: 'd' }],
    ['15 * * * *', { value: 1, unit: 'h' }],
    ['*/5 * * * *', { value: 5, unit: 'min' }],
    ['0 */6 * * *', { value: 6, unit: 'h' }],
    ['0 0 * * 0', { value: 1, unit: 'w' }],
    ['0 0 1 * *', { value: 1, unit: 'mo' }],
    ['0 0 1,15 * *', undefined],
    ['not a cron', undefined],
  ])('cron %s', (text, expected) => expect(cronPeriod(text)).toEqual(expected));

  it('percentages and prices', () => {
    expect(parsePercent('99.9%')).toBe(99.9);
    expect(parsePercent('about half')).toBeUndefined();
    expect(parsePrice('5000 USD per month')).toEqual({ priceAmount: 5000, priceCurrency: 'USD', priceUnit: 'month' });
    expect(parsePrice('$0.01 per query')).toEqual({ priceAmount: 0.01, priceCurrency: 'USD', priceUnit: 'query' });
    expect(parsePrice('free for internal teams')).toBeUndefined();
  });

  it('names of converted files', () => {
    expect(convertedName('datacontract.yaml')).toBe('datacontract.odcs.yaml');
    expect(convertedName('orders.odcs.yaml')).toBe('orders.odcs.yaml');
    expect(convertedName('orders.json')).toBe('orders.odcs.yaml');
  });
});
