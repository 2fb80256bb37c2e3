// Which Acumatica company a connection reads: the instance (its normalised URL) and the tenant, the
// part of the Client ID after '@' (a Connected Application is registered per tenant). The client
// GUID and the user may change without the data changing; another instance or tenant holds other
// orders, under the same numbers.
export interface AcumaticaCompany {
  instanceUrl: string;
  tenant: string;
}

export function companyOf(settings: { instanceUrl: string; clientId: string }): AcumaticaCompany {
  const at = settings.clientId.lastIndexOf('@');
  return { instanceUrl: settings.instanceUrl.replace(/\/+$/, ''), tenant: at < 0 ? '' : settings.clientId.slice(at + 1).trim() };
}

/**
 * Tenant names and host names are case-insensitive in Acumatica, and so is the virtual directory:
 * IIS, which serves every instance, answers /AcumaticaERP and /acumaticaerp alike: an address
 * retyped in another case must not ask Setup's "another company?" question.
 */
export function sameCompany(a: AcumaticaCompany, b: AcumaticaCompany): boolean {
  return sameInstance(a.instanceUrl, b.instanceUrl) && a.tenant.toLowerCase() === b.tenant.toLowerCase();
}

function sameInstance(a: string, b: string): boolean {
  try {
    const left = new URL(a);
    const right = new URL(b);
    const path = (url: URL) => url.pathname.replace(/\/+$/, '').toLowerCase();
    return left.origin === right.origin && path(left) === path(right);
  } catch {
    return a === b;
  }
}

export function describeCompany(company: AcumaticaCompany): string {
  return company.tenant === '' ? company.instanceUrl : `${company.instanceUrl} (tenant ${company.tenant})`;
}
