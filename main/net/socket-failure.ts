// Words for why a connection failed, for the operator; the code stays in brackets for support.
// Node's and undici's codes ("UND_ERR_SOCKET other side closed") mean nothing on a warehouse PC.

const MEANINGS: Record<string, string> = {
  ECONNREFUSED: 'nothing accepted the connection (is the server running, and is the port right?)',
  ENOTFOUND: 'the host name is not known (check the address, or the PC’s DNS)',
  EAI_AGAIN: 'the host name could not be looked up just now (DNS unavailable)',
  ECONNRESET: 'the connection was cut off',
  UND_ERR_SOCKET: 'the connection was closed by the other side',
  EPIPE: 'the connection was closed by the other side',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host cannot be reached from this PC (network or firewall)',
  ENETUNREACH: 'this PC has no route to that network (is it offline?)',
};

/**
 * "nothing accepted the connection (…) [ECONNREFUSED]", or the error's own text for other codes;
 * a phrase without a closing full stop, for the caller's sentence to end.
 */
export function socketFailureText(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const meaning = MEANINGS[code];
  if (meaning) return `${meaning} [${code}]`;
  const detail = error instanceof Error ? error.message : String(error);
  return `${code ? `${code} ` : ''}${detail}`.trim().replace(/\.+$/, '');
}
