import { describe, expect, it } from 'vitest';
import { createExternalOpener, instanceHost, isAllowedExternalUrl } from '../../../main/app/external-links.ts';

const hosts = ['acumatica.com', 'dropstream.com', 'erp.example.co.uk'];

describe('external links', () => {
  it.each([
    'https://acumatica.com/',
    'https://help.acumatica.com/Help?ScreenId=ShowWiki',
    'https://www.dropstream.com/help/acumatica',
    'https://erp.example.co.uk/Main',
  ])('opens %s', (url) => expect(isAllowedExternalUrl(url, hosts)).toBe(true));

  it.each([
    'http://help.acumatica.com/',
    'https://evilacumatica.com/',
    'https://acumatica.com.evil.io/',
    'https://user:pass@acumatica.com/',
    'file:///etc/passwd',
    'smb://server/share',
    'javascript:alert(1)',
    'not a url',
    'https://example.co.uk/',
  ])('refuses %s', (url) => expect(isAllowedExternalUrl(url, hosts)).toBe(false));

  it('adds the configured https instance host and reports refusals', async () => {
    const opened: string[] = [];
    const refused: string[] = [];
    const open = createExternalOpener({
      openExternal: async (url) => void opened.push(url),
      extraHosts: () => instanceHost('https://erp.example.co.uk/Acumatica'),
      onRefused: (url) => refused.push(url),
    });
    await expect(open('https://erp.example.co.uk/Acumatica/Main')).resolves.toBe(true);
    await expect(open('file:///C:/Windows/System32/calc.exe')).resolves.toBe(false);
    expect(opened).toEqual(['https://erp.example.co.uk/Acumatica/Main']);
    expect(refused).toEqual(['file:///C:/Windows/System32/calc.exe']);
    expect(instanceHost('http://localhost:8080')).toEqual([]);
    expect(instanceHost('')).toEqual([]);
  });
});
