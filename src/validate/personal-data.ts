/**
 * Whether a contract field holds personal data, judged from the whole field:
 * the words of its name (split at case changes, `_`, `-`, dots, and known words
 * run together: `emailpromotion` is email + promotion), what follows the
 * personal word (`address_type_id` is a code, not an address), its logical
 * type (an integer is no e-mail address), its format, its description, and
 * for words that are personal only about people (`name`, coordinates) the
 * object it belongs to (`customer.name` is, `product.name` is not).
 */
import type { FieldVisit } from '../descriptor/contract-fields.js';
import { str } from '../descriptor/model.js';

/**
 * Coarse name patterns (matched against names with `_` at case changes): dp test hides the values of
 * fields they match, where hiding a value too many is the safe side. dp validate judges whole fields
 * instead (personalKind below), so that it does not ask to classify `email_type` or `product.name`.
 */
export const PERSONAL_NAME_PATTERNS = [
  'e_?mail',
  'phone|mobile|msisdn',
  '(^|_)(first|last|middle|full|given|family|sur|user|display|maiden)_?name$',
  '^name$',
  'address|street|postcode|post_code|zip_?code',
  'birth|(^|_)dob$|date_of_birth',
  'ssn|social_security|national_id|passport|tax_id|iban|credit_card|card_number',
  '(^|_)ip_?address$|(^|_)ip$',
  '(^|_)gender$|(^|_)ethnicity$',
  'latitude|longitude|geo_?location',
];

export type PersonalKind =
  'e-mail address' | 'phone number' | 'name' | 'postal address' | 'birth date' | 'identity or card number' | 'IP address' | 'gender or ethnicity' | 'location';

interface Category {
  kind: PersonalKind;
  /** Word sequences of the field name that say it. */
  terms: string[][];
  /** Logical types it can have (undefined: any). */
  types?: string[];
  /** Personal only when the field is about a person (its object or description says so). */
  needsPerson?: boolean;
  /** Words that, just before the term, make it something else (`ip address`, `mac address` are not postal). */
  notAfter?: string[];
}

const TEXTUAL = ['string'];
const CATEGORIES: Category[] = [
  { kind: 'e-mail address', terms: [['email'], ['e', 'mail'], ['mail', 'address']], types: TEXTUAL },
  {
    kind: 'phone number',
    terms: [['phone'], ['telephone'], ['mobile', 'number'], ['mobile', 'phone'], ['msisdn'], ['cell', 'phone'], ['fax', 'number']],
    types: [...TEXTUAL, 'integer', 'number'],
  },
  {
    kind: 'name',
    terms: [
      ['first', 'name'],
      ['last', 'name'],
      ['full', 'name'],
      ['given', 'name'],
      ['family', 'name'],
      ['middle', 'name'],
      ['maiden', 'name'],
      ['surname'],
      ['forename'],
      ['user', 'name'],
      ['username'],
    ],
    types: TEXTUAL,
  },
  { kind: 'name', terms: [['name'], ['display', 'name']], types: TEXTUAL, needsPerson: true },
  { kind: 'IP address', terms: [['ip'], ['ip', 'address'], ['ipv4'], ['ipv6']], types: TEXTUAL },
  {
    kind: 'postal address',
    terms: [['address'], ['street'], ['postcode'], ['post', 'code'], ['postal', 'code'], ['zip'], ['zipcode'], ['zip', 'code'], ['house', 'number']],
    types: [...TEXTUAL, 'integer'],
    notAfter: ['ip', 'mac', 'email', 'mail', 'web', 'url', 'server', 'host', 'network', 'wallet', 'contract', 'memory', 'bitcoin', 'ethereum'],
  },
  { kind: 'birth date', terms: [['birth', 'date'], ['birthdate'], ['birthday'], ['date', 'of', 'birth'], ['dob'], ['birth', 'year']] },
  {
    kind: 'identity or card number',
    terms: [
      ['ssn'],
      ['social', 'security'],
      ['national', 'id'],
      ['passport'],
      ['tax', 'id'],
      ['iban'],
      ['credit', 'card'],
      ['card', 'number'],
      ['driver', 'license'],
      ['driving', 'licence'],
    ],
  },
  { kind: 'gender or ethnicity', terms: [['gender'], ['ethnicity'], ['sex']], types: TEXTUAL },
  { kind: 'location', terms: [['latitude'], ['longitude'], ['geolocation'], ['geo', 'location'], ['gps']], needsPerson: true },
];

