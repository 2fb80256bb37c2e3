// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RefreshTokenHealth } from '../../../renderer/src/dashboard/RefreshTokenHealth.tsx';

afterEach(cleanup);

describe('RefreshTokenHealth', () => {
  it('shows the token age against the sliding window', () => {
    render(<dl><RefreshTokenHealth health={{ lastRefreshAt: null, issuedAt: '2027-01-10T00:00:00.000Z', slidingWindowDays: 15, ageDays: 3.4, warning: false }} /></dl>);
    expect(screen.getByText('Refresh token')).toBeTruthy();
    expect(screen.getByText(/3 days old/)).toBeTruthy();
    expect(screen.getByText(/sliding window 15 days/)).toBeTruthy();
    expect(screen.queryByText(/80 %/)).toBeNull();
  });

  it('warns past 80 % of the window', () => {
    render(<dl><RefreshTokenHealth health={{ lastRefreshAt: null, issuedAt: '2027-01-01T00:00:00.000Z', slidingWindowDays: 15, ageDays: 12.5, warning: true }} /></dl>);
    expect(screen.getByText(/over 80 % of the window/)).toBeTruthy();
  });
});
