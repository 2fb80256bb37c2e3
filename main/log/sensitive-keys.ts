// Keys whose values are secret whatever they hold. Compared after lower-casing and dropping
// '-' and '_', so clientSecret, client_secret and Client-Secret are one entry.
const SENSITIVE_KEYS = new Set([
  'password', 'passwd', 'pwd', 'secret', 'clientsecret', 'pendingclientsecret', 'token', 'accesstoken',
  'refreshtoken', 'idtoken', 'authorization', 'proxyauthorization', 'cookie', 'setcookie', 'apikey',
  'xapikey', 'privatekey', 'vaultkey', 'dropstreamvaultkey', 'credentials',
]);

// Catches the variants nobody listed (webhookSecret, bearerToken, adminPassword, signingApiKey).
const SENSITIVE_SUFFIXES = ['secret', 'password', 'token', 'apikey'];

export function isSensitiveKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_]/g, '');
  return SENSITIVE_KEYS.has(normalized) || SENSITIVE_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}
