// Which Acumatica company two connections read: the same one written another way must not be taken
// for another company (Setup would ask, and the sync running beside it would be refused), and
// another instance or tenant must never be taken for the same.
import { describe, expect, it } from 'vitest';
import { companyOf, sameCompany } from '../../../main/acumatica/company.ts';

const GUID = '03539A80-9BBD-231F-0435-7FBC92E9CD3F';
const company = (instanceUrl: string, tenant = 'Company') => companyOf({ instanceUrl, clientId: `${GUID}@${tenant}` });

describe('sameCompany', () => {
  it('takes the same instance and tenant written another way for the same company', () => {
    const stored = company('https://erp.example.com/AcumaticaERP');
    for (const written of [
      'https://erp.example.com/AcumaticaERP/',
      'https://ERP.Example.com/AcumaticaERP',
      'https://erp.example.com:443/AcumaticaERP',
      // IIS, which serves every Acumatica instance, matches a virtual directory whatever its case.
      'https://erp.example.com/acumaticaerp',
      'https://erp.example.com/ACUMATICAERP/',
    ]) {
      expect(sameCompany(stored, company(written)), written).toBe(true);
    }
    expect(sameCompany(stored, company('https://erp.example.com/AcumaticaERP', 'company'))).toBe(true);
  });

  it('tells another instance, virtual directory or tenant apart', () => {
    const stored = company('https://erp.example.com/AcumaticaERP');
    for (const other of [
      company('https://erp.example.com/AcumaticaSandbox'),
      company('https://erp.example.com'),
      company('https://erp.example.com:8443/AcumaticaERP'),
      company('https://sandbox.example.com/AcumaticaERP'),
      company('https://erp.example.com/AcumaticaERP', 'Production'),
    ]) {
      expect(sameCompany(stored, other), JSON.stringify(other)).toBe(false);
    }
  });
});
