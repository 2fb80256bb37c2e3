// The shapes "API Login Limit" takes in the wild. A connector must recognise each one as seat
// exhaustion (not as bad credentials, and not follow the redirect as if it were success).
import { html, json, text, type SimResponse } from '../http/response.ts';

export type LoginLimitForm = '429' | '429-text' | '500' | '302';

export const LOGIN_LIMIT_MESSAGE =
  'API Login Limit: the number of concurrent API sessions has reached the maximum allowed by your license.';

export function loginLimitResponse(form: LoginLimitForm, virtualDirectory: string): SimResponse {
  switch (form) {
    case '429':
      return json(429, { message: LOGIN_LIMIT_MESSAGE });
    case '429-text':
      return text(429, LOGIN_LIMIT_MESSAGE);
    case '500':
      return json(500, {
        message: 'An error has occurred.',
        exceptionMessage: LOGIN_LIMIT_MESSAGE,
        exceptionType: 'PX.Data.PXException',
        stackTrace: '   at PX.Export.Authentication.LoginLimitHelper.Check(...)',
      });
    case '302':
      return {
        status: 302,
        headers: {
          location: `${virtualDirectory}/Frames/Error.aspx?exceptionID=API%20Login%20Limit&typeID=PX.Data.PXException&errorcode=LoginLimit`,
          'content-type': 'text/html; charset=utf-8',
        },
        body: `<html><head><title>Object moved</title></head><body><h2>Object moved to <a href="${virtualDirectory}/Frames/Error.aspx?exceptionID=API%20Login%20Limit">here</a>.</h2></body></html>`,
      };
  }
}

/** The page the 302 points at: HTML with status 200, which a careless client would take as success. */
export function errorPage(query: URLSearchParams): SimResponse {
  const reason = query.get('exceptionID') ?? 'An error has occurred';
  return html(200, `<!DOCTYPE html><html><head><title>Error</title></head><body><div class="error">${escapeHtml(reason)}: ${escapeHtml(LOGIN_LIMIT_MESSAGE)}</div></body></html>`);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
