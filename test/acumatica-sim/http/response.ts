// Handlers build a whole response as a value; the server writes it. That lets faults replace or
// mangle a response (truncate it, drop the socket after it was processed) without special cases.

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
}

export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): SimResponse {
  return { status, headers: { 'content-type': contentType }, body };
}

export function html(status: number, body: string): SimResponse {
  return text(status, body, 'text/html; charset=utf-8');
}

export function empty(status: number, headers: Record<string, string> = {}): SimResponse {
  return { status, headers, body: '' };
}

/** ASP.NET Web API's error body, which Acumatica uses for its 500s. */
export function exception(status: number, exceptionMessage: string, exceptionType = 'PX.Api.ContractBased.OutcomeEntityHasErrorsException'): SimResponse {
  return json(status, {
    message: 'An error has occurred.',
    exceptionMessage,
    exceptionType,
    stackTrace: '   at PX.Api.ContractBased.EntityService.Get(...)\r\n   at PX.Api.ContractBased.WebApi.Controllers.EntityController.Get(...)',
  });
}

export const NO_ENTITY = 'No entity satisfies the condition.';

export function notFound(path: string): SimResponse {
  return json(404, { message: `No HTTP resource was found that matches the request URI '${path}'.` });
}

/** What IIS serves for paths outside the application: an HTML page, not JSON. */
export function iisNotFound(): SimResponse {
  return html(404, '<!DOCTYPE html><html><head><title>404 - File or directory not found.</title></head><body><h2>404 - File or directory not found.</h2></body></html>');
}