/** Words after the personal word that make the field about it rather than it: `email_type`, `address_id`, `emailpromotion`. */
const NOT_THE_VALUE = new Set([
  'id',
  'ids',
  'key',
  'type',
  'types',
  'code',
  'count',
  'counts',
  'flag',
  'flags',
  'opt',
  'optin',
  'optout',
  'promotion',
  'promotions',
  'status',
  'format',
  'template',
  'domain',
  'enabled',
  'consent',
  'preference',
  'preferences',
  'valid',
  'validated',
  'verified',
  'bounced',
  'sent',
  'opened',
  'clicked',
  'campaign',
  'campaigns',
  'category',
  'length',
  'hash',
  'hashed',
  'provided',
  'present',
  'exists',
  'changed',
  'updated',
  'at',
  'on',
  'date',
  'time',
  'ts',
]);

/** Words of objects and descriptions that make a field about a person. */
const PERSON = new Set([
  'customer',
  'customers',
  'person',
  'persons',
  'people',
  'user',
  'users',
  'employee',
  'employees',
  'contact',
  'contacts',
  'member',
  'members',
  'patient',
  'patients',
  'client',
  'clients',
  'subscriber',
  'subscribers',
  'student',
  'students',
  'author',
  'authors',
  'driver',
  'drivers',
  'passenger',
  'passengers',
  'guest',
  'guests',
  'buyer',
  'buyers',
  'listener',
  'listeners',
  'recipient',
  'recipients',
  'sender',
  'senders',
  'applicant',
  'applicants',
  'candidate',
  'candidates',
  'citizen',
  'citizens',
  'resident',
  'residents',
  'traveler',
  'travelers',
  'traveller',
  'travellers',
  'account',
  'accounts',
  'holder',
  'owner',
  'owners',
  'visitor',
  'visitors',
  'shopper',
  'shoppers',
  'consumer',
  'consumers',
  'individual',
  'individuals',
  'household',
  'households',
  'borrower',
  'borrowers',
  'tenant',
  'tenants',
  'worker',
  'workers',
  'staff',
]);

const DESCRIBED =
  /\b(e-?mail address(?:es)?|phone number|telephone|date of birth|birth ?date|social security|passport|home address|postal address|street address|ip address|national id|full name|first name|last name|surname|given name|family name)\b/i;

const VOCABULARY = new Set(
  [
    ...CATEGORIES.flatMap((c) => c.terms.flat()),
    ...NOT_THE_VALUE,
    ...PERSON,
    'line',
    'number',
    'no',
    'nr',
    'primary',
    'secondary',
    'work',
    'home',
    'billing',
    'shipping',
    'mailing',
  ].filter((w) => w.length >= 2),
);
const LONGEST = Math.max(...[...VOCABULARY].map((w) => w.length));

/**
 * A word run together from known words (`emailpromotion`, `addresstypeid`), split, preferring
 * the longest known word at each step; trailing digits may follow (`line1`); any other word is
 * kept whole.
 */
function segment(word: string): string[] {
  if (VOCABULARY.has(word)) return [word];
  const split = (from: number): string[] | undefined => {
    if (from === word.length || /^\d+$/.test(word.slice(from))) return [];
    for (let end = Math.min(word.length, from + LONGEST); end > from + 1; end -= 1) {
      const known = word.slice(from, end);
      if (!VOCABULARY.has(known)) continue;
      const tail = split(end);
      if (tail) return [known, ...tail];
    }
    return undefined;
  };
  return split(0) ?? [word];
}

/** Names repeat across a mesh (every product has its `customer_id`): their words are kept, within bounds. */
const WORDS = new Map<string, string[]>();
const MAX_CACHED = 20_000;

