import { describe, expect, it } from 'vitest';
import { contractFields } from '../../src/descriptor/contract-fields.js';
import { personalKind, wordsOf } from '../../src/validate/personal-data.js';

/** The kind dp sees in one field of one object: `field(object, property)`. */
function kindOf(object: Record<string, unknown>, property: Record<string, unknown>): string | undefined {
  const [visit] = contractFields({ schema: [{ ...object, properties: [property] }] });
  return personalKind(visit);
}

const string = (name: string, extra: Record<string, unknown> = {}) => ({ name, logicalType: 'string', ...extra });

describe('personal data is judged from the whole field', () => {
  it('splits names at case changes, separators and known words run together', () => {
    expect(wordsOf('emailPromotion')).toEqual(['email', 'promotion']);
    expect(wordsOf('emailpromotion')).toEqual(['email', 'promotion']);
    expect(wordsOf('addresstypeid')).toEqual(['address', 'type', 'id']);
    expect(wordsOf('Customer_EMAIL-address2')).toEqual(['customer', 'email', 'address']);
    expect(wordsOf('firstname')).toEqual(['first', 'name']);
  });

  it('does not take a bare word for personal data (the misses of the real-world sample)', () => {
    expect(kindOf({ name: 'department' }, string('name'))).toBeUndefined();
    expect(kindOf({ name: 'product' }, string('name'))).toBeUndefined();
    expect(kindOf({ name: 'person' }, { name: 'addresstypeid', logicalType: 'integer' })).toBeUndefined();
    expect(
      kindOf({ name: 'person' }, { name: 'emailpromotion', logicalType: 'integer', description: '0 = Contact does not wish to receive e-mail promotions' }),
    ).toBeUndefined();
    expect(kindOf({ name: 'weather_forecast' }, { name: 'latitude', logicalType: 'number' })).toBeUndefined();
    expect(kindOf({ name: 'orders' }, string('email_template'))).toBeUndefined();
    expect(kindOf({ name: 'servers' }, string('mac_address'))).toBeUndefined();
    expect(kindOf({ name: 'users' }, { name: 'email_verified', logicalType: 'boolean' })).toBeUndefined();
    expect(kindOf({ name: 'tracks' }, string('display_name'))).toBeUndefined();
    const [, nested] = contractFields({ schema: [{ name: 'players', properties: [{ name: 'team', logicalType: 'object', properties: [string('name')] }] }] });
    expect(personalKind(nested)).toBeUndefined();
  });

  it('finds personal fields by name, type, format, object and description', () => {
    expect(kindOf({ name: 'orders' }, string('customer_email_address'))).toBe('e-mail address');
    expect(kindOf({ name: 'x' }, string('contact', { logicalTypeOptions: { format: 'email' } }))).toBe('e-mail address');
    expect(kindOf({ name: 'customers' }, string('name'))).toBe('name');
    expect(kindOf({ name: 'orders' }, string('customer_name'))).toBe('name');
    expect(kindOf({ name: 'anything' }, string('first_name'))).toBe('name');
    expect(kindOf({ name: 'accounts', description: 'One row per account holder' }, string('display_name'))).toBe('name');
    expect(kindOf({ name: 'x' }, string('phoneNumber'))).toBe('phone number');
    expect(kindOf({ name: 'x' }, { name: 'date_of_birth', logicalType: 'date' })).toBe('birth date');
    expect(kindOf({ name: 'sessions' }, string('ip_address'))).toBe('IP address');
    expect(kindOf({ name: 'x' }, string('billing_address_line1'))).toBe('postal address');
    expect(kindOf({ name: 'customer_locations' }, { name: 'latitude', logicalType: 'number' })).toBe('location');
    expect(kindOf({ name: 'payments' }, string('card_number'))).toBe('identity or card number');
    const [, contact] = contractFields({
      schema: [{ name: 'companies', properties: [{ name: 'contact', logicalType: 'object', properties: [string('name')] }] }],
    });
    expect(personalKind(contact)).toBe('name');
    expect(kindOf({ name: 'x' }, string('contact', { description: 'E-mail address of the buyer' }))).toBe('e-mail address');
  });
});
