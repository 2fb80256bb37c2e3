// Shared by the component tests: cleanup after each test and a render inside the API provider.
import { afterEach } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { ConnectorApi } from '../../../preload/api.ts';
import { ApiProvider } from '../../../renderer/src/api/ApiContext.tsx';

afterEach(cleanup);

export function renderWithApi(api: ConnectorApi, ui: ReactElement) {
  return render(<ApiProvider api={api}>{ui}</ApiProvider>);
}

/**
 * jsdom has no layout: give every element a size so the virtualiser has rows to render, and make
 * scrolling (scrollTop, scrollTo) move and announce itself as in a browser.
 */
export function fakeLayout(height: number, width = 800): () => void {
  const proto = HTMLElement.prototype;
  const saved = {
    clientHeight: Object.getOwnPropertyDescriptor(proto, 'clientHeight'),
    clientWidth: Object.getOwnPropertyDescriptor(proto, 'clientWidth'),
    scrollHeight: Object.getOwnPropertyDescriptor(Element.prototype, 'scrollHeight'),
    scrollTop: Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTop'),
    scrollTo: Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTo'),
  };
  const offsets = new WeakMap<Element, number>();
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get: () => height });
  Object.defineProperty(proto, 'clientWidth', { configurable: true, get: () => width });
  // The content's height is what an inline style gave the first child (the virtual list's spacer).
  Object.defineProperty(Element.prototype, 'scrollHeight', {
    configurable: true,
    get(this: Element) {
      const child = this.firstElementChild;
      const styled = child instanceof HTMLElement ? Number.parseFloat(child.style.height) : Number.NaN;
      return Math.max(height, Number.isNaN(styled) ? 0 : styled);
    },
  });
  Object.defineProperty(Element.prototype, 'scrollTop', {
    configurable: true,
    get(this: Element) {
      return offsets.get(this) ?? 0;
    },
    set(this: Element, value: number) {
      offsets.set(this, value);
    },
  });
  Object.defineProperty(Element.prototype, 'scrollTo', {
    configurable: true,
    value(this: Element, options?: ScrollToOptions) {
      if (options?.top !== undefined) offsets.set(this, options.top);
      this.dispatchEvent(new Event('scroll'));
    },
  });
  return () => {
    for (const [key, descriptor] of Object.entries(saved).slice(2)) {
      if (descriptor) Object.defineProperty(Element.prototype, key, descriptor);
      else Reflect.deleteProperty(Element.prototype, key);
    }
    for (const [key, descriptor] of Object.entries(saved).slice(0, 2)) {
      if (descriptor) Object.defineProperty(proto, key, descriptor);
      else Reflect.deleteProperty(proto, key);
    }
  };
}