export function wordsOf(name: string): string[] {
  let words = WORDS.get(name);
  if (words) return words;
  words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .flatMap(segment)
    .map((w) => w.replace(/\d+$/, ''))
    .filter(Boolean);
  if (WORDS.size >= MAX_CACHED) WORDS.clear();
  WORDS.set(name, words);
  return words;
}

/** Letters every personal term holds one of: a name without any of them needs no closer look. */
const MAYBE_PERSONAL =
  /mail|phone|tele|mobile|msisdn|cell|fax|name|addr|street|post|zip|house|birth|dob|ssn|social|national|passport|tax|iban|card|licen|ip|gender|ethnic|sex|lat|long|geo|gps/i;

function find(words: string[], term: string[]): number {
  for (let i = 0; i + term.length <= words.length; i += 1) if (term.every((t, j) => words[i + j] === t)) return i;
  return -1;
}

/** The personal category a name says, if the words after it do not make it a code, a flag or a count. */
function named(words: string[], type: string | undefined, aboutPerson: boolean): PersonalKind | undefined {
  for (const category of CATEGORIES) {
    if (category.needsPerson && !aboutPerson) continue;
    if (category.types && type && !category.types.includes(type)) continue;
    for (const term of category.terms) {
      const at = find(words, term);
      if (at === -1) continue;
      const after = words.slice(at + term.length);
      if (after.some((w) => NOT_THE_VALUE.has(w))) continue;
      if (at > 0 && category.notAfter?.includes(words[at - 1])) continue;
      return category.kind;
    }
  }
  return undefined;
}

const PERSON_OBJECTS = new WeakMap<object, boolean>();

function objectAboutPerson(object: FieldVisit['object']): boolean {
  let about = PERSON_OBJECTS.get(object);
  if (about === undefined) {
    const context = [str(object.name), str(object.physicalName), str(object.businessName), str(object.description)];
    about = context.some((text) => text !== undefined && wordsOf(text).some((w) => PERSON.has(w)));
    PERSON_OBJECTS.set(object, about);
  }
  return about;
}

/** Whether what holds the field is about a person: its object for a top-level field, else the property it is nested in (`person.team.name` is the team's). */
function aboutPerson(visit: FieldVisit): boolean {
  if (visit.topLevel) return objectAboutPerson(visit.object);
  const parts = visit.qualifiedName.split('.');
  return wordsOf(parts[parts.length - 2] ?? '').some((w) => PERSON.has(w));
}

/** What personal data the field seems to hold, or undefined. */
export function personalKind(visit: FieldVisit): PersonalKind | undefined {
  const field = visit.field as { name?: unknown; physicalName?: unknown; description?: unknown; logicalType?: unknown; logicalTypeOptions?: unknown };
  const type = str(field.logicalType);
  const options = field.logicalTypeOptions as Record<string, unknown> | undefined;
  if (str(options?.format)?.toLowerCase() === 'email') return 'e-mail address';
  const raw = [str(field.name), str(field.physicalName)].filter((n): n is string => n !== undefined);
  const description = str(field.description);
  if (!raw.some((n) => MAYBE_PERSONAL.test(n)) && !(description && DESCRIBED.test(description))) return undefined;
  const person = aboutPerson(visit);
  const names = raw.map(wordsOf);
  for (const words of names) {
    const kind = named(words, type, person || words.slice(0, -1).some((w) => PERSON.has(w)));
    if (kind) return kind;
  }
  // The description names what the values are (`contact`: "E-mail address of the customer"), unless the name says it is a code or a flag about it.
  const match = description ? DESCRIBED.exec(description) : null;
  if (!match || names.some((words) => words.some((w) => NOT_THE_VALUE.has(w)))) return undefined;
  return type === undefined || type === 'string' || type === 'date' ? describedKind(match[1]) : undefined;
}

function describedKind(phrase: string): PersonalKind {
  const p = phrase.toLowerCase();
  if (p.includes('mail')) return 'e-mail address';
  if (p.includes('phone')) return 'phone number';
  if (p.includes('birth')) return 'birth date';
  if (p.includes('ip')) return 'IP address';
  if (p.includes('address')) return 'postal address';
  if (p.includes('name')) return 'name';
  return 'identity or card number';
}
