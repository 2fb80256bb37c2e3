// The canned responses of the replacing faults.
import { loginLimitResponse } from '../identity/login-limit.ts';
import { exception, html, json, text, type SimResponse } from './response.ts';
import type { FaultKind } from './faults.ts';

export function faultResponse(fault: FaultKind, virtualDirectory: string): SimResponse | null {
  switch (fault.kind) {
    case 'rate-limit-json': {
      const response = json(429, { message: 'Too many requests. The request queue is full; try again later.' });
      if (fault.retryAfterSeconds !== undefined) response.headers['retry-after'] = String(fault.retryAfterSeconds);
      return response;
    }
    case 'rate-limit-text':
      return text(429, 'The remote server returned an error: (429) Too Many Requests.');
    case 'server-error':
      return exception(fault.status ?? 500, fault.message ?? 'An unexpected error occurred on the server.', 'System.Exception');
    case 'optimization-error':
      return exception(500, 'Optimization cannot be performed. Please narrow the $select or $expand, or request fewer records.', 'PX.Api.ContractBased.OptimizationException');
    case 'html-error': {
      const status = fault.status ?? 500;
      return html(status, `<!DOCTYPE html><html><head><title>Runtime Error</title></head><body><h1>Server Error in '/' Application.</h1><p>HTTP ${status}</p></body></html>`);
    }
    case 'login-limit':
      return loginLimitResponse(fault.form, virtualDirectory);
    case 'latency':
    case 'drop':
    case 'truncate':
    case 'trickle':
    case 'rewrite':
      return null;
  }
}
