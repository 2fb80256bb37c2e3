// The setup form's values, validated identically by the form, the command line and main.
// Messages tell the operator how to fix the value, in the words of DropStream's setup article.
import { z } from 'zod';
import { oneLine, quoteForMessage } from './one-line.ts';
import { AbsolutePath } from './paths.ts';
import { normaliseInstanceUrl } from './instance-url.ts';

const trimmed = z.string().transform((value) => value.trim());

// Bounds on text the operator types: no real value comes near them, and without one a megabyte of
// text was taken whole and sent on (to a connection test, into every cycle's request).
const URL_MAX = 2048;
const CLIENT_ID_MAX = 200;

export const InstanceUrl = trimmed.pipe(z.string().max(URL_MAX, `That Instance URL is too long: an address has at most ${URL_MAX} characters.`)).transform((value, ctx) => {
  const result = normaliseInstanceUrl(value);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  }
  return result.url;
});

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const ClientId = trimmed.superRefine((value, ctx) => {
  if (value === '') {
    ctx.addIssue({ code: 'custom', message: 'Enter the Client ID shown at the top of the Connected Applications form.' });
    return;
  }
  if (value.length > CLIENT_ID_MAX) {
    ctx.addIssue({ code: 'custom', message: `That Client ID is too long: it has at most ${CLIENT_ID_MAX} characters. Copy it whole from the Connected Applications form.` });
    return;
  }
  const [guid, tenant, ...rest] = value.split('@');
  if (tenant === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'The Client ID must end with @ and your tenant name (for example …CD3F@MyCompany). Copy it whole from the Connected Applications form.',
    });
  } else if (rest.length > 0 || !GUID.test(guid ?? '') || tenant.trim() === '') {
    ctx.addIssue({
      code: 'custom',
      message: 'The Client ID should look like 03539A80-9BBD-231F-0435-7FBC92E9CD3F@MyCompany. Copy it whole from the Connected Applications form.',
    });
  }
});

export const Username = trimmed.pipe(
  oneLine(z.string().min(1, 'Enter the Login of the integration user (for example dropstream).').max(256, 'That Login is too long.'), 'The Login'),
);

/** Secrets are not trimmed: a shared secret may legitimately contain any character. */
export const SecretValue = (what: string) =>
  z
    .string()
    .min(1, `Enter the ${what}.`)
    .max(1024, `That ${what} is too long.`)
    .refine((value) => value.trim() === value, `The ${what} starts or ends with a space; copy it again without the spaces.`);

export const IsoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD.')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'That is not a calendar date.');

/** Today in UTC as YYYY-MM-DD, the form Expires On dates are compared in. */
const todayUtc = () => new Date().toISOString().slice(0, 10);

export const PASSED_EXPIRY_MESSAGE =
  'That date has passed, and Acumatica refuses a Shared Secret after its Expires On. Enter the Expires On shown for the secret on the Secrets tab, or choose “Never expires”.';

/** A date the operator enters as a working secret's Expires On cannot be behind us: a typo otherwise shows the secret as expired while it signs in. */
export function expiryHasPassed(date: string): boolean {
  return IsoDate.safeParse(date).success && date.trim() < todayUtc();
}

/** The Expires On of a secret being entered now (rotation): a calendar date, today or later. */
export const NewSecretExpiry = IsoDate.refine((value) => !expiryHasPassed(value), PASSED_EXPIRY_MESSAGE);

export const EndpointVersion = z
  .string()
  .trim()
  .regex(/^(auto|\d+\.\d+\.\d+)$/, 'Use "auto" or a version such as 24.200.001.');

// Number.isInteger, not .int(): .int() also refuses a number past 2^53 ("99999999999999999999"),
// and named it "not whole"; the bound that follows says what is wrong with it.
const POLL = { whole: 'Use whole seconds.', min: 'Poll at most every 15 seconds: faster polling spends the licence request quota.', max: 'Poll at least once a day (86400 seconds).' };
/** The setup form's box: its text is read as a number. */
export const PollIntervalSeconds = z.coerce.number().refine(Number.isInteger, POLL.whole).min(15, POLL.min).max(86_400, POLL.max);
/** The stored setting, over the JSON API and `config set`: a number, never coerced. */
export const PollIntervalSecondsValue = z.number({ error: POLL.whole }).refine(Number.isInteger, POLL.whole).min(15, POLL.min).max(86_400, POLL.max);

/**
 * A list of Acumatica codes. A code typed twice ("SO,RC,SO") is kept once: the order cursor is
 * named after the list, so the repeat would otherwise make a new cursor and re-read the first-run
 * window for nothing.
 */
const CodeList = (what: string, code: z.ZodType<string> = z.string().trim().min(1)) =>
  z
    .array(code)
    .min(1, `Name at least one ${what}.`)
    .max(50)
    .transform((codes) => [...new Set(codes)]);

/**
 * Acumatica's order type is a two-character code (SO, RC, QT). "S O" or "SO;RC" matches no order
 * at all: accepted, it imported nothing, cycle after cycle, without a word.
 */
export const OrderTypes = CodeList(
  'order type',
  z
    .string()
    .trim()
    .superRefine((code, ctx) => {
      if (!/^[A-Za-z0-9]{2}$/.test(code)) ctx.addIssue({ code: 'custom', message: `${quoteForMessage(code)} is not an order type: an order type is two letters or digits, such as SO or RC; separate them with commas.` });
    }),
);
/** Read back as stored before order types were checked, so an old value cannot lock the settings out. */
export const OrderTypesAsStored = CodeList('order type');
/** Statuses as Acumatica spells them ("On Hold"): a tab or a zero-width space inside one matched no record. */
export const Statuses = CodeList('status', oneLine(z.string().trim().min(1).max(50, 'A status has at most 50 characters.'), 'A status'));
/** Read back as stored before statuses were checked, so an old value cannot lock the settings out. */
export const StatusesAsStored = CodeList('status');

/**
 * The answer Setup needs when the Instance URL or the Client ID's tenant changes while the ledger
 * holds records: the same company at a new address keeps them; another company starts over.
 */
export const CompanyChoice = z.enum(['same-company', 'new-company']);
export type CompanyChoice = z.infer<typeof CompanyChoice>;

/** The values the operator enters once; secrets included, so this never leaves main or the form. */
export const SetupInput = z.strictObject({
  instanceUrl: InstanceUrl,
  clientId: ClientId,
  clientSecret: SecretValue('Client Secret (the Shared Secret value)').optional(),
  username: Username,
  password: SecretValue('Password').optional(),
  secretExpiresOn: IsoDate.nullable().default(null),
  endpointVersion: EndpointVersion.default('auto'),
  caFile: AbsolutePath('The CA certificate file').nullable().default(null),
  pollIntervalSeconds: PollIntervalSeconds.default(60),
  orderTypes: OrderTypes.default(['SO']),
  orderStatuses: Statuses.default(['Open']),
  companyChoice: CompanyChoice.optional(),
});
export type SetupInput = z.input<typeof SetupInput>;
export type SetupValues = z.output<typeof SetupInput>;
